import datetime

import bibtexparser
import pytest
from bibtexparser.bparser import BibTexParser
from bibtexparser.customization import convert_to_unicode

from publications.models import PublicationAuthor
from publications.readers import reference_styles
from publications.readers.citations import Author, Work, bibtex, ris, split_name
from publications.readers.csl import to_csl_json

from .factories import BriefPageFactory, DocumentFactory, PublicationPageFactory, TopicFactory, UserFactory

ORGANISATION = "Confederation of University Faculty Associations of BC"
TITLE = "Micro-Credentials & “Trust” at BC’s Research Universities: 100% of Programs_Reviewed?"
URL = "https://publications.example.org/publications/micro-credentials/"


def work(**fields):
    values = {
        "title": "Micro-Credentials & Their Academic Credibility at BC’s Research Universities",
        "authors": (),
        "institution": ORGANISATION,
        "date": datetime.date(2021, 3, 1),
        "url": URL,
    }
    values.update(fields)
    return Work(**values)


def apa(work):
    """The APA reference of ``work``, formatted from its CSL-JSON item as the page does."""
    return reference_styles.apa(to_csl_json(work))


def chicago(work):
    """The Chicago reference of ``work``, formatted from its CSL-JSON item as the page does."""
    return reference_styles.chicago(to_csl_json(work))


def parse_bibtex(text):
    parser = BibTexParser(common_strings=True)
    parser.customization = convert_to_unicode
    entries = bibtexparser.loads(text, parser=parser).entries
    assert len(entries) == 1
    return entries[0]


def parse_ris(text):
    """A minimal RIS reader: (tag, value) pairs of the one record in ``text``, checking the line format."""
    pairs = []
    for line in text.split("\r\n"):
        if not line:
            continue
        assert line[2:6] == "  - ", f"not an RIS line: {line!r}"
        pairs.append((line[:2], line[6:]))
    assert pairs[0] == ("TY", "RPRT") and pairs[-1] == ("ER", "")
    return pairs


def values(pairs, tag):
    return [value for name, value in pairs if name == tag]


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("Jane Doe", ("Doe", "Jane", "")),
        ("Jane Q. Public", ("Public", "Jane Q.", "")),
        ("Ludwig van Beethoven", ("van Beethoven", "Ludwig", "")),
        ("Martin Luther King Jr.", ("King", "Martin Luther", "Jr.")),
        ("Martin Luther King, Jr.", ("King", "Martin Luther", "Jr.")),
        ("King, Martin Luther, Jr.", ("King", "Martin Luther", "Jr.")),
        ("García Márquez, Gabriel", ("García Márquez", "Gabriel", "")),
        ("Plato", ("Plato", "", "")),
    ],
)
def test_split_name(name, parts):
    assert split_name(name) == parts


def test_an_organisation_is_cited_by_its_name_as_written():
    committee = Author("CUFA BC Research Committee", is_organisation=True)
    assert (committee.family, committee.inverted, committee.natural) == ("CUFA BC Research Committee",) * 3


def test_apa_without_authors_names_the_organisation_once():
    citation = apa(work())
    assert citation.text == (
        f"{ORGANISATION}. (2021). Micro-Credentials & Their Academic Credibility at BC’s Research Universities. {URL}"
    )
    assert "<i>Micro-Credentials &amp; Their Academic Credibility at BC’s Research Universities</i>" in citation.html


def test_apa_with_people_gives_initials_and_the_publisher():
    citation = apa(work(authors=(Author("Jane Q. Doe"), Author("Mary-Jane Roe"), Author("Ludwig van Beethoven"))))
    assert citation.text.startswith("Doe, J. Q., Roe, M.-J., & van Beethoven, L. (2021). Micro-Credentials")
    assert citation.text.endswith(f"Universities. {ORGANISATION}. {URL}")


def test_chicago_author_date_inverts_only_the_first_author():
    citation = chicago(work(authors=(Author("Jane Doe"), Author("Richard Roe"))))
    assert citation.style == "Chicago (author-date)"
    assert citation.text == (
        "Doe, Jane, and Richard Roe. 2021. Micro-Credentials & Their Academic Credibility at BC’s Research "
        f"Universities. {ORGANISATION}. {URL}"
    )


def test_a_brief_is_cited_with_its_number_and_series():
    brief = work(title="Why the Funding Formula Needs Review", series_title="Funding for Success", number=2)
    assert "Why the Funding Formula Needs Review (Brief No. 2). " in apa(brief).text
    assert "Why the Funding Formula Needs Review. Funding for Success, no. 2. " in chicago(brief).text


def test_citation_html_escapes_the_title():
    citation = apa(work(title="<script>alert(1)</script>"))
    assert "<script>" not in str(citation.html)
    assert "<i>&lt;script&gt;alert(1)&lt;/script&gt;</i>" in citation.html


def test_bibtex_parses_and_round_trips():
    text = bibtex(work(title=TITLE, authors=(Author("Jane Doe"), Author("Ludwig van Beethoven"))))
    assert "  title = {{Micro-Credentials" in text  # the inner braces protect the title's capitals
    entry = parse_bibtex(text)
    assert entry["ENTRYTYPE"] == "techreport"
    assert entry["ID"] == "doe2021micro"
    assert entry["title"] == TITLE
    assert entry["author"] == "Doe, Jane and van Beethoven, Ludwig"
    assert entry["year"] == "2021"
    assert entry["month"] == "March"
    assert entry["institution"] == ORGANISATION
    assert entry["url"] == URL


def test_bibtex_escapes_special_characters():
    text = bibtex(work(title="50% of R&D_spend costs $5 #1 {sic}"))
    assert r"title = {{50\% of R\&D\_spend costs \$5 \#1 \{sic\}}}" in text


def test_bibtex_braces_an_organisation_as_author():
    text = bibtex(work(institution="Faculty & Staff Association"))
    assert r"author = {{Faculty \& Staff Association}}," in text
    assert parse_bibtex(text)["author"] == "Faculty & Staff Association"


def test_bibtex_of_a_brief_has_its_type_and_number():
    entry = parse_bibtex(bibtex(work(series_title="Funding for Success", number=3)))
    assert (entry["type"], entry["number"]) == ("Brief", "3")


def test_ris_parses_and_round_trips():
    text = ris(
        work(
            title=TITLE,
            authors=(Author("Jane Doe"), Author("CUFA BC Research Committee", is_organisation=True)),
            summary="What it is about.",
            pdf_url="https://publications.example.org/documents/1/report.pdf",
            keywords=("Micro-credentials", "Research universities"),
        )
    )
    pairs = parse_ris(text)
    assert values(pairs, "TI") == [TITLE]
    assert values(pairs, "AU") == ["Doe, Jane", "CUFA BC Research Committee"]
    assert values(pairs, "PY") == ["2021"]
    assert values(pairs, "DA") == ["2021/03/01"]
    assert values(pairs, "PB") == [ORGANISATION]
    assert values(pairs, "UR") == [URL]
    assert values(pairs, "L1") == ["https://publications.example.org/documents/1/report.pdf"]
    assert values(pairs, "KW") == ["Micro-credentials", "Research universities"]


def test_ris_without_authors_names_the_organisation():
    assert values(parse_ris(ris(work())), "AU") == [ORGANISATION]


@pytest.fixture
def publication(index):
    page = PublicationPageFactory(
        parent=index,
        title=TITLE,
        slug="micro-credentials",
        publication_date=datetime.date(2021, 3, 1),
        pdf=DocumentFactory(),
        topics=[TopicFactory(name="Micro-credentials")],
    )
    page.authors = [PublicationAuthor(name="Jane Doe"), PublicationAuthor(name="Doe, John")]
    page.save_revision().publish()
    return page


def download(client, publication, route, content_type, extension):
    """The citation file at ``route``, checked to be a ``content_type`` attachment named after the page."""
    response = client.get(f"{publication.url}cite/{route}/")
    assert response.status_code == 200
    assert response["Content-Type"] == f"{content_type}; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="micro-credentials.{extension}"'
    return response.content.decode()


@pytest.mark.django_db
def test_bibtex_download(client, publication):
    entry = parse_bibtex(download(client, publication, "bibtex", "text/x-bibtex", "bib"))
    assert entry["title"] == TITLE
    assert entry["author"] == "Doe, Jane and Doe, John"
    assert entry["year"] == "2021"
    assert entry["institution"] == "Confederation of University Faculty Associations of BC"
    assert entry["url"] == publication.full_url


@pytest.mark.django_db
def test_ris_download(client, publication):
    pairs = parse_ris(download(client, publication, "ris", "application/x-research-info-systems", "ris"))
    assert values(pairs, "TI") == [TITLE]
    assert values(pairs, "AU") == ["Doe, Jane", "Doe, John"]
    assert values(pairs, "PY") == ["2021"]
    assert values(pairs, "PB") == ["Confederation of University Faculty Associations of BC"]
    assert values(pairs, "UR") == [publication.full_url]
    assert values(pairs, "L1") == [f"http://localhost{publication.pdf.url}"]
    assert values(pairs, "KW") == ["Micro-credentials"]


@pytest.mark.django_db
def test_a_brief_downloads_its_citation_with_its_number(client, index):
    series = PublicationPageFactory(parent=index, title="Funding for Success")
    BriefPageFactory(parent=series)
    brief = BriefPageFactory(parent=series, slug="stable-grants")
    assert "Cite this brief" in client.get(brief.url).content.decode()
    response = client.get(f"{brief.url}cite/ris/")
    assert response["Content-Disposition"] == 'attachment; filename="stable-grants.ris"'
    pairs = parse_ris(response.content.decode())
    assert (values(pairs, "T2"), values(pairs, "SN")) == (["Funding for Success"], ["2"])


@pytest.mark.django_db
@pytest.mark.parametrize("route", ["cite/bibtex/", "cite/ris/", "cite/csl-json/"])
def test_citation_downloads_are_404_for_drafts_even_for_editors(client, index, route):
    draft = PublicationPageFactory(parent=index, slug="draft", live=False)
    assert client.get(f"/publications/draft/{route}").status_code == 404
    client.force_login(UserFactory(is_superuser=True))
    assert client.get(f"/publications/draft/{route}").status_code == 404
    draft.save_revision().publish()
    assert client.get(f"/publications/draft/{route}").status_code == 200


@pytest.mark.django_db
def test_the_page_offers_both_citations_and_downloads(client, publication):
    html = client.get(publication.url).content.decode()
    section = html[html.index('<section class="cite"') :]
    assert "Cite this publication" in section
    assert "APA (7th edition)" in section and "Chicago (author-date)" in section
    assert "Doe, J., &amp; Doe, J. (2021). <i>Micro-Credentials &amp; “Trust”" in section
    assert f'href="{publication.url}cite/bibtex/"' in section
    assert f'href="{publication.url}cite/ris/"' in section
    assert 'data-copy="citation-1" hidden' in section
    assert '<p class="visually-hidden" role="status" data-copy-status></p>' in section


@pytest.mark.django_db
def test_the_citation_comes_after_the_topics_and_before_the_related_panel(client, index, publication):
    other = PublicationPageFactory(parent=index, topics=list(publication.topics.all()))
    html = client.get(publication.url).content.decode()
    assert other.title in html
    assert html.index('class="topics"') < html.index("Cite this publication") < html.index("Other recommended")


@pytest.mark.django_db
def test_byline_shows_a_name_entered_family_name_first_in_natural_order(client, publication):
    html = client.get(publication.url).content.decode()
    assert '<span class="byline__name">John Doe</span>' in html
