from django.conf import settings
from django.urls import include, path, re_path
from django.views.generic import TemplateView
from django.views.static import serve as serve_static
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents.views.serve import authenticate_with_password

from publications.api import api_router
from publications.search import search_view
from publications.views import serve_document

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/<int:document_id>/<str:document_filename>", serve_document, name="wagtaildocs_serve"),
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        authenticate_with_password,
        name="wagtaildocs_authenticate_with_password",
    ),
    path("search/", search_view, name="search"),
    path("feeds/", include("publications.feeds")),
    path("api/v2/", api_router.urls),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain"), name="robots"),
]

if settings.SERVE_MEDIA_IMAGES:
    # Only images: documents under MEDIA_ROOT/documents must go through serve_document's embargo.
    urlpatterns += [
        re_path(r"^media/images/(?P<path>.+)$", serve_static, {"document_root": settings.MEDIA_ROOT / "images"}),
    ]

urlpatterns += [path("", include(wagtail_urls))]
