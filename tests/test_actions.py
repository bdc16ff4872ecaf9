"""Operations that change what readers see check permission themselves, whoever calls them."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import Revision

from publications.editorial.actions import ScheduleSeriesAction, SeriesPermissionError, UnscheduleSeriesAction
from publications.editorial.roles import EDITORS, STAFF

from .factories import BriefPageFactory, PublicationPageFactory, UserFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def series(index):
    series = PublicationPageFactory(parent=index)
    series.briefs = [BriefPageFactory(parent=series, live=False) for _ in range(3)]
    return series


def next_week():
    return timezone.now() + datetime.timedelta(weeks=1)


def scheduled(series):
    return [type(brief).objects.get(pk=brief.pk).approved_schedule for brief in series.briefs]


@pytest.mark.parametrize("user", [lambda: member_of(STAFF), UserFactory, lambda: None], ids=["staff", "reader", "none"])
def test_scheduling_a_series_without_publish_permission_raises_and_changes_nothing(series, user):
    revisions = Revision.objects.count()
    action = ScheduleSeriesAction(series, user=user(), first=next_week())
    with pytest.raises(SeriesPermissionError, match="permission to schedule"):
        action.check()
    with pytest.raises(SeriesPermissionError):
        action.execute()
    assert scheduled(series) == [False, False, False]
    assert Revision.objects.count() == revisions


def test_unscheduling_a_series_without_publish_permission_raises_and_changes_nothing(series):
    ScheduleSeriesAction(series, user=member_of(EDITORS), first=next_week()).execute()
    with pytest.raises(SeriesPermissionError):
        UnscheduleSeriesAction(series, user=member_of(STAFF)).execute()
    assert scheduled(series) == [True, True, True]


def test_an_editor_schedules_and_unschedules(series):
    editor = member_of(EDITORS)
    assert ScheduleSeriesAction(series, user=editor, first=next_week()).execute() == series.briefs
    assert scheduled(series) == [True, True, True]
    assert UnscheduleSeriesAction(series, user=editor).execute() == series.briefs
    assert scheduled(series) == [False, False, False]
