"""The scheduler: one pass at a time however many servers run it, woken when a go-live or expiry is due."""

import datetime
import fcntl
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client
from django.utils import timezone
from wagtail.models import PageLogEntry

from publications.editorial.scheduler_lock import PASS_LOCK_KEY, sqlite_lock_path
from publications.editorial.scheduler_wakeup import CHANNEL, ScheduleWatch, next_due, wake_up_at
from publications.models import PublicationPage, SchedulerHeartbeat

from .factories import DocumentFactory, PublicationPageFactory
from .helpers import publish, schedule

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


# When the scheduler wakes


def test_the_next_due_is_the_soonest_go_live_or_expiry_of_a_live_page(index):
    assert next_due() is None
    now = timezone.now()
    scheduled = schedule(PublicationPageFactory(parent=index, live=False), now + datetime.timedelta(hours=2))
    assert next_due() == scheduled.go_live_at
    expiring = publish(PublicationPageFactory(parent=index, expire_at=now + datetime.timedelta(hours=1)))
    PublicationPageFactory(parent=index, live=False, expire_at=now + datetime.timedelta(minutes=10))
    assert next_due() == expiring.expire_at

    overdue = now - datetime.timedelta(minutes=1)
    with time_machine.travel(overdue - datetime.timedelta(minutes=1)):
        schedule(PublicationPageFactory(parent=index, live=False), overdue)
    assert next_due() == overdue


NOW = datetime.datetime(2026, 3, 2, 16, 59, 50, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("due", "earliest", "wake"),
    [
        (None, None, NOW + datetime.timedelta(seconds=60)),
        (NOW + datetime.timedelta(seconds=10), None, NOW + datetime.timedelta(seconds=10)),
        (NOW + datetime.timedelta(hours=2), None, NOW + datetime.timedelta(seconds=60)),
        (NOW - datetime.timedelta(seconds=5), None, NOW - datetime.timedelta(seconds=5)),
        (NOW - datetime.timedelta(seconds=5), NOW + datetime.timedelta(seconds=1), NOW + datetime.timedelta(seconds=1)),
    ],
    ids=["nothing due", "due at nine", "due after the longest sleep", "overdue", "overdue but failing"],
)
def test_it_wakes_when_due_within_the_longest_sleep(due, earliest, wake):
    assert wake_up_at(due, now=NOW, longest=60, earliest=earliest) == wake


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

        lock_held_elsewhere()  # the other scheduler lets go
        call_command("run_scheduler", "--once")
        assert PublicationPage.objects.get(pk=page.pk).live
        assert not SchedulerHeartbeat.is_stale()


@needs_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_scheduling_wakes_a_sleeping_scheduler_when_it_commits(index):
    watch = ScheduleWatch()
    watch.wait(0)  # listening from now on
    PublicationPageFactory(parent=index, live=False).save_revision()
    assert sleeps(watch, 0.3) >= 0.3  # a draft changes no schedule
    schedule(PublicationPageFactory(parent=index, live=False), timezone.now() + datetime.timedelta(hours=1))
    assert sleeps(watch, 5) < 0.5
    watch.close()


@needs_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_scheduler_cut_off_from_the_database_listens_again(index):
    watch = ScheduleWatch()
    watch.wait(0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [watch.listener.connection.get_backend_pid()])
    assert sleeps(watch, 0.2) >= 0.2  # the timeout slept out, not an error
    watch.wait(0)
    schedule(PublicationPageFactory(parent=index, live=False), timezone.now() + datetime.timedelta(hours=1))
    assert sleeps(watch, 5) < 0.5
    watch.close()


def sleeps(watch, seconds):
    started = time.monotonic()
    watch.wait(seconds)
    return time.monotonic() - started


# Real schedulers, in processes of their own, against this test's database


class Schedulers:
    """``run_scheduler`` processes started by a test, each with its own name for PostgreSQL's pg_stat_activity."""

    def __init__(self, tmp_path):
        self.tmp_path = tmp_path
        self.processes = {}

    def start(self, name, *args):
        database = connection.settings_dict
        if connection.vendor == "sqlite":
            url = f"sqlite:///{database['NAME']}"
        else:
            url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
        environment = {
            key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "FRONTEND_CACHE_URL"}
        }
        environment |= {
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "DATABASE_URL": url,
            "CACHE_DIR": str(self.tmp_path / "cache"),
            "PGAPPNAME": name,
            "PYTHONUNBUFFERED": "1",
        }
        with open(self.tmp_path / f"{name}.log", "w") as log:
            self.processes[name] = subprocess.Popen(
                [sys.executable, "manage.py", "run_scheduler", "--verbosity", "2", *args],
                cwd=ROOT,
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        return self.processes[name]

    def output(self, name):
        return (self.tmp_path / f"{name}.log").read_text()

    def outputs(self):
        return "\n".join(f"--- {name}\n{self.output(name)}" for name in self.processes)

    def listening(self):
        """The names of the schedulers now asleep, listening for new schedules."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT DISTINCT application_name FROM pg_stat_activity"
                " WHERE datname = current_database() AND query = %s AND application_name = ANY(%s)",
                [f"LISTEN {CHANNEL}", list(self.processes)],
            )
            return {row[0] for row in cursor.fetchall()}

    def stop(self):
        for process in self.processes.values():
            if process.poll() is None:
                process.kill()
            process.wait()


@pytest.fixture
def schedulers(index, tmp_path):
    started = Schedulers(tmp_path)
    yield started
    started.stop()


@pytest.fixture
def editors_session(schedulers):
    """Another session, as an editor's request would be; closed before the test's tables are emptied."""
    session = connections.create_connection("default")
    yield session
    session.close()


def wait_for(condition, timeout, message):
    deadline = time.monotonic() + timeout
    while not (result := condition()):
        assert time.monotonic() < deadline, message()
        time.sleep(0.05)
    return result


def go_live_entries(page):
    return PageLogEntry.objects.filter(page=page, action="wagtail.publish.scheduled")


def went_live(page, timeout, schedulers):
    """Wait for ``page`` to go live; return how long after its go-live time that was."""
    wait_for(
        lambda: PublicationPage.objects.filter(pk=page.pk, live=True).exists(),
        timeout,
        lambda: f"not live {timeout} s after {page.go_live_at}\n{schedulers.outputs()}",
    )
    delay = (go_live_entries(page).get().timestamp - page.go_live_at).total_seconds()
    print(f"{page.title}: live {delay:.2f} s after its go-live time")  # for the record, with pytest -s
    return delay


@needs_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_schedulers_publish_a_go_live_once_on_time(index, schedulers):
    schedulers.start("scheduler-a")
    schedulers.start("scheduler-b")
    wait_for(lambda: schedulers.listening() == {"scheduler-a", "scheduler-b"}, 15, schedulers.outputs)

    go_live_at = timezone.now() + datetime.timedelta(seconds=2)
    page = schedule(
        PublicationPageFactory(parent=index, live=False, title="Embargoed until nine", pdf=DocumentFactory()),
        go_live_at,
    )
    assert Client().get(page.url).status_code == 404
    delay = went_live(page, 8, schedulers)

    assert 0 <= delay < 5
    time.sleep(0.5)  # time for a second, wrong, publication
    assert go_live_entries(page).count() == 1
    assert Client().get(page.url).status_code == 200
    assert Client().get(page.pdf.url).status_code == 200


@needs_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_scheduler_killed_in_a_pass_leaves_it_to_the_other(index, schedulers, editors_session):
    page = schedule(
        PublicationPageFactory(parent=index, live=False, title="Released by the survivor"),
        timezone.now() + datetime.timedelta(seconds=2),
    )
    # An editor's transaction holds the page's row: the first scheduler to go for it is stuck in its pass.
    editors_session.set_autocommit(False)
    with editors_session.cursor() as cursor:
        cursor.execute("SELECT 1 FROM wagtailcore_page WHERE id = %s FOR UPDATE", [page.pk])
    schedulers.start("scheduler-a", "--interval", "600")
    schedulers.start("scheduler-b", "--interval", "600")

    def stuck_holder():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT activity.application_name FROM pg_locks lock JOIN pg_stat_activity activity USING (pid)"
                " WHERE lock.locktype = 'advisory' AND lock.granted AND activity.wait_event_type = 'Lock'"
                " AND activity.datname = current_database() AND activity.application_name = ANY(%s)",
                [list(schedulers.processes)],
            )
            row = cursor.fetchone()
            return row and row[0]

    holder = wait_for(stuck_holder, 15, schedulers.outputs)
    survivor = ({"scheduler-a", "scheduler-b"} - {holder}).pop()
    skipped = "Another scheduler is running a pass; skipped."
    wait_for(lambda: skipped in schedulers.output(survivor), 15, schedulers.outputs)
    schedulers.processes[holder].send_signal(signal.SIGKILL)
    schedulers.processes[holder].wait()
    editors_session.rollback()
    released_at = timezone.now()

    went_live(page, 5, schedulers)
    takeover = (go_live_entries(page).get().timestamp - released_at).total_seconds()
    print(f"taken over {takeover:.2f} s after the killed scheduler's pass was let go")
    assert takeover < 3
    assert schedulers.processes[survivor].poll() is None
    time.sleep(0.5)
    assert go_live_entries(page).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_schedule_made_while_the_scheduler_sleeps_long_goes_live_on_time(index, schedulers):
    if connection.vendor == "postgresql":
        # No poll in time: only the notification can wake it.
        schedulers.start("scheduler", "--interval", "600", "--poll", "600")
        wait_for(lambda: schedulers.listening() == {"scheduler"}, 15, schedulers.outputs)
    else:
        schedulers.start("scheduler", "--interval", "600", "--poll", "1")
        wait_for(SchedulerHeartbeat.objects.exists, 15, schedulers.outputs)
    time.sleep(0.5)

    page = schedule(
        PublicationPageFactory(parent=index, live=False, title="Scheduled at the last minute"),
        timezone.now() + datetime.timedelta(seconds=2),
    )
    assert 0 <= went_live(page, 8, schedulers) < 5
