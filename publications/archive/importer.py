"""Applying a manifest: each row in a transaction of its own, with its files, so it imports whole or not at all.

Pages are published, scheduled or saved as drafts as an editor's own actions do (Wagtail's revisions and their
publish action: logs, search, the page cache, renditions all follow). Related picks that name rows further on are
added once every row is in.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from publications.documents.uploads import upload_transaction
from publications.pages.models import (
    BriefPage,
    PublicationAuthor,
    PublicationIndexPage,
    PublicationPage,
    RelatedPublication,
    Topic,
)
from publications.timezones import local_datetime

from .body import parse_body
from .files import check_files
from .manifest import DRAFT
from .plan import build_plan
from .report import CREATE, REFUSED, UPDATE, Report


class RowRefused(Exception):
    """The row's errors say why."""


def run_import(rows, source, *, user=None, dry_run=False, publish=False, create_topics=False, progress=None):
    """Import ``rows`` (from publications.archive.manifest) with the files of ``source``; returns the Report.

    ``publish`` publishes the new revisions of live pages; without it they are drafts for an editor to review.
    ``progress(row, nbytes)`` is told of each row as it is done.
    """
    entries = build_plan(rows, source, user=user, create_topics=create_topics, publish=publish)
    report = Report(dry_run)
    importer = Importer(source, user, publish)
    for entry in entries:
        note = ""
        if entry.action in (CREATE, UPDATE):
            note = importer.check(entry) if dry_run else importer.apply(entry)
        report.record(entry, note)
        if progress is not None:
            progress(entry.row, source.size(entry.row.pdf) + source.size(entry.row.cover))
    if not dry_run:
        for row, title in importer.link_related():
            report.note(row, "related", title, "Not linked: no publication has this title, as its row was refused.")
    return report


class Importer:
    def __init__(self, source, user, publish):
        self.source, self.user, self.publish = source, user, publish
        self.index = PublicationIndexPage.objects.first()
        self.saved = {}  # row number → page
        self.deferred = []  # (entry, page, published): related picks naming rows not yet in

    def check(self, entry):
        """A dry run's check of the row's changed files; the note its report line carries."""
        check_files(self.source, entry.row, pdf_changed=entry.pdf_changed, cover_changed=entry.cover_changed)
        self.series_refused(entry)
        if entry.row.errors:
            entry.action = REFUSED
        return self.outcome(entry)

    def apply(self, entry):
        try:
            with upload_transaction():
                page, published = self.write(entry)
        except RowRefused:
            entry.action = REFUSED
            return ""
        except ValidationError as error:
            entry.row.error("", "", " ".join(error.messages))
            entry.action = REFUSED
            return ""
        self.saved[entry.row.number] = page
        return self.outcome(entry)

    def outcome(self, entry):
        if entry.page is not None and entry.page.live:
            return "published" if self.publish else "a draft for review: the live page is unchanged"
        if entry.row.go_live_at:
            return f"scheduled for {local_datetime(entry.row.go_live_at, with_zone=True)}"
        return entry.row.status

    def write(self, entry):
        row = entry.row
        parent = self.parent(entry)
        document, image = check_files(
            self.source, row, pdf_changed=entry.pdf_changed, cover_changed=entry.cover_changed
        )
        if row.errors:
            raise RowRefused
        topics = [
            Topic.objects.get_or_create(slug=topic.slug, defaults={"name": topic.name})[0] for topic in entry.topics
        ]
        for file in (document, image):
            if file is not None:
                file.save()
        was_live = entry.page is not None and entry.page.live
        page = entry.page or (BriefPage if row.is_brief else PublicationPage)(slug=row.slug, live=False)
        page.title, page.publication_date, page.summary = row.title, row.publication_date, row.summary
        page.topics = topics
        page.authors = [
            PublicationAuthor(name=name, is_organisation=name in row.organisation_authors) for name in row.authors
        ]
        page.body = parse_body(row.body)
        page.pdf = document or page.pdf
        page.cover_image = image or (page.cover_image if row.cover else None)
        related = [self.find(title) for title in row.related]
        if None not in related:
            page.related_links = [RelatedPublication(publication=pick) for pick in related]
        if entry.page is None:
            parent.add_child(instance=page)
        if not was_live:
            page.go_live_at = row.go_live_at
        published = self.publish if was_live else row.status != DRAFT
        self.save(page, published)
        if None in related:
            self.deferred.append((entry, page, published))
        return page, published

    def parent(self, entry):
        if not entry.row.is_brief:
            return self.index
        series_row = entry.series_row
        if series_row is not None and series_row.number in self.saved:
            return self.saved[series_row.number]
        if self.series_refused(entry):
            raise RowRefused
        return entry.series_page

    def series_refused(self, entry):
        """Whether the brief's series is a row refused when its files were checked; the brief says so."""
        series_row = entry.series_row
        if series_row is None or not series_row.errors:
            return False
        entry.row.error("series", entry.row.series, f"Its series (row {series_row.number}) is refused.")
        return True

    def find(self, title):
        for page in self.saved.values():
            if page.title.lower() == title.lower():
                return page
        return PublicationPage.objects.filter(title__iexact=title).order_by("path").first()

    def save(self, page, published):
        revision = page.save_revision(user=self.user)
        if published:
            revision.publish(user=self.user)

    def link_related(self):
        """Add the picks that named rows further on, now that every row is in: a revision each, like the first.
        Yields (row, title) for each pick whose row was refused."""
        for entry, page, published in self.deferred:
            related = [self.find(title) for title in entry.row.related]
            with transaction.atomic():
                page = page.get_latest_revision_as_object()
                page.related_links = [RelatedPublication(publication=pick) for pick in related if pick is not None]
                self.save(page, published)
            for title, pick in zip(entry.row.related, related, strict=True):
                if pick is None:
                    yield entry.row, title
