"""Reading an uploaded PDF: the checks it must pass, its page count, its text and an image of page 1."""

from dataclasses import dataclass

import pypdfium2
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image

THUMBNAIL_WIDTH = 800
DAMAGED = "This PDF is damaged and cannot be read. Export it again and upload the new file."
# Enough for any report's words; a runaway extraction must not bloat the row.
MAX_TEXT_LENGTH = 2_000_000


@dataclass
class PdfSummary:
    page_count: int
    text: str
    first_page: Image.Image


def read_pdf(file):
    """Check that ``file`` is a readable, unencrypted PDF within the size limit and summarise it.

    Raises ValidationError with a message an editor understands.
    """
    limit = settings.PUBLICATIONS_PDF_MAX_SIZE
    size = file.size
    if not size:
        raise ValidationError("The file is empty. Choose the PDF again, or export it again from its source.")
    if size > limit:
        raise ValidationError(
            f"The file is {filesizeformat(size)}; PDFs can be at most {filesizeformat(limit)}. "
            "Reduce image resolution when exporting, or ask an administrator to raise the limit."
        )
    file.open("rb")
    file.seek(0)
    data = file.read()
    file.seek(0)
    if not data.startswith(b"%PDF-"):
        raise ValidationError("This file is not a PDF, whatever its name says. Export or save it as PDF and try again.")
    if b"%%EOF" not in data[-2048:]:
        raise ValidationError("This PDF is incomplete (the end of the file is missing). Upload the complete file.")
    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as error:
        if "password" in str(error).lower():
            raise ValidationError(
                "This PDF is password-protected. Save a copy without a password so readers can open it."
            ) from error
        raise ValidationError(DAMAGED) from error
    try:
        page_count = len(pdf)
        if not page_count:
            raise ValidationError("This PDF has no pages.")
        return PdfSummary(page_count=page_count, text=_text(pdf), first_page=_render_first_page(pdf))
    except pypdfium2.PdfiumError as error:
        raise ValidationError(DAMAGED) from error
    finally:
        pdf.close()


def _text(pdf):
    parts, length = [], 0
    for page in pdf:
        text = page.get_textpage().get_text_range().replace("\x00", "").strip()
        parts.append(text)
        length += len(text)
        if length >= MAX_TEXT_LENGTH:
            break
    return "\n\n".join(parts)[:MAX_TEXT_LENGTH]


def _render_first_page(pdf):
    page = pdf[0]
    width, _ = page.get_size()
    return page.render(scale=THUMBNAIL_WIDTH / width).to_pil().convert("RGB")
