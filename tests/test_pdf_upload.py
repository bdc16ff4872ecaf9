"""Every upload path accepts real PDFs only, and a rejected upload stores nothing."""

import io
import time

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image

from publications.documents.pdf import read_pdf
from publications.models import PublicationDocument, PublicationImage

from .factories import make_pdf

pytestmark = pytest.mark.django_db


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "red").save(buffer, "PNG")
    return buffer.getvalue()


BAD_FILES = {
    "renamed PNG": (png_bytes, "not a PDF"),
    "truncated": (lambda: make_pdf(pages=3)[:-400], "incomplete"),
    "corrupt": (lambda: b"%PDF-1.7\n" + b"\x00garbage" * 200 + b"\n%%EOF\n", "damaged"),
    "encrypted": (lambda: make_pdf(password="s3cret"), "password-protected"),
    "empty": (lambda: b"", "empty"),
}


def stored_files():
    root = settings.MEDIA_ROOT / "documents"
    return sorted(p.name for p in root.iterdir()) if root.exists() else []


def upload(data, name="report.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def post_documents_admin(client, data):
    return client.post("/admin/documents/add/", {"title": "Report", "file": upload(data), "collection": 1})


def post_chooser(client, data):
    return client.post(
        "/admin/documents/chooser/create/",
        {
            "document-chooser-upload-title": "Report",
            "document-chooser-upload-file": upload(data),
            "document-chooser-upload-collection": 1,
        },
    )


def post_multiple(client, data):
    return client.post("/admin/documents/multiple/add/", {"files[]": upload(data), "collection": 1})


UPLOAD_PATHS = [post_documents_admin, post_chooser, post_multiple]


@pytest.mark.parametrize("post", UPLOAD_PATHS)
def test_a_real_pdf_is_accepted_with_its_metadata(admin_client, post):
    response = post(admin_client, make_pdf(pages=4, text="Funding for success"))
    assert response.status_code in (200, 302)
    document = PublicationDocument.objects.get()
    assert document.page_count == 4
    assert "Funding for success" in document.text
    assert document.file_size > 0
    assert document.thumbnail.width == 800
    assert document.download_label() == f"4 pages, {document.download_label().split(', ')[1]}"


@pytest.mark.parametrize("post", UPLOAD_PATHS)
@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_files_are_refused_with_a_clear_message_and_nothing_stored(admin_client, post, case):
    make, message = BAD_FILES[case]
    before = stored_files()
    response = post(admin_client, make())
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body or (case == "empty" and "The submitted file is empty" in body)
    assert not PublicationDocument.objects.exists()
    assert not PublicationImage.objects.exists()
    assert stored_files() == before


@pytest.mark.parametrize("post", UPLOAD_PATHS)
def test_files_over_the_size_limit_are_refused(admin_client, post):
    data = make_pdf(pages=2)
    with override_settings(PUBLICATIONS_PDF_MAX_SIZE=len(data) - 1, WAGTAILDOCS_MAX_UPLOAD_SIZE=len(data) - 1):
        response = post(admin_client, data)
    assert response.status_code == 200
    assert "too big" in response.content.decode() or "at most" in response.content.decode()
    assert not PublicationDocument.objects.exists()


def test_size_limit_message_names_the_limit():
    data = make_pdf()
    with override_settings(PUBLICATIONS_PDF_MAX_SIZE=1024 * 1024):
        read_pdf(upload(data))
    with override_settings(PUBLICATIONS_PDF_MAX_SIZE=100), pytest.raises(Exception, match="at most 100"):
        read_pdf(upload(data))


def test_replacing_the_file_refreshes_the_metadata(admin_client):
    post_documents_admin(admin_client, make_pdf(pages=2))
    document = PublicationDocument.objects.get()
    old_thumbnail = document.thumbnail_id
    response = admin_client.post(
        f"/admin/documents/edit/{document.pk}/",
        {"title": "Report", "file": upload(make_pdf(pages=5, text="Second edition")), "collection": 1},
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.page_count == 5 and "Second edition" in document.text
    assert document.thumbnail_id != old_thumbnail
    assert not PublicationImage.objects.filter(pk=old_thumbnail).exists()


def test_a_300_page_pdf_uploads_quickly(admin_client, capsys):
    data = make_pdf(pages=300, text="A long annual report")
    started = time.perf_counter()
    response = post_documents_admin(admin_client, data)
    elapsed = time.perf_counter() - started
    assert response.status_code == 302
    assert PublicationDocument.objects.get().page_count == 300
    with capsys.disabled():
        print(f"\n300-page PDF ({len(data) / 1024:.0f} KB) uploaded in {elapsed:.2f} s")


def test_the_chooser_lists_only_pdfs(admin_client):
    post_documents_admin(admin_client, make_pdf())
    pdf = PublicationDocument.objects.get()
    legacy = PublicationDocument(title="Old spreadsheet", file=upload(b"a,b\n1,2\n", name="old.csv"))
    legacy.page_count = None
    PublicationDocument.objects.bulk_create([legacy])
    html = admin_client.get("/admin/documents/chooser/").content.decode()
    assert pdf.title in html
    assert "Old spreadsheet" not in html
