"""``/health/`` for load balancers: the database, the cache, the file store and the scheduler, each in time.

A failing database or cache is ``fail`` (503: take this server out); a file store that does not answer or a
stale scheduler is ``degraded`` (200), since readers are still served pages, as with the file store down the
page cache goes on serving. The answer names checks and outcomes only: no exception text, versions or hosts.
"""

import logging
import uuid
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from publications.editorial.models import SchedulerHeartbeat
from publications.editorial.upcoming import has_scheduled_pages

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 2
STORAGE_KEY = "health-check"
# A check that fails fails the server; one that is only degraded leaves it serving readers.
CRITICAL = {"database", "cache"}
# Threads for the checks that talk to another server without a timeout of their own; a hung one keeps its thread.
executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="health")


def check_database():
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL statement_timeout = %s", [TIMEOUT_SECONDS * 1000])
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return "ok" if cursor.fetchone() == (1,) else "fail"


def check_cache():
    key, value = f"health-check:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, 10)
    answer = cache.get(key)
    cache.delete(key)
    return "ok" if answer == value else "fail"


def check_storage():
    default_storage.exists(STORAGE_KEY)
    return "ok"


def check_scheduler():
    """Stale as the dashboard's warning says it: pages wait on a scheduler that has not run for five minutes."""
    return "stale" if has_scheduled_pages() and SchedulerHeartbeat.is_stale() else "ok"


def run(name, check):
    try:
        return check()
    except Exception:
        logger.exception("Health check %s failed", name)
        return "fail"


def in_time(name, future):
    try:
        return future.result(timeout=TIMEOUT_SECONDS)
    except FutureTimeout:
        logger.error("Health check %s took longer than %s s", name, TIMEOUT_SECONDS)
        return "timeout"


@never_cache
@require_GET
def health(request):
    """The server's checks as JSON: 200 while it can serve readers, 503 when it cannot."""
    # Cache and storage in threads, as their clients may wait on a server that does not answer; the database
    # in this thread, with its own timeout, so that it runs in the request's connection.
    pending = {
        name: executor.submit(run, name, check) for name, check in [("cache", check_cache), ("storage", check_storage)]
    }
    checks = {"database": run("database", check_database)}
    checks.update({name: in_time(name, future) for name, future in pending.items()})
    checks["scheduler"] = run("scheduler", check_scheduler) if checks["database"] == "ok" else "unknown"
    if any(checks[name] != "ok" for name in CRITICAL):
        status = "fail"
    elif any(result != "ok" for result in checks.values()):
        status = "degraded"
    else:
        status = "ok"
    return JsonResponse({"status": status, "checks": checks}, status=503 if status == "fail" else 200)
