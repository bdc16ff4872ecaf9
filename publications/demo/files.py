"""Covers and charts drawn with Pillow and tagged report PDFs written with fpdf2, for the demo content; no assets
needed."""

import functools
import io
from html import unescape

from django.utils.html import strip_tags
from fpdf.enums import XPos, YPos
from PIL import Image, ImageDraw, ImageFont

from .tagged_pdf import TaggedPdf

COVER_SIZE = (1200, 1553)
CHART_SIZE = (1200, 700)
PDF_MARGIN = 25  # millimetres
PDF_FONT = "Helvetica"
PDF_INK = (34, 34, 34)
PDF_MUTED = (96, 96, 96)
PDF_RULE = (170, 170, 170)
PDF_CHART_COLOUR = "#555555"
PDF_BODY_SIZE = 10.5  # points
PDF_LEADING = 1.45

# The core Helvetica shows Windows-1252, which has the typographic quotes, dashes and bullet; these few
# characters it lacks get their plain look-alikes, anything else outside it a "?".
WINANSI_LOOKALIKES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2212": "-", "\u2009": " ", "\u202f": " "})


@functools.cache
def font(size):
    """Pillow's bundled scalable font at ``size`` pixels."""
    return ImageFont.load_default(size=size)


def wrap(text, size, width):
    """``text`` broken into lines no wider than ``width`` pixels in the font of ``size``."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and font(size).getlength(candidate) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line] if line else lines


def png(image):
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def cover_png(title, label, organisation, colour):
    """A portrait cover on a solid colour: the organisation at the head, the title set large, ``label`` at the foot."""
    image = Image.new("RGB", COVER_SIZE, colour)
    draw = ImageDraw.Draw(image)
    left, width = 110, COVER_SIZE[0] - 220
    y = 130
    for line in wrap(organisation.upper(), 30, width):
        draw.text((left, y), line, font=font(30), fill="white")
        y += 42
    draw.line((left, y + 30, left + 160, y + 30), fill="white", width=6)
    y = 520
    for line in wrap(title, 86, width):
        draw.text((left, y), line, font=font(86), fill="white")
        y += 104
    draw.text((left, COVER_SIZE[1] - 190), label, font=font(40), fill="white")
    return png(image)


def chart_image(chart, colour):
    """A horizontal bar chart of ``chart.bars`` with each bar's value at its end."""
    image = Image.new("RGB", CHART_SIZE, "white")
    draw = ImageDraw.Draw(image)
    draw.text((60, 50), chart.title, font=font(38), fill="#222222")
    label_width, bar_left, bar_right = 300, 380, CHART_SIZE[0] - 160
    top, step = 150, (CHART_SIZE[1] - 200) // len(chart.bars)
    largest = max(value for _, value in chart.bars)
    for index, (label, value) in enumerate(chart.bars):
        y = top + index * step
        draw.text((60, y + 8), wrap(label, 28, label_width)[0], font=font(28), fill="#222222")
        end = bar_left + round((bar_right - bar_left) * value / largest)
        draw.rectangle((bar_left, y, end, y + step - 24), fill=colour)
        draw.text((end + 14, y + 8), chart.value_format.format(value), font=font(28), fill="#222222")
    return image


def winansi(text):
    """``text`` in the Windows-1252 characters that the PDF core font Helvetica can show."""
    return text.translate(WINANSI_LOOKALIKES).encode("cp1252", "replace").decode("cp1252")


def paragraphs(html):
    """The plain text of each paragraph in a fragment of rich text."""
    texts = (" ".join(unescape(strip_tags(part)).split()) for part in html.split("</p>"))
    return [text for text in texts if text]


class _Report(TaggedPdf):
    """A letter-size, tagged report in Helvetica; every page after the title page has the organisation and its
    number."""

    def __init__(self, title, organisation):
        super().__init__(format="letter", language="en")
        self.organisation = organisation
        self.core_fonts_encoding = "cp1252"
        self.set_margins(PDF_MARGIN, PDF_MARGIN)
        self.set_auto_page_break(True, margin=PDF_MARGIN)
        self.set_title(title)
        self.set_author(organisation)

    def footer(self):
        if self.page_no() == 1:
            return
        with self.artifact():
            self._footer_line()

    def _footer_line(self):
        self.set_y(-PDF_MARGIN + 8)
        self.set_draw_color(*PDF_RULE)
        self.line(self.l_margin, self.y, self.w - self.r_margin, self.y)
        self.set_y(self.y + 2)
        self.set_font(PDF_FONT, size=8)
        self.set_text_color(*PDF_MUTED)
        self.cell(self.epw / 2, 4, winansi(self.organisation))
        self.cell(self.epw / 2, 4, f"Page {self.page_no()} of {{nb}}", align="R")

    @staticmethod
    def line_height(size, leading=PDF_LEADING):
        """The height in millimetres of a line of ``size``-point text."""
        return size * 25.4 / 72 * leading

    def flow(
        self, text, size=PDF_BODY_SIZE, style="", indent=0, after=3.5, colour=PDF_INK, leading=PDF_LEADING, tag="P"
    ):
        """Sets ``text`` as a paragraph (or the structure element ``tag``) from the current position, breaking lines
        and pages as needed."""
        self.set_font(PDF_FONT, style, size)
        self.set_text_color(*colour)
        self.set_x(self.l_margin + indent)
        with self.tagged(tag):
            self.multi_cell(
                self.epw - indent,
                self.line_height(size, leading),
                winansi(text),
                align="L",
                new_x=XPos.LMARGIN,
                new_y=YPos.NEXT,
            )
        self.ln(after)

    def rule(self, x1, y1, x2, y2):
        with self.artifact():
            self.line(x1, y1, x2, y2)

    def keep_room(self, height):
        """Starts a new page unless ``height`` millimetres fit on this one."""
        if self.y > self.t_margin and self.will_page_break(height):
            self.add_page()

    def title_page(self, title, date, summary):
        self.add_page()
        self.set_char_spacing(1.5)
        self.flow(self.organisation.upper(), 9, style="B", colour=PDF_MUTED, after=4)
        self.set_char_spacing(0)
        self.set_draw_color(*PDF_INK)
        self.set_line_width(0.8)
        self.rule(self.l_margin, self.y, self.l_margin + 30, self.y)
        self.set_line_width(0.2)
        self.set_y(90)
        self.flow(title, 26, style="B", leading=1.2, after=6, tag="H1")
        self.flow(f"{date:%B} {date.day}, {date.year}", 12, colour=PDF_MUTED, after=18)
        self.flow(summary, 13, leading=1.5)

    def heading(self, text, level):
        size, before = (16, 6) if level == "h2" else (12.5, 3)
        self.keep_room(before + self.line_height(size, 1.3) + 4 * self.line_height(PDF_BODY_SIZE))
        if self.y > self.t_margin:
            self.ln(before)
        self.flow(text, size, style="B", leading=1.3, after=2.5, tag="H2" if level == "h2" else "H3")

    def quote(self, text, attribution):
        indent, quoted = 9, f"“{text}”"
        self.set_font(PDF_FONT, "I", 12.5)
        lines = self.multi_cell(
            self.epw - indent, self.line_height(12.5), winansi(quoted), align="L", dry_run=True, output="LINES"
        )
        self.keep_room(len(lines) * self.line_height(12.5) + self.line_height(9.5) + 5)
        self.ln(1.5)
        top = self.y
        self.flow(quoted, 12.5, style="I", indent=indent, after=1.5, tag="BlockQuote")
        self.flow(f"— {attribution}", 9.5, indent=indent, colour=PDF_MUTED, after=0)
        self.set_draw_color(*PDF_RULE)
        self.set_line_width(0.8)
        self.rule(self.l_margin + 1, top, self.l_margin + 1, self.y)
        self.set_line_width(0.2)
        self.ln(6)

    def bullets(self, introduction, items):
        self.flow(introduction, after=1.5)
        for item in items:
            self.set_x(self.l_margin + 2)
            with self.artifact():
                self.cell(5, self.line_height(PDF_BODY_SIZE), "•")
            self.flow(item, indent=7, after=1)
        self.ln(3)

    def chart(self, chart, caption):
        image = chart_image(chart, PDF_CHART_COLOUR).convert("L")
        height = self.epw * image.height / image.width
        self.keep_room(height + 12)
        self.ln(2)
        self.image(io.BytesIO(png(image)), x=self.l_margin, w=self.epw, alt_text=chart.description)
        self.ln(2)
        self.flow(caption, 9, style="I", colour=PDF_MUTED, after=6)

    def add_block(self, block_type, value):
        match block_type:
            case "heading":
                self.heading(value["text"], value["level"])
            case "paragraph":
                for text in paragraphs(value):
                    self.flow(text)
            case "summary":
                self.flow(value, 13, after=5)
            case "quote":
                self.quote(value["text"], value["attribution"])
            case "explore":
                self.bullets(value["introduction"], value["items"])
            case "image":
                self.chart(value["image"], value["caption"])


def report_pdf(title, date, summary, body, organisation, about):
    """A letter-size, tagged report with a title and a language: a title page with the summary, the body, an about
    page, page numbers."""
    pdf = _Report(title, organisation)
    pdf.title_page(title, date, summary)
    pdf.add_page()
    for block in body:
        pdf.add_block(block["type"], block["value"])
    pdf.add_page()
    pdf.heading(f"About {organisation}", "h2")
    pdf.flow(about)
    return bytes(pdf.output())
