"""The scheduler: one pass at a time however many servers run it, woken when a go-live or expiry is due."""

import datetime
import fcntl
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone

from publications.editorial.scheduler_lock import PASS_LOCK_KEY, sqlite_lock_path
from publications.models import PublicationPage, SchedulerHeartbeat

from .factories import PublicationPageFactory
from .helpers import schedule

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent
needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs a database that serves concurrent connections"
)


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


# One pass at a time


@pytest.fixture
def lock_held_elsewhere():
    """Hold the scheduler's lock as another process would: another database session, or another open lock file."""
    if connection.vendor == "postgresql":
        other = connections.create_connection("default")
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [PASS_LOCK_KEY])
        yield other.close
        other.close()
    else:
        with open(sqlite_lock_path(connection), "a") as lock_file:
            fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
            yield lock_file.close


def test_a_pass_is_skipped_while_another_scheduler_runs_one(index, lock_held_elsewhere, capsys):
    page = schedule(PublicationPageFactory(parent=index, live=False), timezone.now() + datetime.timedelta(minutes=3))
    with time_machine.travel(page.go_live_at + datetime.timedelta(seconds=1)):
        call_command("run_scheduler", "--once", verbosity=2)
        assert not PublicationPage.objects.get(pk=page.pk).live
        # The heartbeat is left to the scheduler running the pass.
        assert not SchedulerHeartbeat.objects.exists()
        assert "Another scheduler is running a pass; skipped." in capsys.readouterr().out

        lock_held_elsewhere()
        call_command("run_scheduler", "--once")
        assert PublicationPage.objects.get(pk=page.pk).live
        assert not SchedulerHeartbeat.is_stale()
