"""The APA and Chicago references shown on a publication's page, formatted from its CSL-JSON item alone.

Our own formatters rather than a CSL processor: citeproc-py 0.11 with the official styles repeats the publisher
after an organisation that is also the author (APA 7 leaves it out), gives Chicago's authors initials (it
ignores the style's ``initialize="false"``), leaves titles unescaped in its HTML, and takes some 30 ms a page
for the two references where these take a tenth of a millisecond. tests/test_csl.py renders the same items
through citeproc-py.
"""

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join

APA_MAX_AUTHORS = 20
CHICAGO_MAX_AUTHORS = 10


@dataclass(frozen=True)
class Citation:
    """A formatted reference: plain text to copy, and HTML with the title in italics."""

    style: str
    text: str
    html: str


def initials(given):
    """APA initials: "Jane Q." → "J. Q.", "Mary-Jane" → "M.-J."."""
    words = []
    for word in given.split():
        words.append("-".join(f"{part[0]}." for part in word.split("-") if part))
    return " ".join(words)


def _sentence(text):
    """``text`` ending with a full stop, unless it already ends a sentence."""
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else f"{text}."


def _citation(style, parts):
    """A Citation from (text, italic) parts."""
    text = "".join(part for part, _ in parts)
    html = format_html_join("", "{}", ((format_html("<i>{}</i>", part) if italic else part,) for part, italic in parts))
    return Citation(style=style, text=text, html=html)


def _family(name):
    return " ".join(part for part in (name.get("non-dropping-particle"), name.get("family")) if part)


def _inverted(name):
    """A name as "Family, Given, Suffix", or an organisation's name as written."""
    if "literal" in name:
        return name["literal"]
    return ", ".join(part for part in (_family(name), name.get("given"), name.get("suffix")) if part)


def _natural(name):
    """A name as "Given Family Suffix", or an organisation's name as written."""
    if "literal" in name:
        return name["literal"]
    return " ".join(part for part in (name.get("given"), _family(name), name.get("suffix")) if part)


def _year(item):
    return item["issued"]["date-parts"][0][0]


def _apa_name(name):
    if "given" not in name:
        return _inverted(name)
    return ", ".join(part for part in (_family(name), initials(name["given"]), name.get("suffix")) if part)


def _apa_authors(names):
    names = [_apa_name(name) for name in names]
    if len(names) == 1:
        return names[0]
    if len(names) > APA_MAX_AUTHORS:
        return ", ".join(names[: APA_MAX_AUTHORS - 1]) + ", . . . " + names[-1]
    return ", ".join(names[:-1]) + ", & " + names[-1]


def apa(item):
    """APA (7th edition) reference for a report; the publisher is left out when it is also the author."""
    title = item["title"]
    number = f" ({item['genre']} No. {item['number']})" if item.get("number") else ""
    title_end = "" if title.endswith((".", "?", "!")) and not number else "."
    parts = [
        (f"{_sentence(_apa_authors(item['author']))} ({_year(item)}). ", False),
        (title, True),
        (f"{number}{title_end} ", False),
    ]
    if item["author"] != [{"literal": item["publisher"]}]:
        parts.append((f"{_sentence(item['publisher'])} ", False))
    parts.append((item["URL"], False))
    return _citation("APA (7th edition)", parts)


def _chicago_authors(names):
    if len(names) > CHICAGO_MAX_AUTHORS:
        names = names[:7]
        return ", ".join([_inverted(names[0])] + [_natural(name) for name in names[1:]]) + ", et al"
    names = [_inverted(names[0])] + [_natural(name) for name in names[1:]]
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]}, and {names[1]}" if "," in names[0] else f"{names[0]} and {names[1]}"
    return ", ".join(names[:-1]) + ", and " + names[-1]


def chicago(item):
    """Chicago (17th edition, author-date) reference-list entry for a report."""
    title = item["title"]
    parts = [
        (f"{_sentence(_chicago_authors(item['author']))} {_year(item)}. ", False),
        (title, True),
        ("" if title.endswith((".", "?", "!")) else ".", False),
    ]
    if item.get("collection-title"):
        parts.append((f" {item['collection-title']}, no. {item['collection-number']}.", False))
    elif item.get("number"):
        parts.append((f" {item['genre']} {item['number']}.", False))
    parts.append((f" {_sentence(item['publisher'])} {item['URL']}", False))
    return _citation("Chicago (author-date)", parts)
