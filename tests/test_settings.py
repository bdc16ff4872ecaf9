import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import SynchronousOnlyOperation

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS"}}
    environment.update(DJANGO_SETTINGS_MODULE="config.settings.production", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize(
    ("env", "missing"),
    [({}, "SECRET_KEY"), ({"SECRET_KEY": "k" * 50}, "ALLOWED_HOSTS")],
)
def test_production_refuses_to_start_without_secret_key_or_hosts(env, missing):
    result = manage("check", **env)
    assert result.returncode != 0
    assert f"Set the {missing} environment variable" in result.stderr


def test_production_passes_the_deploy_check():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", SECRET_KEY="s3cr3t-" * 10, ALLOWED_HOSTS="example.org"
    )
    assert result.returncode == 0, result.stderr


def test_django_refuses_database_calls_from_async_code_outside_the_browser_tests():
    """Only the browser tests, whose Playwright runs an event loop in the test thread, lift Django's guard.

    Like the other tests here this one uses no database, so pytest-django runs it after the database tests:
    it would fail if the browser tests, which use the database, came before it.
    """

    async def count_groups():
        return Group.objects.count()

    with pytest.raises(SynchronousOnlyOperation):
        asyncio.run(count_groups())
