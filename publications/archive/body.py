"""A page body as a manifest's plain text, and back.

Blocks are separated by blank lines. ``## Heading`` (``###`` for a subsection), ``> quoted`` lines with an
optional ``— attribution`` line, ``! lead text``, and an optional introduction line followed by ``- item`` lines
(an "explore" list); any other block is a paragraph. Images are not carried: they belong to the image library.
"""

import html
import re

from django.utils.html import escape, strip_tags

BULLET = "- "
ATTRIBUTION = "— "
LEAD = "! "
HEADINGS = {"## ": "h2", "### ": "h3"}
DEFAULT_INTRODUCTION = "Download our paper to explore:"


def parse_body(text):
    """The StreamField blocks (``[{"type": …, "value": …}]``) that ``text`` describes."""
    chunks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    return [_block([line.strip() for line in chunk.splitlines() if line.strip()]) for chunk in chunks if chunk.strip()]


def _block(lines):
    first = lines[0]
    for marker, level in HEADINGS.items():
        if first.startswith(marker) and len(lines) == 1:
            return {"type": "heading", "value": {"text": first[len(marker) :].strip(), "level": level}}
    if first.startswith(LEAD):
        return {"type": "summary", "value": " ".join([first[len(LEAD) :], *lines[1:]]).strip()}
    if first.startswith(">"):
        quoted = [line for line in lines if line.startswith(">")]
        rest = lines[len(quoted) :]
        if len(rest) <= 1 and all(line.startswith(ATTRIBUTION) for line in rest):
            text = " ".join(line[1:].strip() for line in quoted)
            attribution = rest[0][len(ATTRIBUTION) :].strip() if rest else ""
            return {"type": "quote", "value": {"text": text, "attribution": attribution}}
    items = [line for line in lines if line.startswith(BULLET)]
    if (
        items
        and all(line.startswith(BULLET) for line in lines[len(lines) - len(items) :])
        and len(items) >= (len(lines) - 1)
    ):
        introduction = lines[0] if len(items) < len(lines) else DEFAULT_INTRODUCTION
        return {
            "type": "explore",
            "value": {"introduction": introduction, "items": [item[len(BULLET) :].strip() for item in items]},
        }
    return {"type": "paragraph", "value": f"<p>{escape(' '.join(lines))}</p>"}


def body_text(body):
    """``body`` (a page's StreamField) as the manifest's text; image blocks are left out."""
    return "\n\n".join(text for block in body if (text := _text(block.block_type, block.value)))


def _text(block_type, value):
    if block_type == "paragraph":
        return " ".join(html.unescape(strip_tags(value.source)).split())
    if block_type == "summary":
        return LEAD + value
    if block_type == "heading":
        marker = next(marker for marker, level in HEADINGS.items() if level == value["level"])
        return marker + value["text"]
    if block_type == "quote":
        quote = f"> {value['text']}"
        return f"{quote}\n{ATTRIBUTION}{value['attribution']}" if value["attribution"] else quote
    if block_type == "explore":
        return "\n".join([value["introduction"], *(BULLET + item for item in value["items"])])
    return ""
