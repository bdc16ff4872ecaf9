"""An editor imports an archive in the admin: uploads a manifest and a zip, reads the check, confirms, and reads
the report once the scheduler has run the import."""

import os
import zipfile

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from publications.models import PublicationPage
from tests.factories import TopicFactory, make_pdf

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SHOTS = os.environ.get("SCREENSHOTS_DIR")
MANIFEST = (
    "title,publication_date,summary,topics,pdf,status\n"
    "Funding in 2024,2024-03-01,What the budget means.,Funding,funding.pdf,live\n"
    "Teaching loads,2024-04-01,Who teaches what.,Astrology,loads.pdf,live\n"
    "Campus housing,2024-05-01,Where students live.,Funding,missing.pdf,draft\n"
)


def shoot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_editor_imports_an_archive_and_reads_its_report(page, log_in, editor, index, tmp_path):
    TopicFactory(name="Funding")
    (tmp_path / "manifest.csv").write_text(MANIFEST, encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "files.zip", "w") as archive:
        archive.writestr("funding.pdf", make_pdf(text="Funding in 2024"))
        archive.writestr("loads.pdf", make_pdf(text="Teaching loads"))

    log_in(page, editor)
    page.get_by_role("button", name="Settings").click()
    page.get_by_role("link", name="Import archive").click()
    page.get_by_label("Manifest").set_input_files(tmp_path / "manifest.csv")
    page.get_by_label("Zip of PDFs and covers").set_input_files(tmp_path / "files.zip")
    shoot(page, "1-upload")
    page.get_by_role("button", name="Check the upload").click()

    check = page.get_by_role("region", name="Check before importing")
    expect(check).to_contain_text("Dry run, nothing written: 3 rows: 1 would be created, 0 would be updated")
    expect(check.get_by_role("row").filter(has_text="row 2")).to_contain_text("would be created (live)")
    expect(check.get_by_role("row").filter(has_text="row 3")).to_contain_text("topics “Astrology”: No such topic.")
    expect(check.get_by_role("row").filter(has_text="row 4")).to_contain_text(
        "pdf “missing.pdf”: There is no file “missing.pdf” in the zip."
    )
    shoot(page, "2-check")
    assert not PublicationPage.objects.exists()
    check.get_by_role("button", name="Confirm import").click()
    expect(page.get_by_role("status")).to_contain_text("Import confirmed: it runs in the background.")
    expect(page.get_by_text("Waiting for the scheduler")).to_be_visible()
    shoot(page, "3-queued")

    call_command("run_scheduler", "--once")

    report = page.get_by_role("region", name="Import report")
    expect(report).to_contain_text("3 rows: 1 created, 0 updated, 0 unchanged, 2 refused.")
    expect(report.get_by_role("row").filter(has_text="row 2")).to_contain_text("“Funding in 2024”: created (live)")
    expect(page.get_by_text("Imported", exact=True)).to_be_visible()
    shoot(page, "4-report")
    assert [(p.title, p.live) for p in PublicationPage.objects.all()] == [("Funding in 2024", True)]
