"""PDFs whose text is tagged for screen readers. fpdf2 tags only images with alt text and links; this tags each
paragraph and heading as a structure element, in reading order, and marks running heads and feet as artifacts."""

from contextlib import contextmanager

from fpdf import FPDF


class TaggedPdf(FPDF):
    """An FPDF document in ``language`` (none if empty) whose content drawn inside ``tagged()`` is in the structure
    tree."""

    def __init__(self, *args, language="en", **kwargs):
        super().__init__(*args, **kwargs)
        if language:
            self.set_lang(language)
        self._open_tag = None

    @contextmanager
    def tagged(self, struct_type):
        """Content drawn inside is one structure element of ``struct_type`` ("P", "H1", "H2", "LI"…)."""
        self._begin(struct_type)
        try:
            yield
        finally:
            self._end()

    @contextmanager
    def artifact(self):
        """Content drawn inside (a page number, a rule) is decoration that screen readers skip."""
        self._out("/Artifact BMC")
        try:
            yield
        finally:
            self._out("EMC")

    def add_page(self, *args, **kwargs):
        # Marked content cannot run over a page: an element broken by the page ends at its foot and goes on as
        # an element of the same type at the head of the next page, after the footer and header.
        open_tag = self._open_tag
        if open_tag:
            self._end()
        super().add_page(*args, **kwargs)
        if open_tag:
            self._begin(open_tag)

    def _begin(self, struct_type):
        mcid = self.struct_builder.next_mcid_for_page(self.page)
        self._add_marked_content(struct_type=f"/{struct_type}", mcid=mcid)
        self._out(f"/{struct_type} <</MCID {mcid}>> BDC")
        self._open_tag = struct_type

    def _end(self):
        self._out("EMC")
        self._open_tag = None
