"""The read-only content API: live, public pages and only the PDFs and images they have released."""

import pytest
from django.core.files.base import ContentFile
from wagtail.rich_text import RichText

from .factories import (
    BriefPageFactory,
    DocumentFactory,
    ImageFactory,
    PublicationPageFactory,
    TopicFactory,
    make_pdf,
)
from .helpers import HIDDEN_STATES, make_private, page_in_state

pytestmark = pytest.mark.django_db


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.content[:500])
    return response.json()


def ids(listing):
    return {item["id"] for item in listing["items"]}


def test_publications_come_with_their_fields(client, index):
    topic = TopicFactory(name="Tuition", slug="tuition")
    page = PublicationPageFactory(
        parent=index,
        summary="A summary.",
        topics=[topic],
        pdf=DocumentFactory(),
        cover_image=ImageFactory(),
        body=[("paragraph", RichText("<p>Body text.</p>"))],
    )
    data = get(client, f"/api/v2/pages/{page.pk}/")
    assert data["meta"]["type"] == "publications.PublicationPage"
    assert data["meta"]["html_url"] == page.full_url
    assert data["publication_date"] == page.publication_date.isoformat()
    assert data["summary"] == "A summary."
    assert [(t["name"], t["slug"]) for t in data["topics"]] == [("Tuition", "tuition")]
    assert data["pdf"]["id"] == page.pdf_id
    assert data["pdf"]["meta"]["download_url"] == f"http://localhost{page.pdf.url}"
    assert data["cover_image"]["id"] == page.cover_image_id
    assert data["body"][0]["type"] == "paragraph"

    listing = get(client, "/api/v2/pages/?type=publications.PublicationPage&fields=summary,topics,publication_date")
    assert listing["items"][0]["summary"] == "A summary."


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_pages_readers_cannot_see_are_absent_and_404(client, index, state):
    visible = PublicationPageFactory(parent=index)
    hidden = page_in_state(state, parent=index)

    for url in (
        "/api/v2/pages/",
        "/api/v2/pages/?type=publications.PublicationPage",
        "/api/v2/pages/?search=publication",
    ):
        assert hidden.pk not in ids(get(client, url))
    assert visible.pk in ids(get(client, "/api/v2/pages/"))
    get(client, f"/api/v2/pages/{hidden.pk}/", status=404)
    get(client, f"/api/v2/pages/find/?html_path=/publications/{hidden.slug}/", status=404)
    get(client, f"/api/v2/pages/find/?id={hidden.pk}", status=404)
    found = client.get(f"/api/v2/pages/find/?html_path=/publications/{visible.slug}/")
    assert found.status_code == 302 and f"/api/v2/pages/{visible.pk}/" in found["Location"]


def test_a_logged_in_editor_sees_no_more_than_a_reader(client, admin_client, index):
    private = make_private(PublicationPageFactory(parent=index, pdf=DocumentFactory(), cover_image=ImageFactory()))
    draft = PublicationPageFactory(parent=index, live=False)
    for url in (f"/api/v2/pages/{private.pk}/", f"/api/v2/pages/{draft.pk}/"):
        get(admin_client, url, status=404)
    get(admin_client, f"/api/v2/documents/{private.pdf_id}/", status=404)
    get(admin_client, f"/api/v2/images/{private.cover_image_id}/", status=404)


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_embargoed_pdfs_are_not_listed(client, index, state):
    released = PublicationPageFactory(parent=index, pdf=DocumentFactory()).pdf
    hidden = page_in_state(state, parent=index, pdf=DocumentFactory())
    unused = DocumentFactory()

    listing = get(client, "/api/v2/documents/")
    assert ids(listing) == {released.pk}
    assert listing["items"][0]["meta"]["download_url"] == f"http://localhost{released.url}"
    for document in (hidden.pdf, unused):
        get(client, f"/api/v2/documents/{document.pk}/", status=404)
        assert str(document.url) not in str(listing)
    assert client.get(listing["items"][0]["meta"]["download_url"]).status_code == 200


def test_document_search_finds_only_released_pdfs(client, index):
    released = PublicationPageFactory(parent=index, pdf=DocumentFactory(title="Quinquennial report released")).pdf
    PublicationPageFactory(parent=index, live=False, pdf=DocumentFactory(title="Quinquennial report embargoed"))
    assert ids(get(client, "/api/v2/documents/?search=quinquennial")) == {released.pk}


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_images_of_pages_readers_cannot_see_are_not_listed(client, index, state):
    shown = PublicationPageFactory(parent=index, cover_image=ImageFactory(), pdf=DocumentFactory())
    in_body = ImageFactory()
    PublicationPageFactory(parent=index, body=[("image", {"image": in_body, "caption": ""})])
    hidden = page_in_state(state, parent=index, cover_image=ImageFactory(), pdf=DocumentFactory())
    ImageFactory()  # in no page at all

    listing = get(client, "/api/v2/images/")
    assert ids(listing) == {shown.cover_image_id, shown.pdf.thumbnail_id, in_body.pk}
    for image in (hidden.cover_image, hidden.pdf.thumbnail):
        get(client, f"/api/v2/images/{image.pk}/", status=404)


def test_topics_are_listed(client, index):
    TopicFactory(name="Tuition", slug="tuition")
    listing = get(client, "/api/v2/topics/")
    assert [(item["name"], item["slug"]) for item in listing["items"]] == [("Tuition", "tuition")]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("endpoint", ["pages", "images", "documents", "topics"])
def test_the_api_is_read_only(client, admin_client, index, method, endpoint):
    page = PublicationPageFactory(parent=index, pdf=DocumentFactory(), cover_image=ImageFactory())
    detail = {"pages": page.pk, "images": page.cover_image_id, "documents": page.pdf_id, "topics": 1}[endpoint]
    for user_client in (client, admin_client):
        for url in (f"/api/v2/{endpoint}/", f"/api/v2/{endpoint}/{detail}/"):
            response = getattr(user_client, method)(url, {"title": "Changed"}, content_type="application/json")
            assert response.status_code == 405, (url, response.status_code)
    page.refresh_from_db()
    assert page.title != "Changed"


@pytest.mark.parametrize(
    "query",
    [
        "limit=abc",
        "limit=-1",
        "limit=1000000",
        "offset=-1",
        "offset=abc",
        "offset=99999999999999999999",
        "fields=no_such_field",
        "fields=title(",
        "fields=*,-nothing",
        "order=no_such_field",
        "type=no.Such",
        "type=publications.Topic",
        "type=abc",
        "child_of=abc",
        "child_of=999999",
        "descendant_of=abc",
        "ancestor_of=abc",
        "no_such_parameter=1",
        "search=x&search_operator=xor",
        "search=x&order=summary",
        "site=%00",
        "translation_of=abc",
        "site=no.such.host",
        "site=localhost:abc",
        "type=publications.PublicationPage&publication_date=notadate",
        "type=publications.PublicationPage&topics=abc",
        "type=publications.PublicationPage&pdf=abc",
        "title=%00",
        "show_in_menus=maybe",
    ],
)
def test_bad_page_parameters_are_400_with_a_message(client, index, query):
    PublicationPageFactory(parent=index)
    data = get(client, f"/api/v2/pages/?{query}", status=400)
    assert data["message"]


NOT_FOUND = [
    "/api/v2/pages/find/?id=abc",
    "/api/v2/pages/find/?id=99999999999999999999",
    "/api/v2/pages/find/?html_path=%00",
    "/api/v2/pages/find/?html_path=/no/such/page/",
    "/api/v2/pages/99999999999999999999/",
    "/api/v2/documents/find/?id=abc",
    "/api/v2/images/99999999999999999999/",
    "/api/v2/pages/?locale=zz",
]
BAD_FILE_PARAMETERS = [
    "/api/v2/images/?search=cover",
    "/api/v2/images/?limit=abc",
    "/api/v2/documents/?offset=-1",
    "/api/v2/documents/?fields=file",
    "/api/v2/documents/?search=x&search_operator=nand",
    "/api/v2/topics/?order=nope",
]


@pytest.mark.parametrize(
    ("url", "status"), [(url, 404) for url in NOT_FOUND] + [(url, 400) for url in BAD_FILE_PARAMETERS]
)
def test_what_does_not_exist_is_404_and_bad_file_parameters_400_with_a_message(client, index, url, status):
    assert get(client, url, status=status)["message"]


@pytest.mark.parametrize(
    "search", ['"', '""', "%00", "x%00y", "%20%20", "!!!", "%F0%9F%99%82", "a'b", "(", "a" * 3000, "NEAR(a b)"]
)
@pytest.mark.parametrize("endpoint", ["pages", "documents"])
def test_any_search_text_is_harmless(client, index, search, endpoint):
    PublicationPageFactory(parent=index, pdf=DocumentFactory())
    get(client, f"/api/v2/{endpoint}/?search={search}")


def test_search_finds_text_only_in_the_pdf(client, index):
    document = DocumentFactory(file=ContentFile(make_pdf(text="quinquennial tuition freeze"), name="report.pdf"))
    page = PublicationPageFactory(parent=index, pdf=document)
    BriefPageFactory(parent=page)
    found = get(client, "/api/v2/pages/?type=publications.PublicationPage&search=quinquennial")
    assert ids(found) == {page.pk}
