"""Readers' URLs other than the pages themselves: search, feeds, the content API, sitemap and robots.txt."""

from django.urls import include, path, re_path
from django.views.generic import TemplateView
from wagtail.contrib.sitemaps import views as sitemap_views

from .api import api_router
from .feeds import FORMATS, PublicationsFeed, SeriesFeed, TopicFeed
from .search import search_view
from .sitemaps import SITEMAPS, sitemap_file

feed_urls = []
for extension, feed_type in FORMATS.items():
    feed_urls += [
        path(f"publications.{extension}", PublicationsFeed(feed_type), name=f"publications-{extension}"),
        re_path(rf"^topics/(?P<slug>[-\w]+)\.{extension}$", TopicFeed(feed_type), name=f"topic-{extension}"),
        path(f"series/<id:series_id>.{extension}", SeriesFeed(feed_type), name=f"series-{extension}"),
    ]

urlpatterns = [
    path("search/", search_view, name="search"),
    path("feeds/", include((feed_urls, "feeds"))),
    path("api/v2/", api_router.urls),
    path(
        "sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap"}, name="sitemap-index"
    ),
    path("sitemap-<section>.xml", sitemap_file, name="sitemap"),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain"), name="robots"),
]
