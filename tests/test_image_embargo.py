"""No file derived from an unreleased page reaches a reader: its cover, its PDF, page 1 of the PDF and
every rendition of them, however an editor has looked at the draft. Once the page is live, readers get
the renditions and the PDF; originals stay private."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from publications.models import PublicationDocument, PublicationImageRendition

from .factories import DocumentFactory, ImageFactory, PublicationPageFactory
from .helpers import publish

pytestmark = pytest.mark.django_db


def stored_files():
    root = Path(settings.MEDIA_ROOT)
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


def reader_urls(names):
    """Every URL a reader could try for the files ``names``: the storage's own, and the site's."""
    urls = {}
    for name in names:
        urls[f"{settings.MEDIA_URL}{name}"] = "storage"
        for rendition in PublicationImageRendition.objects.filter(file=name):
            urls[rendition.url] = "rendition"
        for document in PublicationDocument.objects.filter(file=name):
            urls[document.url] = "document"
    return urls


def statuses(urls):
    """What an anonymous reader gets for each URL."""
    reader = Client()
    return {url: reader.get(url).status_code for url in urls}


def test_files_of_a_previewed_draft_are_404_for_readers_until_it_goes_live(editor_client, index):
    before = stored_files()
    page = PublicationPageFactory(parent=index, live=False, cover_image=ImageFactory(), pdf=DocumentFactory())
    assert editor_client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk])).status_code == 200
    editor_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    new_files = stored_files() - before

    urls = reader_urls(new_files)
    kinds = sorted(urls.values())
    assert kinds.count("document") == 1
    assert kinds.count("rendition") >= 3, "the draft's view made renditions of its cover"
    assert set(statuses(urls).values()) == {404}

    publish(page)
    urls = reader_urls(stored_files() - before)
    expected = {url: 404 if kind == "storage" else 200 for url, kind in urls.items()}
    assert statuses(urls) == expected


def test_an_editor_sees_a_drafts_renditions_privately(editor_client, index):
    page = PublicationPageFactory(parent=index, live=False, cover_image=ImageFactory())
    rendition = page.cover_image.get_rendition("width-100")
    response = editor_client.get(rendition.url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Type"] == "image/jpeg"


def test_a_released_rendition_revalidates_and_answers_304(client, index):
    page = PublicationPageFactory(parent=index, cover_image=ImageFactory())
    url = page.cover_image.get_rendition("width-100").url
    response = client.get(url)
    assert response["Cache-Control"] == "no-cache"
    assert client.get(url, headers={"If-None-Match": response["ETag"]}).status_code == 304
    assert client.post(url).status_code == 405


@pytest.mark.parametrize(
    "url",
    [
        "/images/1/other.png",
        "/images/99999999999999999999/x.png",
        "/images/1/%00.png",
        "/documents/99999999999999999999/x.pdf",
        "/feeds/series/99999999999999999999.rss",
    ],
)
def test_unknown_files_are_404(client, index, url):
    PublicationPageFactory(parent=index, cover_image=ImageFactory())
    assert client.get(url).status_code == 404
