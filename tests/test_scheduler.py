import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from publications.models import PublicationPage, SchedulerHeartbeat

from .factories import PublicationPageFactory
from .helpers import schedule

pytestmark = pytest.mark.django_db


def test_a_pass_publishes_what_is_due_and_records_a_heartbeat(index):
    page = schedule(PublicationPageFactory(parent=index, live=False), timezone.now() + datetime.timedelta(minutes=3))
    call_command("run_scheduler", "--once")
    assert not PublicationPage.objects.get(pk=page.pk).live
    assert not SchedulerHeartbeat.is_stale()

    with time_machine.travel(page.go_live_at + datetime.timedelta(minutes=1)):
        call_command("run_scheduler", "--once")
        assert PublicationPage.objects.get(pk=page.pk).live
    with time_machine.travel(page.go_live_at + datetime.timedelta(minutes=7)):
        assert SchedulerHeartbeat.is_stale()


def test_a_failed_pass_is_recorded(monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("publications.management.commands.run_scheduler.call_command", broken)
    call_command("run_scheduler", "--once")
    heartbeat = SchedulerHeartbeat.objects.get()
    assert "database went away" in heartbeat.last_error
    assert "database went away" in capsys.readouterr().err


def test_no_heartbeat_is_stale():
    assert SchedulerHeartbeat.is_stale()
