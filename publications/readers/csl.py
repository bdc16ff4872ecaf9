"""CSL-JSON: a Work as the data that reference managers and CSL processors (citeproc) format in any style.

The site's own APA and Chicago text is formatted from this same data (see reference_styles.py).
"""

import json

from .citations import NAME_PARTICLES, bibtex_key

# Not in IANA's registry; the type Zotero's API and DOI content negotiation serve CSL-JSON as.
CONTENT_TYPE = "application/vnd.citationstyles.csl+json"


def csl_name(author):
    """A CSL name: an organisation as a ``literal``; a person by family and given name, with the lower-case
    particle before the family name ("van") and any suffix in their own fields."""
    if author.is_organisation:
        return {"literal": author.name}
    family, given, suffix = author.parts
    words = family.split(" ")
    start = 0
    while start < len(words) - 1 and words[start] in NAME_PARTICLES:
        start += 1
    name = {
        "family": " ".join(words[start:]),
        "given": given,
        "non-dropping-particle": " ".join(words[:start]),
        "suffix": suffix,
    }
    return {field: value for field, value in name.items() if value}


def to_csl_json(work):
    """The CSL-JSON item of ``work``: a report, whose publisher is the organisation; a brief also has its number
    and, when it has one, its series as the collection."""
    date = work.date
    item = {
        "id": bibtex_key(work),
        "type": "report",
        "title": work.title,
        "author": [csl_name(author) for author in work.cited_authors],
        "publisher": work.institution,
        "issued": {"date-parts": [[date.year, date.month, date.day]]},
        "URL": work.url,
    }
    if work.number:
        item |= {"genre": "Brief", "number": work.number}
        if work.series_title:
            item |= {"collection-title": work.series_title, "collection-number": work.number}
    if work.summary:
        item["abstract"] = " ".join(work.summary.split())
    if work.keywords:
        item["keyword"] = ", ".join(work.keywords)
    return item


def csl_json(work):
    """The CSL-JSON file of ``work``: a list holding its one item, as CSL processors and Zotero read it."""
    return json.dumps([to_csl_json(work)], ensure_ascii=False, indent=2) + "\n"
