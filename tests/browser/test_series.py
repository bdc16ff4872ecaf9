"""An editor schedules a series' remaining briefs weekly and sees the releases on the dashboard."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import BriefPageFactory, PublicationPageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def release_label(date):
    """A 9 a.m. release on ``date`` as the admin writes it, e.g. "Tue 1 Dec 2026, 9:00 a.m."."""
    return f"{date:%a} {date.day} {date:%b %Y}, 9:00 a.m."


def test_editor_schedules_the_remaining_briefs_weekly(page, log_in, editor, index):
    series = PublicationPageFactory(parent=index, title="Funding post-secondary education")
    BriefPageFactory(parent=series, title="Enrolment")
    BriefPageFactory(parent=series, title="Tuition", live=False)
    BriefPageFactory(parent=series, title="Research funding", live=False)
    first = timezone.localdate() + datetime.timedelta(days=3)
    releases = {"Tuition": release_label(first), "Research funding": release_label(first + datetime.timedelta(days=7))}

    log_in(page, editor)
    page.goto(f"/admin/pages/{series.pk}/edit/")
    header = page.get_by_role("navigation", name="Actions", exact=True)
    header.get_by_role("button", name="Actions").click()
    header.get_by_role("link", name="Schedule remaining briefs").click()
    page.get_by_label("First release date").fill(first.isoformat())
    page.get_by_label("Time").fill("09:00")
    page.get_by_label("Days between releases").fill("7")
    page.get_by_role("button", name="Preview dates").click()

    preview = page.get_by_role("region", name="Preview: 2 briefs to schedule")
    for title, when in releases.items():
        expect(preview.get_by_role("row").filter(has_text=title)).to_contain_text(when)
    expect(preview.get_by_role("row").filter(has_text="Enrolment")).to_have_count(0)
    preview.get_by_role("button", name="Confirm schedule").click()
    expect(page.get_by_role("status")).to_contain_text(f"Scheduled 2 briefs: first goes live {releases['Tuition']}")

    page.goto("/admin/")
    upcoming = page.get_by_role("region", name="Upcoming releases")
    for title, when in releases.items():
        release = upcoming.get_by_role("row").filter(has_text=title)
        expect(release).to_contain_text("Goes live")
        expect(release).to_contain_text(when)
    expect(upcoming.get_by_role("row").filter(has_text="Enrolment")).to_have_count(0)
