"""``{% main_menu as items %}``: the pages editors put in the site's navigation ("Show in menus");
``{% publications_index_url as url %}``: where readers browse every publication.

Both change only with the content, so they are kept in the cache under the page cache's content version:
on most requests they cost no query.
"""

from dataclasses import dataclass

from django import template
from wagtail.models import Page, Site

from publications.content_version import cached
from publications.documents.release import readable_pages
from publications.pages.models import PublicationIndexPage

register = template.Library()


@dataclass(frozen=True)
class MenuItem:
    title: str
    url: str
    current: str  # the value of aria-current, see aria_current()


def menu_pages(root):
    """The children of ``root`` that readers can open and editors show in menus, in tree order, in one query."""
    return readable_pages().child_of(root).in_menu()


def aria_current(menu_pk, menu_path, url, context):
    """The aria-current of a menu link: "page" on the page itself, "true" within its section, "" elsewhere."""
    page, request = context.get("page"), context.get("request")
    if isinstance(page, Page):
        if page.pk == menu_pk:
            return "page"
        return "true" if page.path.startswith(menu_path) else ""
    # Views that are not pages (search, errors) go by the address.
    path = request.path
    if path == url:
        return "page"
    return "true" if path.startswith(url) else ""


def site_of(context):
    request = context.get("request")
    return Site.find_for_request(request) if request else None


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The menu items under the current site's root page; none where the request matches no site."""
    site = site_of(context)
    if site is None:
        return []
    pages = cached(
        f"menu:{site.pk}",
        lambda: [(page.pk, page.path, page.title, page.get_url()) for page in menu_pages(site.root_page)],
    )
    return [MenuItem(title, url, aria_current(pk, path, url, context)) for pk, path, title, url in pages]


@register.simple_tag(takes_context=True)
def publications_index_url(context):
    """The publications index's URL, or "" while there is none readers can open."""
    site = site_of(context)
    if site is None:
        return ""

    def find():
        index = readable_pages().type(PublicationIndexPage).descendant_of(site.root_page).first()
        return index.get_url() if index else ""

    return cached(f"publications-index:{site.pk}", find)
