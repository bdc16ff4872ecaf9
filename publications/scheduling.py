"""Publishing schedules: the scheduler's heartbeat, upcoming releases, and release dates for a brief series."""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from wagtail.models import Page, Revision

HEARTBEAT_STALE_AFTER = datetime.timedelta(minutes=5)


class SchedulerHeartbeat(models.Model):
    """When the scheduler last ran publish_scheduled; one row per scheduler name."""

    name = models.CharField(max_length=50, unique=True)
    last_run_at = models.DateTimeField()
    last_error = models.TextField(blank=True)

    def __str__(self):
        return f"{self.name} at {self.last_run_at:%Y-%m-%d %H:%M}"

    @classmethod
    def beat(cls, name="publish_scheduled", error=""):
        cls.objects.update_or_create(name=name, defaults={"last_run_at": timezone.now(), "last_error": error})

    @classmethod
    def is_stale(cls, name="publish_scheduled"):
        """True when the scheduler has not run within HEARTBEAT_STALE_AFTER (or never ran)."""
        last = cls.objects.filter(name=name).values_list("last_run_at", flat=True).first()
        return last is None or timezone.now() - last > HEARTBEAT_STALE_AFTER


def site_time_zone():
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def time_zone_label():
    """How dates in the admin are labelled, e.g. "Pacific time (America/Vancouver)"."""
    return f"{settings.PUBLICATIONS_TIME_ZONE_NAME} ({settings.TIME_ZONE})"


@dataclass(frozen=True)
class Release:
    page: Page
    when: datetime.datetime
    kind: str  # "go-live" or "expiry"

    @property
    def overdue(self):
        """Due already: the scheduler has not run since."""
        return self.when <= timezone.now()


def _scheduled_revisions():
    return Revision.page_revisions.filter(approved_go_live_at__isnull=False)


def _pending_expiries():
    return Page.objects.filter(live=True, expire_at__isnull=False)


def upcoming_releases(limit=20):
    """Scheduled go-lives (of new pages and of changes to live ones) and expiries, soonest first.

    Overdue ones are included: they are what a stopped scheduler leaves behind.
    """
    revisions = list(_scheduled_revisions().order_by("approved_go_live_at")[:limit])
    pages = Page.objects.in_bulk([int(revision.object_id) for revision in revisions])
    go_lives = [
        Release(pages[int(revision.object_id)], revision.approved_go_live_at, "go-live")
        for revision in revisions
        if int(revision.object_id) in pages
    ]
    expiries = [Release(page, page.expire_at, "expiry") for page in _pending_expiries().order_by("expire_at")[:limit]]
    return sorted(go_lives + expiries, key=lambda release: release.when)[:limit]


def has_scheduled_pages():
    """Whether anything waits on the scheduler: a go-live or an expiry."""
    return _scheduled_revisions().exists() or _pending_expiries().exists()


def release_dates(first, count, interval=datetime.timedelta(weeks=1)):
    """``count`` datetimes from ``first`` at ``interval``, keeping the same wall-clock time across DST changes."""
    zone = site_time_zone()
    local_first = timezone.localtime(first, zone).replace(tzinfo=None)
    return [(local_first + interval * n).replace(tzinfo=zone) for n in range(count)]


def briefs_to_schedule(series):
    """The series' briefs that are not live yet, in part order."""
    from .models import BriefPage

    return list(BriefPage.objects.child_of(series).filter(live=False).order_by("path"))


@transaction.atomic
def schedule_briefs(series, first, user, interval=datetime.timedelta(weeks=1)):
    """Give each unpublished brief a scheduled revision, one ``interval`` apart from ``first``.

    Each brief's publication date becomes its release date. Returns the scheduled briefs.
    """
    briefs = briefs_to_schedule(series)
    for brief, when in zip(briefs, release_dates(first, len(briefs), interval), strict=True):
        page = brief.get_latest_revision_as_object()
        page.go_live_at = when
        page.publication_date = when.date()
        page.save_revision(user=user, log_action=True).publish(user=user)
    return briefs


@transaction.atomic
def unschedule_briefs(series, user):
    """Cancel the scheduled release of every brief of ``series``, leaving each an unscheduled draft.

    Returns the briefs unscheduled.
    """
    from .models import BriefPage

    scheduled = BriefPage.objects.child_of(series).annotate_approved_schedule().filter(_approved_schedule=True)
    briefs = list(scheduled.order_by("path"))
    for brief in briefs:
        revision = brief.scheduled_revision
        revision.approved_go_live_at = None
        revision.save(user=user, update_fields=["approved_go_live_at"])  # Wagtail logs the cancellation
        draft = brief.get_latest_revision_as_object()
        draft.go_live_at = None
        draft.save_revision(user=user, clean=False)  # a draft may be incomplete, as when an editor saves one
        BriefPage.objects.filter(pk=brief.pk).update(go_live_at=None)
    return briefs
