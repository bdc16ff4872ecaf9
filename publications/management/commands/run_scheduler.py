"""Run Wagtail's publish_scheduled when a go-live or expiry is due, and record a heartbeat the dashboard checks.

Any number of servers may run it: one pass runs at a time (publications/editorial/scheduler_lock.py). Between
passes it sleeps until the next go-live or expiry, hearing of new schedules as they are made
(publications/editorial/scheduler_wakeup.py), and runs a pass at least every --interval seconds. With --once it
runs one pass, for cron or a systemd timer.

It also runs the archive imports editors confirm in the admin (publications/archive/runs.py), one at a time in a
thread beside the passes; with --once it runs one before it exits.
"""

import datetime
import io
import traceback

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone

from publications.archive.models import ImportRun
from publications.archive.runs import BackgroundImports
from publications.editorial.models import SchedulerHeartbeat
from publications.editorial.scheduler_lock import one_pass_at_a_time
from publications.editorial.scheduler_wakeup import ScheduleWatch, next_due, wake_up_at

RAN, BUSY, FAILED = "ran", "busy", "failed"
# How long to wait before trying again what is still due after a pass: another scheduler is running it (BUSY),
# or it failed, and is retried at growing intervals, up to --interval, rather than in a busy loop.
BUSY_RETRY_SECONDS = 1


class Command(BaseCommand):
    help = "Publish and expire scheduled pages when they are due, one pass at a time, recording a heartbeat."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run one pass and exit (for cron).")
        parser.add_argument(
            "--interval", type=float, default=60, help="Longest sleep between passes, in seconds (default 60)."
        )
        parser.add_argument(
            "--poll",
            type=float,
            default=5,
            help="Seconds between checks for schedules made while it sleeps (default 5); PostgreSQL also wakes "
            "it at once.",
        )

    def handle(self, *args, once, interval, poll, **options):
        self.verbosity = options["verbosity"]
        watch = ScheduleWatch()
        self.imports = BackgroundImports()
        failures = 0
        try:
            while True:
                outcome = self.run_pass()
                self.start_import(background=not once)
                if once:
                    return
                failures = failures + 1 if outcome == FAILED else 0
                retry = BUSY_RETRY_SECONDS if outcome == BUSY else min(interval, poll * 2 ** (failures - 1))
                self.sleep_until_due(watch, interval, poll, retry)
        finally:
            watch.close()

    def run_pass(self):
        output = io.StringIO()
        try:
            with one_pass_at_a_time() as ours:
                if not ours:
                    if self.verbosity > 1:
                        self.stdout.write("Another scheduler is running a pass; skipped.")
                    # The heartbeat is the pass's, written by the scheduler that runs it.
                    return BUSY
                call_command("publish_scheduled", stdout=output)
        except Exception:  # the failed pass, rolled back whole, is recorded and retried
            error = traceback.format_exc()
            self.stderr.write(error)
            SchedulerHeartbeat.beat(error=error[-4000:])
            return FAILED
        SchedulerHeartbeat.beat()
        report = output.getvalue().strip()
        if report and "No objects to go live" not in report:
            self.stdout.write(report)
        return RAN

    def start_import(self, background):
        try:
            if self.imports.start_next(background=background) and self.verbosity > 1:
                self.stdout.write("Started a confirmed archive import.")
        except DatabaseError:
            self.stderr.write(traceback.format_exc())

    def sleep_until_due(self, watch, interval, poll, retry):
        """Sleep until the next go-live or expiry, --interval at most, checking for new schedules meanwhile."""
        now = timezone.now()
        due = self.next_due()
        # Still due after a pass: another scheduler is running it, or it failed.
        earliest = now + datetime.timedelta(seconds=retry) if due is not None and due <= now else None
        while True:
            wake = wake_up_at(due, now=now, longest=interval, earliest=earliest)
            seconds = (wake - timezone.now()).total_seconds()
            if seconds <= 0:
                return
            close_old_connections()
            watch.wait(min(seconds, poll))
            due = self.next_due()

    def next_due(self):
        """The next go-live or expiry, or now when an import waits for this process; None while the database
        cannot say, to ask again at the next poll."""
        try:
            if not self.imports.busy and ImportRun.objects.filter(status=ImportRun.QUEUED).exists():
                return timezone.now()
            return next_due()
        except DatabaseError:
            connection.close()
            return None
