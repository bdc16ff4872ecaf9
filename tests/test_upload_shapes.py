"""Uploads of awkward shapes are stored within a worker's memory or refused with a plain message, never a server
error, and an upload that fails leaves no row or file behind."""

import re
import struct
import zlib
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.db import DataError
from django.template.defaultfilters import filesizeformat
from django.test import override_settings
from fpdf import FPDF
from wagtail.images.forms import search_index
from wagtail.models import UploadedFile
from wagtail.search.index import insert_or_update_object

from publications.documents.pdf import EMPTY, MAX_VOCABULARY_SIZE, TOO_BIG
from publications.models import PublicationDocument, PublicationImage, PublicationImageRendition

from .factories import DocumentFactory, ImageFactory, PublicationPageFactory, make_pdf
from .helpers import upload_paths, uploaded
from .test_pdf_upload import UPLOAD_PATHS, post_chooser, post_documents_admin, post_multiple

pytestmark = pytest.mark.django_db

IMAGE_EMPTY = "The file is empty. Choose the image again, or export it again from its source."
TOO_MANY_PIXELS = "This image has too many pixels: images can be at most 40 megapixels. Resize it and upload it again."
# What the database and the file system allow: Wagtail's title and description columns, Django's FileField.
LONGEST_TITLE = 255
LONGEST_FILE_NAME = 100


def stored():
    """What uploads leave behind: the rows of documents, images and renditions, and every file under MEDIA_ROOT."""
    root = Path(settings.MEDIA_ROOT)
    return {
        "documents": PublicationDocument.objects.count(),
        "images": PublicationImage.objects.count(),
        "renditions": PublicationImageRendition.objects.count(),
        "files": sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()),
    }


def file_error(response):
    """What an upload path said about the file: the error under the form's file field, or multiple upload's."""
    if response["Content-Type"] == "application/json":
        reply = response.json()
        if "error_message" in reply:
            return reply["error_message"]
        html = reply["htmlFragment"]
    else:
        html = response.content.decode()
    field = html[html.index('data-contentpath="file"') :]
    field = field[: field.index("data-field-help")]
    return unescape(re.search(r'<p class="error-message">\s*(.*?)\s*</p>', field, re.S).group(1))


def pdf_with_page(width, height):
    """A one-page PDF whose page is ``width`` × ``height`` points."""
    pdf = FPDF(format=(width, height), unit="pt")
    pdf.set_font("Helvetica", size=12)
    pdf.add_page()
    pdf.text(10, 20, "An odd page")
    return bytes(pdf.output())


def pdf_of_figures(count):
    """A statistical appendix: ``count`` distinct six-digit figures, 4,000 a page."""
    pdf = FPDF(format=(600, 800), unit="pt")
    pdf.set_font("Helvetica", size=2)
    figures = iter(range(100_000, 100_000 + count))
    for _ in range(count // 4000):
        pdf.add_page()
        for line in range(100):
            pdf.text(5, 5 + 7 * line, " ".join(str(next(figures)) for _ in range(40)))
    return bytes(pdf.output())


def png(width, height):
    """A black 1-bit PNG of any size in a fraction of a second: its rows of zeros compress to almost nothing, where
    Pillow would first draw the whole image in memory (900 MB at 30,000 × 30,000)."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = bytes(1 + (width + 7) // 8)  # a filter byte, then eight pixels a byte
    compressor = zlib.compressobj()
    rows = [compressor.compress(row * 100) for _ in range(height // 100)]
    rows += [compressor.compress(row * (height % 100)), compressor.flush()]
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", b"".join(rows)) + chunk(b"IEND", b"")


post_image_admin, post_image_chooser, post_image_multiple = upload_paths("image", "Cover", "cover.png")
IMAGE_UPLOAD_PATHS = [post_image_admin, post_image_chooser, post_image_multiple]
# The admin's add views redirect to the listing; the chooser and multiple upload answer JSON.
STORED = {
    post_documents_admin: 302,
    post_chooser: 200,
    post_multiple: 200,
    post_image_admin: 302,
    post_image_chooser: 200,
    post_image_multiple: 200,
}


def refused(post, client, data):
    """Post ``data`` through ``post``'s upload path and return what it said about the file, checking that it
    answered 200 and stored nothing."""
    before = stored()
    response = post(client, data)
    assert response.status_code == 200
    assert stored() == before
    return file_error(response)


# Refused with a plain message


@pytest.mark.parametrize("post", UPLOAD_PATHS)
def test_an_empty_pdf_is_refused_with_one_plain_message(admin_client, post):
    assert refused(post, admin_client, b"") == EMPTY


@pytest.mark.parametrize("post", UPLOAD_PATHS)
def test_an_oversized_pdf_gets_the_size_message_alone(admin_client, post):
    data = make_pdf()
    limit = len(data) - 1
    with override_settings(PUBLICATIONS_PDF_MAX_SIZE=limit, WAGTAILDOCS_MAX_UPLOAD_SIZE=limit):
        said = refused(post, admin_client, data)
    assert said == TOO_BIG % {"file_size": filesizeformat(len(data)), "max_filesize": filesizeformat(limit)}


@pytest.mark.parametrize("post", IMAGE_UPLOAD_PATHS)
def test_an_empty_image_is_refused_with_a_plain_message(admin_client, post):
    assert refused(post, admin_client, b"") == IMAGE_EMPTY


@pytest.mark.parametrize("post", IMAGE_UPLOAD_PATHS)
def test_an_oversized_image_gets_a_plain_size_message(admin_client, post):
    data = png(100, 100)
    with override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=len(data) - 1):
        said = refused(post, admin_client, data)
    assert said == (
        f"The file is {filesizeformat(len(data))}; images can be at most {filesizeformat(len(data) - 1)}. "
        "Save it smaller (as JPEG or WebP, or with fewer pixels) and upload it again."
    )


@pytest.mark.parametrize("post", IMAGE_UPLOAD_PATHS)
@pytest.mark.parametrize("side", [30_000, 11_000])
@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_an_image_of_too_many_pixels_is_refused_before_it_is_decoded(admin_client, post, side):
    """30,000 × 30,000 is beyond what Pillow will even measure (Wagtail answered 500); 11,000 × 11,000 would
    take a worker a gigabyte for each rendition. Both are a few kilobytes as PNG."""
    assert refused(post, admin_client, png(side, side)) == TOO_MANY_PIXELS


# Accepted, within bounds


@pytest.mark.parametrize("post", UPLOAD_PATHS)
@pytest.mark.parametrize(
    ("points", "pixels"),
    [((200, 14_400), (23, 1600)), ((14_400, 200), (800, 12)), ((200, 260), (800, 1040))],
    ids=["tall", "wide", "usual"],
)
def test_page_one_is_drawn_at_most_800_by_1600_pixels_whatever_its_shape(admin_client, post, points, pixels):
    assert post(admin_client, pdf_with_page(*points)).status_code == STORED[post]
    thumbnail = PublicationDocument.objects.get().thumbnail
    assert (thumbnail.width, thumbnail.height) == pixels


def long_name(length, extension):
    """A file name of ``length`` characters; browsers send up to 255, and Django keeps 255 at most."""
    return "a" * (length - len(extension)) + extension


@pytest.mark.parametrize("post", UPLOAD_PATHS)
@pytest.mark.parametrize(
    ("length", "image_title", "image_description"),
    [
        (240, "{title} (page 1)", "First page of {title}"),
        (LONGEST_TITLE, "{title:.245}… (page 1)", "First page of {title:.240}…"),
    ],
)
def test_a_pdf_with_a_title_and_file_name_of_up_to_255_characters_is_stored(
    admin_client, post, length, image_title, image_description
):
    """The page-1 image's title and description quote the document's: shortened when they would not fit."""
    title = "T" * length
    name = long_name(length, ".pdf")
    assert post(admin_client, make_pdf(), title=title, name=name).status_code == STORED[post]
    document = PublicationDocument.objects.get()
    thumbnail = document.thumbnail
    assert document.title == (name if post is post_multiple else title)
    assert thumbnail.title == image_title.format(title=document.title)
    assert thumbnail.description == image_description.format(title=document.title)
    assert len(document.file.name) <= LONGEST_FILE_NAME and document.file.name.endswith(".pdf")
    assert len(thumbnail.file.name) <= LONGEST_FILE_NAME


def test_a_multiple_upload_titled_over_255_characters_waits_for_a_title_that_fits(admin_client):
    """Wagtail keeps the file aside and asks for another title; giving it was a server error (the document's
    extension check ran on the file not yet attached)."""
    response = admin_client.post(
        "/admin/documents/multiple/add/",
        {"files[]": uploaded(make_pdf(), "report.pdf"), "title": "T" * 300, "collection": 1},
    )
    waiting = UploadedFile.objects.get()
    assert response.json()["uploaded_file_id"] == waiting.pk
    response = admin_client.post(
        f"/admin/documents/multiple/create_from_uploaded_document/{waiting.pk}/",
        {f"uploaded-document-{waiting.pk}-title": "Annual report", f"uploaded-document-{waiting.pk}-collection": 1},
    )
    document = PublicationDocument.objects.get()
    assert response.json() == {"success": True, "doc_id": document.pk}
    assert (document.title, document.page_count, document.thumbnail.title) == (
        "Annual report",
        2,
        "Annual report (page 1)",
    )
    assert not UploadedFile.objects.exists()


def test_a_pdf_of_more_distinct_words_than_the_search_index_holds_keeps_the_text_that_fits(admin_client, index):
    """160,000 distinct figures would take PostgreSQL's index 2 MB, past its 1 MB limit: a server error. The text
    stops after the figures that fill half of it (each takes its 6 bytes and up to 8 more)."""
    response = post_documents_admin(admin_client, pdf_of_figures(160_000))
    assert response.status_code == 302
    document = PublicationDocument.objects.get()
    kept = MAX_VOCABULARY_SIZE // (6 + 8)
    assert document.text.split() == [str(figure) for figure in range(100_000, 100_000 + kept)]
    # The page's search entry holds the PDF's text as well; PostgreSQL would refuse it if it did not fit.
    insert_or_update_object(PublicationPageFactory(parent=index, pdf=document))


@pytest.mark.parametrize("post", IMAGE_UPLOAD_PATHS)
def test_an_image_with_the_longest_title_and_file_name_is_stored_whole(admin_client, post):
    title, name = "t" * LONGEST_TITLE, long_name(LONGEST_TITLE, ".png")
    assert post(admin_client, png(120, 80), title=title, name=name).status_code == STORED[post]
    image = PublicationImage.objects.get()
    assert image.title == (name if post is post_image_multiple else title)
    assert len(image.file.name) <= LONGEST_FILE_NAME and image.file.name.endswith(".png")
    assert (image.width, image.height) == (120, 80)


# A save that fails leaves nothing behind


def make_page_one_images_fail(monkeypatch):
    """From now on, a page-1 image's row and file are written, then the database fails, as a too-long value would
    on PostgreSQL: by then the document's row and file are written too."""
    save = PublicationImage.save

    def save_then_fail(image, *args, **kwargs):
        save(image, *args, **kwargs)
        raise DataError("value too long for type character varying(255)")

    monkeypatch.setattr(PublicationImage, "save", save_then_fail)


@pytest.mark.parametrize("post", UPLOAD_PATHS)
def test_a_pdf_upload_that_fails_after_writing_its_files_leaves_nothing(client, admin_user, post, monkeypatch):
    make_page_one_images_fail(monkeypatch)
    client.force_login(admin_user)
    client.raise_request_exception = False
    before = stored()
    assert post(client, make_pdf()).status_code == 500
    assert stored() == before


@pytest.fixture
def failing_search_index(client, admin_user, monkeypatch):
    """An admin client whose next image save fails after the file is written: the search index refuses it."""

    def fail(image):
        raise DataError("the search index refused the image")

    monkeypatch.setattr(search_index, "insert_or_update_object", fail)
    client.force_login(admin_user)
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("post", [post_image_admin, post_image_chooser])
def test_an_image_upload_that_fails_after_writing_its_file_leaves_nothing(failing_search_index, post):
    client = failing_search_index
    before = stored()
    assert post(client, png(120, 80)).status_code == 500
    assert stored() == before


def test_replacing_a_pdf_keeps_the_old_file_until_the_new_one_is_committed(
    admin_client, django_capture_on_commit_callbacks
):
    document = DocumentFactory()
    old = Path(document.file.path)
    with django_capture_on_commit_callbacks() as callbacks:
        response = admin_client.post(
            f"/admin/documents/edit/{document.pk}/",
            {"title": document.title, "file": uploaded(make_pdf(pages=5), "report.pdf"), "collection": 1},
        )
        assert response.status_code == 302
        assert old.exists()
    for callback in callbacks:
        callback()
    document.refresh_from_db()
    assert document.page_count == 5
    assert not old.exists()
    assert Path(document.file.path).exists()


def test_a_failed_replacement_keeps_the_old_pdf_and_its_page_one_image(client, admin_user, monkeypatch):
    document = DocumentFactory()
    old_file, old_thumbnail = document.file.name, document.thumbnail
    make_page_one_images_fail(monkeypatch)
    client.force_login(admin_user)
    client.raise_request_exception = False
    before = stored()
    response = client.post(
        f"/admin/documents/edit/{document.pk}/",
        {"title": document.title, "file": uploaded(make_pdf(pages=5), "report.pdf"), "collection": 1},
    )
    assert response.status_code == 500
    assert stored() == before
    document.refresh_from_db()
    assert (document.file.name, document.thumbnail, document.page_count) == (old_file, old_thumbnail, 2)


def test_replacing_an_image_keeps_the_old_file_until_the_new_one_is_committed(
    admin_client, django_capture_on_commit_callbacks
):
    image = ImageFactory()
    image.get_rendition("max-40x40")
    old = Path(image.file.path)
    with django_capture_on_commit_callbacks() as callbacks:
        response = admin_client.post(
            f"/admin/images/{image.pk}/",
            {"title": image.title, "file": uploaded(png(90, 60), "cover.png"), "collection": 1},
        )
        assert response.status_code == 302
        assert old.exists()
    for callback in callbacks:
        callback()
    image.refresh_from_db()
    assert (image.width, image.height) == (90, 60)
    assert not old.exists()
    assert not image.renditions.filter(filter_spec="max-40x40").exists()


def test_a_failed_image_replacement_keeps_the_old_file(failing_search_index):
    image = ImageFactory()
    old_file = image.file.name
    before = stored()
    response = failing_search_index.post(
        f"/admin/images/{image.pk}/",
        {"title": image.title, "file": uploaded(png(90, 60), "cover.png"), "collection": 1},
    )
    assert response.status_code == 500
    assert stored() == before
    image.refresh_from_db()
    assert (image.file.name, image.width) == (old_file, 120)


@pytest.mark.parametrize("delete", ["admin", "queryset"])
def test_deleting_a_pdf_deletes_its_page_one_image(admin_client, django_capture_on_commit_callbacks, delete):
    before = stored()
    post_documents_admin(admin_client, make_pdf())
    document = PublicationDocument.objects.get()
    document.thumbnail.get_rendition("max-40x40")
    with django_capture_on_commit_callbacks(execute=True):
        if delete == "admin":
            assert admin_client.post(f"/admin/documents/delete/{document.pk}/").status_code == 302
        else:
            PublicationDocument.objects.filter(pk=document.pk).delete()
    assert stored() == before
