import datetime
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from publications.editorial import series as series_rules
from publications.editorial.actions import ScheduleSeriesAction

from .factories import BriefPageFactory, PublicationPageFactory
from .helpers import assert_denied, publish, schedule

pytestmark = pytest.mark.django_db

VANCOUVER = zoneinfo.ZoneInfo("America/Vancouver")
UTC = datetime.UTC
FIRST = {"first_date": "2026-10-26", "first_time": "09:00", "interval": "7"}


@pytest.fixture(autouse=True)
def now():
    """Early October 2026, before the series' first release and the November DST change."""
    with time_machine.travel(datetime.datetime(2026, 10, 1, 12, tzinfo=VANCOUVER), tick=False):
        yield


@pytest.fixture
def series(index):
    """Five parts: the first two live, the other three drafts."""
    series = PublicationPageFactory(parent=index, title="Funding for Success")
    series.briefs = [
        BriefPageFactory(parent=series, title=f"Part {n}", live=n <= 2, publication_date=datetime.date(2026, 9, n))
        for n in range(1, 6)
    ]
    return series


def schedule_url(page):
    return reverse("publication_series:schedule", args=[page.pk])


def unschedule_url(page):
    return reverse("publication_series:unschedule", args=[page.pk])


def confirm(client, series, **fields):
    briefs = ",".join(str(brief.pk) for brief in series_rules.briefs_to_schedule(series))
    return client.post(schedule_url(series), {**FIRST, **fields, "briefs": briefs, "confirm": ""})


def schedule_from_5_october(series, user):
    ScheduleSeriesAction(series, user=user, first=datetime.datetime(2026, 10, 5, 9, tzinfo=VANCOUVER)).execute()


def refreshed(pages):
    """The pages fetched afresh: ``refresh_from_db`` keeps Wagtail's cached ``scheduled_revision``."""
    return [type(page).objects.get(pk=page.pk) for page in pages]


def section(html, heading_id):
    start = html.index(f'id="{heading_id}"')
    return html[start : html.index("</section>", start)]


def test_the_screen_lists_every_part_with_its_status(admin_client, admin_user, series):
    schedule_from_5_october(series, admin_user)
    response = admin_client.get(schedule_url(series))
    assert response.status_code == 200
    html = section(response.content.decode(), "series-heading")
    assert [html.index(brief.title) for brief in series.briefs] == sorted(html.index(b.title) for b in series.briefs)
    assert html.count("Live") == 2 and html.count("Scheduled") == 3
    assert "Tue 1 Sep 2026" in html
    assert "Mon 5 Oct 2026, 9:00 a.m. PDT" in html and "Mon 19 Oct 2026, 9:00 a.m. PDT" in html
    assert "Unschedule all 3 scheduled briefs" in html
    assert "Pacific time (America/Vancouver)" in response.content.decode()


def test_preview_shows_each_unpublished_brief_with_its_release_and_schedules_nothing(editor_client, series):
    response = editor_client.post(schedule_url(series), {**FIRST, "preview": ""})
    assert response.status_code == 200
    preview = section(response.content.decode(), "preview-heading")
    assert "3 briefs to schedule" in preview
    assert "Part 1" not in preview and "Part 2" not in preview
    expected = [
        ("Part 3", "Mon 26 Oct 2026, 9:00 a.m. PDT"),
        ("Part 4", "Mon 2 Nov 2026, 9:00 a.m. PST"),
        ("Part 5", "Mon 9 Nov 2026, 9:00 a.m. PST"),
    ]
    positions = [preview.index(text) for row in expected for text in row]
    assert positions == sorted(positions)
    assert 'name="confirm"' in preview
    assert not any(brief.approved_schedule for brief in refreshed(series.briefs))


def test_confirm_schedules_each_unpublished_brief_in_part_order_keeping_the_local_time_across_dst(
    editor_client, series
):
    response = confirm(editor_client, series)
    assert response.status_code == 302
    assert response.url == schedule_url(series)
    first, second, *drafts = refreshed(series.briefs)
    assert [brief.go_live_at for brief in drafts] == [
        datetime.datetime(2026, 10, 26, 16, tzinfo=UTC),
        datetime.datetime(2026, 11, 2, 17, tzinfo=UTC),
        datetime.datetime(2026, 11, 9, 17, tzinfo=UTC),
    ]
    assert {brief.go_live_at.astimezone(VANCOUVER).time() for brief in drafts} == {datetime.time(9)}
    assert [brief.publication_date for brief in drafts] == [
        datetime.date(2026, 10, 26),
        datetime.date(2026, 11, 2),
        datetime.date(2026, 11, 9),
    ]
    assert all(brief.approved_schedule and not brief.live for brief in drafts)
    for live in (first, second):
        assert live.live and not live.approved_schedule and live.go_live_at is None
    assert (first.publication_date, second.publication_date) == (datetime.date(2026, 9, 1), datetime.date(2026, 9, 2))

    page = editor_client.get(response.url).content.decode()
    assert "Scheduled 3 briefs: first goes live Mon 26 Oct 2026, 9:00 a.m. PDT, last Mon 9 Nov 2026" in page


def test_the_schedule_goes_live_when_its_time_comes(editor_client, series):
    confirm(editor_client, series)
    with time_machine.travel(datetime.datetime(2026, 11, 2, 17, 1, tzinfo=UTC), tick=False):
        call_command("publish_scheduled")
    assert [brief.live for brief in refreshed(series.briefs)] == [True, True, True, True, False]


def test_confirm_reschedules_briefs_already_scheduled(editor_client, admin_user, series):
    schedule_from_5_october(series, admin_user)
    confirm(editor_client, series, first_date="2026-12-01", first_time="14:30", interval="14")
    assert [brief.go_live_at for brief in refreshed(series.briefs)[2:]] == [
        datetime.datetime(2026, 12, 1, 22, 30, tzinfo=UTC),
        datetime.datetime(2026, 12, 15, 22, 30, tzinfo=UTC),
        datetime.datetime(2026, 12, 29, 22, 30, tzinfo=UTC),
    ]


def test_a_series_changed_since_the_preview_is_previewed_again(editor_client, series):
    response = editor_client.post(schedule_url(series), {**FIRST, "briefs": str(series.briefs[2].pk), "confirm": ""})
    assert response.status_code == 200
    assert "The series changed since the preview" in response.content.decode()
    assert not any(brief.approved_schedule for brief in refreshed(series.briefs))


def test_unschedule_all_leaves_unscheduled_drafts(editor_client, series):
    confirm(editor_client, series)
    response = editor_client.post(unschedule_url(series))
    assert response.status_code == 302
    first, second, *drafts = refreshed(series.briefs)
    for brief in drafts:
        assert not brief.live and not brief.approved_schedule and brief.go_live_at is None
        assert brief.get_latest_revision_as_object().go_live_at is None
    assert first.live and second.live
    page = editor_client.get(response.url).content.decode()
    assert "Unscheduled 3 briefs" in page
    assert "Unschedule all" not in page


SEPTEMBER_DATES = [datetime.date(2026, 9, 3), datetime.date(2026, 9, 4), datetime.date(2026, 9, 5)]


def publication_dates(briefs):
    """Each brief's publication date in its page row (the admin listing's) and in its latest revision."""
    return [(brief.publication_date, brief.get_latest_revision_as_object().publication_date) for brief in briefs]


def test_unschedule_all_restores_each_briefs_earlier_publication_date(editor_client, series):
    confirm(editor_client, series)
    editor_client.post(unschedule_url(series))
    drafts = refreshed(series.briefs)[2:]
    assert publication_dates(drafts) == [(date, date) for date in SEPTEMBER_DATES]


def test_unschedule_after_rescheduling_restores_the_date_from_before_the_first_schedule(editor_client, series):
    confirm(editor_client, series)
    confirm(editor_client, series, first_date="2026-12-01")
    editor_client.post(unschedule_url(series))
    assert publication_dates(refreshed(series.briefs)[2:]) == [(date, date) for date in SEPTEMBER_DATES]


def test_unschedule_keeps_a_publication_date_an_editor_changed_after_scheduling(editor_client, series):
    confirm(editor_client, series)
    draft = refreshed(series.briefs)[2].get_latest_revision_as_object()
    draft.publication_date = datetime.date(2026, 10, 30)
    draft.save_revision()
    editor_client.post(unschedule_url(series))
    third, fourth, fifth = refreshed(series.briefs)[2:]
    assert third.get_latest_revision_as_object().publication_date == datetime.date(2026, 10, 30)
    assert publication_dates([fourth, fifth]) == [(date, date) for date in SEPTEMBER_DATES[1:]]


def test_a_brief_scheduled_in_the_page_editor_keeps_its_date_when_unscheduled(admin_client, series):
    brief = series.briefs[2]
    brief.publication_date = datetime.date(2026, 11, 11)
    schedule(brief, datetime.datetime(2026, 11, 11, 17, tzinfo=UTC))
    admin_client.post(unschedule_url(series))
    brief = refreshed([brief])[0]
    assert not brief.approved_schedule
    assert publication_dates([brief]) == [(datetime.date(2026, 11, 11), datetime.date(2026, 11, 11))]


def test_the_page_history_says_scheduling_the_series_set_the_publication_date(editor_client, series):
    confirm(editor_client, series)
    history = editor_client.get(reverse("wagtailadmin_pages:history", args=[series.briefs[2].pk])).content.decode()
    assert "Scheduled with its series: publication date 26 Oct 2026 (was 3 Sep 2026)" in history


def test_unschedule_is_post_only(editor_client, series):
    assert editor_client.get(unschedule_url(series)).status_code == 405


def test_communications_staff_can_neither_see_nor_use_it(staff_client, admin_user, series):
    assert_denied(staff_client.get(schedule_url(series)))
    assert "you do not have permission" in staff_client.get(reverse("wagtailadmin_home")).content.decode()
    assert_denied(staff_client.post(schedule_url(series), {**FIRST, "preview": ""}))
    assert_denied(confirm(staff_client, series))
    assert not any(brief.approved_schedule for brief in refreshed(series.briefs))

    schedule_from_5_october(series, admin_user)
    assert_denied(staff_client.post(unschedule_url(series)))
    assert all(brief.approved_schedule for brief in refreshed(series.briefs)[2:])

    edit = staff_client.get(reverse("wagtailadmin_pages:edit", args=[series.pk]))
    assert edit.status_code == 200
    assert schedule_url(series) not in edit.content.decode()


def test_editors_find_it_in_the_series_header_menu(editor_client, series):
    edit = editor_client.get(reverse("wagtailadmin_pages:edit", args=[series.pk])).content.decode()
    assert schedule_url(series) in edit and "Schedule remaining briefs" in edit
    listing = editor_client.get(reverse("wagtailadmin_explore", args=[series.pk])).content.decode()
    assert schedule_url(series) in listing


def test_pages_that_are_not_series_have_no_button(admin_client, series, index):
    single = PublicationPageFactory(parent=index)
    for page in (single, series.briefs[0], index):
        edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
        assert "Schedule remaining briefs" not in edit


def test_pages_that_are_not_series_are_not_found(admin_client, series, index):
    single = PublicationPageFactory(parent=index)
    for page_id in (single.pk, series.briefs[0].pk, index.pk, 999999):
        assert admin_client.get(reverse("publication_series:schedule", args=[page_id])).status_code == 404
        assert admin_client.post(reverse("publication_series:unschedule", args=[page_id])).status_code == 404


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"first_date": "", "first_time": "", "interval": ""}, "This field is required."),
        ({"first_date": "2026-13-45"}, "Enter a valid date."),
        ({"first_date": "2026-10-26\x00"}, "Enter a valid date."),
        ({"first_time": "\x00"}, "Enter a valid time."),
        ({"interval": "7\x00"}, "Enter a whole number."),
        ({"interval": "0"}, "greater than or equal to 1"),
        ({"interval": str(10**12)}, "less than or equal to 60"),
        ({"interval": "9" * 5000}, "Enter a whole number."),
        ({"first_date": "2026-09-30"}, "The first release must be in the future."),
        ({"first_date": "9999-12-31", "first_time": "23:59"}, "within the next five years"),
        ({"first_date": "2027-03-14", "first_time": "02:30"}, "That time does not exist on that date"),
    ],
)
@pytest.mark.parametrize("button", ["preview", "confirm"])
def test_bad_input_is_a_form_error_and_schedules_nothing(admin_client, series, fields, message, button):
    response = admin_client.post(schedule_url(series), {**FIRST, **fields, button: ""})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not response.context["preview"]
    assert not any(brief.approved_schedule for brief in refreshed(series.briefs))


def test_a_series_with_every_brief_live_has_nothing_to_schedule(admin_client, index):
    series = PublicationPageFactory(parent=index)
    BriefPageFactory(parent=series)
    response = admin_client.post(schedule_url(series), {**FIRST, "preview": ""})
    assert response.status_code == 200
    assert "nothing left to schedule" in response.content.decode()


def test_an_incomplete_draft_is_named_instead_of_scheduled(admin_client, series):
    draft = series.briefs[3]
    draft.summary = ""
    draft.save_revision(clean=False)
    response = confirm(admin_client, series)
    assert response.status_code == 200
    assert "“Part 4” cannot be published yet. Summary: This field cannot be blank." in response.content.decode()
    assert not any(brief.approved_schedule for brief in refreshed(series.briefs))


def test_a_brief_expiring_before_its_release_is_named(admin_client, series):
    draft = series.briefs[4]
    draft.expire_at = datetime.datetime(2026, 11, 1, tzinfo=UTC)
    draft.save_revision()
    response = admin_client.post(schedule_url(series), {**FIRST, "preview": ""})
    assert "“Part 5” expires" in response.content.decode()


def test_unschedule_all_keeps_a_newer_incomplete_draft(editor_client, series):
    confirm(editor_client, series)
    brief = refreshed(series.briefs)[3].get_latest_revision_as_object()
    brief.summary = ""
    brief.save_revision(clean=False)
    response = editor_client.post(unschedule_url(series))
    assert response.status_code == 302
    brief = refreshed(series.briefs)[3]
    assert not brief.approved_schedule and brief.go_live_at is None
    assert brief.get_latest_revision_as_object().summary == ""


def test_scheduled_changes_to_a_live_brief_are_shown_and_unscheduled_too(admin_client, series):
    publish(series.briefs[0])
    live = schedule(refreshed(series.briefs[:1])[0], datetime.datetime(2026, 10, 20, 16, tzinfo=UTC))
    html = section(admin_client.get(schedule_url(series)).content.decode(), "series-heading")
    assert "Live + scheduled changes" in html
    assert "Unschedule all 1 scheduled brief" in html
    admin_client.post(unschedule_url(series))
    live = refreshed([live])[0]
    assert live.live and not live.approved_schedule
