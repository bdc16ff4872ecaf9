"""Imports started in the admin: checked (a dry run) when uploaded, confirmed by their editor, then run in the
background by the scheduler process (manage.py run_scheduler), which any number of app servers may run."""

import logging
import threading
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import DatabaseError, connections
from django.utils import timezone

from publications.documents.uploads import upload_transaction
from publications.editorial.scheduler_wakeup import wake_schedulers

from .importer import run_import
from .manifest import ManifestError, read_manifest
from .models import ALIVE_EVERY, ImportRun
from .report import CREATE, UPDATE
from .sources import SourceError, ZipSource

logger = logging.getLogger(__name__)


def check_upload(user, manifest, files, *, publish=False, create_topics=False):
    """A new ImportRun holding the uploaded ``manifest`` and zip of ``files`` and its dry run's report.

    Raises ManifestError or SourceError, with the message to show, when either cannot be used at all.
    """
    data = manifest.read()
    rows = read_manifest(data, manifest.name)
    source = ZipSource(files)
    report = run_import(rows, source, user=user, dry_run=True, publish=publish, create_topics=create_topics)
    files.seek(0)
    run = ImportRun(
        user=user,
        manifest=ContentFile(data, name=manifest.name),
        manifest_name=manifest.name[:255],
        files=files,
        publish=publish,
        create_topics=create_topics,
        check_report=report.as_dict(),
    )
    with upload_transaction(run.manifest, run.files):
        run.save()
    return run


def has_work(run):
    return bool(run.checked.counts.get(CREATE) or run.checked.counts.get(UPDATE))


def confirm(run, user):
    """Queue ``run`` for the scheduler; only the user who uploaded it may. False if it is no longer waiting."""
    if run.user_id != user.pk:
        raise PermissionDenied("Only the person who uploaded an import can confirm it.")
    queued = ImportRun.objects.filter(pk=run.pk, status=ImportRun.CHECKED).update(
        status=ImportRun.QUEUED, queued_at=timezone.now()
    )
    if queued:
        wake_schedulers()
    return bool(queued)


@contextmanager
def kept_alive(run):
    """Mark ``run`` alive from a thread of its own while it imports, however long a row takes."""
    done = threading.Event()

    def keep():
        try:
            while not done.wait(ALIVE_EVERY.total_seconds()):
                try:
                    ImportRun.objects.mark_alive(run.pk)
                except DatabaseError:  # SQLite busy with the import's own writes: the next one will do
                    logger.warning("Could not mark import %s alive", run.pk, exc_info=True)
        finally:
            connections.close_all()  # this thread's own

    keeper = threading.Thread(target=keep, name=f"import-{run.pk}-alive", daemon=True)
    keeper.start()
    try:
        yield
    finally:
        done.set()
        keeper.join()


def execute(run):
    """Import a claimed ``run`` as its user, keeping its report, or why it stopped; its zip is then deleted."""
    with kept_alive(run):
        _execute(run)


def _execute(run):
    try:
        if run.user is None:
            raise ManifestError("The user who started this import no longer exists.")
        with run.manifest.open("rb") as manifest:
            rows = read_manifest(manifest.read(), run.manifest_name)
        with run.files.open("rb") as files:
            report = run_import(
                rows, ZipSource(files), user=run.user, publish=run.publish, create_topics=run.create_topics
            )
        run.report, run.status = report.as_dict(), ImportRun.DONE
    except (ManifestError, SourceError, PermissionDenied) as error:
        run.status, run.error = ImportRun.FAILED, str(error)
    except Exception:  # kept on the run for the editor; the rows imported before it stay imported, each whole
        logger.exception("Import %s stopped", run.pk)
        run.status = ImportRun.FAILED
        run.error = "The import stopped with an unexpected error, logged for the administrators."
    run.finished_at = timezone.now()
    run.files.delete(save=False)
    run.save()


def _execute_in_thread(pk):
    try:
        execute(ImportRun.objects.select_related("user").get(pk=pk))
    finally:
        connections.close_all()  # this thread's own


class BackgroundImports:
    """One import at a time in a thread of the scheduler process, so that go-lives are not held up by it."""

    def __init__(self):
        self.thread = None

    @property
    def busy(self):
        return self.thread is not None and self.thread.is_alive()

    def start_next(self, *, background=True):
        """Start the oldest queued import, if this process has none running; whether one started. Without
        ``background`` it runs to the end first."""
        if self.busy:
            return False
        run = ImportRun.objects.claim_next()
        if run is None:
            return False
        if not background:
            execute(run)
            return True
        self.thread = threading.Thread(target=_execute_in_thread, args=[run.pk], name=f"import-{run.pk}", daemon=True)
        self.thread.start()
        return True
