"""The admin tells the truth: only editors are offered a schedule, scheduling says when in which time zone,
the PDF downloads panel names the saved PDF, and the related-publications chooser offers what readers can see."""

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from .factories import BriefPageFactory, DocumentFactory, PublicationPageFactory
from .helpers import page_in_state, publication_form, publish, schedule, submit_for_review

pytestmark = pytest.mark.django_db

VANCOUVER = zoneinfo.ZoneInfo("America/Vancouver")
GO_LIVE = "2026-12-01 09:00"
GO_LIVE_TEXT = "Tue 1 Dec 2026, 9:00 a.m. PST"


@pytest.fixture(autouse=True)
def now():
    """Early October 2026, in daylight saving time, two months before the go-live date in standard time."""
    with time_machine.travel(datetime.datetime(2026, 10, 1, 12, tzinfo=VANCOUVER), tick=False):
        yield


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def add_url(parent):
    return reverse("wagtailadmin_pages:add", args=["publications", "publicationpage", parent.pk])


# Only editors are offered a schedule


SCHEDULE_UI = ["Set schedule", "Anyone with editing permissions can create schedules", 'name="go_live_at"']


@pytest.mark.parametrize("view", ["edit", "add"])
def test_staff_are_offered_no_schedule(staff_client, index, view):
    url = edit_url(PublicationPageFactory(parent=index, live=False)) if view == "edit" else add_url(index)
    html = staff_client.get(url).content.decode()
    assert 'name="action-submit"' in html
    assert [text for text in SCHEDULE_UI if text in html] == []
    assert "An editor sets when the page goes live, when approving it." in html


@pytest.mark.parametrize("view", ["edit", "add"])
def test_editors_set_the_schedule_in_the_status_panel(editor_client, index, view):
    url = edit_url(PublicationPageFactory(parent=index, live=False)) if view == "edit" else add_url(index)
    html = editor_client.get(url).content.decode()
    assert "Set schedule" in html and 'name="go_live_at"' in html
    assert "Anyone with editing permissions can create schedules" not in html


def test_staff_saving_a_draft_keep_the_go_live_date_an_editor_set(staff_client, editor, index):
    page = PublicationPageFactory(parent=index, live=False)
    page.go_live_at = datetime.datetime(2026, 12, 1, 17, tzinfo=datetime.UTC)
    page.save_revision(user=editor)
    response = staff_client.post(edit_url(page), publication_form(page, summary="Shorter."))
    assert response.status_code == 302
    draft = type(page).objects.get(pk=page.pk).get_latest_revision_as_object()
    assert draft.summary == "Shorter."
    assert draft.go_live_at == datetime.datetime(2026, 12, 1, 17, tzinfo=datetime.UTC)


# Scheduling says when, in which time zone


def messages_after(client, response):
    assert response.status_code == 302
    return client.get(response.url).content.decode()


def test_approving_with_a_go_live_date_says_when_it_goes_live(editor_client, staff, index):
    page = submit_for_review(PublicationPageFactory(parent=index, live=False), staff)
    response = editor_client.post(
        edit_url(page),
        publication_form(
            page, go_live_at=GO_LIVE, **{"action-workflow-action": "true", "workflow-action-name": "approve"}
        ),
    )
    html = messages_after(editor_client, response)
    assert f"‘{page.title}’ approved. Scheduled to go live on {GO_LIVE_TEXT}." in html
    assert "has been updated" not in html
    page = type(page).objects.get(pk=page.pk)
    assert page.approved_schedule and not page.live


def test_publishing_with_a_go_live_date_says_when_it_goes_live(editor_client, index):
    page = PublicationPageFactory(parent=index, live=False)
    response = editor_client.post(edit_url(page), publication_form(page, go_live_at=GO_LIVE, **{"action-publish": "1"}))
    html = messages_after(editor_client, response)
    assert f"‘{page.title}’ saved. Scheduled to go live on {GO_LIVE_TEXT}." in html
    assert "has been scheduled for publishing" not in html


def test_scheduled_changes_to_a_live_page_say_the_live_version_stays(editor_client, index):
    page = publish(PublicationPageFactory(parent=index))
    response = editor_client.post(
        edit_url(page), publication_form(page, summary="New.", go_live_at=GO_LIVE, **{"action-publish": "1"})
    )
    html = messages_after(editor_client, response)
    assert (
        f"‘{page.title}’ saved. Scheduled to go live on {GO_LIVE_TEXT}. Readers see the live version until then."
    ) in html


def test_publishing_now_keeps_wagtails_message(editor_client, index):
    page = PublicationPageFactory(parent=index, live=False)
    response = editor_client.post(edit_url(page), publication_form(page, **{"action-publish": "1"}))
    html = messages_after(editor_client, response)
    assert f"Page &#x27;{page.title}&#x27; has been published." in html
    assert "Scheduled to go live" not in html


def test_the_status_panel_gives_the_scheduled_date_with_its_time_zone(editor_client, index):
    page = schedule(
        PublicationPageFactory(parent=index, live=False), datetime.datetime(2026, 12, 1, 17, tzinfo=datetime.UTC)
    )
    html = editor_client.get(edit_url(page)).content.decode()
    assert f"Go-live:</span> {GO_LIVE_TEXT}" in html
    assert "Schedule times are in Pacific time (America/Vancouver)." in html


# The PDF downloads panel names the saved PDF


def test_the_downloads_panel_names_the_saved_pdf_and_its_count(editor_client, index):
    pdf = DocumentFactory(title="Annual report")
    type(pdf).objects.filter(pk=pdf.pk).update(download_count=3)
    page = PublicationPageFactory(parent=index, pdf=pdf)
    html = editor_client.get(edit_url(page)).content.decode()
    assert "Saved PDF: <strong>Annual report</strong> (2 pages," in html
    assert "Downloaded <strong>3</strong> times by readers." in html
    assert "A PDF chosen above replaces it once the page is saved." in html


def test_without_a_saved_pdf_the_panel_says_when_the_count_appears(editor_client, index):
    page = PublicationPageFactory(parent=index)
    html = editor_client.get(edit_url(page)).content.decode()
    assert "No PDF is saved with this page yet" in html
    assert "The download count appears here once the page is saved with a PDF." in html


# The related-publications chooser offers what readers see or will see


def choose_publication(client, parent, page=None, **params):
    """The page chooser as the related-publications panel of ``page``'s editor opens it."""
    url = (
        reverse("wagtailadmin_choose_page_child", args=[parent.pk])
        if parent
        else reverse("wagtailadmin_choose_page_search")
    )
    headers = {"HTTP_REFERER": f"http://testserver{edit_url(page)}"} if page else {}
    response = client.get(url, {"page_type": "publications.publicationpage", "multiple": "1", **params}, **headers)
    assert response.status_code == 200
    return response


@pytest.fixture
def states(index):
    """A publication in each state, titled after it."""
    return {
        state: page_in_state(state, parent=index, title=f"The {state} one")
        for state in ("live", "draft", "scheduled", "unpublished", "expired")
    }


def offered(response):
    html = response.json()["html"] if response.get("content-type") == "application/json" else response.content.decode()
    return {
        state
        for state in ("live", "draft", "scheduled", "unpublished", "expired", "edited")
        if f"The {state} one" in html
    }


@pytest.mark.parametrize("client_fixture", ["staff_client", "editor_client"])
def test_the_chooser_offers_live_and_scheduled_publications_but_not_the_page_itself(
    request, index, states, client_fixture
):
    client = request.getfixturevalue(client_fixture)
    edited = PublicationPageFactory(parent=index, title="The edited one")
    assert offered(choose_publication(client, index, edited)) == {"live", "scheduled"}
    assert offered(choose_publication(client, None, edited, q="one")) == {"live", "scheduled"}


def test_the_chooser_marks_scheduled_publications(editor_client, index, states):
    html = choose_publication(editor_client, index).json()["html"]
    rows = dict(re.findall(r"(The \w+ one).*?Current page status:</span>\s*([\w +]+?)\s*<", html, re.S))
    assert rows == {"The live one": "live", "The scheduled one": "scheduled"}


def test_the_chooser_offers_briefs_of_a_series_the_same_way(editor_client, index):
    series = PublicationPageFactory(parent=index, title="The series")
    BriefPageFactory(parent=series, title="The live one")
    BriefPageFactory(parent=series, title="The draft one", live=False)
    assert offered(choose_publication(editor_client, series)) == {"live"}


def test_other_page_choosers_still_offer_drafts(editor_client, index, states):
    response = editor_client.get(reverse("wagtailadmin_choose_page_child", args=[index.pk]))
    assert offered(response) == {"live", "draft", "scheduled", "unpublished", "expired"}
