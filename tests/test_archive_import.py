"""manage.py import_publications: good rows in, each kind of bad row refused whole with its reason, dry runs,
re-runs and changed rows."""

import pytest
from wagtail.models import PageLogEntry, Revision

from publications.models import BriefPage, PublicationDocument, PublicationImage, PublicationPage, Topic

from .archive_helpers import add_pdfs, import_publications, row, write_manifest
from .factories import TopicFactory, make_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def topics(index):
    return [TopicFactory(name="Funding"), TopicFactory(name="Governance")]


def good_rows():
    return [
        row(
            "Good report",
            topics="Funding; governance",
            authors="Jane Doe; Research Committee",
            organisation_authors="Research Committee",
            body="First paragraph.\n\nWe explore:\n- One\n- Two",
        ),
        row("Series home", topics="Funding"),
        row("Brief one", type="brief", series="Series home", part="1", status="draft"),
        row("Brief two", type="brief", series="series-home", part="2", status="2030-01-15T09:00"),
    ]


BAD_ROWS = [
    row("Unknown topic", topics="Astrology"),
    row("Missing PDF", pdf="missing.pdf"),
    row("Corrupt PDF", pdf="corrupt.pdf"),
    row("Bad date", publication_date="2021-02-30"),
    row("Good report"),
    row("Brief alone", type="brief"),
    row("Gap home"),
    row("Gap one", type="brief", series="Gap home", part="1"),
    row("Gap three", type="brief", series="Gap home", part="3"),
]
REFUSALS = [
    "row 6, topics “Astrology”: No such topic. Add it under Snippets → Topics, or check the spelling.",
    "row 7, pdf “missing.pdf”: There is no file “missing.pdf” in the folder of files.",
    "row 8, pdf “corrupt.pdf”: This PDF is damaged and cannot be read. Export it again and upload the new file.",
    "row 9, publication_date “2021-02-30”: Not a date: write it as YYYY-MM-DD, e.g. 2024-03-01.",
    "row 10, title “Good report”: The same title as row 2: each publication needs its own.",
    "row 11, series: A brief needs its series: the series' title or slug.",
    "row 11, part: A brief needs its part number in the series: 1, 2, 3…",
    "row 14, part “3”: Series “Gap home” has parts 1 to 1: the next is 2. Parts run 1, 2, 3… without gaps or repeats.",
]


def manifest_with_bad_rows(tmp_path):
    rows = good_rows() + BAD_ROWS
    add_pdfs(tmp_path / "files", [each for each in rows if each["pdf"] != "missing.pdf"])
    (tmp_path / "files" / "corrupt.pdf").write_bytes(b"%PDF-1.4\nnot really a PDF\n%%EOF\n")
    return write_manifest(tmp_path / "manifest.csv", rows), tmp_path / "files"


def test_good_rows_import_and_each_bad_row_is_refused_whole_with_its_reason(tmp_path, topics):
    manifest, files = manifest_with_bad_rows(tmp_path)

    output, error = import_publications(manifest, files)

    assert error == "7 rows were refused; see above."
    lines = output.splitlines()
    assert [line for line in lines if line in REFUSALS] == REFUSALS
    assert lines[-1] == "13 rows: 6 created, 0 updated, 0 unchanged, 7 refused."
    assert "row 4 “Brief one”: created (draft)" in lines
    assert "row 5 “Brief two”: created (scheduled for Tue 15 Jan 2030, 9:00 a.m. PST)" in lines
    titles = set(PublicationPage.objects.values_list("title", flat=True))
    assert titles == {"Good report", "Series home", "Brief one", "Brief two", "Gap home", "Gap one"}
    # Refused rows leave nothing behind: no document, and no stored file.
    assert PublicationDocument.objects.count() == 6
    assert not PublicationDocument.objects.filter(title__in=["Corrupt PDF", "Unknown topic"]).exists()


def test_imported_pages_have_their_fields_series_and_states(tmp_path, topics):
    rows = good_rows()
    add_pdfs(tmp_path / "files", rows)
    import_publications(write_manifest(tmp_path / "manifest.csv", rows), tmp_path / "files")

    report = PublicationPage.objects.get(title="Good report")
    assert report.live and report.publication_date.isoformat() == "2021-03-01"
    assert sorted(topic.name for topic in report.topics.all()) == ["Funding", "Governance"]
    assert [(a.name, a.is_organisation) for a in report.authors.all()] == [
        ("Jane Doe", False),
        ("Research Committee", True),
    ]
    assert [block.block_type for block in report.body] == ["paragraph", "explore"]
    assert report.body[1].value["introduction"] == "We explore:"
    assert list(report.body[1].value["items"]) == ["One", "Two"]
    assert report.pdf.page_count == 2 and "Good report" in report.pdf.text
    # Published as an editor publishes: the page's history says so.
    assert PageLogEntry.objects.filter(page=report, action="wagtail.publish").count() == 1
    series = PublicationPage.objects.get(title="Series home")
    briefs = BriefPage.objects.child_of(series).order_by("path")
    assert [(brief.title, brief.live) for brief in briefs] == [("Brief one", False), ("Brief two", False)]
    assert briefs[1].part_number == (2, 2)
    scheduled = briefs[1].scheduled_revision
    assert scheduled.approved_go_live_at.isoformat() == "2030-01-15T17:00:00+00:00"


def test_a_dry_run_checks_everything_and_writes_nothing(tmp_path, topics, settings):
    manifest, files = manifest_with_bad_rows(tmp_path)
    media_before = sorted(settings.MEDIA_ROOT.rglob("*"))
    counts_before = [
        model.objects.count() for model in (PublicationPage, Revision, PublicationDocument, PublicationImage, Topic)
    ]

    output, error = import_publications(manifest, files, "--dry-run", "--create-topics")

    assert error == "6 rows were refused; see above."
    lines = output.splitlines()
    assert (
        lines[-1]
        == "Dry run, nothing written: 13 rows: 7 would be created, 0 would be updated, 0 unchanged, 6 refused."
    )
    assert (
        "row 8, pdf “corrupt.pdf”: This PDF is damaged and cannot be read. Export it again and upload the new file."
        in lines
    )
    assert "row 6 “Unknown topic”: would be created (live)" in lines
    counts_after = [
        model.objects.count() for model in (PublicationPage, Revision, PublicationDocument, PublicationImage, Topic)
    ]
    assert counts_after == counts_before
    assert sorted(settings.MEDIA_ROOT.rglob("*")) == media_before


def test_running_the_same_manifest_again_changes_nothing(tmp_path, topics):
    rows = good_rows()
    add_pdfs(tmp_path / "files", rows)
    manifest = write_manifest(tmp_path / "manifest.csv", rows)
    import_publications(manifest, tmp_path / "files")
    revisions, logs = Revision.objects.count(), PageLogEntry.objects.count()

    output, error = import_publications(manifest, tmp_path / "files")

    assert error is None
    assert output.splitlines() == ["4 rows: 0 created, 0 updated, 4 unchanged, 0 refused."]
    assert (Revision.objects.count(), PageLogEntry.objects.count()) == (revisions, logs)


def test_a_changed_live_row_is_a_draft_for_review_unless_published(tmp_path, topics):
    rows = good_rows()[:1]
    add_pdfs(tmp_path / "files", rows)
    import_publications(write_manifest(tmp_path / "manifest.csv", rows), tmp_path / "files")
    rows[0]["summary"] = "A better summary."
    manifest = write_manifest(tmp_path / "manifest.csv", rows)

    output, _ = import_publications(manifest, tmp_path / "files")

    assert output.splitlines()[0] == "row 2 “Good report”: updated (a draft for review: the live page is unchanged)"
    page = PublicationPage.objects.get(title="Good report")
    assert page.summary == "What Good report is about."
    assert page.has_unpublished_changes
    assert page.get_latest_revision_as_object().summary == "A better summary."

    output, _ = import_publications(manifest, tmp_path / "files", "--publish")

    assert output.splitlines()[0] == "row 2 “Good report”: updated (published)"
    page.refresh_from_db()
    assert page.summary == "A better summary." and not page.has_unpublished_changes


def test_a_changed_pdf_is_a_new_document(tmp_path, topics):
    rows = good_rows()[:1]
    add_pdfs(tmp_path / "files", rows)
    manifest = write_manifest(tmp_path / "manifest.csv", rows)
    import_publications(manifest, tmp_path / "files")
    (tmp_path / "files" / rows[0]["pdf"]).write_bytes(make_pdf(pages=3))

    output, _ = import_publications(manifest, tmp_path / "files", "--publish")

    assert output.splitlines()[0] == "row 2 “Good report”: updated (published)"
    assert PublicationPage.objects.get(title="Good report").pdf.page_count == 3


def test_only_editors_import_live_or_scheduled_rows(tmp_path, topics, staff):
    rows = good_rows()[:1]
    add_pdfs(tmp_path / "files", rows)

    output, error = import_publications(
        write_manifest(tmp_path / "manifest.csv", rows), tmp_path / "files", "--user", staff.username
    )

    assert (
        output.splitlines()[0] == "row 2, status “live”: Only editors can import live or scheduled rows; use “draft”."
    )
    assert not PublicationPage.objects.exists()


def test_related_picks_are_resolved_after_every_row_is_in(tmp_path, topics):
    rows = [row("First", related="Second; Third"), row("Second"), row("Third", related="First")]
    add_pdfs(tmp_path / "files", rows)
    manifest = write_manifest(tmp_path / "manifest.csv", rows)

    import_publications(manifest, tmp_path / "files")

    first = PublicationPage.objects.get(title="First")
    assert [link.publication.title for link in first.related_links.all()] == ["Second", "Third"]
    assert [link.publication.title for link in PublicationPage.objects.get(title="Third").related_links.all()] == [
        "First"
    ]
    output, _ = import_publications(manifest, tmp_path / "files")
    assert output.splitlines() == ["3 rows: 0 created, 0 updated, 3 unchanged, 0 refused."]


def test_a_pick_of_a_refused_row_is_reported_and_the_rest_imported(tmp_path, topics):
    rows = [row("First", related="Second; Refused"), row("Second"), row("Refused", pdf="missing.pdf")]
    add_pdfs(tmp_path / "files", rows[:2])

    output, error = import_publications(write_manifest(tmp_path / "manifest.csv", rows), tmp_path / "files")

    assert output.splitlines() == [
        "row 2 “First”: created (live)",
        "row 2, related “Refused”: Not linked: no publication has this title, as its row was refused.",
        "row 3 “Second”: created (live)",
        "row 4, pdf “missing.pdf”: There is no file “missing.pdf” in the folder of files.",
        "3 rows: 2 created, 0 updated, 0 unchanged, 1 refused.",
    ]
    assert error == "1 row was refused; see above."
    first = PublicationPage.objects.get(title="First")
    assert [link.publication.title for link in first.related_links.all()] == ["Second"]


@pytest.mark.parametrize("dry_run", [("--dry-run",), ()])
def test_the_briefs_of_a_refused_series_are_refused(tmp_path, topics, dry_run):
    rows = [row("Series home", pdf="corrupt.pdf"), row("Brief one", type="brief", series="Series home", part="1")]
    add_pdfs(tmp_path / "files", rows[1:])
    (tmp_path / "files" / "corrupt.pdf").write_bytes(b"%PDF-1.4\nnot really a PDF\n%%EOF\n")

    output, error = import_publications(write_manifest(tmp_path / "manifest.csv", rows), tmp_path / "files", *dry_run)

    assert output.splitlines()[:2] == [
        "row 2, pdf “corrupt.pdf”: This PDF is damaged and cannot be read. Export it again and upload the new file.",
        "row 3, series “Series home”: Its series (row 2) is refused.",
    ]
    assert error == "2 rows were refused; see above."
    assert not PublicationPage.objects.exists()


def test_a_scheduled_page_whose_row_is_now_live_goes_live(tmp_path, topics):
    rows = [row("Later", status="2030-01-01T09:00")]
    add_pdfs(tmp_path / "files", rows)
    import_publications(write_manifest(tmp_path / "manifest.csv", rows), tmp_path / "files")
    assert not PublicationPage.objects.get().live
    rows[0]["status"] = "live"

    output, _ = import_publications(write_manifest(tmp_path / "manifest.csv", rows), tmp_path / "files")

    assert output.splitlines()[0] == "row 2 “Later”: updated (live)"
    page = PublicationPage.objects.get()
    assert page.live and page.go_live_at is None and page.scheduled_revision is None
