"""Back up the site to one archive file: the database (pg_dump or SQLite's online backup), every media file in
the default storage, and a manifest with each member's size and SHA-256. Safe while the site runs."""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from publications.operations.backup import BackupError, backup


class Command(BaseCommand):
    help = "Write the database, every media file and a manifest to one archive (.tar, or .tar.gz by its name)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="The archive to write (default: backup-<UTC date and time>.tar in the current folder).",
        )

    def handle(self, *args, output, **options):
        if output is None:
            output = Path(f"backup-{datetime.datetime.now(datetime.UTC):%Y%m%d-%H%M%S}.tar")
        if output.exists():
            raise CommandError(f"{output} already exists: back up to a new file.")
        try:
            result = backup(output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Backed up to {result.path}: {result.size / 1_000_000:.1f} MB, the database and "
            f"{result.media_files} media files, in {result.seconds:.1f} s."
        )
