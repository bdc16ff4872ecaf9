"""An import started in the admin: its uploaded manifest and zip of files, its dry run's report, and, once an
editor confirms it and the scheduler process runs it, its report."""

import datetime
import logging

from django.conf import settings
from django.db import models
from django.utils import timezone

from .report import Report

logger = logging.getLogger(__name__)


# A running import's process marks it alive this often; one not marked for STALLED_AFTER lost its process (a
# scheduler stopped or redeployed mid-import) and is run again from the start, which changes nothing already in.
ALIVE_EVERY = datetime.timedelta(seconds=30)
STALLED_AFTER = datetime.timedelta(minutes=5)


class ImportRunQuerySet(models.QuerySet):
    def claim_next(self):
        """The oldest queued run, or a stalled one, marked running by this process; None if there is none or
        another took it.

        The conditional UPDATE lets any number of schedulers look for work: only one of them gets each run.
        """
        now = timezone.now()
        stalled = models.Q(status=ImportRun.RUNNING, alive_at__lt=now - STALLED_AFTER)
        for run in self.filter(models.Q(status=ImportRun.QUEUED) | stalled).order_by("queued_at", "pk")[:5]:
            if self.filter(pk=run.pk, status=run.status, alive_at=run.alive_at).update(
                status=ImportRun.RUNNING, started_at=now, alive_at=now
            ):
                if run.status == ImportRun.RUNNING:
                    logger.warning("Import %s restarted: the process running it stopped", run.pk)
                run.refresh_from_db()
                return run
        return None

    def mark_alive(self, pk):
        self.filter(pk=pk, status=ImportRun.RUNNING).update(alive_at=timezone.now())


class ImportRun(models.Model):
    CHECKED, QUEUED, RUNNING, DONE, FAILED = "checked", "queued", "running", "done", "failed"
    STATUSES = [
        (CHECKED, "Checked, waiting for confirmation"),
        (QUEUED, "Waiting for the scheduler"),
        (RUNNING, "Importing"),
        (DONE, "Imported"),
        (FAILED, "Stopped by an error"),
    ]

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    manifest = models.FileField(upload_to="imports/")
    manifest_name = models.CharField(max_length=255)
    files = models.FileField(upload_to="imports/", blank=True)
    publish = models.BooleanField(default=False)
    create_topics = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=STATUSES, default=CHECKED)
    check_report = models.JSONField()
    report = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    alive_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "queued_at"], name="import_run_queue")]

    def __str__(self):
        return f"{self.manifest_name} ({self.get_status_display().lower()})"

    @property
    def checked(self):
        return Report.from_dict(self.check_report)

    @property
    def imported(self):
        return Report.from_dict(self.report) if self.report else None
