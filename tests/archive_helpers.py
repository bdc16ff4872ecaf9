"""Manifests and their files for the archive import tests."""

import csv
import io

from django.core.management import call_command
from django.core.management.base import CommandError

from publications.archive.manifest import COLUMNS

from .factories import make_pdf


def write_manifest(path, rows):
    """Write ``rows`` (dicts of some COLUMNS) as a CSV manifest at ``path``."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def row(title, **columns):
    """A manifest row for a live publication with a PDF named after it."""
    return {
        "title": title,
        "publication_date": "2021-03-01",
        "summary": f"What {title} is about.",
        "pdf": f"{title.lower().replace(' ', '-')}.pdf",
        "status": "live",
        **columns,
    }


def add_pdfs(files, rows):
    """A real PDF in ``files`` for each row's ``pdf``."""
    files.mkdir(exist_ok=True)
    for each in rows:
        (files / each["pdf"]).write_bytes(make_pdf(text=each["title"]))


def import_publications(manifest, files, *args):
    """Run the command; (its output, the CommandError's message or None)."""
    out = io.StringIO()
    try:
        call_command("import_publications", str(manifest), "--files", str(files), *args, stdout=out)
    except CommandError as error:
        return out.getvalue(), str(error)
    return out.getvalue(), None
