"""The PDF document model behind every publication's download."""

from wagtail.documents.models import AbstractDocument, Document


class PublicationDocument(AbstractDocument):
    admin_form_fields = Document.admin_form_fields

    class Meta(AbstractDocument.Meta):
        verbose_name = "document"
        verbose_name_plural = "documents"
