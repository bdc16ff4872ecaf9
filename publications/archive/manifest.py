"""Reading a manifest, CSV or JSON, into rows: each field checked on its own, every problem named by its row,
column and value. What needs the other rows or the site (topics, files, series) is checked in ``plan``."""

import csv
import datetime
import io
import json
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.text import slugify

from publications.timezones import site_time_zone

COLUMNS = (
    "title",
    "publication_date",
    "summary",
    "topics",
    "authors",
    "organisation_authors",
    "type",
    "series",
    "part",
    "pdf",
    "cover",
    "cover_description",
    "body",
    "related",
    "status",
)
REQUIRED = ("title", "publication_date", "summary", "pdf")
LISTS = ("topics", "authors", "organisation_authors", "related")
LIST_SEPARATOR = ";"
TYPES = ("publication", "brief")
DRAFT, LIVE = "draft", "live"
MAX_MANIFEST_BYTES = 20 * 1024 * 1024
MAX_ROWS = 20_000
# The limits of the page fields the columns fill.
MAX_LENGTHS = {"title": 255, "summary": 400, "cover_description": 255}


class ManifestError(Exception):
    """The manifest as a whole cannot be read; the message says why."""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    value: str
    message: str

    def __str__(self):
        where = f"row {self.row}" + (f", {self.column}" if self.column else "")
        shown = f" “{self.value[:80]}”" if self.value else ""
        return f"{where}{shown}: {self.message}"


@dataclass
class Row:
    """One publication or brief as the manifest describes it; ``number`` is its row, the header being row 1."""

    number: int
    title: str = ""
    publication_date: datetime.date | None = None
    summary: str = ""
    topics: list = field(default_factory=list)
    authors: list = field(default_factory=list)
    organisation_authors: list = field(default_factory=list)
    type: str = "publication"
    series: str = ""
    part: int | None = None
    pdf: str = ""
    cover: str = ""
    cover_description: str = ""
    body: str = ""
    related: list = field(default_factory=list)
    status: str = DRAFT
    go_live_at: datetime.datetime | None = None
    errors: list = field(default_factory=list)

    @property
    def slug(self):
        return slugify(self.title, allow_unicode=True)[:255]

    @property
    def is_brief(self):
        return self.type == "brief"

    def error(self, column, value, message):
        self.errors.append(RowError(self.number, column, str(value), message))


def read_manifest(data, name):
    """The rows of ``data`` (bytes), read as JSON when ``name`` ends in .json, else as CSV."""
    if len(data) > MAX_MANIFEST_BYTES:
        raise ManifestError(f"The manifest is {len(data):,} bytes; it can be at most {MAX_MANIFEST_BYTES:,}.")
    if b"\x00" in data:
        raise ManifestError("The manifest contains NUL bytes: it is not a text file. Save it as UTF-8 CSV or JSON.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ManifestError(
            f"The manifest is not UTF-8 (line {line}, byte {error.start + 1} cannot be read). Save it as “CSV UTF-8”."
        ) from error
    records = _json_records(text) if name.lower().endswith(".json") else _csv_records(text)
    if len(records) > MAX_ROWS:
        raise ManifestError(f"The manifest has {len(records):,} rows; import at most {MAX_ROWS:,} at a time.")
    return [_row(number, record) for number, record in enumerate(records, start=2)]


def _csv_records(text):
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    _check_columns(header)
    try:
        return [{key: value for key, value in record.items() if key is not None} for record in reader]
    except csv.Error as error:
        raise ManifestError(f"The CSV cannot be read at line {reader.line_num}: {error}.") from error


def _json_records(text):
    try:
        records = json.loads(text)
    except json.JSONDecodeError as error:
        raise ManifestError(f"The JSON cannot be read at line {error.lineno}: {error.msg}.") from error
    if not isinstance(records, list) or not all(isinstance(record, dict) for record in records):
        raise ManifestError("The JSON must be a list of objects, one per publication.")
    _check_columns({key for record in records for key in record} | set(REQUIRED))
    return records


def _check_columns(names):
    missing = [column for column in REQUIRED if column not in names]
    if missing:
        raise ManifestError(f"The manifest has no {', '.join(missing)} column.")
    unknown = sorted(set(names) - set(COLUMNS))
    if unknown:
        raise ManifestError(f"Unknown column {', '.join(unknown)}; the columns are {', '.join(COLUMNS)}.")


def _text(value):
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(item) for item in value)
    return str(value).strip()


def _row(number, record):
    row = Row(number)
    values = {column: _text(record.get(column)) for column in COLUMNS}
    for column, value in values.items():
        if "\x00" in value:  # a JSON "\u0000": no database stores it in text
            row.error(column, value.replace("\x00", ""), "Contains a NUL character; remove it.")
            values[column] = value.replace("\x00", "")
    for column in REQUIRED:
        if not values[column]:
            row.error(column, "", f"The {column.replace('_', ' ')} is missing.")
    for column, limit in MAX_LENGTHS.items():
        if len(values[column]) > limit:
            row.error(column, values[column], f"At most {limit} characters.")
    row.title, row.summary, row.body = values["title"], values["summary"], values["body"]
    row.pdf, row.cover, row.cover_description = values["pdf"], values["cover"], values["cover_description"]
    row.series = values["series"]
    for column in LISTS:
        setattr(row, column, [item.strip() for item in values[column].split(LIST_SEPARATOR) if item.strip()])
    if values["publication_date"]:
        row.publication_date = _date(row, values["publication_date"])
    row.type = values["type"].lower() or "publication"
    if row.type not in TYPES:
        row.error("type", values["type"], "The type is “publication” or “brief”.")
    _part(row, values["part"])
    _status(row, values["status"])
    return row


def _date(row, value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        row.error("publication_date", value, "Not a date: write it as YYYY-MM-DD, e.g. 2024-03-01.")
        return None


def _part(row, value):
    if row.is_brief:
        if not row.series:
            row.error("series", "", "A brief needs its series: the series' title or slug.")
        if not value.isdigit() or int(value) < 1:
            row.error("part", value, "A brief needs its part number in the series: 1, 2, 3…")
        else:
            row.part = int(value)
    elif row.series or value:
        row.error("series", row.series or value, "Only briefs belong to a series; set the type to “brief”.")


def _status(row, value):
    row.status = value.lower() or DRAFT
    if row.status in (DRAFT, LIVE):
        return
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        row.error("status", value, "The status is “draft”, “live” or a go-live date such as 2026-12-01T09:00.")
        return
    row.go_live_at = moment if timezone.is_aware(moment) else timezone.make_aware(moment, site_time_zone())
    row.status = "scheduled"
