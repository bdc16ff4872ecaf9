"""Downloads: HTTP headers, conditional requests, and counts that survive concurrency."""

import threading

import pytest
from django.db import connection
from django.test import Client

from publications.models import PublicationDocument

from .factories import DocumentFactory, PublicationPageFactory


@pytest.fixture
def publication(index):
    return PublicationPageFactory(parent=index, slug="micro-credentials", pdf=DocumentFactory(title="Final v3 (2)"))


def count(document):
    return PublicationDocument.objects.get(pk=document.pk).download_count


@pytest.mark.django_db
def test_download_headers(client, publication):
    response = client.get(publication.pdf.url)
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF-")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="micro-credentials.pdf"'
    assert int(response["Content-Length"]) == len(body) == publication.pdf.file_size
    assert response["ETag"] == f'"{publication.pdf.file_hash}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-cache"


@pytest.mark.django_db
def test_a_matching_etag_gets_304_and_is_not_counted(client, publication):
    etag = client.get(publication.pdf.url)["ETag"]
    response = client.get(publication.pdf.url, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert count(publication.pdf) == 1
    assert client.get(publication.pdf.url, headers={"If-None-Match": '"stale"'}).status_code == 200


@pytest.mark.django_db
def test_head_is_answered_but_not_counted(client, publication):
    response = client.head(publication.pdf.url)
    assert response.status_code == 200
    assert response["Content-Length"] == str(publication.pdf.file_size)
    assert count(publication.pdf) == 0


@pytest.mark.django_db
def test_each_get_counts_once_and_post_is_refused(client, publication):
    for _ in range(3):
        client.get(publication.pdf.url)
    assert client.post(publication.pdf.url).status_code == 405
    assert count(publication.pdf) == 3


@pytest.mark.django_db
def test_the_button_shows_pages_and_size(client, publication):
    html = client.get(publication.url).content.decode()
    assert f'Download PDF</span> <span class="button__meta">({publication.pdf.page_count} pages,' in html


@pytest.mark.django_db
def test_download_counts_show_in_the_admin(admin_client, publication):
    client = Client()
    for _ in range(2):
        client.get(publication.pdf.url)
    listing = admin_client.get("/admin/publications/").content.decode()
    assert publication.title in listing
    editor = admin_client.get(f"/admin/pages/{publication.pk}/edit/").content.decode()
    assert "Downloaded <strong>2</strong> times" in editor


@pytest.mark.django_db
def test_a_publication_without_a_cover_uses_page_one_of_its_pdf(client, index):
    page = PublicationPageFactory(parent=index, pdf=DocumentFactory(), cover_image=None)
    html = client.get(page.url).content.decode()
    assert f'alt="First page of {page.pdf.title}"' in html


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a database that serves concurrent connections")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_downloads_are_all_counted(publication):
    threads, per_thread = 8, 15
    url = publication.pdf.url
    errors = []

    def download():
        try:
            client = Client()
            for _ in range(per_thread):
                response = client.get(url)
                b"".join(response.streaming_content)
                assert response.status_code == 200
        except Exception as error:  # reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=download) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert not errors
    assert count(publication.pdf) == threads * per_thread
