"""The document and image models: PDFs checked and summarised on upload (their accessibility facts included), covers,
renditions, download counts."""

import functools
import io
import posixpath
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.db.models import F
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.template.defaultfilters import filesizeformat
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.text import Truncator, slugify
from wagtail.api import APIField
from wagtail.documents.models import AbstractDocument, Document
from wagtail.images.api.fields import ImageRenditionField
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.search import index

from . import accessibility
from .pdf import read_pdf
from .renditions import API_LARGE, API_SMALL
from .uploads import upload_transaction


def optional_file(model, **options):
    """An optional link from a page or setting to an image or document, cleared if the file is deleted."""
    return models.ForeignKey(model, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", **options)


class PublicationImage(AbstractImage):
    admin_form_fields = Image.admin_form_fields
    api_fields = [
        APIField("small", serializer=ImageRenditionField(API_SMALL, source="*")),
        APIField("large", serializer=ImageRenditionField(API_LARGE, source="*")),
    ]

    class Meta(AbstractImage.Meta):
        verbose_name = "image"
        verbose_name_plural = "images"

    def save(self, *args, **kwargs):
        """Save in one transaction with the file: if the save fails, the file is not kept either."""
        with upload_transaction(self.file):
            super().save(*args, **kwargs)


class PublicationImageRendition(AbstractRendition):
    image = models.ForeignKey(PublicationImage, related_name="renditions", on_delete=models.CASCADE)

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)

    @property
    def url(self):
        """Served by publications.documents.serving, which applies the release rule; never from MEDIA_ROOT."""
        # By image and file name: Wagtail creates renditions in bulk, without reading back their ids.
        name = quote(posixpath.basename(self.file.name), safe=URL_SAFE)
        return f"{renditions_url_prefix(get_script_prefix(), get_urlconf())}{self.image_id}/{name}"


# What reverse() leaves unquoted in a path.
URL_SAFE = "!$&'()*+,;=/~:@"


@functools.cache
def renditions_url_prefix(script_prefix, urlconf):
    """The URL of the rendition view up to the image's id, reversed once: a listing shows dozens of renditions, and
    reversing each URL was a good part of the time it took to render."""
    return reverse("image_rendition", args=[1, "name"], urlconf=urlconf).removesuffix("1/name")


class PublicationDocumentQuerySet(models.QuerySet):
    def pdfs(self):
        """Documents that passed the PDF checks."""
        return self.filter(file__iendswith=".pdf", page_count__isnull=False)

    def count_download(self, pk):
        """Add one download in a single UPDATE, so concurrent downloads never overwrite each other."""
        return self.filter(pk=pk).update(download_count=F("download_count") + 1)


class PublicationDocument(AbstractDocument):
    page_count = models.PositiveIntegerField(null=True, editable=False)
    text = models.TextField(blank=True, editable=False, help_text="Text extracted from the PDF, for search.")
    thumbnail = optional_file(
        PublicationImage,
        editable=False,
        help_text="Page 1 of the PDF, the cover of a publication that has no cover image.",
    )
    download_count = models.PositiveIntegerField(default=0, editable=False)
    # What the PDF says about itself for screen readers, read at upload; pdf_tagged is None until it has been read.
    pdf_tagged = models.BooleanField(null=True, editable=False, help_text="Whether the PDF is tagged.")
    pdf_title = models.CharField(max_length=255, blank=True, editable=False, help_text="The PDF's own title.")
    pdf_language = models.CharField(max_length=35, blank=True, editable=False, help_text="The PDF's language.")
    pdf_accessible = models.BooleanField(
        null=True,
        editable=False,
        help_text="Whether the PDF passes the accessibility checklist; empty until it has been checked.",
    )

    admin_form_fields = Document.admin_form_fields
    search_fields = AbstractDocument.search_fields + [index.SearchField("text")]

    objects = PublicationDocumentQuerySet.as_manager()

    class Meta(AbstractDocument.Meta):
        verbose_name = "document"
        verbose_name_plural = "documents"

    # The summary read from the file while validating it, kept so saving does not read the PDF again.
    _summary = None
    _summarised_file = None

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._summarised_file = instance.file.name
        return instance

    def clean(self):
        # Without a file the upload field has already said why; Wagtail's extension check would add
        # "File extension “” is not allowed" to that.
        if self.file:
            super().clean()
        if self._needs_summary():
            try:
                self._summary = read_pdf(self.file)
            except ValidationError as error:
                raise ValidationError({"file": error.messages}) from error
            self._summarised_file = self.file.name

    def _needs_summary(self):
        return bool(self.file) and (self.page_count is None or self.file.name != self._summarised_file)

    def save(self, *args, **kwargs):
        """Save the document and its page-1 image in one transaction; if it fails, neither file is kept."""
        with upload_transaction(self.file):
            if self._summary is None and self._needs_summary():
                self._summary = read_pdf(self.file)
            if self.file and self.file_size is None:
                self._set_document_file_metadata()
            summary, self._summary = self._summary, None
            if summary:
                self.page_count, self.text = summary.page_count, summary.text
                self.set_accessibility(summary.accessibility)
            super().save(*args, **kwargs)
            self._summarised_file = self.file.name
            if summary:
                self._store_thumbnail(summary.first_page)

    def set_accessibility(self, facts):
        """Keep what the PDF says about itself (a PdfAccessibility) and whether that passes the checklist."""
        self.pdf_tagged, self.pdf_title, self.pdf_language = facts.tagged, facts.title, facts.language
        self.pdf_accessible = accessibility.passes(self)

    def _store_thumbnail(self, image):
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=85, optimize=True)
        previous = self.thumbnail
        thumbnail = PublicationImage(
            title=self._with_title("{} (page 1)", "title"),
            description=self._with_title("First page of {}", "description"),
            file=ContentFile(buffer.getvalue(), name=f"{slugify(self.title)[:60] or 'document'}-page-1.jpg"),
            collection=self.collection,
        )
        thumbnail.save()
        self.thumbnail = thumbnail
        super().save(update_fields=["thumbnail"])
        if previous:
            previous.delete()

    def _with_title(self, text, field):
        """``text`` with this document's title for {}, the title shortened to fit the page-1 image's ``field``."""
        room = PublicationImage._meta.get_field(field).max_length - len(text.format(""))
        return text.format(Truncator(self.title).chars(room))

    def download_label(self):
        """Like "24 pages, 1.2 MB"."""
        pages = f"{self.page_count} page{'' if self.page_count == 1 else 's'}" if self.page_count else ""
        size = filesizeformat(self.file_size) if self.file_size else ""
        return ", ".join(part for part in (pages, size) if part)


@receiver(post_delete, sender=PublicationDocument)
def delete_page_one_image(sender, instance, **kwargs):
    """A document's page-1 image is part of it: it goes when the document goes, however it is deleted."""
    if instance.thumbnail_id:
        PublicationImage.objects.filter(pk=instance.thumbnail_id).delete()
