"""When the scheduler next has work, and how it hears of new schedules while it sleeps.

It sleeps until the soonest go-live or expiry. A schedule made meanwhile wakes it: on PostgreSQL a NOTIFY, sent
when the transaction that schedules a revision or gives a live page an expiry commits; everywhere, a poll of one
query every few seconds, which also catches the schedules made without a signal (bulk updates).
"""

import datetime
import select
import time

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.models import F
from django.db.models.signals import post_save
from wagtail.models import Page, Revision

CHANNEL = "publications_schedule"


def next_due():
    """The soonest go-live of a scheduled revision or expiry of a live page, overdue ones included; None if none.

    These are what Wagtail's publish_scheduled acts on: any revision with an approved go-live, any live page
    with an expiry. One query, on the go-live's index and the live pages.
    """
    go_lives = (
        Revision.objects.filter(approved_go_live_at__isnull=False).order_by().values(due=F("approved_go_live_at"))
    )
    expiries = Page.objects.filter(live=True, expire_at__isnull=False).order_by().values(due=F("expire_at"))
    soonest = go_lives.union(expiries, all=True).order_by("due").first()
    return soonest and soonest["due"]


def wake_up_at(due, *, now, longest, earliest=None):
    """When the next pass should run: at ``due`` (at once if it is past), but no later than ``longest`` seconds
    from ``now`` and no sooner than ``earliest``."""
    latest = now + datetime.timedelta(seconds=longest)
    wake = latest if due is None else min(due, latest)
    return max(wake, earliest or wake)


def notify_schedule_changed(sender, instance, using, **kwargs):
    """Wake sleeping schedulers when this transaction commits (PostgreSQL delivers a NOTIFY only then)."""
    if isinstance(instance, Revision):
        scheduled = instance.approved_go_live_at is not None
    elif isinstance(instance, Page):
        scheduled = instance.live and instance.expire_at is not None
    else:
        return
    if scheduled:
        wake_schedulers(using)


def wake_schedulers(using=DEFAULT_DB_ALIAS):
    """On PostgreSQL, wake sleeping schedulers when the transaction in progress commits (or at once outside one)."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_notify(%s, '')", [CHANNEL])


def connect_signals():
    # Any sender: a page's post_save comes from its specific class.
    post_save.connect(notify_schedule_changed, dispatch_uid="publications.notify_schedule_changed")


class ScheduleWatch:
    """Sleeps until a timeout or, on PostgreSQL, a notification that a schedule changed.

    It listens on a connection of its own, kept open between passes (Django's own is closed while the
    scheduler sleeps). If that connection fails, it sleeps out the timeout and listens again on the next wait.
    """

    def __init__(self, using=DEFAULT_DB_ALIAS):
        self.using = using
        self.listener = None

    def wait(self, seconds):
        """Return after ``seconds``, or sooner when a schedule may have changed."""
        deadline = time.monotonic() + seconds
        if connections[self.using].vendor != "postgresql":
            time.sleep(seconds)
            return
        try:
            raw = self._listening()
            # Other messages wake it too (the server's goodbye before it drops the connection): only a
            # notification ends the wait early.
            while not raw.notifies and (remaining := deadline - time.monotonic()) > 0:
                if select.select([raw], [], [], remaining)[0]:
                    raw.poll()
            raw.notifies.clear()
        except (DatabaseError, OSError, connections[self.using].Database.Error):
            self.close()
            time.sleep(max(0, deadline - time.monotonic()))

    def _listening(self):
        if self.listener is None:
            self.listener = connections.create_connection(self.using)
            self.listener.ensure_connection()
            self.listener.set_autocommit(True)
            with self.listener.cursor() as cursor:
                cursor.execute(f"LISTEN {CHANNEL}")
        return self.listener.connection

    def close(self):
        if self.listener is not None:
            try:
                self.listener.close()
            except DatabaseError:
                pass
            self.listener = None
