"""The sitemap: an index of files of a thousand URLs each, listing every page readers can open with the date it
was last published. Pages are read as plain rows and their URLs made from their URL paths, rather than each
page loaded in its own type and asked for its URL; the index counts the pages and finds the latest date in one
aggregate query, kept under the content version, rather than reading every row; a file's XML is written
directly, not through a template loop over a thousand URLs."""

from django.contrib.sites.shortcuts import get_current_site
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, Max
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.http import http_date
from wagtail.contrib.sitemaps import Sitemap

from publications.content_version import cached
from publications.documents.release import readable_pages

URLS_PER_FILE = 1000


class PagesSitemap(Sitemap):
    limit = URLS_PER_FILE

    def _pages(self):
        return readable_pages(self.get_wagtail_site().root_page.get_descendants(inclusive=True))

    def items(self):
        return self._pages().order_by("path").values("url_path", "last_published_at", "latest_revision_created_at")

    def lastmod(self, item):
        return item["last_published_at"] or item["latest_revision_created_at"]

    @cached_property
    def _summary(self):
        # Counting reads every page: the count and the latest date change only with the content, so they are kept
        # under the content version.
        return cached(
            f"sitemap:{self.get_wagtail_site().pk}",
            lambda: self._pages().aggregate(
                count=Count("pk"), latest=Max(Coalesce("last_published_at", "latest_revision_created_at"))
            ),
        )

    def get_latest_lastmod(self):
        return self._summary["latest"]

    @cached_property
    def paginator(self):
        paginator = Paginator(self.items(), self.limit)
        # Counted with the latest date: the index needs both, and a file needs the count to check its number.
        paginator.count = self._summary["count"]
        return paginator

    def _urls(self, page, protocol, domain):
        site = self.get_wagtail_site()
        # A page's URL is the site's address and its URL path below the site's root page.
        root_length = len(site.root_page.url_path)
        urls = []
        for item in self.paginator.page(page).object_list:
            location = f"{site.root_url}/{item['url_path'][root_length:]}"
            urls.append({"item": item, "location": location, "lastmod": self.lastmod(item), "alternates": []})
        lastmods = [url["lastmod"] for url in urls]
        if lastmods and None not in lastmods:
            self.latest_lastmod = max(lastmods)
        return urls


SITEMAPS = {"pages": PagesSitemap}

URLSET = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'


def sitemap_file(request, section):
    """One file of the sitemap (``?p=`` numbers them from 1): what Django's sitemap view answers, without its
    template."""
    if section not in SITEMAPS:
        raise Http404("No such sitemap.")
    sitemap = SITEMAPS[section](request)
    try:
        urls = sitemap.get_urls(page=request.GET.get("p", 1), site=get_current_site(request), protocol=request.scheme)
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404("No such sitemap file.") from error
    lines = [URLSET]
    for url in urls:
        lastmod = f"<lastmod>{timezone.localdate(url['lastmod']).isoformat()}</lastmod>" if url["lastmod"] else ""
        lines.append(f"<url><loc>{escape(url['location'])}</loc>{lastmod}</url>\n")
    lines.append("</urlset>\n")
    response = HttpResponse("".join(lines), content_type="application/xml")
    latest = getattr(sitemap, "latest_lastmod", None)
    if latest:
        response["Last-Modified"] = http_date(latest.timestamp())
    return response
