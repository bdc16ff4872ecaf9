"""The page cache for anonymous readers, and the rule that keeps it fresh.

Readers without a session get pages, the index with its query strings, feeds, the sitemap,
robots.txt and the API from Django's cache. The rule for freshness is deliberately blunt: every
cached response is filed under a site-wide content version, and any saved or deleted row that
can change what a reader sees gives the site a new version, at once and again when the change
commits. Nothing is ever purged page by page, so nothing can be missed; the next request of each
page renders it afresh. The same changes purge the front cache (Varnish, a CDN) through
``wagtail.contrib.frontend_cache``: the root URL of every site, which the front cache treats as
a prefix, so that everything goes.
"""

from django.apps import apps as global_apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.utils.cache import patch_cache_control, patch_vary_headers
from wagtail.contrib.frontend_cache.utils import get_backends, purge_urls_from_cache
from wagtail.models import Site

from publications.content_version import content_version, new_version

SAFE_METHODS = ("GET", "HEAD")
# Not for the page cache: the admin, files under the release rule, search, which records each query, and the
# load balancers' health check.
UNCACHED_PATHS = ("/admin/", "/documents/", "/images/", "/search/", "/static/", "/media/", "/health/")
# Rows whose changes readers never see: what readers' own requests write (renditions, search
# statistics, sessions), the scheduler's heartbeat, and the admin's own records.
UNSEEN_APPS = {"sessions", "admin", "auth", "contenttypes", "wagtailsearch", "wagtailsearchpromotions", "wagtailusers"}
UNSEEN_MODELS = {
    "publications.publicationimagerendition",
    "publications.schedulerheartbeat",
    "wagtailcore.pagelogentry",
    "wagtailcore.modellogentry",
    "wagtailcore.referenceindex",
    "wagtailcore.workflowstate",
    "wagtailcore.taskstate",
    "wagtailcore.pagesubscription",
    "wagtailcore.comment",
    "wagtailcore.commentreply",
    "wagtailcore.uploadedfile",
}


def seen_by_readers(model):
    return model._meta.app_label not in UNSEEN_APPS and model._meta.label_lower not in UNSEEN_MODELS


def content_changed(sender, **kwargs):
    """A row readers may see was saved or deleted: a new version now, and again once it commits.

    The first makes pages cached before the change stale; the second, pages a request cached
    between the change and its commit from what the database still showed.
    """
    # Migrations save historical models, before there is a site to serve.
    if kwargs.get("raw") or sender._meta.apps is not global_apps or not seen_by_readers(sender):
        return
    new_version()
    # One callback per transaction: a publish saves many rows.
    if not any(callback is changes_committed for _, callback, _ in connection.run_on_commit):
        transaction.on_commit(changes_committed)


def changes_committed():
    new_version()
    if get_backends():
        purge_urls_from_cache([f"{site.root_url}/" for site in Site.objects.all()])


def connect_signals():
    post_save.connect(content_changed, dispatch_uid="publications.page_cache.saved")
    post_delete.connect(content_changed, dispatch_uid="publications.page_cache.deleted")


def is_cacheable_request(request):
    return (
        settings.PUBLICATIONS_PAGE_CACHE_SECONDS > 0
        and request.method in SAFE_METHODS
        and not request.path.startswith(UNCACHED_PATHS)
        # A session (a logged-in editor, a message waiting) or a CSRF token makes the page someone's own.
        and not request.COOKIES.keys() & {settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, "messages"}
    )


def is_cacheable_response(response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def cache_key(request, version):
    return f"page-cache:{version}:{request.scheme}://{request.get_host()}{request.get_full_path()}"


class PageCacheMiddleware:
    """Serves anonymous readers from the page cache, and tells browsers and front caches how long to keep
    what it serves: a short ``max-age``, a longer ``s-maxage`` (changes purge the front cache), and
    ``stale-while-revalidate``. Other responses keep what their view said."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.get_response(request)
        key = cache_key(request, content_version())
        response = cache.get(key)
        if response is not None:
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if is_cacheable_response(response):
            patch_cache_control(
                response,
                public=True,
                max_age=settings.PUBLICATIONS_BROWSER_CACHE_SECONDS,
                s_maxage=settings.PUBLICATIONS_FRONT_CACHE_SECONDS,
                stale_while_revalidate=settings.PUBLICATIONS_BROWSER_CACHE_SECONDS,
            )
            patch_vary_headers(response, ["Cookie"])
            cache.set(key, response, settings.PUBLICATIONS_PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        elif response.status_code == 404 and "Cache-Control" not in response:
            # A page not found may be a scheduled page about to go live: never kept past its time.
            patch_cache_control(response, no_cache=True)
        return response
