"""sitemap.xml lists the live, public pages with their last publication date; robots.txt points to it."""

import datetime
import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from .factories import BriefPageFactory, PublicationPageFactory
from .helpers import HIDDEN_STATES, page_in_state, publish, schedule

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)  # noqa: S314 (the site's own sitemap, not untrusted input)


def sitemap(client):
    """Every URL of the sitemap, with its last modification, read as a search engine does: the index, then
    each file it lists."""
    urls = {}
    for location in xml(client, "/sitemap.xml").iterfind("sm:sitemap/sm:loc", NS):
        for url in xml(client, location.text.removeprefix("http://testserver")).findall("sm:url", NS):
            urls[url.findtext("sm:loc", namespaces=NS)] = url.findtext("sm:lastmod", namespaces=NS)
    return urls


def test_the_sitemap_lists_live_pages_with_their_last_publication_date(client, index):
    series = publish(PublicationPageFactory(parent=index))
    brief = publish(BriefPageFactory(parent=series))
    series.refresh_from_db()
    # Unpublished changes do not count as a modification readers can see.
    series.title = "Draft title"
    series.save_revision()

    urls = sitemap(client)
    assert set(urls) == {
        "http://localhost/",
        "http://localhost/publications/",
        series.full_url,
        brief.full_url,
    }
    local_date = timezone.localtime(series.last_published_at).date()
    assert urls[series.full_url] == local_date.isoformat()


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_the_sitemap_leaves_out_pages_readers_cannot_see(client, index, state):
    page = page_in_state(state, parent=index)
    brief_under_hidden = BriefPageFactory(parent=page)
    urls = sitemap(client)
    assert page.full_url not in urls
    if state == "private":
        assert brief_under_hidden.full_url not in urls
    assert "http://localhost/publications/" in urls


def test_a_scheduled_page_appears_once_it_goes_live(client, index):
    page = schedule(PublicationPageFactory(parent=index, live=False), timezone.now() + datetime.timedelta(days=1))
    assert page.full_url not in sitemap(client)

    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        call_command("publish_scheduled")
        assert page.full_url in sitemap(client)


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_admin_and_search(client, index):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /search/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_robots_txt_uses_the_host_and_scheme_it_was_asked_on(client, index, settings):
    settings.ALLOWED_HOSTS = ["publications.example.org"]
    response = client.get("/robots.txt", HTTP_HOST="publications.example.org", secure=True)
    assert "Sitemap: https://publications.example.org/sitemap.xml" in response.content.decode().splitlines()


def test_a_large_archive_is_split_into_sitemap_files(client, index, settings, monkeypatch):
    from publications.readers.sitemaps import PagesSitemap

    monkeypatch.setattr(PagesSitemap, "limit", 2)
    pages = [PublicationPageFactory(parent=index) for _ in range(3)]
    files = [loc.text for loc in xml(client, "/sitemap.xml").iterfind("sm:sitemap/sm:loc", NS)]
    assert files == [
        "http://testserver/sitemap-pages.xml",
        "http://testserver/sitemap-pages.xml?p=2",
        "http://testserver/sitemap-pages.xml?p=3",
    ]
    assert set(sitemap(client)) == {"http://localhost/", "http://localhost/publications/"} | {p.full_url for p in pages}
