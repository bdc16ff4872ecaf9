"""The PDF accessibility checklist: what a PDF says about itself, in plain words for staff. It never refuses an upload:
it tells staff what screen-reader users will meet, and what to change when they export the PDF again."""

from dataclasses import dataclass

NOT_CHECKED = (
    "This PDF has not been checked for accessibility yet: it was uploaded before the checklist existed. "
    "An administrator can check it with manage.py check_pdf_accessibility."
)


@dataclass(frozen=True)
class Item:
    passed: bool
    text: str
    short: str


def _item(passed, good, bad, short):
    return Item(passed=passed, text=good if passed else bad, short=short)


def checklist(document):
    """The checklist of ``document``'s PDF, item by item, or None when it has not been checked yet."""
    if document.pdf_tagged is None:
        return None
    return [
        _item(
            document.pdf_tagged,
            "Tagged: screen readers can follow its headings, paragraphs and reading order.",
            "This PDF has no tags: screen readers will read it poorly. Export it again with tags turned on "
            "(“Create tagged PDF”, or “Best for accessibility” in Word).",
            "no tags",
        ),
        _item(
            bool(document.pdf_title),
            f"Has a title: “{document.pdf_title}”.",
            "This PDF has no title: screen readers announce its file name instead. Set the title in the document's "
            "properties before exporting.",
            "no title",
        ),
        _item(
            bool(document.pdf_language),
            f"Says what language it is in ({document.pdf_language}).",
            "This PDF does not say what language it is in: screen readers may pronounce it wrongly. Set the "
            "document's language before exporting.",
            "no language",
        ),
        _item(
            bool(document.text.strip()),
            "Has text that can be read aloud and searched.",
            "This PDF has no text, only pictures of pages: screen readers find nothing to read and search cannot "
            "find it. Export it from the source document, or run text recognition (OCR) on the scan.",
            "no text",
        ),
    ]


def passes(document):
    """Whether ``document``'s PDF passes every item of the checklist; None when it has not been checked yet."""
    items = checklist(document)
    return None if items is None else all(item.passed for item in items)


def verdict(document):
    """In a few words, for listings: "Passes", "Fails: no tags, no language" or "Not checked yet"."""
    items = checklist(document)
    if items is None:
        return "Not checked yet"
    failed = [item.short for item in items if not item.passed]
    return f"Fails: {', '.join(failed)}" if failed else "Passes"
