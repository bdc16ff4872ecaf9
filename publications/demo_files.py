"""Covers, charts and report PDFs for the demo content, drawn with Pillow so no assets are needed."""

import functools
import io
from html import unescape

from django.utils.html import strip_tags
from PIL import Image, ImageDraw, ImageFont

COVER_SIZE = (1200, 1553)
CHART_SIZE = (1200, 700)
PDF_PAGE = (850, 1100)  # US letter at 100 dpi
PDF_MARGIN = 85
PDF_DPI = 100


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


class _Pages:
    """Bilevel letter pages that text and figures flow down, a new page whenever one is full."""

    def __init__(self):
        self.pages = []
        self.new_page()

    @property
    def width(self):
        return PDF_PAGE[0] - 2 * PDF_MARGIN

    def new_page(self):
        self.pages.append(Image.new("1", PDF_PAGE, 1))
        self.draw = ImageDraw.Draw(self.pages[-1])
        self.y = PDF_MARGIN

    def make_room(self, height):
        if self.y + height > PDF_PAGE[1] - PDF_MARGIN:
            self.new_page()

    def write(self, text, size, indent=0, space_after=14):
        for line in wrap(text, size, self.width - indent):
            self.make_room(size)
            self.draw.text((PDF_MARGIN + indent, self.y), line, font=font(size), fill=0)
            self.y += round(size * 1.5)
        self.y += space_after

    def picture(self, image):
        image = image.resize((self.width, round(image.height * self.width / image.width))).convert("1")
        self.make_room(image.height)
        self.pages[-1].paste(image, (PDF_MARGIN, self.y))
        self.y += image.height + 20

    def add_block(self, block_type, value):
        match block_type:
            case "heading" if value["level"] == "h2":
                if self.y > PDF_MARGIN:
                    self.new_page()
                self.write(value["text"], 26, space_after=20)
            case "heading":
                self.write(value["text"], 21)
            case "paragraph":
                self.write(unescape(strip_tags(value)), 17)
            case "summary":
                self.write(value, 20, space_after=24)
            case "quote":
                self.write(f"“{value['text']}”", 20, indent=40, space_after=4)
                self.write(f"— {value['attribution']}", 17, indent=40, space_after=24)
            case "explore":
                self.write(value["introduction"], 17, space_after=6)
                for item in value["items"]:
                    self.write(f"•  {item}", 17, indent=24, space_after=6)
                self.y += 14
            case "image":
                self.picture(chart_image(value["image"], "#666666"))
                self.write(value["caption"], 15, space_after=24)

    def add_footers(self, text):
        for number, page in enumerate(self.pages, start=1):
            footer = f"{text}  ·  Page {number} of {len(self.pages)}"
            ImageDraw.Draw(page).text((PDF_MARGIN, PDF_PAGE[1] - 55), footer, font=font(13), fill=0)


def report_pdf(title, date, summary, body, organisation, about):
    """A letter-size report: a title page with the summary, the body, an about page, and page numbers."""
    pages = _Pages()
    pages.write(organisation.upper(), 18, space_after=180)
    pages.write(title, 38, space_after=30)
    pages.write(f"{date:%B} {date.day}, {date.year}", 20, space_after=60)
    pages.write(summary, 20)
    pages.new_page()
    for block in body:
        pages.add_block(block["type"], block["value"])
    pages.new_page()
    pages.write(f"About {organisation}", 26, space_after=20)
    pages.write(about, 17)
    pages.add_footers(organisation)
    first, *rest = pages.pages
    buffer = io.BytesIO()
    first.save(buffer, "PDF", save_all=True, append_images=rest, resolution=PDF_DPI, title=title, author=organisation)
    return buffer.getvalue()
