"""One scheduler pass at a time, however many servers run the scheduler, so no page is published twice.

PostgreSQL: a transaction-level advisory lock taken at the start of the pass's transaction. It is released when
the pass commits or rolls back, and with the connection when the process dies, so a killed scheduler never leaves
it held, and its half-done pass is rolled back for the next one to do whole.

SQLite (one machine, `make run`): an exclusive flock on a file beside the database. The kernel releases it when
the process dies. It costs a file, and keeps a `run_scheduler --once` from cron, or a second terminal, from
publishing the same page as the scheduler `make run` started: SQLite serialises writes, not passes.
"""

import fcntl
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections, transaction

# Any number of this site's own; the advisory locks of other applications on the database use others.
PASS_LOCK_KEY = 0x7075_626C_7363_6864  # "publschd"


def sqlite_lock_path(connection):
    """The lock file beside an SQLite database on disk, or None for one in memory (no other process sees it)."""
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        return None
    return f"{name}.scheduler-lock"


@contextmanager
def _file_lock(path):
    if path is None:
        yield True
        return
    with open(path, "a") as lock_file:
        try:
            fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


@contextmanager
def one_pass_at_a_time(using=DEFAULT_DB_ALIAS):
    """A transaction for one scheduler pass: yields True, or False (and nothing is to be done) while another
    process runs a pass."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with transaction.atomic(using=using):
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [PASS_LOCK_KEY])
                ours = cursor.fetchone()[0]
            yield ours
        return
    lock_path = sqlite_lock_path(connection) if connection.vendor == "sqlite" else None
    with _file_lock(lock_path) as ours:
        if not ours:
            yield False
            return
        with transaction.atomic(using=using):
            yield True
