"""Operations on a brief series that change what readers see, in the style of ``wagtail.actions``.

``check()`` raises unless the user may publish the series and every brief it touches; ``execute()``
checks first, so no caller can skip it, then does the work in one transaction and logs it.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from . import series as series_rules


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
            page = brief.get_latest_revision_as_object()
            page.go_live_at = when
            page.publication_date = when.date()
            page.save_revision(user=self.user, log_action=True).publish(user=self.user)


class UnscheduleSeriesAction(SeriesAction):
    """Cancel the scheduled release of every brief of the series, leaving each an unscheduled draft."""

    def briefs(self):
        return series_rules.scheduled_briefs(self.series)

    def change(self, briefs):
        for brief in briefs:
            revision = brief.scheduled_revision
            revision.approved_go_live_at = None
            revision.save(user=self.user, update_fields=["approved_go_live_at"])  # Wagtail logs the cancellation
            draft = brief.get_latest_revision_as_object()
            draft.go_live_at = None
            draft.save_revision(user=self.user, clean=False)  # a draft may be incomplete, as when an editor saves one
            type(brief).objects.filter(pk=brief.pk).update(go_live_at=None)
