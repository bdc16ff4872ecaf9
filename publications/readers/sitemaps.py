"""The sitemap: an index of files of a thousand URLs each, listing every page readers can open with the date it
was last published, read as plain pages rather than each in its own type."""

from wagtail.contrib.sitemaps import Sitemap

from publications.documents.release import readable_pages

URLS_PER_FILE = 1000


class PagesSitemap(Sitemap):
    limit = URLS_PER_FILE

    def items(self):
        pages = self.get_wagtail_site().root_page.get_descendants(inclusive=True)
        return (
            readable_pages(pages)
            .order_by("path")
            .only("path", "depth", "url_path", "last_published_at", "latest_revision_created_at", "locale")
        )


SITEMAPS = {"pages": PagesSitemap}
