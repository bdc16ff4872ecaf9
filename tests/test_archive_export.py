"""manage.py export_publications, and the round trip: export, then import into an empty site, gives the same
titles, dates, topics, series, PDFs (by checksum) and bodies."""

import csv
import hashlib
import io

import pytest
from django.core.management import call_command
from wagtail.models import Page

from publications.models import PublicationAuthor, PublicationDocument, PublicationImage, PublicationPage, Topic
from publications.timezones import site_time_zone

from .archive_helpers import import_publications
from .factories import BriefPageFactory, DocumentFactory, ImageFactory, PublicationPageFactory, TopicFactory
from .helpers import publish, schedule

pytestmark = pytest.mark.django_db

BODY = [
    {"type": "summary", "value": "The lead."},
    {"type": "paragraph", "value": "<p>A paragraph with “quotes” &amp; an ampersand.</p>"},
    {"type": "heading", "value": {"text": "Findings", "level": "h2"}},
    {"type": "quote", "value": {"text": "Words worth repeating.", "attribution": "Excerpt"}},
    {"type": "explore", "value": {"introduction": "Download our paper to explore:", "items": ["One", "Two"]}},
]


def archive(index):
    funding, governance = TopicFactory(name="Funding"), TopicFactory(name="Governance")
    report = PublicationPageFactory(
        parent=index,
        title="A report",
        topics=[funding, governance],
        body=BODY,
        pdf=DocumentFactory(title="A report"),
        cover_image=ImageFactory(title="A report", description="A blue cover"),
        authors=[PublicationAuthor(name="Jane Doe"), PublicationAuthor(name="The Committee", is_organisation=True)],
    )
    publish(report)
    series = publish(PublicationPageFactory(parent=index, title="A series", topics=[funding], pdf=DocumentFactory()))
    publish(BriefPageFactory(parent=series, title="Part one", pdf=DocumentFactory(), body=BODY[1:2]))
    schedule(BriefPageFactory(parent=series, title="Part two", pdf=DocumentFactory()))
    report.related_links.create(publication=series)
    publish(report)


def export(tmp_path, name):
    call_command(
        "export_publications",
        str(tmp_path / name / "manifest.csv"),
        "--files",
        str(tmp_path / name / "files"),
        stdout=io.StringIO(),
    )
    with (tmp_path / name / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        for column in ("pdf", "cover"):
            name_in_row = row.pop(column)
            row[f"{column}_sha256"] = (
                name_in_row and hashlib.sha256((tmp_path / name / "files" / name_in_row).read_bytes()).hexdigest()
            )
    return rows


def empty_the_site(index):
    for page in index.get_children():
        page.delete()
    PublicationDocument.objects.all().delete()
    PublicationImage.objects.all().delete()
    Topic.objects.all().delete()


def test_export_writes_every_column_a_brief_its_series_and_part(tmp_path, index):
    archive(index)

    rows = export(tmp_path, "site")

    assert [(row["title"], row["type"], row["series"], row["part"]) for row in rows] == [
        ("A report", "publication", "", ""),
        ("A series", "publication", "", ""),
        ("Part one", "brief", "A series", "1"),
        ("Part two", "brief", "A series", "2"),
    ]
    report = rows[0]
    assert report["topics"] == "Funding;Governance"
    assert report["authors"] == "Jane Doe;The Committee"
    assert report["organisation_authors"] == "The Committee"
    assert report["cover_description"] == "A blue cover"
    assert report["related"] == "A series"
    assert report["status"] == "live"
    assert report["body"] == (
        "! The lead.\n\nA paragraph with “quotes” & an ampersand.\n\n## Findings\n\n"
        "> Words worth repeating.\n— Excerpt\n\n"
        "Download our paper to explore:\n- One\n- Two"
    )
    scheduled = PublicationPage.objects.get(title="Part two").scheduled_revision.approved_go_live_at
    assert rows[3]["status"] == scheduled.astimezone(site_time_zone()).isoformat(timespec="minutes")


def test_export_then_import_into_an_empty_site_reproduces_the_archive(tmp_path, index):
    archive(index)
    exported = export(tmp_path, "before")
    bodies = {page.title: page.body.raw_data for page in PublicationPage.objects.all()}
    empty_the_site(index)
    assert not Page.objects.type(PublicationPage).exists()

    output, error = import_publications(
        tmp_path / "before" / "manifest.csv", tmp_path / "before" / "files", "--create-topics"
    )

    assert error is None
    assert output.splitlines()[-1] == "4 rows: 4 created, 0 updated, 0 unchanged, 0 refused."
    assert export(tmp_path, "after") == exported
    reimported = {page.title: page.body.raw_data for page in PublicationPage.objects.all()}
    assert {title: [(b["type"], b["value"]) for b in body] for title, body in reimported.items()} == {
        title: [(b["type"], b["value"]) for b in body] for title, body in bodies.items()
    }


def test_the_sample_archive_in_the_repository_imports_cleanly(index, settings):
    sample = settings.BASE_DIR / "samples" / "archive"

    output, error = import_publications(sample / "manifest.csv", sample / "files", "--dry-run", "--create-topics")

    assert error is None
    assert output.splitlines()[-1] == (
        "Dry run, nothing written: 20 rows: 20 would be created, 0 would be updated, 0 unchanged, 0 refused."
    )
