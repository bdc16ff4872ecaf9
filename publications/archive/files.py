"""The files of a row: read from the source, checked as an upload is (the PDF by publications.documents.pdf), and
made into unsaved documents and images."""

import hashlib
import io
import posixpath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, UnidentifiedImageError
from wagtail.models import Collection

from publications.documents.models import PublicationDocument, PublicationImage

from .sources import MissingFile


def checksum(data):
    """The SHA-1 Wagtail keeps as a document's or image's ``file_hash``."""
    return hashlib.sha1(data, usedforsecurity=False).hexdigest()


def file_hash(source, name):
    """The checksum of ``name`` in ``source``; MissingFile when it is not there."""
    return checksum(source.read(name))


def checked_document(source, row):
    """An unsaved PublicationDocument of the row's PDF, validated as an upload is; ValidationError says why not."""
    data = source.read(row.pdf)
    document = PublicationDocument(
        title=row.title,
        file=ContentFile(data, name=posixpath.basename(row.pdf)),
        collection=Collection.get_first_root_node(),
    )
    # Wagtail's checks of the extension, then publications.documents.pdf.read_pdf: the upload form's.
    document.clean()
    document.file_hash = checksum(data)
    return document


def checked_image(source, row):
    """An unsaved PublicationImage of the row's cover; ValidationError when it is not an image."""
    data = source.read(row.cover)
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise ValidationError("This cover is not an image that can be read (PNG, JPEG, WebP or GIF).") from error
    image = PublicationImage(
        title=row.title,
        description=row.cover_description or f"Cover of {row.title}",
        file=ContentFile(data, name=posixpath.basename(row.cover)),
        collection=Collection.get_first_root_node(),
    )
    image._set_image_file_metadata()
    return image


def check_files(source, row, *, pdf_changed, cover_changed):
    """(document, image) for the row's changed files, unsaved and checked; errors are added to the row."""
    document = image = None
    for column, changed, make in (("pdf", pdf_changed, checked_document), ("cover", cover_changed, checked_image)):
        if not changed:
            continue
        try:
            made = make(source, row)
        except MissingFile as error:
            row.error(column, getattr(row, column), str(error))
        except ValidationError as error:
            messages = (
                error.message_dict.get("file", error.messages) if hasattr(error, "error_dict") else error.messages
            )
            row.error(column, getattr(row, column), " ".join(messages))
        else:
            document, image = (made, image) if column == "pdf" else (document, made)
    return document, image
