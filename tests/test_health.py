"""/health/ for load balancers, the log line of a bogus Host header, and JSON logs."""

import json
import logging
import sys
import time

import pytest
from django.core.files.storage import default_storage

from publications.models import SchedulerHeartbeat
from publications.operations import health
from publications.operations.logs import JsonFormatter

from .factories import PublicationPageFactory
from .helpers import schedule
from .test_settings import PRODUCTION_ENV, manage

pytestmark = pytest.mark.django_db


def ok_checks():
    return {"database": "ok", "cache": "ok", "storage": "ok", "scheduler": "ok"}


def get_health(client):
    response = client.get("/health/")
    return response.status_code, json.loads(response.content)


def test_all_is_well(client, index):
    response = client.get("/health/")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "checks": ok_checks()}
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


def test_a_stale_scheduler_with_pages_waiting_is_degraded_but_still_served(client, index):
    schedule(PublicationPageFactory(parent=index))
    assert get_health(client) == (200, {"status": "degraded", "checks": {**ok_checks(), "scheduler": "stale"}})
    SchedulerHeartbeat.beat()
    assert get_health(client) == (200, {"status": "ok", "checks": ok_checks()})


def test_a_failing_cache_fails_the_server_without_saying_why(client, index, monkeypatch, caplog):
    class Unreachable:
        def set(self, *args, **kwargs):
            raise ConnectionError("redis://secret-host.internal:6379 refused")

    monkeypatch.setattr(health, "cache", Unreachable())
    status, body = get_health(client)
    assert (status, body) == (503, {"status": "fail", "checks": {**ok_checks(), "cache": "fail"}})
    assert "secret-host" in caplog.text  # in the log for operators, not in the answer


def test_a_failing_database_fails_the_server(client, monkeypatch):
    def broken():
        raise RuntimeError("could not connect to server at db.internal")

    monkeypatch.setattr(health, "check_database", broken)
    assert get_health(client) == (
        503,
        {"status": "fail", "checks": {"database": "fail", "cache": "ok", "storage": "ok", "scheduler": "unknown"}},
    )


def test_a_file_store_that_does_not_answer_in_time_is_degraded(client, index, monkeypatch):
    monkeypatch.setattr(health, "TIMEOUT_SECONDS", 0.2)
    monkeypatch.setattr(default_storage, "exists", lambda name: time.sleep(1))
    started = time.monotonic()
    status, body = get_health(client)
    assert time.monotonic() - started < 0.9
    assert (status, body) == (200, {"status": "degraded", "checks": {**ok_checks(), "storage": "timeout"}})


def test_the_health_check_is_never_in_the_page_cache(client, settings, index):
    settings.PUBLICATIONS_PAGE_CACHE_SECONDS = 3600
    assert "X-Page-Cache" not in client.get("/health/")
    assert "X-Page-Cache" not in client.get("/health/")


def test_a_bogus_host_header_is_one_line_in_the_log(client, caplog):
    with caplog.at_level(logging.ERROR, logger="django.security.DisallowedHost"):
        response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    records = [record for record in caplog.records if record.name == "django.security.DisallowedHost"]
    assert len(records) == 1
    line = logging.Formatter().format(records[0])
    assert "evil.example" in line
    assert "\n" not in line


def test_json_logs_are_one_object_a_line_with_the_traceback():
    try:
        raise ValueError("bad value")
    except ValueError:
        record = logging.LogRecord("publications", logging.ERROR, __file__, 1, "It failed: %s", ("x",), True)
        record.exc_info = sys.exc_info()
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert (entry["level"], entry["logger"], entry["message"]) == ("ERROR", "publications", "It failed: x")
    assert entry["exception"].endswith("ValueError: bad value")
    assert entry["time"].endswith("+00:00")


@pytest.mark.parametrize(("log_format", "formatter"), [("json", "json"), ("", None)])
def test_log_format_json_switches_the_console_to_json(log_format, formatter):
    code = "from django.conf import settings; print(settings.LOGGING['handlers']['console'].get('formatter'))"
    result = manage("shell", "--no-imports", "-c", code, **PRODUCTION_ENV, LOG_FORMAT=log_format)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(formatter)
