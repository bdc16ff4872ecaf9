"""The scheduler's heartbeat, which the dashboard checks to warn that scheduled pages are stuck."""

import datetime

from django.db import models
from django.utils import timezone

HEARTBEAT_STALE_AFTER = datetime.timedelta(minutes=5)


class SchedulerHeartbeat(models.Model):
    """When the scheduler last ran publish_scheduled; one row per scheduler name."""

    name = models.CharField(max_length=50, unique=True)
    last_run_at = models.DateTimeField()
    last_error = models.TextField(blank=True)

    def __str__(self):
        return f"{self.name} at {self.last_run_at:%Y-%m-%d %H:%M}"

    @classmethod
    def beat(cls, name="publish_scheduled", error=""):
        cls.objects.update_or_create(name=name, defaults={"last_run_at": timezone.now(), "last_error": error})

    @classmethod
    def is_stale(cls, name="publish_scheduled"):
        """True when the scheduler has not run within HEARTBEAT_STALE_AFTER (or never ran)."""
        last = cls.objects.filter(name=name).values_list("last_run_at", flat=True).first()
        return last is None or timezone.now() - last > HEARTBEAT_STALE_AFTER
