"""Import an existing archive: a CSV or JSON manifest of publications and briefs, and a folder of their files.

Each row imports whole or not at all; the report names every refused row's row, column and value. Running the
same manifest again changes nothing.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from publications.archive.importer import run_import
from publications.archive.manifest import ManifestError, read_manifest
from publications.archive.progress import ProgressBar
from publications.archive.report import REFUSED
from publications.archive.sources import DirectorySource, SourceError


class Command(BaseCommand):
    help = "Import publications and briefs from a CSV or JSON manifest and a folder of PDFs and covers."

    def add_arguments(self, parser):
        parser.add_argument("manifest", help="The manifest, .csv or .json.")
        parser.add_argument("--files", required=True, help="The folder that holds the PDFs and covers it names.")
        parser.add_argument("--dry-run", action="store_true", help="Check everything and write nothing.")
        parser.add_argument(
            "--publish", action="store_true", help="Publish changes to live pages (else they are drafts for review)."
        )
        parser.add_argument("--create-topics", action="store_true", help="Create the topics the site lacks.")
        parser.add_argument("--user", help="Import as this user (their permissions apply, the history names them).")
        parser.add_argument(
            "--no-progress", action="store_true", help="No progress bar (there is none unless stderr is a terminal)."
        )

    def handle(self, manifest, files, dry_run, publish, create_topics, user, no_progress, **options):
        user = self.user(user)
        path = Path(manifest)
        try:
            source = DirectorySource(files)
            rows = read_manifest(path.read_bytes(), path.name)
        except OSError as error:
            raise CommandError(f"Cannot read the manifest: {error.strerror}.") from error
        except (ManifestError, SourceError) as error:
            raise CommandError(str(error)) from error
        progress = None
        if not no_progress and self.stderr.isatty():
            total = sum(source.size(row.pdf) + source.size(row.cover) for row in rows)
            progress = ProgressBar(len(rows), total, write=lambda text: self.stderr.write(text, ending=""))
        try:
            report = run_import(
                rows,
                source,
                user=user,
                dry_run=dry_run,
                publish=publish,
                create_topics=create_topics,
                progress=progress,
            )
        except ManifestError as error:
            raise CommandError(str(error)) from error
        for line in report.as_dict()["lines"]:
            self.stdout.write(line["text"])
        self.stdout.write(report.summary)
        refused = report.counts[REFUSED]
        if refused:
            raise CommandError(f"{refused} row{' was' if refused == 1 else 's were'} refused; see above.")

    def user(self, username):
        if username is None:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as error:
            raise CommandError(f"There is no user “{username}”.") from error
