"""Upcoming releases: the scheduled go-lives (of new pages and of changes to live ones) and expiries."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from wagtail.models import Page, Revision


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
    """Scheduled go-lives and expiries, soonest first.

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
