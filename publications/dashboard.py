"""Admin dashboard panels: the upcoming releases, and a warning when the scheduler has stopped."""

from django.utils import timezone
from django.utils.formats import date_format
from wagtail.admin.ui.components import Component
from wagtail.permissions import page_permission_policy

from . import scheduling
from .scheduling import HEARTBEAT_STALE_AFTER, SchedulerHeartbeat

RELEASE_LABELS = {"go-live": "Goes live", "expiry": "Expires"}


def local_datetime(value):
    """``value`` in the site's time zone, as editors read it: "Mon 1 Dec 2026, 9:00 a.m."."""
    # Formatted here, not with the template's date filter, which would convert to the request's time zone.
    return date_format(timezone.localtime(value, scheduling.site_time_zone()), "D j M Y, g:i a")


def can_edit_pages(user):
    return page_permission_policy.user_has_any_permission(user, {"change", "publish"})


class SchedulerWarningPanel(Component):
    """Warns, above all else, that scheduled pages will not go live because the scheduler is stopped or failing."""

    name = "scheduler_warning"
    template_name = "publications/admin/scheduler_warning.html"
    order = 10

    def get_context_data(self, parent_context=None):
        if not scheduling.has_scheduled_pages():
            return {"show": False}
        heartbeat = SchedulerHeartbeat.objects.filter(name="publish_scheduled").first()
        # The traceback's last line names the exception; the whole of it is in the scheduler's log.
        error = heartbeat.last_error.strip().splitlines()[-1] if heartbeat and heartbeat.last_error.strip() else ""
        stale = SchedulerHeartbeat.is_stale()
        return {
            # A scheduler that runs but fails every minute never goes stale, yet publishes nothing either.
            "show": stale or bool(error),
            "stale": stale,
            "error": error,
            "last_run": local_datetime(heartbeat.last_run_at) if heartbeat else None,
            "stale_minutes": int(HEARTBEAT_STALE_AFTER.total_seconds() // 60),
            "time_zone_label": scheduling.time_zone_label(),
        }


class UpcomingReleasesPanel(Component):
    """Scheduled go-lives and expiries, soonest first, in the site's time zone."""

    name = "upcoming_releases"
    template_name = "publications/admin/upcoming_releases.html"
    order = 230

    def get_context_data(self, parent_context=None):
        return {
            "releases": [
                {
                    "page": release.page,
                    "type": release.page.page_type_display_name,
                    "label": RELEASE_LABELS[release.kind],
                    "kind": release.kind,
                    "when": release.when,
                    "overdue": release.overdue,
                    "local_when": local_datetime(release.when),
                }
                for release in scheduling.upcoming_releases()
            ],
            "time_zone_label": scheduling.time_zone_label(),
        }
