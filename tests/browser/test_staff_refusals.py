"""In the real admin, Communications staff cannot change what readers see without an editor: deleting a
live PDF, replacing its file and deleting a scheduled page are each refused with a message, and readers
see no change."""

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from publications.models import PublicationDocument, PublicationPage
from tests.factories import DocumentFactory, PublicationPageFactory, make_pdf
from tests.helpers import schedule

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def reader_downloads(document):
    response = Client().get(document.url)
    return response.status_code, b"".join(response.streaming_content) if response.status_code == 200 else b""


@pytest.fixture
def live_pdf(index, staff):
    document = DocumentFactory(title="Annual report PDF", uploaded_by_user=staff)
    PublicationPageFactory(parent=index, title="Annual report", pdf=document)
    return document


def test_staff_cannot_delete_a_live_pdf(page, log_in, staff, live_pdf):
    before = reader_downloads(live_pdf)
    log_in(page, staff)
    page.goto(f"/admin/documents/edit/{live_pdf.pk}/")
    expect(page.get_by_text("Only an editor can delete it or replace its file.")).to_be_visible()
    expect(page.get_by_role("link", name="Delete")).to_have_count(0)

    page.goto(f"/admin/documents/delete/{live_pdf.pk}/")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.get_by_text("Sorry, you do not have permission to access this area.")).to_be_visible()

    page.goto("/admin/documents/")
    page.get_by_role("row", name=re.compile("Annual report PDF")).hover()  # the row's checkbox shows on hover
    page.get_by_role("row", name=re.compile("Annual report PDF")).get_by_role("checkbox").check()
    page.get_by_role("link", name="Delete selected documents").click()
    expect(page.get_by_text("You don't have permission to delete this document")).to_be_visible()
    assert PublicationDocument.objects.filter(pk=live_pdf.pk).exists()
    assert reader_downloads(live_pdf) == before


def test_staff_cannot_replace_the_file_of_a_live_pdf(page, log_in, staff, live_pdf, tmp_path):
    before = reader_downloads(live_pdf)
    replacement = tmp_path / "replacement.pdf"
    replacement.write_bytes(make_pdf(text="A replacement nobody reviewed"))
    log_in(page, staff)
    page.goto(f"/admin/documents/edit/{live_pdf.pk}/")
    page.get_by_label("File").set_input_files(str(replacement))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("so only an editor can replace its file")).to_be_visible()
    assert reader_downloads(live_pdf) == before


def test_staff_cannot_delete_a_scheduled_page(page, log_in, staff, index):
    brief = schedule(PublicationPageFactory(parent=index, title="Brief 5", live=False))
    log_in(page, staff)
    page.goto(f"/admin/pages/{brief.pk}/delete/")
    expect(page.get_by_text("“Brief 5” is scheduled to go live: only an editor can delete it.")).to_be_visible()
    assert PublicationPage.objects.filter(pk=brief.pk).exists()
    assert type(brief).objects.get(pk=brief.pk).approved_schedule
