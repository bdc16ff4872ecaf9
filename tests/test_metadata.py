import datetime
import json
import re
from html import unescape

import pytest
from django.test import RequestFactory

from publications.models import OrganisationSettings, PublicationAuthor
from publications.readers.metadata import page_metadata

from .factories import BriefPageFactory, DocumentFactory, ImageFactory, PublicationPageFactory, TopicFactory
from .helpers import make_private

pytestmark = pytest.mark.django_db

ORGANISATION = "Confederation of University Faculty Associations of BC"


def head(response):
    assert response.status_code == 200
    html = response.content.decode()
    return html[: html.index("</head>")]


def json_ld(html):
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(scripts) == 1
    return json.loads(scripts[0])


def meta(html, name):
    """The contents of every <meta name=…> or <meta property=…> called ``name``, in order."""
    pattern = rf'<meta (?:name|property)="{re.escape(name)}" content="([^"]*)">'
    return [unescape(content) for content in re.findall(pattern, html)]


def assert_serves_an_image(client, url):
    """A social network fetching the share image gets it, as any anonymous client would."""
    response = client.get(url.removeprefix("http://localhost"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/")


@pytest.fixture
def publication(index):
    page = PublicationPageFactory(
        parent=index,
        title="Micro-Credentials & Their Academic Credibility",
        slug="micro-credentials",
        summary="Micro-credentials offer new opportunities.",
        publication_date=datetime.date(2021, 3, 1),
        cover_image=ImageFactory(description="Micro credentials cover"),
        pdf=DocumentFactory(),
        topics=[TopicFactory(name="Micro-credentials")],
    )
    page.authors = [
        PublicationAuthor(name="Jane Doe"),
        PublicationAuthor(name="Research Committee", is_organisation=True),
    ]
    page.save_revision().publish()
    return page


def test_publication_title_description_and_canonical(client, publication):
    html = head(client.get(publication.url))
    assert f"<title>Micro-Credentials &amp; Their Academic Credibility | {ORGANISATION}</title>" in html
    assert meta(html, "description") == ["Micro-credentials offer new opportunities."]
    assert '<link rel="canonical" href="http://localhost/publications/micro-credentials/">' in html


def test_publication_opengraph_and_twitter_card(client, publication):
    html = head(client.get(publication.url))
    assert meta(html, "og:type") == ["article"]
    assert meta(html, "og:title") == ["Micro-Credentials & Their Academic Credibility"]
    assert meta(html, "og:description") == ["Micro-credentials offer new opportunities."]
    assert meta(html, "og:url") == ["http://localhost/publications/micro-credentials/"]
    assert meta(html, "og:site_name") == [ORGANISATION]
    [image] = meta(html, "og:image")
    assert re.fullmatch(r"http://localhost/images/\d+/.+\.fill-1200x630\.[a-z]+", image)
    assert_serves_an_image(client, image)
    assert meta(html, "og:image:alt") == ["Micro credentials cover"]
    assert meta(html, "twitter:card") == ["summary_large_image"]
    assert meta(html, "twitter:image") == [image]
    assert meta(html, "twitter:title") == ["Micro-Credentials & Their Academic Credibility"]


def test_publication_json_ld_is_a_report(client, publication):
    data = json_ld(head(client.get(publication.url)))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Report"
    assert data["name"] == "Micro-Credentials & Their Academic Credibility"
    assert data["description"] == "Micro-credentials offer new opportunities."
    assert data["datePublished"] == "2021-03-01"
    assert data["url"] == "http://localhost/publications/micro-credentials/"
    assert data["image"].startswith("http://localhost/images/")
    assert data["author"] == [
        {"@type": "Person", "name": "Jane Doe", "givenName": "Jane", "familyName": "Doe"},
        {"@type": "Organization", "name": "Research Committee"},
    ]
    assert data["publisher"]["@type"] == "Organization"
    assert data["publisher"]["name"] == ORGANISATION
    assert data["publisher"]["url"] == "http://localhost/"
    assert data["encoding"]["@type"] == "MediaObject"
    assert data["encoding"]["contentUrl"] == f"http://localhost{publication.pdf.url}"
    assert data["encoding"]["encodingFormat"] == "application/pdf"
    assert data["encoding"]["contentSize"].endswith("KB")
    assert "isPartOf" not in data and "position" not in data


def test_publication_without_authors_credits_the_organisation(client, index):
    page = PublicationPageFactory(parent=index)
    html = head(client.get(page.url))
    assert [author["name"] for author in json_ld(html)["author"]] == [ORGANISATION]
    assert meta(html, "citation_author") == [ORGANISATION]


def test_highwire_tags_for_google_scholar(client, publication):
    html = head(client.get(publication.url))
    assert meta(html, "citation_title") == ["Micro-Credentials & Their Academic Credibility"]
    assert meta(html, "citation_author") == ["Doe, Jane", "Research Committee"]
    assert meta(html, "citation_publication_date") == ["2021/03/01"]
    assert meta(html, "citation_pdf_url") == [f"http://localhost{publication.pdf.url}"]
    assert meta(html, "citation_technical_report_institution") == [ORGANISATION]


def test_the_pdf_is_left_out_until_it_is_released(rf, index):
    draft = PublicationPageFactory(parent=index, live=False, pdf=DocumentFactory())
    data = page_metadata(draft, rf.get("/"), OrganisationSettings(name=ORGANISATION))
    assert "citation_pdf_url" not in dict(data.highwire)
    assert "encoding" not in data.json_ld


def test_a_private_publication_does_not_release_its_pdf(rf, index):
    page = PublicationPageFactory(parent=index, pdf=DocumentFactory())
    make_private(index)
    data = page_metadata(page, rf.get("/"), OrganisationSettings(name=ORGANISATION))
    assert "citation_pdf_url" not in dict(data.highwire)


def test_a_pdf_shared_with_a_released_publication_is_released(rf, index):
    pdf = DocumentFactory()
    PublicationPageFactory(parent=index, pdf=pdf)
    draft = PublicationPageFactory(parent=index, live=False, pdf=pdf)
    data = page_metadata(draft, rf.get("/"), OrganisationSettings(name=ORGANISATION))
    assert dict(data.highwire)["citation_pdf_url"] == f"http://localhost{pdf.url}"


def test_brief_is_a_numbered_part_of_its_series(client, index):
    series = PublicationPageFactory(parent=index, title="Funding for Success")
    BriefPageFactory(parent=series)
    brief = BriefPageFactory(parent=series, publication_date=datetime.date(2024, 11, 5))
    html = head(client.get(brief.url))
    data = json_ld(html)
    assert data["@type"] == "Report"
    assert data["isPartOf"] == {
        "@type": "CreativeWorkSeries",
        "name": "Funding for Success",
        "url": f"http://localhost{series.url}",
    }
    assert data["position"] == 2
    assert meta(html, "citation_publication_date") == ["2024/11/05"]
    assert meta(html, "og:type") == ["article"]


def test_home_page_is_the_website_of_the_organisation(client, home):
    html = head(client.get("/"))
    assert f"<title>{ORGANISATION}</title>" in html
    assert meta(html, "og:type") == ["website"]
    assert '<link rel="canonical" href="http://localhost/">' in html
    graph = {node["@type"]: node for node in json_ld(html)["@graph"]}
    assert graph["WebSite"]["name"] == ORGANISATION
    assert graph["WebSite"]["url"] == "http://localhost/"
    assert graph["WebSite"]["publisher"] == {"@id": graph["Organization"]["@id"]}
    assert graph["Organization"]["name"] == ORGANISATION
    assert not meta(html, "citation_title")


def test_index_is_a_collection_page(client, index):
    index.intro = "Reports, briefs and submissions."
    index.save_revision().publish()
    html = head(client.get("/publications/"))
    data = json_ld(html)
    assert data["@type"] == "CollectionPage"
    assert data["name"] == "Publications"
    assert data["url"] == "http://localhost/publications/"
    assert data["description"] == "Reports, briefs and submissions."
    assert data["isPartOf"]["@type"] == "WebSite"
    assert meta(html, "og:type") == ["website"]
    assert meta(html, "description") == ["Reports, briefs and submissions."]


def test_json_ld_cannot_close_its_script_element(client, index):
    title = "Breaking </script><script>alert(1)</script> & more"
    page = PublicationPageFactory(parent=index, title=title, summary="<!-- not a comment -->")
    html = head(client.get(page.url))
    assert "<script>alert(1)" not in html
    data = json_ld(html)
    assert data["name"] == title
    assert data["description"] == "<!-- not a comment -->"


def test_default_share_image_stands_in_for_a_missing_cover(client, index, home):
    settings = OrganisationSettings.for_site(home.get_site())
    settings.default_share_image = ImageFactory(description="Our logo on a blue ground")
    settings.save()
    page = PublicationPageFactory(parent=index)
    html = head(client.get(page.url))
    [image] = meta(html, "og:image")
    assert image.startswith("http://localhost/images/") and ".fill-1200x630." in image
    assert_serves_an_image(client, image)
    assert meta(html, "og:image:alt") == ["Our logo on a blue ground"]
    assert json_ld(html)["image"] == image
    assert meta(head(client.get("/")), "og:image") == [image]


def test_metadata_function_gives_plain_data(index):
    page = PublicationPageFactory(parent=index, title="A report", publication_date=datetime.date(2022, 1, 9))
    request = RequestFactory().get(page.url)
    data = page_metadata(page, request, OrganisationSettings(name="Example Institute"))
    assert data.title == "A report | Example Institute"
    assert data.canonical_url == "http://localhost/publications/a-report/"
    assert data.opengraph["og:site_name"] == "Example Institute"
    assert dict(data.highwire)["citation_technical_report_institution"] == "Example Institute"
    assert json.loads(str(data.json_ld_script)) == data.json_ld
