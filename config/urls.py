from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents.views.serve import authenticate_with_password

from publications.documents import serving
from publications.operations import health
from publications.pages import routing
from publications.readers import urls as readers_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("health/", health.health, name="health"),
    path("documents/<id:document_id>/<str:document_filename>", serving.serve, name="wagtaildocs_serve"),
    path("images/<id:image_id>/<str:filename>", serving.serve_rendition, name="image_rendition"),
    path(
        "documents/authenticate_with_password/<id:restriction_id>/",
        authenticate_with_password,
        name="wagtaildocs_authenticate_with_password",
    ),
    path("", include(readers_urls)),
]
# Nothing under MEDIA_ROOT is served as it is: files reach readers only through the views above.
urlpatterns += [
    # Before Wagtail's own, under its name: page URLs are built with it.
    re_path(r"^((?:[\w\-]+/)*)$", routing.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
]
