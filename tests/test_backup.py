"""`manage.py backup` and `manage.py restore`: a round trip into an empty database and storage gives the same site,
and a corrupt, truncated or unsafe archive, or a target that has content, is refused with the target untouched."""

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.core.cache.backends.filebased import FileBasedCache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.test import Client
from wagtail.models import Page, Revision

from publications.content_version import VERSION_KEY
from publications.models import PublicationDocument, PublicationImage, PublicationPage
from publications.operations.backup import BackupError, restore, verify

ROOT = Path(__file__).resolve().parent.parent
SEED_TITLE = "Micro-Credentials & Their Academic Credibility at BC’s Research Universities"
SEED_PDF = "media/documents/micro-credentials-their-academic-credibility-at-bcs-research-universities.pdf"


def media_checksums():
    root = Path(settings.MEDIA_ROOT)
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def site_snapshot():
    """What a restore must bring back; run here and, on the restored site, by `manage.py shell`."""
    return {
        "pages": [list(row) for row in Page.objects.order_by("path").values_list("pk", "title", "live", "url_path")],
        "revisions": Revision.objects.count(),
        "documents": [
            list(row)
            for row in PublicationDocument.objects.order_by("pk").values_list(
                "pk", "title", "file", "file_size", "file_hash", "download_count"
            )
        ],
        "images": [
            list(row)
            for row in PublicationImage.objects.order_by("pk").values_list("pk", "title", "file", "width", "height")
        ],
        "files": media_checksums(),
    }


def served_seed():
    """The seed publication and its PDF as a reader gets them, from the restored site."""
    page = PublicationPage.objects.get(title=SEED_TITLE)
    client = Client()
    response = client.get(page.url)
    pdf = client.get(page.pdf.url)
    return {
        "page": [response.status_code, SEED_TITLE.replace("&", "&amp;") in response.content.decode()],
        "pdf": [pdf.status_code, hashlib.sha256(b"".join(pdf.streaming_content)).hexdigest()],
    }


SHELL = "import json; from tests.test_backup import served_seed, site_snapshot; "


class Target:
    """An empty database and an empty storage for `manage.py restore`, run in its own process."""

    def __init__(self, tmp_path):
        self.media = tmp_path / "restored-media"
        self.cache = tmp_path / "restored-cache"
        source = connection.settings_dict
        if connection.vendor == "sqlite":
            self.name = str(tmp_path / "restored.sqlite3")
            self.url = f"sqlite:///{self.name}"
        else:
            self.name = f"pub_backup_restore_{uuid.uuid4().hex[:10]}"
            self.url = f"postgres://{source['USER']}@{source['HOST']}:{source['PORT']}/{self.name}"
            with connection.cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{self.name}"')

    def drop(self):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def manage(self, *args):
        environment = {
            name: value for name, value in os.environ.items() if name not in ("AWS_STORAGE_BUCKET_NAME", "REDIS_URL")
        }
        environment.update(
            DJANGO_SETTINGS_MODULE="config.settings.dev",
            DATABASE_URL=self.url,
            MEDIA_ROOT=str(self.media),
            CACHE_DIR=str(self.cache),
            ALLOWED_HOSTS="testserver",
        )
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )

    def restore(self, archive, *options):
        return self.manage("restore", str(archive), *options)

    def shell(self, expression):
        result = self.manage("shell", "--no-imports", "-c", f"{SHELL}print(json.dumps({expression}))")
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout.strip().splitlines()[-1])

    def tables(self):
        if connection.vendor == "sqlite":
            if not Path(self.name).exists():
                return []
            with sqlite3.connect(self.name) as database:
                return database.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        source = connection.settings_dict
        with psycopg2.connect(dbname=self.name, user=source["USER"], host=source["HOST"], port=source["PORT"]) as db:
            with db.cursor() as cursor:
                cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
                return cursor.fetchall()

    def files(self):
        return [path for path in self.media.rglob("*") if path.is_file()] if self.media.exists() else []

    def content_version(self):
        return FileBasedCache(str(self.cache / "default"), {}).get(VERSION_KEY)

    def set_content_version(self, version):
        FileBasedCache(str(self.cache / "default"), {}).set(VERSION_KEY, version, None)


@pytest.fixture
def demo_site(settings, tmp_path):
    """The demo site, committed so that pg_dump and SQLite's backup see it, with downloads counted."""
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo_content", stdout=io.StringIO())
    for document in PublicationDocument.objects.all():
        PublicationDocument.objects.filter(pk=document.pk).update(download_count=document.pk * 7 + 3)


@pytest.fixture
def target(tmp_path):
    target = Target(tmp_path)
    yield target
    target.drop()


@pytest.fixture
def archive(demo_site, tmp_path):
    out = io.StringIO()
    path = tmp_path / "site.tar"
    call_command("backup", output=path, stdout=out)
    assert out.getvalue().startswith(f"Backed up to {path}: ")
    assert " media files, in " in out.getvalue()
    return path


def refusal(result):
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def flip_byte_in(archive, member, tmp_path):
    with tarfile.open(archive) as tar:
        offset = tar.getmember(member).offset_data + 100
    damaged = tmp_path / "flipped.tar"
    data = bytearray(archive.read_bytes())
    data[offset] ^= 0x01
    damaged.write_bytes(data)
    return damaged


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_restore_into_an_empty_site_brings_back_every_page_row_count_and_file(archive, target, tmp_path):
    before = site_snapshot()
    assert len(before["pages"]) > 20 and before["files"]

    truncated = tmp_path / "truncated.tar"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    message = refusal(target.restore(truncated))
    assert message.startswith("CommandError: Restore refused: The archive ") and "truncated" in message
    message = refusal(target.restore(flip_byte_in(archive, SEED_PDF, tmp_path)))
    assert message == (
        f"CommandError: Restore refused: The archive is corrupt: '{SEED_PDF}' does not match its size and checksum."
    )
    assert (target.tables(), target.files()) == ([], [])

    target.set_content_version("before-the-restore")
    result = target.restore(archive)
    assert result.returncode == 0, result.stderr
    assert f"Restored {archive}: the database and {len(before['files'])} media files in " in result.stdout
    assert target.content_version() not in (None, "before-the-restore")

    seed_pdf = before["files"][SEED_PDF.removeprefix("media/")]
    restored, served = target.shell("[site_snapshot(), served_seed()]")
    assert restored == json.loads(json.dumps(before))
    assert served == {"page": [200, True], "pdf": [200, seed_pdf]}

    # The target now has content (and a download since): refused without --force, replaced with it.
    message = refusal(target.restore(archive))
    assert message.startswith("CommandError: Restore refused: The target is not empty (")
    assert message.endswith("): restore with --force to replace it.")
    changed = "from wagtail.models import Page; Page.objects.filter(depth=3).update(title='Changed')"
    assert target.manage("shell", "--no-imports", "-c", changed).returncode == 0
    result = target.restore(archive, "--force")
    assert result.returncode == 0, result.stderr
    replaced = target.shell("site_snapshot()")
    # Renditions made when the seed page was served stay beside the archive's files; the rows are the archive's.
    assert {**replaced, "files": None} == {**restored, "files": None}
    assert restored["files"].items() <= replaced["files"].items()


@pytest.fixture
def small_archive(db, settings, tmp_path):
    """An archive of the test database and one media file: enough to check the manifest and member names."""
    settings.MEDIA_ROOT = tmp_path / "media"
    default_storage.save("documents/report.pdf", ContentFile(b"%PDF-1.4 report %%EOF"))
    path = tmp_path / "small.tar"
    call_command("backup", output=path, stdout=io.StringIO())
    return path


def test_the_manifest_lists_every_member_with_its_size_and_checksum(small_archive):
    manifest = verify(small_archive)
    with tarfile.open(small_archive) as tar:
        names = tar.getnames()
        sizes = {info.name: info.size for info in tar.getmembers()}
        pdf = tar.extractfile("media/documents/report.pdf").read()
    database = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}[connection.vendor]
    assert names == [database, "media/documents/report.pdf", "manifest.json", "manifest.json.sha256"]
    assert manifest["members"] == {
        database: manifest["members"][database],
        "media/documents/report.pdf": {"size": len(pdf), "sha256": hashlib.sha256(pdf).hexdigest()},
    }
    assert manifest["members"][database]["size"] == sizes[database]
    assert manifest["engine"] == connection.vendor
    assert manifest["migrations"]["publications"][0] == "0001_initial"
    assert {"format", "created_at", "django", "wagtail"} <= set(manifest)


def test_an_archive_named_tar_gz_is_compressed_and_reads_the_same(small_archive, tmp_path):
    compressed = tmp_path / "small.tar.gz"
    call_command("backup", output=compressed, stdout=io.StringIO())
    assert compressed.read_bytes()[:2] == b"\x1f\x8b"
    assert verify(compressed)["members"].keys() == verify(small_archive)["members"].keys()


def rewritten(archive, tmp_path, rename, **manifest_changes):
    """The archive with members renamed, and a manifest (with its checksum) that agrees with them."""
    copy = tmp_path / "rewritten.tar"
    with tarfile.open(archive) as source, tarfile.open(copy, "w") as target:
        manifest = {**json.loads(source.extractfile("manifest.json").read()), **manifest_changes}
        manifest["members"] = {rename(name): sums for name, sums in manifest["members"].items()}
        content = json.dumps(manifest).encode()
        for info in source.getmembers():
            if info.name == "manifest.json":
                info.size, data = len(content), io.BytesIO(content)
            elif info.name == "manifest.json.sha256":
                checksum = hashlib.sha256(content).hexdigest().encode()
                info.size, data = len(checksum), io.BytesIO(checksum)
            else:
                data = source.extractfile(info)
            info.name = rename(info.name)
            target.addfile(info, data)
    return copy


@pytest.mark.parametrize(
    ("unsafe", "refusal"),
    [
        ("media/../../etc/cron.d/job", "The archive has an unsafe member name: 'media/../../etc/cron.d/job'."),
        ("/etc/cron.d/job", "The archive has an unsafe member name: '/etc/cron.d/job'."),
        ("notes.txt", "The archive has an unexpected member: 'notes.txt'."),
    ],
)
def test_an_archive_with_a_member_outside_the_media_folder_is_refused(small_archive, tmp_path, unsafe, refusal):
    copy = rewritten(small_archive, tmp_path, lambda name: unsafe if name == "media/documents/report.pdf" else name)
    with pytest.raises(BackupError) as refused:
        verify(copy)
    assert str(refused.value) == refusal


def test_an_archive_of_the_other_database_engine_is_refused(small_archive, tmp_path):
    other, member = {"sqlite": ("postgresql", "database.dump"), "postgresql": ("sqlite", "database.sqlite3")}[
        connection.vendor
    ]
    copy = rewritten(
        small_archive, tmp_path, lambda name: member if name.startswith("database.") else name, engine=other
    )
    with pytest.raises(BackupError) as refused:
        restore(copy)
    assert str(refused.value) == f"The archive holds a {other} database; this site uses {connection.vendor}."
