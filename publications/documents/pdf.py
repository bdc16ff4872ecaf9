"""Reading an uploaded PDF: the checks it must pass, its page count, its text, an image of page 1 and what it says
about itself that matters to screen readers (tags, title, language)."""

import ctypes
import re
from dataclasses import dataclass

import pypdfium2
import pypdfium2.raw as pdfium
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image

THUMBNAIL_WIDTH = 800
# A page taller than twice its width is drawn narrower, so the image of any page 1 is at most
# 800 × 1600 pixels (5 MB decoded), whatever the page's shape.
THUMBNAIL_MAX_HEIGHT = 1600
DAMAGED = "This PDF is damaged and cannot be read. Export it again and upload the new file."
EMPTY = "The file is empty. Choose the PDF again, or export it again from its source."
# With Wagtail's placeholders, so the upload field's own size check says the same.
TOO_BIG = (
    "The file is %(file_size)s; PDFs can be at most %(max_filesize)s. "
    "Reduce image resolution when exporting, or ask an administrator to raise the limit."
)
# Enough for any report's words; a runaway extraction must not bloat the row.
MAX_TEXT_LENGTH = 2_000_000
# PostgreSQL's search index holds at most 1 MB of distinct words for a document, and for the page that shows it;
# each word takes its bytes and up to 8 more. A long report has some tens of thousands; a statistical appendix of
# unique figures can have far more, so the text stops where its distinct words would fill half of that.
MAX_VOCABULARY_SIZE = 500_000
WORD = re.compile(r"\w+")
# The longest title and language kept: what the document's fields hold.
MAX_TITLE_LENGTH = 255
MAX_LANGUAGE_LENGTH = 35


@dataclass(frozen=True)
class PdfAccessibility:
    """What a PDF says about itself that screen readers rely on."""

    tagged: bool
    title: str
    language: str


@dataclass
class PdfSummary:
    page_count: int
    text: str
    first_page: Image.Image
    accessibility: PdfAccessibility


def read_pdf(file):
    """Check that ``file`` is a readable, unencrypted PDF within the size limit and summarise it.

    Raises ValidationError with a message an editor understands.
    """
    limit = settings.PUBLICATIONS_PDF_MAX_SIZE
    size = file.size
    if not size:
        raise ValidationError(EMPTY)
    if size > limit:
        raise ValidationError(TOO_BIG % {"file_size": filesizeformat(size), "max_filesize": filesizeformat(limit)})
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
        return PdfSummary(
            page_count=page_count,
            text=_text(pdf),
            first_page=_render_first_page(pdf),
            accessibility=_accessibility(pdf),
        )
    except pypdfium2.PdfiumError as error:
        raise ValidationError(DAMAGED) from error
    finally:
        pdf.close()


def _text(pdf):
    parts, length, vocabulary = [], 0, _Vocabulary()
    for page in pdf:
        text = page.get_textpage().get_text_range().replace("\x00", "").strip()
        kept = vocabulary.fit(text)
        parts.append(kept)
        length += len(kept)
        if len(kept) < len(text) or length >= MAX_TEXT_LENGTH:
            break
    return "\n\n".join(parts)[:MAX_TEXT_LENGTH]


class _Vocabulary:
    """The distinct words of the text kept so far, and what they take in the search index."""

    def __init__(self):
        self.words, self.size = set(), 0

    def fit(self, text):
        """``text`` up to the first word that would take the vocabulary past MAX_VOCABULARY_SIZE."""
        for match in WORD.finditer(text):
            word = match.group().lower()
            if word not in self.words:
                self.words.add(word)
                self.size += len(word.encode()) + 8
                if self.size > MAX_VOCABULARY_SIZE:
                    return text[: match.start()].rstrip()
        return text


def _render_first_page(pdf):
    page = pdf[0]
    width, height = page.get_size()
    if width <= 0 or height <= 0:
        raise ValidationError(DAMAGED)
    scale = min(THUMBNAIL_WIDTH / width, THUMBNAIL_MAX_HEIGHT / height)
    return page.render(scale=scale).to_pil().convert("RGB")


def _accessibility(pdf):
    return PdfAccessibility(
        tagged=bool(pdfium.FPDFCatalog_IsTagged(pdf)),
        title=_single_line(pdf.get_metadata_value("Title"), MAX_TITLE_LENGTH),
        language=_single_line(_catalog_language(pdf), MAX_LANGUAGE_LENGTH),
    )


def _catalog_language(pdf):
    """The catalog's /Lang, the document's language for screen readers (the document information has none)."""
    size = pdfium.FPDFCatalog_GetLanguage(pdf, None, 0)
    if size <= 2:
        return ""
    buffer = ctypes.create_string_buffer(size)
    pdfium.FPDFCatalog_GetLanguage(pdf, ctypes.cast(buffer, ctypes.POINTER(pdfium.FPDF_WCHAR)), size)
    return buffer.raw.decode("utf-16-le", errors="replace")


def _single_line(value, length):
    return " ".join(value.replace("\x00", " ").split())[:length]
