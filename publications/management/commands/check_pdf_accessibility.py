"""Check the PDFs uploaded before the accessibility checklist existed: read what each says about itself (tags, title,
language) and keep it, so staff see their checklist and the Publications listing can filter on it.

PDFs uploaded since are checked at upload; a second run reads nothing.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand

from publications.documents.models import PublicationDocument
from publications.documents.pdf import read_pdf

FACTS = ["pdf_tagged", "pdf_title", "pdf_language", "pdf_accessible"]


class Command(BaseCommand):
    help = "Read the accessibility facts of every PDF that has not been checked yet."

    def handle(self, *args, **options):
        documents = PublicationDocument.objects.pdfs().filter(pdf_tagged__isnull=True).order_by("pk")
        checked = failed = 0
        for document in documents.iterator(chunk_size=50):
            try:
                summary = read_pdf(document.file)
            except (ValidationError, OSError) as error:  # one unreadable file should not stop the others
                failed += 1
                message = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
                self.stderr.write(f"Document {document.pk} ({document.title}): {message}")
                continue
            finally:
                document.file.close()
            document.set_accessibility(summary.accessibility)
            # An update of these columns only: the document itself, and what readers see, do not change.
            PublicationDocument.objects.filter(pk=document.pk).update(
                **{field: getattr(document, field) for field in FACTS}
            )
            checked += 1
        summary = f"{checked} PDFs checked"
        if failed:
            summary += f"; {failed} could not be read"
        self.stdout.write(f"{summary}.")
