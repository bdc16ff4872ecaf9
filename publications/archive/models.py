"""An import started in the admin: its uploaded manifest and zip of files, its dry run's report, and, once an
editor confirms it and the scheduler process runs it, its report."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .report import Report


class ImportRunQuerySet(models.QuerySet):
    def claim_next(self):
        """The oldest queued run, marked running by this process; None if there is none or another took it.

        The conditional UPDATE lets any number of schedulers look for work: only one of them gets each run.
        """
        for run in self.filter(status=ImportRun.QUEUED).order_by("queued_at", "pk")[:5]:
            if self.filter(pk=run.pk, status=ImportRun.QUEUED).update(
                status=ImportRun.RUNNING, started_at=timezone.now()
            ):
                run.refresh_from_db()
                return run
        return None


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
