"""Releasing a brief series: its briefs still to release, and their release dates (what a series is:
``publications.pages.models.is_series``)."""

import datetime

from django.utils import timezone

from publications.pages.models import BriefPage
from publications.timezones import site_time_zone

WEEK = datetime.timedelta(weeks=1)


def briefs(series):
    """Every brief of ``series``, in part order."""
    return BriefPage.objects.child_of(series).order_by("path")


def briefs_to_schedule(series):
    """The series' briefs that are not live yet, in part order."""
    return list(briefs(series).filter(live=False))


def scheduled_briefs(series):
    """The series' briefs with an approved, scheduled release, in part order."""
    return list(briefs(series).annotate_approved_schedule().filter(_approved_schedule=True))


def release_dates(first, count, interval=WEEK):
    """``count`` datetimes from ``first`` at ``interval``, keeping the same wall-clock time across DST changes."""
    zone = site_time_zone()
    local_first = timezone.localtime(first, zone).replace(tzinfo=None)
    return [(local_first + interval * n).replace(tzinfo=zone) for n in range(count)]
