"""What an import would do with each row: create, update or leave its page, or refuse the row and say why.

Everything is checked here but the PDFs' contents (publications.archive.files, when a file changed), and nothing
is written.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.text import slugify

from publications.editorial.permissions import decides_what_readers_see
from publications.pages.blocks import BodyBlock
from publications.pages.models import RELATED_LIMIT, BriefPage, PublicationIndexPage, PublicationPage, Topic

from .body import parse_body
from .files import file_hash
from .manifest import DRAFT, ManifestError
from .records import comparable, page_record
from .report import CREATE, REFUSED, UNCHANGED, UPDATE
from .sources import MissingFile


@dataclass
class Entry:
    row: object
    page: object = None  # the existing page, as its latest revision has it
    series_row: object = None
    series_page: object = None
    topics: list = field(default_factory=list)
    pdf_hash: str = ""
    cover_hash: str = ""
    action: str = CREATE

    @property
    def pdf_changed(self):
        return self.page is None or self.page.pdf is None or self.page.pdf.file_hash != self.pdf_hash

    @property
    def cover_changed(self):
        current = self.page.cover_image if self.page is not None else None
        return bool(self.row.cover) and (current is None or current.file_hash != self.cover_hash)


def build_plan(rows, source, *, user=None, create_topics=False, publish=False):
    """The rows as entries in the order they are applied (publications, then briefs by series and part)."""
    index = PublicationIndexPage.objects.first()
    if index is None:
        raise ManifestError("The site has no publications index yet: run manage.py setup_site first.")
    if publish and user is not None and not decides_what_readers_see(user):
        raise ManifestError("Only editors can publish changes to live pages; import without publishing them.")
    entries = [Entry(row) for row in rows]
    _check_duplicates(entries)
    _resolve_topics(entries, create_topics)
    _resolve_series(entries, index)
    _find_pages(entries, index)
    _check_parts(entries)
    _check_related(entries)
    for entry in entries:
        _check_body(entry.row)
        _hash_files(entry, source)
        if entry.row.status != DRAFT and user is not None and not decides_what_readers_see(user):
            entry.row.error("status", entry.row.status, "Only editors can import live or scheduled rows; use “draft”.")
    for entry in entries:
        if entry.row.is_brief and entry.series_row is not None and entry.series_row.errors and not entry.row.errors:
            entry.row.error("series", entry.row.series, f"Its series (row {entry.series_row.number}) is refused.")
        entry.action = _action(entry, publish)
    return sorted(entries, key=lambda entry: (entry.row.is_brief, entry.row.series.lower(), entry.row.part or 0))


def _check_duplicates(entries):
    first = {}
    for entry in entries:
        row = entry.row
        if row.title and row.slug in first:
            row.error("title", row.title, f"The same title as row {first[row.slug]}: each publication needs its own.")
        first.setdefault(row.slug, row.number)


def _resolve_topics(entries, create_topics):
    known = {}
    for topic in Topic.objects.all():
        known[topic.name.lower()] = known[topic.slug] = topic
    for entry in entries:
        for name in entry.row.topics:
            topic = known.get(name.lower()) or known.get(slugify(name, allow_unicode=True))
            if topic is None and create_topics:
                topic = known[name.lower()] = Topic(name=name, slug=slugify(name, allow_unicode=True))
            if topic is None:
                entry.row.error("topics", name, "No such topic. Add it under Snippets → Topics, or check the spelling.")
            elif topic not in entry.topics:
                entry.topics.append(topic)


def _resolve_series(entries, index):
    in_manifest = {}
    for entry in entries:
        if not entry.row.is_brief and entry.row.title:
            in_manifest.setdefault(entry.row.title.lower(), entry.row)
            in_manifest.setdefault(entry.row.slug, entry.row)
    existing = {}
    for page in PublicationPage.objects.child_of(index).exact_type(PublicationPage).only("title", "slug"):
        existing.setdefault(page.title.lower(), page)
        existing.setdefault(page.slug, page)
    for entry in entries:
        row = entry.row
        if not row.is_brief or not row.series:
            continue
        key = row.series.lower()
        entry.series_row = in_manifest.get(key) or in_manifest.get(slugify(row.series, allow_unicode=True))
        entry.series_page = existing.get(key) or existing.get(slugify(row.series, allow_unicode=True))
        if entry.series_row is not None:
            entry.series_page = existing.get(entry.series_row.slug)
        if entry.series_row is None and entry.series_page is None:
            row.error("series", row.series, "No such series: give the title or slug of a publication.")


def _find_pages(entries, index):
    publications = {page.slug: page for page in PublicationPage.objects.child_of(index).exact_type(PublicationPage)}
    for entry in entries:
        if entry.row.is_brief:
            parent = entry.series_page
            page = BriefPage.objects.child_of(parent).filter(slug=entry.row.slug).first() if parent else None
        else:
            page = publications.get(entry.row.slug)
        entry.page = page.get_latest_revision_as_object() if page is not None else None


def _check_parts(entries):
    """Briefs keep their places; new ones follow them, numbered on from the last without gaps or repeats."""
    by_series = {}
    for entry in entries:
        if entry.row.is_brief and entry.row.part and (entry.series_row or entry.series_page):
            key = ("row", entry.series_row.number) if entry.series_row else ("page", entry.series_page.pk)
            by_series.setdefault(key, []).append(entry)
    for series_entries in by_series.values():
        series_page = series_entries[0].series_page
        places = {}
        if series_page is not None:
            slugs = BriefPage.objects.child_of(series_page).order_by("path").values_list("slug", flat=True)
            places = {slug: number for number, slug in enumerate(slugs, start=1)}
        new = sorted(entry.row.part for entry in series_entries if entry.row.slug not in places)
        following = len(places)
        while following - len(places) < len(new) and new[following - len(places)] == following + 1:
            following += 1
        repeated = {part for part, count in Counter(new).items() if count > 1}
        for entry in series_entries:
            row, place = entry.row, places.get(entry.row.slug)
            if place is None and row.part in repeated:
                row.error("part", row.part, f"Two briefs of series “{row.series}” are part {row.part}.")
            elif place is not None and row.part != place:
                row.error("part", row.part, f"This brief is part {place} of its series; parts cannot be moved.")
            elif place is None and row.part > following:
                row.error(
                    "part",
                    row.part,
                    f"Series “{row.series}” has parts 1 to {following}: the next is {following + 1}. "
                    "Parts run 1, 2, 3… without gaps or repeats.",
                )


def _check_related(entries):
    titles = {entry.row.title.lower() for entry in entries if entry.row.title}
    for entry in entries:
        row = entry.row
        if len(row.related) > RELATED_LIMIT:
            row.error("related", "; ".join(row.related), f"Pick at most {RELATED_LIMIT} related publications.")
        for title in row.related:
            if title.lower() == row.title.lower():
                row.error("related", title, "A publication cannot recommend itself.")
            elif title.lower() not in titles and not PublicationPage.objects.filter(title__iexact=title).exists():
                row.error("related", title, "No publication has this title, in the manifest or on the site.")


def _check_body(row):
    if not row.body:
        return
    block = BodyBlock()
    try:
        block.clean(block.to_python(parse_body(row.body)))
    except ValidationError as error:
        data = error.as_json_data() if hasattr(error, "as_json_data") else {"messages": error.messages}
        row.error("body", row.body, f"The body cannot be saved: {' '.join(_messages(data))}")


def _messages(data):
    """Every message in a block's validation errors, as StreamBlockValidationError.as_json_data() nests them."""
    if isinstance(data, dict):
        return [
            message for key, value in data.items() for message in (value if key == "messages" else _messages(value))
        ]
    if isinstance(data, list):
        return [message for value in data for message in _messages(value)]
    return []


def _hash_files(entry, source):
    row = entry.row
    for column in ("pdf", "cover"):
        name = getattr(row, column)
        if not name:
            continue
        try:
            setattr(entry, f"{column}_hash", file_hash(source, name))
        except MissingFile as error:
            row.error(column, name, str(error))


def _action(entry, publish):
    if entry.row.errors:
        return REFUSED
    if entry.page is None:
        return CREATE
    if publish and entry.page.live and entry.page.has_unpublished_changes:
        return UPDATE  # the draft an earlier run left for review, published now
    return UNCHANGED if wanted(entry) == current(entry) else UPDATE


def wanted(entry):
    """The row, compared as pages are (records.comparable), with its status as an import would leave the page."""
    row = entry.row
    record = {
        "title": row.title,
        "publication_date": row.publication_date.isoformat(),
        "summary": row.summary,
        "topics": [topic.name for topic in entry.topics],
        "authors": row.authors,
        "organisation_authors": [name for name in row.authors if name in row.organisation_authors],
        "cover_description": row.cover_description or f"Cover of {row.title}",
        "body": row.body,
        "related": row.related,
    }
    values = comparable(record, entry.pdf_hash, entry.cover_hash)
    # A live page stays live: an import never withdraws one.
    values["status"] = None if entry.page is not None and entry.page.live else row.go_live_at or row.status
    return values


def current(entry):
    """The page, compared the same way."""
    page = entry.page
    record = page_record(page, series=entry.series_page if entry.row.is_brief else None)
    pdf_hash = page.pdf.file_hash if page.pdf else ""
    values = comparable(record, pdf_hash, page.cover_image.file_hash if page.cover_image else "")
    scheduled = page.scheduled_revision
    values["status"] = None if page.live else (scheduled.approved_go_live_at if scheduled else DRAFT)
    return values
