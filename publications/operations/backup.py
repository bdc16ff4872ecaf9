"""Backing up the site to one archive file, and restoring it: the database, every media file, and a manifest.

The archive is a tar file (gzip-compressed when its name ends in .gz or .tgz) with these members, in this order:
``database.dump`` (pg_dump's custom format) or ``database.sqlite3`` (SQLite's online backup); ``media/<name>`` for
every file in the default storage; ``manifest.json`` (versions, migrations, each member's size and SHA-256); and
``manifest.json.sha256``, the manifest's own checksum. The manifest comes last because the checksums are taken
while the files stream into the archive; a restore reads the whole archive once to check it before it changes
anything.
"""

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import django
import wagtail
from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from wagtail.models import Page

from publications.readers.page_cache import changes_committed

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MANIFEST_CHECKSUM = "manifest.json.sha256"
DATABASE_MEMBERS = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
MEDIA_PREFIX = "media/"
CHUNK = 1024 * 1024
# What `manage.py migrate` alone leaves in the page tree: Wagtail's root and its welcome page.
WAGTAIL_WELCOME_TITLE = "Welcome to your new Wagtail site!"


class BackupError(Exception):
    """An archive that cannot be restored, or a target that must not be overwritten; the message says which."""


@dataclass
class BackupResult:
    path: Path
    size: int
    seconds: float
    media_files: int


@dataclass
class RestoreResult:
    media_files: int
    seconds: float
    unapplied_migrations: list


def sha256_of(fileobj):
    digest, size = hashlib.sha256(), 0
    while chunk := fileobj.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


class HashingReader:
    """A file read through once, counting and hashing what passes, so nothing is read twice or held whole."""

    def __init__(self, fileobj):
        self.fileobj, self.digest, self.size = fileobj, hashlib.sha256(), 0

    def read(self, size=-1):
        chunk = self.fileobj.read(size)
        self.digest.update(chunk)
        self.size += len(chunk)
        return chunk


def postgres_environment(settings_dict):
    """libpq's variables for the configured database, so that no password appears on a command line."""
    variables = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": str(settings_dict.get("PORT") or ""),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": settings_dict.get("NAME"),
    }
    return {**os.environ, **{name: value for name, value in variables.items() if value}}


def run_tool(command, settings_dict):
    # Fixed PostgreSQL tools; the database comes from settings.
    result = subprocess.run(  # noqa: S603
        command, env=postgres_environment(settings_dict), capture_output=True, text=True, check=False
    )
    if result.returncode:
        message = result.stderr.strip().splitlines()
        raise BackupError(f"{command[0]} failed: {message[-1] if message else f'exit code {result.returncode}'}")


def dump_database(target):
    """The configured database, consistent as of one moment while the site keeps running, written to ``target``."""
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        run_tool(["pg_dump", "--format=custom", f"--file={target}"], settings_dict)
    elif connection.vendor == "sqlite":
        source = sqlite3.connect(settings_dict["NAME"])
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
            source.close()
    else:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.")


def media_names(directory=""):
    """Every file in the default storage, walked with listdir, so S3 buckets and MEDIA_ROOT alike."""
    try:
        directories, files = default_storage.listdir(directory)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{directory}/{name}" if directory else name
    for subdirectory in sorted(directories):
        yield from media_names(f"{directory}/{subdirectory}" if directory else subdirectory)


def migration_state():
    applied = MigrationRecorder(connection).applied_migrations()
    state = {}
    for app, name in sorted(applied):
        state.setdefault(app, []).append(name)
    return state


def open_for_writing(path, output):
    return tarfile.open(path, "w:gz" if output.name.endswith((".gz", ".tgz")) else "w")


def add_member(archive, name, fileobj, size, members):
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, int(time.time()), 0o600
    reader = HashingReader(fileobj)
    archive.addfile(info, reader)
    members[name] = {"size": reader.size, "sha256": reader.digest.hexdigest()}


def backup(output):
    """Write the database, every media file and the manifest to the archive ``output``; return its size and time."""
    started = time.monotonic()
    output = Path(output)
    members = {}
    partial = output.with_name(f".{output.name}.partial")
    try:
        media_count = write_archive(partial, output, members)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    # Only a complete archive gets the name, so a backup that failed half-way is never taken for one.
    partial.replace(output)
    return BackupResult(output, output.stat().st_size, time.monotonic() - started, media_count)


def write_archive(partial, output, members):
    with tempfile.TemporaryDirectory(prefix="backup-", dir=partial.parent) as scratch:
        database_member = DATABASE_MEMBERS.get(connection.vendor, "database")
        dump = Path(scratch) / database_member
        dump_database(dump)
        media_count = 0
        with open_for_writing(partial, output) as archive:
            with dump.open("rb") as fileobj:
                add_member(archive, database_member, fileobj, dump.stat().st_size, members)
            dump.unlink()
            for name in media_names():
                with default_storage.open(name, "rb") as fileobj:
                    add_member(archive, MEDIA_PREFIX + name, fileobj, default_storage.size(name), members)
                media_count += 1
            manifest = json.dumps(
                {
                    "format": FORMAT_VERSION,
                    "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                    "engine": connection.vendor,
                    "django": django.get_version(),
                    "wagtail": wagtail.__version__,
                    "migrations": migration_state(),
                    "members": members,
                },
                indent=1,
                sort_keys=True,
            ).encode()
            checksum = hashlib.sha256(manifest).hexdigest().encode()
            for name, content in ((MANIFEST, manifest), (MANIFEST_CHECKSUM, checksum)):
                add_member(archive, name, io.BytesIO(content), len(content), {})
    return media_count


def check_member_name(name):
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or "\\" in name or not path.parts or str(path) != name:
        raise BackupError(f"The archive has an unsafe member name: {name!r}.")
    if name not in (MANIFEST, MANIFEST_CHECKSUM, *DATABASE_MEMBERS.values()) and not (
        name.startswith(MEDIA_PREFIX) and len(path.parts) > 1
    ):
        raise BackupError(f"The archive has an unexpected member: {name!r}.")


def read_archive(path):
    """Read every member once: its name checked, its size and SHA-256 taken, the manifest kept."""
    found, manifest, manifest_checksum = {}, None, None
    try:
        with tarfile.open(path, "r:*") as archive:
            for info in archive:
                check_member_name(info.name)
                if not info.isfile():
                    raise BackupError(f"The archive member {info.name!r} is not a regular file.")
                if info.name in found:
                    raise BackupError(f"The archive has {info.name!r} twice.")
                content = archive.extractfile(info)
                if info.name == MANIFEST:
                    manifest = content.read()
                    found[info.name] = None
                elif info.name == MANIFEST_CHECKSUM:
                    manifest_checksum = content.read().decode("ascii", "replace").strip()
                    found[info.name] = None
                else:
                    digest, size = sha256_of(content)
                    found[info.name] = {"size": size, "sha256": digest}
    except (tarfile.TarError, EOFError, OSError, zlib.error) as error:
        raise BackupError(f"The archive is corrupt or truncated ({error}).") from error
    return found, manifest, manifest_checksum


def verify(path):
    """The archive's manifest, once every member matches it; else a BackupError saying what is wrong."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No archive at {path}.")
    found, manifest_bytes, manifest_checksum = read_archive(path)
    if manifest_bytes is None or manifest_checksum is None:
        raise BackupError("The archive has no manifest: it is truncated or not a backup of this site.")
    if hashlib.sha256(manifest_bytes).hexdigest() != manifest_checksum:
        raise BackupError("The archive's manifest does not match its checksum: the archive is corrupt.")
    try:
        manifest = json.loads(manifest_bytes)
        expected = manifest["members"]
        engine = manifest["engine"]
    except (ValueError, KeyError, TypeError) as error:
        raise BackupError("The archive's manifest cannot be read: the archive is corrupt.") from error
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"The archive is in format {manifest.get('format')!r}; this code reads {FORMAT_VERSION}.")
    contents = {name: sums for name, sums in found.items() if name not in (MANIFEST, MANIFEST_CHECKSUM)}
    for name in expected:
        check_member_name(name)
    missing = sorted(set(expected) - set(contents))
    if missing:
        raise BackupError(f"The archive is truncated: {len(missing)} members are missing, the first {missing[0]!r}.")
    extra = sorted(set(contents) - set(expected))
    if extra:
        raise BackupError(f"The archive has members its manifest does not list, the first {extra[0]!r}.")
    for name, sums in expected.items():
        if contents[name] != sums:
            raise BackupError(f"The archive is corrupt: {name!r} does not match its size and checksum.")
    if DATABASE_MEMBERS.get(engine) not in expected:
        raise BackupError("The archive has no database.")
    return manifest


def target_contents():
    """What the target already holds that a restore would overwrite; empty when there is nothing to lose."""
    tables = set(connection.introspection.table_names())
    held = []
    if Page._meta.db_table in tables:
        pages = Page.objects.exclude(depth=1).exclude(depth=2, title=WAGTAIL_WELCOME_TITLE).count()
        if pages:
            held.append(f"{pages} pages")
    user_model = get_user_model()
    if user_model._meta.db_table in tables and user_model.objects.exists():
        held.append(f"{user_model.objects.count()} users")
    if next(media_names(), None) is not None:
        held.append("media files")
    return held


def unknown_migrations(manifest):
    """Migrations the archive's database has that this code does not: its schema is newer than the code."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return sorted(
        f"{app}.{name}"
        for app, names in manifest.get("migrations", {}).items()
        for name in names
        if (app, name) not in known
    )


def load_database(archived, engine):
    settings_dict = connection.settings_dict
    connection.close()
    if engine == "postgresql":
        # One transaction: a restore that fails part-way leaves the database as it was.
        run_tool(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={settings_dict['NAME']}",
                str(archived),
            ],
            settings_dict,
        )
    else:
        source = sqlite3.connect(archived)
        destination = sqlite3.connect(settings_dict["NAME"])
        try:
            source.backup(destination)
        finally:
            destination.close()
            source.close()


def write_media(name, fileobj):
    if default_storage.exists(name):
        default_storage.delete(name)
    saved = default_storage.save(name, File(fileobj, name=PurePosixPath(name).name))
    if saved != name:
        raise BackupError(f"The storage saved {name!r} as {saved!r}.")


def restore(path, force=False):
    """Check the archive whole, then the target; load the database, write the media files, refresh the caches."""
    started = time.monotonic()
    manifest = verify(path)
    engine = manifest["engine"]
    if engine != connection.vendor:
        raise BackupError(f"The archive holds a {engine} database; this site uses {connection.vendor}.")
    unknown = unknown_migrations(manifest)
    if unknown:
        raise BackupError(f"The archive's database has migrations this code does not know, e.g. {unknown[0]}.")
    held = target_contents()
    if held and not force:
        raise BackupError(f"The target is not empty ({', '.join(held)}): restore with --force to replace it.")
    database_member = DATABASE_MEMBERS[engine]
    media_count = 0
    with tempfile.TemporaryDirectory(prefix="restore-") as scratch, tarfile.open(path, "r:*") as archive:
        for info in archive:
            if info.name == database_member:
                archived = Path(scratch) / database_member
                with archive.extractfile(info) as source, archived.open("wb") as target:
                    shutil.copyfileobj(source, target, CHUNK)
                with archived.open("rb") as fileobj:
                    if sha256_of(fileobj)[0] != manifest["members"][database_member]["sha256"]:
                        raise BackupError("The archive changed while it was restored.")
                load_database(archived, engine)
                archived.unlink()
            elif info.name.startswith(MEDIA_PREFIX):
                with archive.extractfile(info) as fileobj:
                    write_media(info.name.removeprefix(MEDIA_PREFIX), fileobj)
                media_count += 1
    # Pages cached from what the database held before must not be served: a new content version, a front purge.
    changes_committed()
    recorder_applied = MigrationRecorder(connection).applied_migrations()
    loader = MigrationLoader(None, ignore_no_migrations=True)
    unapplied = sorted(f"{app}.{name}" for app, name in loader.disk_migrations if (app, name) not in recorder_applied)
    return RestoreResult(media_count, time.monotonic() - started, unapplied)
