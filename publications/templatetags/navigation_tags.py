"""``{% main_menu as items %}``: the pages editors put in the site's navigation ("Show in menus");
``{% publications_index_url as url %}``: where readers browse every publication."""

from dataclasses import dataclass

from django import template
from wagtail.models import Page, Site

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


def aria_current(menu_page, url, context):
    """The aria-current of a menu link: "page" on the page itself, "true" within its section, "" elsewhere."""
    page, request = context.get("page"), context.get("request")
    if isinstance(page, Page):
        if page.pk == menu_page.pk:
            return "page"
        return "true" if page.path.startswith(menu_page.path) else ""
    # Views that are not pages (search, errors) go by the address.
    path = request.path
    if path == url:
        return "page"
    return "true" if path.startswith(url) else ""


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The menu items under the current site's root page; none where the request matches no site."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    items = []
    for page in menu_pages(site.root_page):
        url = page.get_url(request=request)
        items.append(MenuItem(page.title, url, aria_current(page, url, context)))
    return items


@register.simple_tag(takes_context=True)
def publications_index_url(context):
    """The publications index's URL, or "" while there is none readers can open."""
    index = readable_pages().type(PublicationIndexPage).first()
    return index.get_url(request=context.get("request")) if index else ""
