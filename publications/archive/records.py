"""A page as a manifest describes it: what the export writes, and what an import compares a row with."""

from django.utils import timezone

from publications.timezones import site_time_zone

from .body import body_text, parse_body
from .manifest import DRAFT, LIVE


def page_status(page):
    """ "live", the go-live time of a scheduled page in the site's time zone, or "draft"."""
    if page.live:
        return LIVE
    revision = page.scheduled_revision
    if revision and revision.approved_go_live_at:
        return timezone.localtime(revision.approved_go_live_at, site_time_zone()).isoformat(timespec="minutes")
    return DRAFT


def page_record(page, series=None):
    """The manifest's columns for ``page``, a PublicationPage or BriefPage as its latest revision has it;
    ``series`` is a brief's series page, ``part`` its place in it."""
    authors = list(page.authors.all())
    record = {
        "title": page.title,
        "publication_date": page.publication_date.isoformat(),
        "summary": page.summary,
        "topics": [topic.name for topic in page.topics.all()],
        "authors": [author.name for author in authors],
        "organisation_authors": [author.name for author in authors if author.is_organisation],
        "type": "brief" if series else "publication",
        "series": series.title if series else "",
        "part": "",
        "pdf": _file_name(page.pdf),
        "cover": _file_name(page.cover_image),
        "cover_description": page.cover_image.description if page.cover_image_id and page.cover_image else "",
        "body": body_text(page.body),
        "related": [link.publication.title for link in page.related_links.all() if link.publication_id],
    }
    return record


def _file_name(file):
    return file.file.name.rsplit("/", 1)[-1] if file is not None and file.file else ""


def comparable(record, pdf_hash, cover_hash):
    """What decides whether a page matches its row: the columns (bodies as the blocks they make, topics as a set,
    related titles in any case, files by their checksums, not their names)."""
    values = {key: value for key, value in record.items() if key not in ("pdf", "cover", "part", "type", "series")}
    values["topics"] = sorted(name.lower() for name in values["topics"])
    values["related"] = [title.lower() for title in values["related"]]
    values["body"] = parse_body(values["body"])
    values["pdf"], values["cover"] = pdf_hash, cover_hash
    if not cover_hash:
        values["cover_description"] = ""
    return values
