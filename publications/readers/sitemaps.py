"""The sitemap: an index of files of a thousand URLs each, listing every page readers can open with the date it
was last published. Pages are read as plain rows and their URLs made from their URL paths, rather than each
page loaded in its own type and asked for its URL."""

from wagtail.contrib.sitemaps import Sitemap

from publications.documents.release import readable_pages

URLS_PER_FILE = 1000


class PagesSitemap(Sitemap):
    limit = URLS_PER_FILE

    def items(self):
        pages = self.get_wagtail_site().root_page.get_descendants(inclusive=True)
        return (
            readable_pages(pages).order_by("path").values("url_path", "last_published_at", "latest_revision_created_at")
        )

    def lastmod(self, item):
        return item["last_published_at"] or item["latest_revision_created_at"]

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
