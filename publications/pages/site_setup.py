"""The site's frame: a home page at the root of the default Site, addressed as WAGTAILADMIN_BASE_URL says, and the
publications index under it. Both ``manage.py setup_site`` (an empty production install) and the demo loader build
it here; each step finds what is already there and leaves it alone, so running either again changes nothing.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils.text import slugify
from wagtail.models import Page, Site

from publications.pages.models import HomePage, PublicationIndexPage

INDEX_SLUG = "publications"


def publish_child(parent, page):
    """Add ``page`` under ``parent`` and publish its first revision, as an editor would."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def site_address(base_url=None):
    """(hostname, port) of the public base URL, by default WAGTAILADMIN_BASE_URL."""
    parts = urlsplit(base_url or settings.WAGTAILADMIN_BASE_URL)
    return parts.hostname or "localhost", parts.port or (443 if parts.scheme == "https" else 80)


def ensure_home(intro=""):
    """The home page, made the default Site's root in place of Wagtail's welcome page, which is deleted; and
    whether it was created. A Site already rooted at the home page keeps its address: an editor may have set it."""
    home = HomePage.objects.first()
    created = home is None
    if created:
        title = settings.WAGTAIL_SITE_NAME
        home = publish_child(Page.get_first_root_node(), HomePage(title=title, slug=slugify(title), intro=intro))
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    if site.root_page_id != home.pk:
        welcome = site.root_page if site.root_page_id else None
        site.root_page = home
        site.site_name = settings.WAGTAIL_SITE_NAME
        site.hostname, site.port = site_address()
        site.save()
        if welcome is not None and welcome.specific_class is Page:
            welcome.delete()
    return home, created


def ensure_index(home, intro=""):
    """The publications index under ``home``, and whether it was created."""
    index = home.get_children().filter(slug=INDEX_SLUG).specific().first()
    if index is not None:
        return index, False
    return publish_child(home, PublicationIndexPage(title="Publications", slug=INDEX_SLUG, intro=intro)), True
