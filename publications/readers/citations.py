"""Citations of a publication: what a citation says (Work), BibTeX and RIS files.

``work_for_page`` gathers what a citation needs from a page; every other function is pure. The CSL-JSON item
(csl.py) is made from the Work, and the APA and Chicago text on the page from that (reference_styles.py).
A publication without authors is cited with the organisation as its author.
"""

import datetime
import re
from dataclasses import dataclass
from urllib.parse import urljoin

from django.utils.text import slugify
from wagtail.models import Site

NAME_PARTICLES = set("al bin da das de del della der di do dos du la le ten ter van von".split())
NAME_SUFFIXES = set("jr jr. sr sr. ii iii iv".split())
BIBTEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@dataclass(frozen=True)
class Author:
    """A person, written "Given Family" or "Family, Given", or an organisation cited by its name as written."""

    name: str
    is_organisation: bool = False

    @property
    def parts(self):
        """(family, given, suffix) for a person; (name, "", "") for an organisation."""
        if self.is_organisation:
            return self.name, "", ""
        return split_name(self.name)

    @property
    def family(self):
        return self.parts[0]

    @property
    def given(self):
        return self.parts[1]

    @property
    def inverted(self):
        """The "Family, Given, Suffix" form that reference managers and Google Scholar expect."""
        return ", ".join(part for part in self.parts if part)

    @property
    def natural(self):
        """The "Given Family Suffix" form that readers see in a byline."""
        family, given, suffix = self.parts
        return " ".join(part for part in (given, family, suffix) if part)


@dataclass(frozen=True)
class Work:
    """What a citation of a publication or brief says about it."""

    title: str
    authors: tuple[Author, ...]
    institution: str
    date: datetime.date
    url: str
    summary: str = ""
    series_title: str = ""
    number: int | None = None
    pdf_url: str = ""
    keywords: tuple[str, ...] = ()

    @property
    def cited_authors(self):
        """The authors, or the organisation when there are none."""
        return self.authors or (Author(self.institution, is_organisation=True),)


def split_name(name):
    """(family, given, suffix) of a person's name, written "Given Family" or "Family, Given".

    Lower-case particles stay with the family name ("Ludwig van Beethoven" → "van Beethoven").
    """
    before, comma, after = (part.strip() for part in " ".join(name.split()).partition(","))
    if comma and after.lower() not in NAME_SUFFIXES:
        given, _, suffix = (part.strip() for part in after.partition(","))
        return before, given, suffix
    words, suffix = before.split(" "), after
    if not suffix and len(words) > 2 and words[-1].lower() in NAME_SUFFIXES:
        suffix = words.pop()
    start = len(words) - 1
    while start > 1 and words[start - 1] in NAME_PARTICLES:
        start -= 1
    return " ".join(words[start:]), " ".join(words[:start]), suffix


def bibtex_escape(text):
    """``text`` with the characters that are special to BibTeX and LaTeX escaped; other Unicode is kept."""
    return "".join(BIBTEX_SPECIALS.get(char, char) for char in text)


def _bibtex_name(author):
    # Braces keep an organisation whole: BibTeX would otherwise split it into first and last names.
    if author.is_organisation:
        return "{" + bibtex_escape(author.name) + "}"
    return bibtex_escape(author.inverted)


def bibtex_key(work):
    """A citation key like ``doe2021micro``: first author, year, first word of the title, in ASCII."""

    def first_word(text):
        words = [word for word in slugify(text).split("-") if word not in {"a", "an", "the", "on", "of"}]
        return words[0] if words else ""

    author = work.cited_authors[0]
    key = f"{first_word(author.family)}{work.date.year}{first_word(work.title)}"
    return re.sub(r"[^a-z0-9]", "", key) or f"publication{work.date.year}"


def bibtex(work):
    """A BibTeX ``@techreport`` entry, UTF-8, with the title's capitals protected."""
    fields = [
        ("author", " and ".join(_bibtex_name(author) for author in work.cited_authors)),
        ("title", "{" + bibtex_escape(work.title) + "}"),
        ("institution", bibtex_escape(work.institution)),
        ("year", str(work.date.year)),
    ]
    if work.number:
        fields += [("type", "Brief"), ("number", str(work.number))]
    fields.append(("url", work.url))
    lines = [f"  {name} = {{{value}}}," for name, value in fields]
    lines.insert(4, f"  month = {BIBTEX_MONTHS[work.date.month - 1]},")
    return "@techreport{" + bibtex_key(work) + ",\n" + "\n".join(lines) + "\n}\n"


def ris(work):
    """An RIS record of type RPRT, one tag a line, lines ending CRLF as the format asks."""
    lines = [("TY", "RPRT")]
    lines += [("AU", author.name if author.is_organisation else author.inverted) for author in work.cited_authors]
    lines.append(("TI", work.title))
    if work.number:
        if work.series_title:
            lines.append(("T2", work.series_title))
        lines += [("M3", "Brief"), ("SN", str(work.number))]
    lines += [
        ("PY", str(work.date.year)),
        ("DA", work.date.strftime("%Y/%m/%d")),
        ("PB", work.institution),
        ("UR", work.url),
    ]
    if work.pdf_url:
        lines.append(("L1", work.pdf_url))
    if work.summary:
        lines.append(("AB", " ".join(work.summary.split())))
    lines += [("KW", keyword) for keyword in work.keywords]
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines)


def site_url(request, path):
    """``path`` as an absolute URL on the site's own address, the one its pages' canonical URLs use."""
    site = Site.find_for_request(request)
    return urljoin(site.root_url, path) if site else request.build_absolute_uri(path)


def work_for_page(page, request, institution):
    """The Work a publication or brief page describes, with absolute URLs for ``request``."""
    authors = tuple(Author(author.name, author.is_organisation) for author in page.author_list)
    series = page.series
    return Work(
        title=page.title,
        authors=authors,
        institution=institution,
        date=page.publication_date,
        url=page.get_full_url(request),
        summary=page.summary,
        series_title=series.title if series else "",
        number=page.brief_number,
        pdf_url=site_url(request, page.pdf.url) if page.pdf_released else "",
        keywords=tuple(topic.name for topic in page.topic_list),
    )
