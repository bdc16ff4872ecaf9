"""Settings → Import archive: upload a manifest and a zip, read the dry run, confirm; the scheduler runs it and
its report stays. Permissions are the server's, and bad uploads get a message, never a 500."""

import datetime
import io
import time
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from publications.archive import runs
from publications.archive.models import STALLED_AFTER
from publications.archive.runs import BackgroundImports
from publications.models import ImportRun, PublicationDocument, PublicationPage

from .factories import TopicFactory, UserFactory, make_pdf
from .helpers import assert_denied, uploaded

pytestmark = pytest.mark.django_db

HEADER = "title,publication_date,summary,topics,pdf,status\n"
MANIFEST = (
    HEADER + "A report,2021-03-01,What it finds.,Funding,a.pdf,live\nA draft,2021-04-01,More.,Funding,b.pdf,draft\n"
)

MANIFEST_BYTES = MANIFEST.encode()


def zipped(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def upload(client, manifest=MANIFEST_BYTES, members=None, manifest_name="archive.csv", **fields):
    members = {"a.pdf": make_pdf(text="A report"), "b.pdf": make_pdf(text="A draft")} if members is None else members
    data = {
        "manifest": uploaded(manifest, manifest_name),
        "files": uploaded(zipped(members) if isinstance(members, dict) else members, "files.zip"),
        **fields,
    }
    return client.post(reverse("publications_import"), data)


@pytest.fixture
def funding(index):
    return TopicFactory(name="Funding")


def report_lines(response):
    return [line["text"] for line in response.context["run"].checked.as_dict()["lines"]]


def test_an_upload_is_checked_and_nothing_is_imported_until_confirmed(editor_client, editor, funding):
    response = upload(editor_client)

    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("publications_import_run", args=[run.pk])
    page = editor_client.get(response.url)
    assert report_lines(page) == [
        "row 2 “A report”: would be created (live)",
        "row 3 “A draft”: would be created (draft)",
    ]
    assert "Dry run, nothing written: 2 rows: 2 would be created" in page.content.decode()
    assert "Confirm import" in page.content.decode()
    assert not PublicationPage.objects.exists() and not PublicationDocument.objects.exists()

    response = editor_client.post(reverse("publications_import_confirm", args=[run.pk]))

    run.refresh_from_db()
    assert (response.status_code, run.status) == (302, ImportRun.QUEUED)
    assert not PublicationPage.objects.exists()
    call_command("run_scheduler", "--once")
    run.refresh_from_db()
    assert run.status == ImportRun.DONE
    assert run.imported.summary == "2 rows: 2 created, 0 updated, 0 unchanged, 0 refused."
    assert [(page.title, page.live) for page in PublicationPage.objects.order_by("title")] == [
        ("A draft", False),
        ("A report", True),
    ]
    assert not run.files  # the zip goes once imported; the report stays
    page = editor_client.get(reverse("publications_import_run", args=[run.pk]))
    assert "2 rows: 2 created, 0 updated, 0 unchanged, 0 refused." in page.content.decode()
    assert "Confirm import" not in page.content.decode()


def test_a_confirmed_import_runs_once(editor_client, funding):
    upload(editor_client)
    run = ImportRun.objects.get()
    editor_client.post(reverse("publications_import_confirm", args=[run.pk]))

    response = editor_client.post(reverse("publications_import_confirm", args=[run.pk]), follow=True)

    assert [str(message).strip() for message in response.context["messages"]][
        -1
    ] == "This import was already confirmed."


def test_staff_may_import_drafts_but_not_live_rows(staff_client, funding):
    response = upload(staff_client, publish="on")

    page = staff_client.get(response.url)
    assert report_lines(page) == [
        "row 2, status “live”: Only editors can import live or scheduled rows; use “draft”.",
        "row 3 “A draft”: would be created (draft)",
    ]
    assert ImportRun.objects.get().publish is False  # staff are not offered it, and a posted one is ignored
    staff_client.post(reverse("publications_import_confirm", args=[ImportRun.objects.get().pk]))
    call_command("run_scheduler", "--once")
    assert [(page.title, page.live) for page in PublicationPage.objects.all()] == [("A draft", False)]


def test_only_the_uploader_confirms(editor_client, staff, funding):
    upload(editor_client)
    run = ImportRun.objects.get()
    other = Client()
    other.force_login(staff)

    assert_denied(other.post(reverse("publications_import_confirm", args=[run.pk])))
    run.refresh_from_db()
    assert run.status == ImportRun.CHECKED


def test_users_who_do_not_write_pages_cannot_import(client, funding):
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)

    assert_denied(client.get(reverse("publications_import")))
    assert_denied(upload(client))
    assert not ImportRun.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"manifest": HEADER.encode() + "Café,2021-01-01,S,,a.pdf,draft\n".encode("latin-1")},
            "manifest",
            "The manifest is not UTF-8 (line 2, byte 53 cannot be read). Save it as “CSV UTF-8”.",
        ),
        (
            {"manifest": b"title\x00,x\n"},
            "manifest",
            "The manifest contains NUL bytes: it is not a text file. Save it as UTF-8 CSV or JSON.",
        ),
        ({"manifest": b"x" * (20 * 1024 * 1024 + 1)}, "manifest", "The manifest can be at most 20.0\xa0MB."),
        ({"manifest_name": "archive.xlsx"}, "manifest", "Upload the manifest as a .csv or .json file."),
        (
            {"members": {"../../evil.pdf": b"x"}},
            "files",
            "The zip holds “../../evil.pdf”, a name outside its own folder: refused.",
        ),
        (
            {"members": {"bomb.pdf": b"\0" * (8 * 1024 * 1024)}},
            "files",
            "“bomb.pdf” in the zip compresses 1028 to 1, which PDFs never do: the zip is refused as a possible "
            "zip bomb.",
        ),
        ({"members": b"not a zip at all"}, "files", "The file of PDFs is not a readable zip file."),
    ],
)
def test_a_bad_upload_gets_a_message_and_is_not_kept(editor_client, funding, fields, field, message):
    response = upload(editor_client, **fields)

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert not ImportRun.objects.exists()


def test_a_missing_pdf_in_the_zip_is_a_refused_row(editor_client, funding):
    response = upload(editor_client, members={"a.pdf": make_pdf()})

    assert (
        report_lines(editor_client.get(response.url))[1] == "row 3, pdf “b.pdf”: There is no file “b.pdf” in the zip."
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a database that serves concurrent connections")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_scheduler_runs_a_confirmed_import_in_a_thread_and_only_once(editor_client, funding):
    upload(editor_client)
    run = ImportRun.objects.get()
    editor_client.post(reverse("publications_import_confirm", args=[run.pk]))
    first, second = BackgroundImports(), BackgroundImports()  # two scheduler processes

    assert first.start_next() is True
    assert second.start_next() is False  # the run is the first's
    first.thread.join(timeout=60)

    run.refresh_from_db()
    assert (run.status, run.imported.summary) == (
        ImportRun.DONE,
        "2 rows: 2 created, 0 updated, 0 unchanged, 0 refused.",
    )
    assert first.start_next() is False


def test_an_import_whose_process_stopped_is_run_again_and_one_still_running_is_not(editor_client, funding):
    upload(editor_client)
    run = ImportRun.objects.get()
    editor_client.post(reverse("publications_import_confirm", args=[run.pk]))
    assert ImportRun.objects.claim_next().pk == run.pk  # a scheduler takes it, then is stopped mid-import
    assert ImportRun.objects.claim_next() is None  # while it is marked alive, no other scheduler takes it

    stopped = timezone.now() - STALLED_AFTER - datetime.timedelta(seconds=1)
    ImportRun.objects.filter(pk=run.pk).update(alive_at=stopped)
    assert BackgroundImports().start_next(background=False) is True

    run.refresh_from_db()
    assert (run.status, run.imported.summary) == (
        ImportRun.DONE,
        "2 rows: 2 created, 0 updated, 0 unchanged, 0 refused.",
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_running_import_is_marked_alive_however_long_a_row_takes(monkeypatch, editor_client, funding):
    monkeypatch.setattr(runs, "ALIVE_EVERY", datetime.timedelta(seconds=0.05))
    upload(editor_client)
    run = ImportRun.objects.get()
    editor_client.post(reverse("publications_import_confirm", args=[run.pk]))
    claimed = ImportRun.objects.claim_next()

    with runs.kept_alive(claimed):
        time.sleep(0.5)  # one long row

    assert ImportRun.objects.get(pk=run.pk).alive_at > claimed.alive_at
