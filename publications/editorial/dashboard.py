"""Admin dashboard panels: the upcoming releases, and a warning when the scheduler has stopped."""

from wagtail.admin.ui.components import Component

from publications.timezones import local_datetime, time_zone_label

from . import upcoming
from .models import HEARTBEAT_STALE_AFTER, SchedulerHeartbeat

RELEASE_LABELS = {"go-live": "Goes live", "expiry": "Expires"}


class SchedulerWarningPanel(Component):
    """Warns, above all else, that scheduled pages will not go live because the scheduler is stopped or failing."""

    name = "scheduler_warning"
    template_name = "publications/admin/scheduler_warning.html"
    order = 10

    def get_context_data(self, parent_context=None):
        if not upcoming.has_scheduled_pages():
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
            "time_zone_label": time_zone_label(),
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
                for release in upcoming.upcoming_releases()
            ],
            "time_zone_label": time_zone_label(),
        }
