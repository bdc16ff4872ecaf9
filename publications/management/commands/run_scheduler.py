"""Run Wagtail's publish_scheduled every minute and record a heartbeat the admin dashboard checks.

Any number of servers may run it: one pass runs at a time (publications/editorial/scheduler_lock.py). Run it
beside the web server (`make run` does), or with --once from cron or a systemd timer.
"""

import io
import time
import traceback

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from publications.editorial.models import SchedulerHeartbeat
from publications.editorial.scheduler_lock import one_pass_at_a_time


class Command(BaseCommand):
    help = "Publish and expire scheduled pages every minute, one pass at a time, recording a heartbeat."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run one pass and exit (for cron).")
        parser.add_argument("--interval", type=int, default=60, help="Seconds between passes (default 60).")

    def handle(self, *args, once, interval, **options):
        self.verbosity = options["verbosity"]
        while True:
            self.run_pass()
            if once:
                return
            time.sleep(interval)
            # A connection idle for a minute may have been dropped by the server.
            close_old_connections()

    def run_pass(self):
        output = io.StringIO()
        try:
            with one_pass_at_a_time() as ours:
                if not ours:
                    if self.verbosity > 1:
                        self.stdout.write("Another scheduler is running a pass; skipped.")
                    # The heartbeat is the pass's, written by the scheduler that runs it.
                    return
                call_command("publish_scheduled", stdout=output)
        except Exception:  # the failed pass, rolled back whole, is recorded and retried next minute
            error = traceback.format_exc()
            self.stderr.write(error)
            SchedulerHeartbeat.beat(error=error[-4000:])
            return
        SchedulerHeartbeat.beat()
        report = output.getvalue().strip()
        if report and "No objects to go live" not in report:
            self.stdout.write(report)
