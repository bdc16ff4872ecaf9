"""Export every publication and brief as a manifest with their PDFs and covers, the format import_publications
reads: a round trip into an empty site gives the same titles, dates, topics, series, files and bodies."""

from django.core.management.base import BaseCommand

from publications.archive.exporter import write_export


class Command(BaseCommand):
    help = "Write the publications and briefs as a CSV or JSON manifest, with their files in a folder."

    def add_arguments(self, parser):
        parser.add_argument("manifest", help="The manifest to write, .csv or .json.")
        parser.add_argument("--files", required=True, help="The folder to copy the PDFs and covers into.")

    def handle(self, manifest, files, **options):
        count = write_export(manifest, files)
        self.stdout.write(f"Exported {count} publications and briefs to {manifest}, their files to {files}.")
