from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve as serve_static
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents.views.serve import authenticate_with_password

from publications.documents import serving
from publications.readers import urls as readers_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/<int:document_id>/<str:document_filename>", serving.serve, name="wagtaildocs_serve"),
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        authenticate_with_password,
        name="wagtaildocs_authenticate_with_password",
    ),
    path("", include(readers_urls)),
]

if settings.SERVE_MEDIA_IMAGES:
    # Only images: documents under MEDIA_ROOT/documents must go through the embargo (publications.documents.serving).
    urlpatterns += [
        re_path(r"^media/images/(?P<path>.+)$", serve_static, {"document_root": settings.MEDIA_ROOT / "images"}),
    ]

urlpatterns += [path("", include(wagtail_urls))]
