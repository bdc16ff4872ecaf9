"""The page cache: anonymous readers are served from it, editors never are, and a cached page is fresh
after every change a reader could see, including those the scheduler makes in its own process."""

import datetime
import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction, Site

from publications.models import OrganisationSettings, RelatedPublication

from .factories import DocumentFactory, PublicationPageFactory, TopicFactory, make_pdf
from .helpers import expire, schedule

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def page_cache(settings, tmp_path):
    """The page cache on, in files another process can share, as in production without Redis."""
    settings.PUBLICATIONS_PAGE_CACHE_SECONDS = 3600
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": tmp_path / "default"},
    }
    cache.clear()
    yield tmp_path
    cache.clear()


def read(url, reader=None):
    """What an anonymous reader gets: (status, html, whether it came from the page cache)."""
    response = (reader or Client()).get(url)
    return response.status_code, response.content.decode(), response.get("X-Page-Cache")


def cached(url):
    """Read ``url`` twice as a reader; the second read comes from the cache."""
    read(url)
    status, html, source = read(url)
    assert source == "hit"
    return status, html


@pytest.mark.django_db
def test_readers_get_cached_pages_without_a_query(index):
    page = PublicationPageFactory(parent=index, title="Tuition in BC")
    assert read(page.url)[2] == "miss"
    reader = Client()
    with CaptureQueriesContext(connection) as queries:
        status, html, source = read(page.url, reader)
    assert (status, source) == (200, "hit")
    assert "Tuition in BC" in html
    assert len(queries) == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/", "/publications/", "/publications/?topic=x", "/feeds/publications.rss", "/sitemap.xml", "/api/v2/pages/"],
)
def test_pages_feeds_sitemap_and_api_are_cached(index, url):
    TopicFactory(name="X", slug="x")
    PublicationPageFactory(parent=index)
    assert read(url)[2] == "miss"
    assert read(url)[2] == "hit"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/search/?q=tuition", "/admin/login/"])
def test_search_and_the_admin_are_not_cached(index, url):
    read(url)
    assert read(url)[2] is None


@pytest.mark.django_db
def test_an_editor_never_gets_a_cached_page_nor_puts_one_in_the_cache(index, editor):
    page = PublicationPageFactory(parent=index)
    editor_client = Client()
    editor_client.force_login(editor)
    for _ in range(2):
        response = editor_client.get(page.url)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
    assert read(page.url)[2] == "miss"
    read(page.url)
    assert "X-Page-Cache" not in editor_client.get(page.url)


@pytest.mark.django_db
def test_http_caching_headers_and_304(index):
    page = PublicationPageFactory(parent=index)
    response = Client().get(page.url)
    assert response["Cache-Control"] == "public, max-age=60, s-maxage=600, stale-while-revalidate=60"
    assert "Cookie" in response["Vary"]
    etag = response["ETag"]
    again = Client().get(page.url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again["ETag"] == etag


@pytest.mark.django_db
def test_a_scheduled_page_is_a_404_no_one_keeps(index):
    page = schedule(PublicationPageFactory(parent=index, live=False, slug="coming-soon"))
    response = Client().get("/publications/coming-soon/")
    assert response.status_code == 404
    assert response["Cache-Control"] == "no-cache"
    assert read(page.url)[2] is None


# Each change a reader could see, made after the pages were cached. Each returns the URL to read again and what
# a reader must then get: a text on the page, None for the report gone from it, or a status.


def publish_new(index, pages):
    PublicationPageFactory(parent=index, title="A brand new report")
    return "/publications/", "A brand new report"


def unpublish(index, pages):
    pages["report"].unpublish()
    return "/publications/", None


def move(index, pages):
    old_url = pages["report"].url
    pages["report"].move(pages["series"], pos="last-child")
    return old_url, 301  # Wagtail's redirect to where it went


def delete(index, pages):
    pages["report"].delete()
    return "/publications/", None


def make_private(index, pages):
    PageViewRestriction.objects.create(page=pages["report"], restriction_type=PageViewRestriction.LOGIN)
    return "/publications/", None


def expire_it(index, pages):
    expire(pages["report"])
    return "/publications/", None


def replace_document(index, pages):
    document = pages["report"].pdf
    document.file = ContentFile(make_pdf(pages=7), name="replaced.pdf")
    document.save()
    return pages["report"].url, "7 pages"


def rename_related(index, pages):
    series = pages["series"]
    series.title = "A renamed series"
    series.save_revision().publish()
    return pages["report"].url, "A renamed series"


def edit_settings(index, pages):
    organisation = OrganisationSettings.for_site(Site.objects.get(is_default_site=True))
    organisation.name = "The Renamed Institute"
    organisation.save()
    return pages["report"].url, "The Renamed Institute"


def rename_topic(index, pages):
    topic = pages["report"].topics.get()
    topic.name = "Renamed topic"
    topic.save()
    return "/publications/", "Renamed topic"


CHANGES = [
    publish_new,
    unpublish,
    move,
    delete,
    make_private,
    expire_it,
    replace_document,
    rename_related,
    edit_settings,
    rename_topic,
]


@pytest.fixture
def pages(index):
    series = PublicationPageFactory(parent=index, title="The series")
    report = PublicationPageFactory(
        parent=index, title="The report", pdf=DocumentFactory(), topics=[TopicFactory(name="Funding")]
    )
    report.related_links = [RelatedPublication(publication=series)]
    report.save_revision().publish()
    return {"series": series, "report": report}


@pytest.mark.django_db
@pytest.mark.parametrize("change", CHANGES, ids=[change.__name__ for change in CHANGES])
def test_a_cached_page_is_fresh_after_each_change(index, pages, change):
    for url in ("/publications/", pages["report"].url):
        cached(url)
    url, expected = change(index, pages)
    status, html, source = read(url)
    if isinstance(expected, int):
        assert (status, source) == (expected, None)
        return
    assert (status, source) == (200, "miss")
    if expected:
        assert expected in html
    else:
        assert "The report" not in html


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_schedulers_go_live_in_its_own_process_refreshes_the_cache(index, page_cache):
    go_live_at = timezone.now() + datetime.timedelta(seconds=2)
    schedule(PublicationPageFactory(parent=index, title="Released at nine", live=False), go_live_at)
    assert "Released at nine" not in cached("/publications/")[1]
    time.sleep(max(0, (go_live_at - timezone.now()).total_seconds()) + 0.1)
    # Nine o'clock has come, and nothing a reader sees has changed yet.
    assert read("/publications/")[2] == "hit"

    scheduler = subprocess.run(
        [sys.executable, "manage.py", "publish_scheduled"],
        cwd=ROOT,
        env=scheduler_environment(page_cache),
        capture_output=True,
        text=True,
        check=False,
    )
    assert scheduler.returncode == 0, scheduler.stderr
    status, html, source = read("/publications/")
    assert source == "miss"
    assert "Released at nine" in html


def scheduler_environment(cache_dir):
    """The scheduler's settings: this test's database and the same cache, as on one machine."""
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        url = f"sqlite:///{database['NAME']}"
    else:
        url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": url,
        "CACHE_DIR": str(cache_dir),
    }


class PurgeRecorder(BaseHTTPRequestHandler):
    """A front cache that records the PURGE requests it gets."""

    purges = []

    def do_PURGE(self):
        self.purges.append((self.headers["Host"], self.path))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def front_cache(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "front": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_port}",
        }
    }
    PurgeRecorder.purges.clear()
    yield PurgeRecorder.purges
    server.shutdown()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_change_purges_the_front_cache_once_from_each_sites_root(index, pages, front_cache):
    edit_settings(index, pages)
    assert front_cache == [("localhost", "/")]
    revision = pages["series"].save_revision()
    front_cache.clear()
    revision.publish()
    # Once for the whole publish, which saves many rows; Wagtail's own handler adds the page itself.
    assert sorted(front_cache) == [("localhost", "/"), ("localhost", pages["series"].url)]


@pytest.mark.django_db
def test_what_readers_do_not_see_changes_no_version(index, pages):
    cached(pages["report"].url)
    Client().get("/search/?q=report")  # search statistics
    pages["report"].pdf.thumbnail.get_rendition("width-100")  # a rendition made on a read
    assert read(pages["report"].url)[2] == "hit"
    assert settings.PUBLICATIONS_PAGE_CACHE_SECONDS == 3600
