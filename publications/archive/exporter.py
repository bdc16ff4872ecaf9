"""Writing the site's publications and briefs as a manifest with their files, the format import reads."""

import csv
import json
from pathlib import Path

from publications.pages.models import BriefPage, PublicationIndexPage, PublicationPage

from .manifest import COLUMNS, LIST_SEPARATOR
from .records import page_record, page_status


def export_records():
    """(record, files) for each publication, each followed by its briefs in part order, as their latest revisions
    have them; ``files`` are the stored PDF and cover (None where missing)."""
    index = PublicationIndexPage.objects.first()
    if index is None:
        return
    for page in PublicationPage.objects.child_of(index).exact_type(PublicationPage).order_by("path"):
        series = page.get_latest_revision_as_object()
        yield _record(series), _files(series)
        for part, brief in enumerate(BriefPage.objects.child_of(page).order_by("path"), start=1):
            brief = brief.get_latest_revision_as_object()
            record = _record(brief, series)
            record["part"] = str(part)
            yield record, _files(brief)


def _record(page, series=None):
    record = page_record(page, series)
    record["status"] = page_status(page)
    return record


def _files(page):
    return [file for file in (page.pdf, page.cover_image) if file is not None]


def write_export(manifest_path, files_dir, records=None):
    """Write the manifest (.csv or .json by its name) and copy the files into ``files_dir``; returns the count."""
    files_dir = Path(files_dir)
    files_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    for record, files in records if records is not None else export_records():
        for file in files:
            with file.file.open("rb") as stored:
                (files_dir / Path(file.file.name).name).write_bytes(stored.read())
        rows.append(record)
    manifest_path = Path(manifest_path)
    if manifest_path.suffix.lower() == ".json":
        manifest_path.write_text(json.dumps(rows, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    else:
        with manifest_path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=COLUMNS)
            writer.writeheader()
            for record in rows:
                writer.writerow(
                    {
                        key: LIST_SEPARATOR.join(value) if isinstance(value, list) else value
                        for key, value in record.items()
                    }
                )
    return len(rows)
