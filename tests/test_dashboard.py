"""The admin dashboard lists upcoming releases and warns when the scheduler has stopped."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from publications.editorial.actions import UnscheduleSeriesAction
from publications.editorial.roles import STAFF
from publications.models import SchedulerHeartbeat

from .factories import BriefPageFactory, PublicationPageFactory
from .helpers import count_queries, publish, schedule

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
# Winter in Vancouver is UTC-8, so 17:00 UTC is 9:00 a.m. Pacific.
NOW = datetime.datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
WARNING = "Scheduled pages will not go live"


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def dashboard(client):
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def series(index):
    return PublicationPageFactory(parent=index, title="Funding for Success")


def test_upcoming_releases_lists_go_lives_and_expiries_in_time_order_in_local_time(admin_client, index, series):
    brief = BriefPageFactory(parent=series, title="Brief 5: International Tuition", live=False)
    schedule(brief, datetime.datetime(2026, 12, 1, 17, 0, tzinfo=UTC))
    expiring = PublicationPageFactory(
        parent=index, title="Budget Reaction", expire_at=datetime.datetime(2026, 11, 25, 20, 30, tzinfo=UTC)
    )

    html = dashboard(admin_client)

    assert "Upcoming releases" in html
    assert "Pacific time (America/Vancouver)" in html
    expiry_at = html.index("Budget Reaction")
    go_live_at = html.index("Brief 5: International Tuition")
    assert expiry_at < go_live_at
    assert "Expires" in html[expiry_at:go_live_at]
    assert "Wed 25 Nov 2026, 12:30 p.m." in html[expiry_at:go_live_at]
    assert "Goes live" in html[go_live_at:]
    assert "Tue 1 Dec 2026, 9:00 a.m." in html[go_live_at:]
    assert reverse("wagtailadmin_pages:edit", args=[brief.pk]) in html
    assert reverse("wagtailadmin_pages:edit", args=[expiring.pk]) in html
    assert ">Brief</td>" in html
    assert ">Publication</td>" in html


def test_an_unscheduled_brief_leaves_the_upcoming_releases(admin_client, admin_user, series):
    brief = BriefPageFactory(parent=series, title="Brief 6: A New Funding Model", live=False)
    schedule(brief)
    assert "Brief 6: A New Funding Model" in dashboard(admin_client)

    UnscheduleSeriesAction(series, user=admin_user).execute()

    html = dashboard(admin_client)
    assert "Brief 6: A New Funding Model" not in html
    assert "Nothing is scheduled." in html


def test_upcoming_releases_are_shown_only_to_those_who_edit_pages(staff_client, series):
    schedule(BriefPageFactory(parent=series, live=False))
    assert "Upcoming releases" in dashboard(staff_client)

    Group.objects.get(name=STAFF).page_permissions.all().delete()
    html = dashboard(staff_client)
    assert "Upcoming releases" not in html
    assert WARNING not in html


def test_the_warning_shows_while_pages_are_scheduled_and_the_scheduler_has_never_run(admin_client, series):
    schedule(BriefPageFactory(parent=series, live=False))

    html = dashboard(admin_client)

    assert WARNING in html
    assert "It has never run." in html
    assert "python manage.py run_scheduler" in html
    assert html.index(WARNING) < html.index("Upcoming releases")


def test_the_warning_comes_and_goes_with_the_heartbeat(admin_client, series, frozen_now):
    schedule(BriefPageFactory(parent=series, live=False))
    call_command("run_scheduler", "--once")
    assert WARNING not in dashboard(admin_client)

    frozen_now.shift(datetime.timedelta(minutes=6))

    html = dashboard(admin_client)
    assert WARNING in html
    assert "has not run in the last 5 minutes" in html
    assert "It last ran Fri 20 Nov 2026, 4:00 a.m. Pacific time (America/Vancouver)." in html

    call_command("run_scheduler", "--once")
    assert WARNING not in dashboard(admin_client)


def test_the_warning_reports_a_failed_run_even_when_the_scheduler_is_running(admin_client, series):
    schedule(BriefPageFactory(parent=series, live=False))
    SchedulerHeartbeat.beat(error="Traceback (most recent call last):\n  ...\nOperationalError: database is locked\n")

    html = dashboard(admin_client)

    assert WARNING in html
    assert "is running, but its last run, Fri 20 Nov 2026, 4:00 a.m. Pacific time (America/Vancouver), failed" in html
    assert "<code>OperationalError: database is locked</code>" in html


def test_no_warning_when_nothing_is_scheduled(admin_client, series):
    BriefPageFactory(parent=series, live=False)

    html = dashboard(admin_client)

    assert WARNING not in html
    assert "Nothing is scheduled." in html


def test_dashboard_queries_do_not_grow_with_the_releases(admin_client, series):
    schedule(BriefPageFactory(parent=series, live=False))
    few = count_queries(admin_client, reverse("wagtailadmin_home"))

    for days in range(3, 8):
        schedule(BriefPageFactory(parent=series, live=False), timezone.now() + datetime.timedelta(days=days))
        PublicationPageFactory(parent=series.get_parent(), expire_at=timezone.now() + datetime.timedelta(days=days))

    assert count_queries(admin_client, reverse("wagtailadmin_home")) == few


def test_scheduled_changes_to_a_live_page_are_listed(admin_client, index):
    page = publish(PublicationPageFactory(parent=index, title="Live report with a scheduled correction"))
    schedule(page, NOW + datetime.timedelta(days=2))
    assert page.live
    assert "Live report with a scheduled correction" in dashboard(admin_client)


def test_overdue_releases_stay_listed_while_the_scheduler_is_down(admin_client, index, frozen_now):
    page = schedule(
        PublicationPageFactory(parent=index, live=False, title="Overdue brief"), NOW + datetime.timedelta(hours=1)
    )
    frozen_now.move_to(NOW + datetime.timedelta(hours=2))
    html = dashboard(admin_client)
    assert "Overdue brief" in html and "Overdue" in html and WARNING in html
    assert not page.live


def test_a_pending_expiry_alone_raises_the_warning(admin_client, index):
    page = PublicationPageFactory(parent=index)
    page.expire_at = NOW + datetime.timedelta(days=1)
    publish(page)
    assert WARNING in dashboard(admin_client)
