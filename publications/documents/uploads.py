"""Saving an upload in one transaction: if it fails, the files it wrote go with its rows."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction

# The files that the upload transactions in progress may write, outermost first.
_files = ContextVar("upload_files", default=None)


@contextmanager
def upload_transaction(*files):
    """Run the block in a transaction; if it raises, delete whichever of ``files`` (FieldFiles not yet
    stored) the block wrote, and the files of upload transactions nested in it.

    The database forgets the rows of a failed save, but storage keeps its files: this forgets them too.
    """
    pending, token = _files.get(), None
    if pending is None:
        pending = []
        token = _files.set(pending)
    first = len(pending)
    pending.extend(file for file in files if file and not file._committed)
    try:
        with transaction.atomic():
            yield
    except BaseException:
        for file in pending[first:]:
            if file._committed:
                file.storage.delete(file.name)
        del pending[first:]
        raise
    finally:
        if token is not None:
            _files.reset(token)


def delete_when_committed(file):
    """Delete the stored ``file`` once the transaction in progress commits, so that it stays if that rolls back."""
    storage, name = file.storage, file.name
    transaction.on_commit(lambda: storage.delete(name))
