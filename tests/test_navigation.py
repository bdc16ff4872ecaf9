"""The header and footer menus list the pages editors show in menus; every page says its language."""

import pytest
from bs4 import BeautifulSoup
from django.test import RequestFactory
from django.urls import get_resolver

from .factories import PublicationIndexPageFactory, PublicationPageFactory
from .helpers import count_queries, make_private, unpublish

pytestmark = pytest.mark.django_db


def menu(client, url, nav_class="site-nav", status=200):
    """The links of a menu as (text, href, aria-current) triples, in order."""
    response = client.get(url)
    assert response.status_code == status
    nav = BeautifulSoup(response.content, "html.parser").find("nav", class_=nav_class)
    return [(link.get_text(), link["href"], link.get("aria-current")) for link in nav.find_all("a")]


def test_the_publications_index_is_in_the_menus_by_default(client, index):
    assert index.show_in_menus
    assert menu(client, "/") == [
        ("Home", "/", "page"),
        ("Publications", "/publications/", None),
        ("Search", "/search/", None),
    ]
    assert menu(client, "/", "footer-nav") == [("Home", "/", None), ("Publications", "/publications/", None)]


def test_the_menus_list_the_pages_under_the_home_page_shown_in_menus_in_tree_order(client, home, index):
    PublicationIndexPageFactory(parent=home, title="About us", slug="about", show_in_menus=True)
    PublicationIndexPageFactory(parent=home, title="Not in menus", slug="hidden", show_in_menus=False)
    unpublish(PublicationIndexPageFactory(parent=home, title="Withdrawn", slug="withdrawn", show_in_menus=True))
    PublicationIndexPageFactory(parent=home, title="Draft", slug="draft", show_in_menus=True, live=False)
    make_private(PublicationIndexPageFactory(parent=home, title="Members only", slug="members", show_in_menus=True))
    # Only pages directly under the home page: a publication shown in menus is not a menu item.
    PublicationPageFactory(parent=index, title="Deep page", show_in_menus=True)

    assert [text for text, _, _ in menu(client, "/")] == ["Home", "Publications", "About us", "Search"]
    assert menu(client, "/", "footer-nav") == [
        ("Home", "/", None),
        ("Publications", "/publications/", None),
        ("About us", "/about/", None),
    ]


def test_a_page_taken_out_of_the_menus_leaves_them(client, index):
    index.show_in_menus = False
    index.save_revision().publish()
    assert [text for text, _, _ in menu(client, "/")] == ["Home", "Search"]
    assert [text for text, _, _ in menu(client, "/", "footer-nav")] == ["Home"]


def test_a_private_section_leaves_the_menus(client, home, index):
    make_private(index)
    assert [text for text, _, _ in menu(client, "/")] == ["Home", "Search"]


def test_a_private_site_lists_no_pages_in_the_menus(client, home, index):
    make_private(home)
    assert [text for text, _, _ in menu(client, "/search/")] == ["Home", "Search"]


def test_aria_current_marks_the_page_and_its_section(client, index):
    page = PublicationPageFactory(parent=index)
    assert menu(client, "/publications/")[1] == ("Publications", "/publications/", "page")
    assert menu(client, "/publications/?type=brief")[1] == ("Publications", "/publications/", "page")
    assert menu(client, page.url)[1] == ("Publications", "/publications/", "true")
    assert menu(client, "/search/?q=tuition") == [
        ("Home", "/", None),
        ("Publications", "/publications/", None),
        ("Search", "/search/", "page"),
    ]
    # Pages that are not Wagtail pages go by their address.
    assert menu(client, "/publications/no-such-page/", status=404)[1] == ("Publications", "/publications/", "true")
    # The footer repeats the links without marking the current page.
    assert {current for _, _, current in menu(client, page.url, "footer-nav")} == {None}


def test_the_menus_cost_one_query_however_many_pages_they_hold(client, home, index):
    one = count_queries(client, "/")
    for n in range(3):
        PublicationIndexPageFactory(parent=home, title=f"Section {n}", slug=f"section-{n}", show_in_menus=True)
    assert len(menu(client, "/")) == 6
    assert count_queries(client, "/") == one


def test_pages_say_the_site_language_as_a_bcp_47_tag(client, index, settings):
    for url in ("/", "/publications/", "/search/", "/no-such-page/"):
        assert '<html lang="en-CA">' in client.get(url).content.decode(), url
    settings.LANGUAGE_CODE = "fr-ca"
    assert '<html lang="fr-CA">' in client.get("/").content.decode()


def test_the_server_error_page_says_the_site_language(settings):
    # Django renders 500.html through its error handler with an empty context.
    server_error = get_resolver().resolve_error_handler(500)
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert '<html lang="en-CA">' in response.content.decode()
    settings.LANGUAGE_CODE = "fr-ca"
    assert '<html lang="fr-CA">' in server_error(RequestFactory().get("/")).content.decode()
