"""The PDF accessibility checklist: read at upload (tags, title, language, text), shown to staff on the document form
and in the chooser, never refusing an upload, and filtered on in the Publications listing."""

import ctypes
import datetime
import io
import json
import re
from html import unescape

import pypdfium2
import pypdfium2.raw as pdfium
import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from publications.demo import content, files
from publications.documents.accessibility import NOT_CHECKED
from publications.documents.pdf import PdfAccessibility, read_pdf
from publications.models import PublicationDocument

from .factories import DocumentFactory, PublicationPageFactory, make_pdf
from .helpers import count_queries, upload_paths, uploaded

pytestmark = pytest.mark.django_db

TAGS = {
    True: "Tagged: screen readers can follow its headings, paragraphs and reading order.",
    False: "This PDF has no tags: screen readers will read it poorly. Export it again with tags turned on "
    "(“Create tagged PDF”, or “Best for accessibility” in Word).",
}
NO_TITLE = (
    "This PDF has no title: screen readers announce its file name instead. Set the title in the document's "
    "properties before exporting."
)
NO_LANGUAGE = (
    "This PDF does not say what language it is in: screen readers may pronounce it wrongly. Set the document's "
    "language before exporting."
)
HAS_TEXT = "Has text that can be read aloud and searched."
NO_TEXT = (
    "This PDF has no text, only pictures of pages: screen readers find nothing to read and search cannot find it. "
    "Export it from the source document, or run text recognition (OCR) on the scan."
)
PASSES = "PDF accessibility checklist: this PDF passes every item."
FAILS = (
    "PDF accessibility checklist: screen-reader users will have trouble with this PDF. It can still be used; "
    "export it again to fix it."
)

# Each kind of PDF: how it is made, what it says about itself, the checklist on its edit form, the chooser's verdict.
KINDS = {
    "tagged": (
        {"text": "Funding for success"},
        PdfAccessibility(tagged=True, title="Funding for success", language="en"),
        [PASSES, TAGS[True], "Has a title: “Funding for success”.", "Says what language it is in (en).", HAS_TEXT],
        "Passes",
    ),
    "untagged": (
        {"text": "Funding for success", "tagged": False},
        PdfAccessibility(tagged=False, title="Funding for success", language="en"),
        [FAILS, TAGS[False], "Has a title: “Funding for success”.", "Says what language it is in (en).", HAS_TEXT],
        "Fails: no tags",
    ),
    "untitled": (
        {"text": "Funding for success", "title": ""},
        PdfAccessibility(tagged=True, title="", language="en"),
        [FAILS, TAGS[True], NO_TITLE, "Says what language it is in (en).", HAS_TEXT],
        "Fails: no title",
    ),
    "no language": (
        {"text": "Funding for success", "language": "", "title": "Rapport annuel"},
        PdfAccessibility(tagged=True, title="Rapport annuel", language=""),
        [FAILS, TAGS[True], "Has a title: “Rapport annuel”.", NO_LANGUAGE, HAS_TEXT],
        "Fails: no language",
    ),
    "image only": (
        {"text": "", "title": "Scanned report"},
        PdfAccessibility(tagged=True, title="Scanned report", language="en"),
        [FAILS, TAGS[True], "Has a title: “Scanned report”.", "Says what language it is in (en).", NO_TEXT],
        "Fails: no text",
    ),
    "untagged scan": (
        {"text": "", "tagged": False, "title": "", "language": ""},
        PdfAccessibility(tagged=False, title="", language=""),
        [FAILS, TAGS[False], NO_TITLE, NO_LANGUAGE, NO_TEXT],
        "Fails: no tags, no title, no language, no text",
    ),
}


def document_of(kind, **fields):
    return DocumentFactory(file=ContentFile(make_pdf(**KINDS[kind][0]), name="report.pdf"), **fields)


def read(data):
    return read_pdf(ContentFile(data, name="report.pdf")).accessibility


def text_of(html):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def checklist_on_form(client, document):
    """The checklist's sentences on ``document``'s edit form, in order."""
    response = client.get(f"/admin/documents/edit/{document.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    intro = re.search(r"<p><strong>PDF accessibility checklist:</strong>.*?</p>", html, re.S)
    items = re.search(r'<ul class="pdf-accessibility">(.*?)</ul>', html, re.S)
    assert intro and items, "no checklist on the form"
    items = [text_of(item) for item in re.findall(r"<li>(.*?)</li>", items.group(1), re.S)]
    return [text_of(intro.group()), *items]


def chooser_verdicts(client):
    """Each document's title and its "PDF accessibility" cell in the document chooser."""
    response = client.get("/admin/documents/chooser/")
    assert response.status_code == 200
    return verdicts_in(json.loads(response.content)["html"], title_column=0)


def listing_verdicts(client):
    """The same in the Documents listing (its results, as its search updates them), after a column of checkboxes."""
    response = client.get("/admin/documents/results/")
    assert response.status_code == 200
    return verdicts_in(response.content.decode(), title_column=1)


def verdicts_in(html, title_column):
    headings = [text_of(th) for th in re.findall(r"<th[^>]*>(.*?)</th>", html, re.S)]
    assert headings[title_column : title_column + 2] == ["Title", "PDF accessibility"]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S)[1:]
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)[title_column : title_column + 2] for row in rows]
    return {text_of(title): text_of(verdict) for title, verdict in cells}


# What a PDF says about itself, read at upload


@pytest.mark.parametrize("kind", KINDS)
def test_reading_a_pdf_finds_its_tags_title_and_language(kind):
    assert read(make_pdf(**KINDS[kind][0])) == KINDS[kind][1]


def test_a_title_and_language_are_kept_on_one_line_and_to_the_fields_length():
    facts = read(make_pdf(title="A  title\nover two lines " + "x" * 300))
    assert facts.title == ("A title over two lines " + "x" * 300)[:255]


post_admin, post_chooser, post_multiple = upload_paths("document", "Scan", "scan.pdf")


def stored(post, response):
    """What ``post``'s upload path answers once it has stored the PDF."""
    if post is post_admin:
        return response.status_code, response.url
    if post is post_chooser:
        return response.status_code, response.json()["step"]
    return response.status_code, response.json()["success"]


@pytest.mark.parametrize(
    ("post", "answer"),
    [(post_admin, (302, "/admin/documents/")), (post_chooser, (200, "chosen")), (post_multiple, (200, True))],
)
def test_an_upload_that_fails_the_checklist_is_still_stored_with_its_facts(staff_client, post, answer):
    response = post(staff_client, make_pdf(text="", tagged=False, title="", language=""))
    assert stored(post, response) == answer
    document = PublicationDocument.objects.get()
    facts = (document.pdf_tagged, document.pdf_title, document.pdf_language, document.pdf_accessible)
    assert facts == (False, "", "", False)
    assert document.page_count == 2


def test_replacing_the_file_checks_the_new_one(staff_client, staff):
    document = document_of("untagged", title="Report", uploaded_by_user=staff)
    response = staff_client.post(
        f"/admin/documents/edit/{document.pk}/",
        {"title": "Report", "file": uploaded(make_pdf(text="Second edition"), "report.pdf"), "collection": 1},
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.pdf_tagged, document.pdf_title, document.pdf_accessible) == (True, "Second edition", True)
    assert checklist_on_form(staff_client, document)[0] == PASSES


def test_the_demo_reports_pass_and_are_tagged_paragraph_by_paragraph():
    publication = content.PUBLICATIONS[0]
    data = files.report_pdf(
        publication.title, datetime.date(2024, 5, 1), publication.summary, publication.body, "Org", content.ABOUT
    )
    assert read(data) == PdfAccessibility(tagged=True, title=publication.title, language="en")
    assert DocumentFactory(file=ContentFile(data, name="demo.pdf")).pdf_accessible is True
    # The title page in reading order: the organisation, the title as the heading, the date, the summary.
    assert structure_of_page_one(data) == ["P", "H1", "P", "P"]


def structure_of_page_one(data):
    """The types of the structure elements of the PDF's page 1, as a screen reader meets them."""
    pdf = pypdfium2.PdfDocument(data)
    tree = pdfium.FPDF_StructTree_GetForPage(pdf[0])
    try:
        document = pdfium.FPDF_StructTree_GetChildAtIndex(tree, 0)
        children = (pdfium.FPDF_StructElement_GetChildAtIndex(document, i) for i in range(10))
        return [kind for kind in map(struct_type, children) if kind]
    finally:
        pdfium.FPDF_StructTree_Close(tree)
        pdf.close()


def struct_type(element):
    """An element's type; empty for one on another page, which pdfium does not load for this one."""
    if not element:
        return ""
    buffer = ctypes.create_string_buffer(100)
    size = pdfium.FPDF_StructElement_GetType(element, buffer, len(buffer))
    return buffer.raw[: max(size - 2, 0)].decode("utf-16-le")


# What staff see: the checklist on the document's form, the verdict in the chooser


@pytest.mark.parametrize("kind", KINDS)
def test_the_document_form_shows_the_checklist(staff_client, staff, kind):
    document = document_of(kind, uploaded_by_user=staff)
    assert checklist_on_form(staff_client, document) == KINDS[kind][2]


def test_the_chooser_and_the_documents_listing_show_each_pdfs_verdict(staff_client):
    for kind in KINDS:
        document_of(kind, title=f"The {kind} PDF")
    expected = {f"The {kind} PDF": KINDS[kind][3] for kind in KINDS}
    assert chooser_verdicts(staff_client) == expected
    assert listing_verdicts(staff_client) == expected


def unchecked(document):
    """``document`` as one uploaded before the checklist existed."""
    PublicationDocument.objects.filter(pk=document.pk).update(
        pdf_tagged=None, pdf_title="", pdf_language="", pdf_accessible=None
    )
    return document


def test_a_pdf_uploaded_before_the_checklist_says_so(staff_client, staff):
    document = unchecked(document_of("untagged", title="An old report", uploaded_by_user=staff))
    html = staff_client.get(f"/admin/documents/edit/{document.pk}/").content.decode()
    assert NOT_CHECKED in unescape(html)
    assert "PDF accessibility checklist" not in html
    assert chooser_verdicts(staff_client) == {"An old report": "Not checked yet"}
    assert listing_verdicts(staff_client) == {"An old report": "Not checked yet"}


def test_the_command_checks_the_pdfs_uploaded_before_the_checklist():
    old = [unchecked(document_of(kind)) for kind in ("tagged", "untagged", "image only")]
    checked = document_of("untitled")
    out = io.StringIO()
    call_command("check_pdf_accessibility", stdout=out)
    assert out.getvalue() == "3 PDFs checked.\n"
    verdicts = [PublicationDocument.objects.get(pk=document.pk).pdf_accessible for document in [*old, checked]]
    assert verdicts == [True, False, False, False]
    untagged = PublicationDocument.objects.get(pk=old[1].pk)
    assert (untagged.pdf_tagged, untagged.pdf_title, untagged.pdf_language) == (False, "Funding for success", "en")

    out = io.StringIO()
    call_command("check_pdf_accessibility", stdout=out)
    assert out.getvalue() == "0 PDFs checked.\n"


def test_the_command_reports_a_pdf_it_cannot_read_and_checks_the_others():
    broken, fine = unchecked(document_of("untagged")), unchecked(document_of("tagged"))
    broken.file.storage.delete(broken.file.name)
    out, err = io.StringIO(), io.StringIO()
    call_command("check_pdf_accessibility", stdout=out, stderr=err)
    assert out.getvalue() == "1 PDFs checked; 1 could not be read.\n"
    assert err.getvalue().startswith(f"Document {broken.pk} ({broken.title}): ")
    assert PublicationDocument.objects.get(pk=broken.pk).pdf_tagged is None
    assert PublicationDocument.objects.get(pk=fine.pk).pdf_accessible is True


# The Publications listing: filtered by the checklist's verdict, with no file read and no query per row

LISTING = "/admin/publications/"


@pytest.fixture
def publications(index):
    pages = {
        kind: PublicationPageFactory(parent=index, title=f"With the {kind} PDF", pdf=document_of(kind))
        for kind in KINDS
    }
    pages["unchecked"] = PublicationPageFactory(
        parent=index, title="With an old PDF", pdf=unchecked(document_of("untagged"))
    )
    pages["no pdf"] = PublicationPageFactory(parent=index, title="Without a PDF")
    return pages


def listed(client, **params):
    response = client.get(LISTING, params)
    assert response.status_code == 200
    return {page.title for page in response.context["object_list"]}


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        ("fails", {"untagged", "untitled", "no language", "image only", "untagged scan"}),
        ("passes", {"tagged"}),
        ("not_checked", {"unchecked"}),
        ("", {*KINDS, "unchecked", "no pdf"}),
    ],
)
def test_the_listing_filters_by_the_pdfs_checklist(admin_client, publications, choice, expected):
    assert listed(admin_client, pdf_accessibility=choice) == {publications[key].title for key in expected}


def test_the_listing_offers_the_filter_and_shows_each_verdict(admin_client, publications):
    html = admin_client.get(LISTING).content.decode()
    choices = re.findall(r'name="pdf_accessibility" value="(\w*)"[^>]*>\s*([\w ]+)</label>', html)
    assert choices == [
        ("", "Any"),
        ("fails", "Fails the checklist"),
        ("passes", "Passes the checklist"),
        ("not_checked", "Not checked yet"),
    ]
    assert "Fails: no tags, no title, no language, no text" in row(html, "With the untagged scan PDF")
    assert "Passes" in row(html, "With the tagged PDF")
    assert "Not checked yet" in row(html, "With an old PDF")


def row(html, title):
    """The text of the listing's table row for ``title``."""
    for cells in re.findall(r"<tr[^>]*>(.*?)</tr>", html, flags=re.S):
        if re.search(rf'id="page_\d+_title">\s*{re.escape(title)}\s*<', cells):
            return text_of(cells)
    raise AssertionError(f"No row for {title!r}")


def test_the_filtered_listings_queries_do_not_grow_with_the_number_of_pages(admin_client, index):
    def add(n):
        for kind in ("tagged", "untagged", "image only") * n:
            PublicationPageFactory(parent=index, pdf=document_of(kind))

    def counts():
        return [count_queries(admin_client, LISTING, pdf_accessibility=choice) for choice in ("fails", "passes", "")]

    add(1)
    few = counts()
    add(3)
    assert counts() == few
