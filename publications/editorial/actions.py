"""Operations on a brief series that change what readers see, in the style of ``wagtail.actions``.

``check()`` raises unless the user may publish the series and every brief it touches; ``execute()``
checks first, so no caller can skip it, then does the work in one transaction and logs it.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.formats import date_format
from wagtail.log_actions import LogContext, LogFormatter, log
from wagtail.models import PageLogEntry

from . import series as series_rules

SCHEDULED_WITH_SERIES = "publications.schedule_series"


class SeriesPermissionError(PermissionDenied):
    """Raised when the user may not publish the series or one of its briefs."""


def can_schedule(series, user):
    """Whether ``user`` may schedule and unschedule the briefs of ``series``: they may publish it."""
    return user is not None and series.permissions_for_user(user).can_publish()


class SeriesAction:
    def __init__(self, series, *, user):
        self.series = series
        self.user = user

    def briefs(self):
        """The briefs the action changes, in part order."""
        raise NotImplementedError

    def change(self, briefs):
        raise NotImplementedError

    def check(self):
        if not can_schedule(self.series, self.user) or not all(
            brief.permissions_for_user(self.user).can_publish() for brief in self.briefs()
        ):
            raise SeriesPermissionError("You do not have permission to schedule the briefs of this series.")

    @transaction.atomic
    def execute(self):
        """Check permission, then change the briefs in one transaction; returns them."""
        self.check()
        briefs = self.briefs()
        self.change(briefs)
        return briefs


class ScheduleSeriesAction(SeriesAction):
    """Give each brief that is not live yet a scheduled revision, one ``interval`` apart from ``first``.

    Each brief's publication date becomes its release date.
    """

    def __init__(self, series, *, user, first, interval=series_rules.WEEK):
        super().__init__(series, user=user)
        self.first = first
        self.interval = interval

    def briefs(self):
        return series_rules.briefs_to_schedule(self.series)

    def change(self, briefs):
        for brief, when in zip(briefs, series_rules.release_dates(self.first, len(briefs), self.interval), strict=True):
            with each_brief_in_its_history(self.user):
                page = brief.get_latest_revision_as_object()
                # Rescheduling keeps the date from before the first scheduling, so that unscheduling restores it.
                before = date_before_series_schedule(brief, page) or page.publication_date
                page.go_live_at = when
                page.publication_date = when.date()
                revision = page.save_revision(user=self.user)
                dates = {"before": before.isoformat(), "release": page.publication_date.isoformat()}
                log(page, SCHEDULED_WITH_SERIES, user=self.user, revision=revision, data={"publication_date": dates})
                revision.publish(user=self.user)


class UnscheduleSeriesAction(SeriesAction):
    """Cancel the scheduled release of every brief of the series, leaving each an unscheduled draft.

    A brief that scheduling the series gave its release date as publication date gets its earlier date back.
    """

    def briefs(self):
        return series_rules.scheduled_briefs(self.series)

    def change(self, briefs):
        for brief in briefs:
            with each_brief_in_its_history(self.user):
                draft = brief.get_latest_revision_as_object()
                before = date_before_series_schedule(brief, draft)
                revision = brief.scheduled_revision
                revision.approved_go_live_at = None
                revision.save(user=self.user, update_fields=["approved_go_live_at"])  # Wagtail logs the cancellation
                draft.go_live_at = None
                draft.publication_date = before or draft.publication_date
                draft.save_revision(user=self.user, clean=False)  # a draft may be incomplete, as an editor may save
                # A page that is not live keeps its latest draft in its own row too, as Wagtail's editor saves it.
                row = {"go_live_at": None}
                if not brief.live:
                    row["publication_date"] = draft.publication_date
                type(brief).objects.filter(pk=brief.pk).update(**row)


def each_brief_in_its_history(user):
    """A log context of its own for one brief's changes.

    Wagtail's page history shows, of the entries with the same action and request id, only the newest of
    any page, so with one id for the whole series only the last brief's history would show its scheduling.
    """
    return LogContext(user=user)


def date_before_series_schedule(brief, draft):
    """The publication date ``brief`` had before scheduling its series gave it the release date, while it
    is still scheduled that way and ``draft`` still has that date; else None.

    Read from the log entry the scheduling wrote, which shows in the page's history.
    """
    revision = brief.scheduled_revision
    entry = (
        revision
        and PageLogEntry.objects.filter(page_id=brief.pk, action=SCHEDULED_WITH_SERIES, revision=revision)
        .order_by("-timestamp", "-pk")
        .first()
    )
    if not entry or entry.data["publication_date"]["release"] != draft.publication_date.isoformat():
        return None
    return datetime.date.fromisoformat(entry.data["publication_date"]["before"])


class ScheduledWithSeriesFormatter(LogFormatter):
    label = "Schedule with its series"

    def format_message(self, log_entry):
        dates = log_entry.data["publication_date"]
        release, before = (
            date_format(datetime.date.fromisoformat(dates[key]), "j M Y") for key in ("release", "before")
        )
        return f"Scheduled with its series: publication date {release} (was {before})"


def register_log_actions(actions):
    """``register_log_actions``: how the page history describes scheduling a series."""
    actions.register_action(SCHEDULED_WITH_SERIES)(ScheduledWithSeriesFormatter)
