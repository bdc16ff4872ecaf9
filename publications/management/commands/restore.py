"""Restore a backup made by `manage.py backup`: the archive is checked whole first (manifest, every member's size
and SHA-256, safe names, the database engine) and a non-empty target is refused without --force; then the
database is loaded, the media files written back through the default storage, and the page cache made stale."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from publications.operations.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore the database and media files from a backup archive into an empty site (or any, with --force)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The archive written by `manage.py backup`.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database that has pages or users, and media files of the same names.",
        )

    def handle(self, *args, path, force, **options):
        try:
            result = restore(path, force=force)
        except BackupError as error:
            raise CommandError(f"Restore refused: {error}") from error
        self.stdout.write(
            f"Restored {path}: the database and {result.media_files} media files in {result.seconds:.1f} s."
        )
        if result.unapplied_migrations:
            self.stdout.write(
                f"The code has {len(result.unapplied_migrations)} migrations the backup predates: "
                "run `manage.py migrate`."
            )
        self.stdout.write("Next: `manage.py warm_renditions`, then start the app servers and schedulers.")
