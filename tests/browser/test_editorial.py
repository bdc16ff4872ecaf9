"""The editorial workflow in the real admin: staff write and submit, editors schedule and approve, then it goes live."""

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect
from wagtail.models import WorkflowState

from publications.models import PublicationPage
from tests.factories import DocumentFactory, PublicationPageFactory, make_pdf
from tests.helpers import submit_for_review

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SITE_TIME_ZONE = zoneinfo.ZoneInfo("America/Vancouver")


def upload_through_chooser(page, field, file, title, description=None):
    """Open ``field``'s chooser, upload ``file`` in its Upload tab and wait until the field shows it."""
    panel = page.get_by_role("region", name=field, exact=True)
    panel.get_by_role("button", name=re.compile(r"^Choose an? ")).click()
    dialog = page.get_by_role("dialog").filter(has=page.get_by_role("tab", name="Upload"))
    dialog.get_by_role("tab", name="Upload").click()
    dialog.get_by_label("Title").fill(title)  # first: choosing a file fills an empty title from the file name
    dialog.get_by_label("File").set_input_files(file)
    if description is not None:
        dialog.get_by_label("Description").fill(description)
    dialog.get_by_role("button", name="Upload").click()
    expect(dialog).to_be_hidden()
    expect(panel).to_contain_text(title)


def type_date(page, field, value, click_away):
    """Type a date into a date field, then close the calendar that opens on focus (it covers what is below)."""
    field.fill(value)
    calendar = page.locator(".xdsoft_datetimepicker").filter(visible=True)
    expect(calendar).to_have_count(1)
    click_away.click()
    expect(calendar).to_have_count(0)


def add_block(page, block_name):
    """Append a ``block_name`` block to the body and return it."""
    body = page.get_by_role("region", name="Body", exact=True)
    blocks = body.locator("[data-streamfield-stream-container] > [data-streamfield-child]")
    count = blocks.count()
    body.get_by_role("button", name="Insert a block").last.click()
    page.get_by_role("option", name=block_name, exact=True).click()
    expect(blocks).to_have_count(count + 1)
    return blocks.nth(count)


def choose_related(page, *titles):
    """Pick ``titles`` in the multiple chooser of "Other recommended publications"."""
    panel = page.get_by_role("region", name="Other recommended publications")
    panel.get_by_role("button", name="Add related publication").click()
    dialog = page.get_by_role("dialog").filter(has=page.get_by_role("button", name="Confirm selection"))
    for title in titles:
        dialog.get_by_role("checkbox", name=title).check()
    dialog.get_by_role("button", name="Confirm selection").click()
    expect(dialog).to_be_hidden()
    for title in titles:
        expect(panel).to_contain_text(title)


def open_action_menu(page):
    page.get_by_role("button", name="More actions").click()
    return page.get_by_role("navigation", name="Actions (footer)")


def test_staff_create_a_publication_and_submit_it_for_review(page, log_in, staff, index, tmp_path):
    PublicationPageFactory(parent=index, title="Funding the future")
    PublicationPageFactory(parent=index, title="Tuition trends")
    cover = tmp_path / "cover.png"
    Image.new("RGB", (300, 400), "navy").save(cover)
    pdf = tmp_path / "micro-credentials.pdf"
    pdf.write_bytes(make_pdf(pages=3, text="Micro-credentials and their academic credibility"))
    title = "Micro-credentials in BC"

    log_in(page, staff)
    page.goto(f"/admin/pages/{index.pk}/")
    page.get_by_role("link", name="Add child page").click()
    page.get_by_placeholder("Page title*").fill(title)
    type_date(
        page,
        page.get_by_role("textbox", name="Publication date"),
        "2025-03-01",
        click_away=page.get_by_role("tab", name="Content"),
    )
    page.get_by_role("textbox", name="Summary").fill("What micro-credentials mean for BC's research universities.")
    upload_through_chooser(page, "Cover image", cover, "Micro-credentials cover", "A navy report cover")
    upload_through_chooser(page, "PDF", pdf, "Micro-credentials report")

    quote = add_block(page, "Quote")
    quote.get_by_role("textbox", name="Text").fill("It has to fit within the academic mission.")
    quote.get_by_role("textbox", name="Attribution").fill("Excerpt")
    explore = add_block(page, "Explore")
    explore.get_by_role("textbox", name="Introduction").fill("Download our paper to explore:")
    items = explore.locator("input[name*='-items-'][name$='-value']")
    items.first.fill("How micro-credentials are used")
    explore.get_by_role("button", name="Add").last.click()
    expect(items).to_have_count(2)
    items.last.fill("Their benefits and pitfalls")
    choose_related(page, "Funding the future", "Tuition trends")

    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.get_by_role("heading", level=1)).to_have_text(title)
    expect(preview.get_by_text("It has to fit within the academic mission.")).to_be_visible()

    actions = open_action_menu(page)
    expect(actions.get_by_role("button", name=re.compile("publish", re.IGNORECASE))).to_have_count(0)
    expect(page.locator("[name=action-publish]")).to_have_count(0)
    actions.get_by_role("button", name="Submit to Editorial review").click()
    expect(page.get_by_role("status")).to_contain_text(f"Page '{title}' created and submitted for moderation")
    expect(page.get_by_role("row").filter(has_text=title)).to_contain_text("In moderation", ignore_case=True)

    publication = PublicationPage.objects.get(title=title)
    assert not publication.live
    state = WorkflowState.objects.get(object_id=str(publication.pk), status=WorkflowState.STATUS_IN_PROGRESS)
    assert state.workflow.name == "Editorial review"
    submitted = publication.get_latest_revision_as_object()
    assert submitted.publication_date == datetime.date(2025, 3, 1)
    assert submitted.cover_image.title == "Micro-credentials cover"
    assert submitted.cover_image.description == "A navy report cover"
    assert submitted.pdf.title == "Micro-credentials report"
    assert submitted.pdf.page_count == 3
    quote, explore = submitted.body
    assert (quote.block_type, quote.value["text"], quote.value["attribution"]) == (
        "quote",
        "It has to fit within the academic mission.",
        "Excerpt",
    )
    assert (explore.block_type, explore.value["introduction"], list(explore.value["items"])) == (
        "explore",
        "Download our paper to explore:",
        ["How micro-credentials are used", "Their benefits and pitfalls"],
    )
    picks = [link.publication.title for link in submitted.related_links.all()]
    assert picks == ["Funding the future", "Tuition trends"]


def test_editor_schedules_and_approves_and_the_scheduler_releases_it(page, new_context, log_in, staff, editor, index):
    report = PublicationPageFactory(parent=index, title="Embargoed report", live=False, pdf=DocumentFactory())
    submit_for_review(report, staff)
    go_live = (timezone.now() + datetime.timedelta(minutes=15)).replace(second=0, microsecond=0)

    log_in(page, editor)
    page.get_by_role("region", name="Awaiting your review").get_by_role("link", name="Embargoed report").click()
    page.get_by_role("button", name="Toggle status").click()
    page.get_by_role("button", name="Set schedule").click()
    schedule = page.get_by_role("dialog", name="Set publishing schedule")
    type_date(
        page,
        schedule.get_by_label("Go live date/time"),
        f"{timezone.localtime(go_live, SITE_TIME_ZONE):%Y-%m-%d %H:%M}",
        click_away=schedule.get_by_role("heading", name="Set publishing schedule"),
    )
    schedule.get_by_role("button", name="Save schedule").click()
    expect(page.get_by_role("status")).to_contain_text("Page 'Embargoed report' has been updated")
    open_action_menu(page).get_by_role("button", name="Approve and Publish").click()
    expect(page.get_by_role("row").filter(has_text="Embargoed report")).to_contain_text("Scheduled", ignore_case=True)

    report.refresh_from_db()
    assert not report.live
    assert report.scheduled_revision.approved_go_live_at == go_live

    reader = new_context()
    reader_page = reader.new_page()
    page_url, pdf_url = report.get_url(), report.pdf.url
    assert reader_page.goto(page_url).status == 404
    assert reader.request.get(pdf_url).status == 404

    with time_machine.travel(go_live + datetime.timedelta(minutes=1), tick=True):
        call_command("run_scheduler", "--once")
        assert reader_page.goto(page_url).status == 200
        expect(reader_page.get_by_role("heading", level=1)).to_have_text("Embargoed report")
        download = reader.request.get(pdf_url)
        assert download.status == 200
        assert download.body().startswith(b"%PDF-")
