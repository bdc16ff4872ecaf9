import asyncio
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import SynchronousOnlyOperation

ROOT = Path(__file__).resolve().parent.parent


REQUIRED_IN_PRODUCTION = {"SECRET_KEY", "ALLOWED_HOSTS", "WAGTAILADMIN_BASE_URL"}
PRODUCTION_ENV = {
    "SECRET_KEY": "s3cr3t-" * 10,
    "ALLOWED_HOSTS": "example.org",
    "WAGTAILADMIN_BASE_URL": "https://example.org",
}


def manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in REQUIRED_IN_PRODUCTION}
    environment.update(DJANGO_SETTINGS_MODULE="config.settings.production", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "WAGTAILADMIN_BASE_URL"])
def test_production_refuses_to_start_without_secret_key_hosts_or_base_url(missing):
    result = manage("check", **{k: v for k, v in PRODUCTION_ENV.items() if k != missing})
    assert result.returncode != 0
    assert f"Set the {missing} environment variable" in result.stderr


def test_production_passes_the_deploy_check():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr


def test_production_takes_the_base_url_of_email_links_from_the_environment_without_a_trailing_slash():
    """Wagtail appends paths that start with "/" to it."""
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.WAGTAILADMIN_BASE_URL)",
        **{**PRODUCTION_ENV, "WAGTAILADMIN_BASE_URL": "https://example.org/"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "https://example.org"


def test_make_run_gives_every_process_it_starts_the_base_url_of_its_port(tmp_path):
    """`make run`, with a stand-in python that records each command and its WAGTAILADMIN_BASE_URL."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "commands.log"
    python = bin_dir / "python"
    # Like the real one, the stand-in runserver outlives the scheduler's start, which `make run` then stops.
    python.write_text(
        f'#!/bin/sh\necho "$WAGTAILADMIN_BASE_URL $*" >> {log}\n'
        f'case "$*" in *runserver*)\n'
        f"  for _ in $(seq 100); do grep -q run_scheduler {log} && exit 0; sleep 0.1; done;;\n"
        "esac\n"
    )
    python.chmod(python.stat().st_mode | stat.S_IXUSR)
    (tmp_path / ".installed").touch()
    environment = {k: v for k, v in os.environ.items() if k != "WAGTAILADMIN_BASE_URL"}
    result = subprocess.run(
        [shutil.which("make"), "--no-print-directory", "run", "PORT=8123", f"VENV={tmp_path}", f"BIN={bin_dir}"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    started = sorted(log.read_text().splitlines())
    base = "http://127.0.0.1:8123"
    assert started == sorted(
        [
            f"{base} manage.py migrate --noinput",
            f"{base} manage.py load_demo_content",
            f"{base} manage.py create_demo_accounts",
            f"{base} manage.py run_scheduler",
            f"{base} manage.py runserver 127.0.0.1:8123",
        ]
    )


def test_django_refuses_database_calls_from_async_code_outside_the_browser_tests():
    """Only the browser tests, whose Playwright runs an event loop in the test thread, lift Django's guard.

    Like the other tests here this one uses no database, so pytest-django runs it after the database tests:
    it would fail if the browser tests, which use the database, came before it.
    """

    async def count_groups():
        return Group.objects.count()

    with pytest.raises(SynchronousOnlyOperation):
        asyncio.run(count_groups())
