"""The release rule: readers get a document or image while a live, public page's content uses it,
however the page uses it, and every way in (download, metadata, API) agrees."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from publications.documents.release import (
    RestrictionsPerRequestMiddleware,
    is_released,
    is_restricted,
    released_documents,
    released_images,
    restricted_paths,
)

from .factories import DocumentFactory, ImageFactory, PublicationPageFactory

pytestmark = pytest.mark.django_db


def download(client, document):
    response = client.get(document.url)
    if response.status_code == 200:
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
    return response


def linking_to(document):
    return [("paragraph", RichText(f'<p>See the <a linktype="document" id="{document.pk}">appendix</a>.</p>'))]


def test_a_pdf_linked_only_from_body_text_downloads_while_its_page_is_live(client, index):
    appendix = DocumentFactory(title="Appendix")
    page = PublicationPageFactory(parent=index, body=linking_to(appendix))

    response = download(client, appendix)
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{appendix.filename}"'
    assert response["Cache-Control"] == "no-cache"
    assert "Content-Encoding" not in response
    assert f'href="{appendix.url}"' in client.get(page.url).content.decode()

    page.unpublish()
    assert download(client, appendix).status_code == 404


def test_a_body_link_is_counted_and_listed_like_a_publications_pdf(client, index):
    appendix = DocumentFactory(title="Appendix")
    PublicationPageFactory(parent=index, body=linking_to(appendix))
    download(client, appendix)
    appendix.refresh_from_db()
    assert appendix.download_count == 1
    listed = client.get("/api/v2/documents/").json()
    assert [item["id"] for item in listed["items"]] == [appendix.pk]


def test_a_draft_neither_releases_its_new_pdf_nor_withdraws_the_live_one(client, index):
    live_pdf, draft_pdf = DocumentFactory(), DocumentFactory()
    page = PublicationPageFactory(parent=index, pdf=live_pdf)

    page.pdf = draft_pdf
    page.body = linking_to(draft_pdf)
    revision = page.save_revision()
    assert download(client, live_pdf).status_code == 200
    assert download(client, draft_pdf).status_code == 404

    revision.publish()
    assert download(client, draft_pdf).status_code == 200
    assert download(client, live_pdf).status_code == 404


def test_a_publication_names_its_download_after_itself_even_when_another_page_links_it(client, index):
    document = DocumentFactory(title="final v3 (2)")
    PublicationPageFactory(parent=index, slug="a-linking-page", body=linking_to(document))
    PublicationPageFactory(parent=index, slug="the-report", pdf=document)
    response = download(client, document)
    assert response["Content-Disposition"] == 'attachment; filename="the-report.pdf"'


def test_a_private_page_releases_nothing(client, index):
    appendix = DocumentFactory()
    page = PublicationPageFactory(parent=index, body=linking_to(appendix), pdf=DocumentFactory())
    PageViewRestriction.objects.create(page=index, restriction_type=PageViewRestriction.LOGIN)
    assert not is_released(appendix)
    assert not is_released(page.pdf)
    assert download(client, appendix).status_code == 404
    assert download(client, page.pdf).status_code == 404


def test_released_images_are_covers_body_images_and_page_one_of_released_pdfs(index):
    cover, figure, unused = ImageFactory(), ImageFactory(), ImageFactory()
    body = [("image", {"image": {"image": figure, "alt_text": "A chart", "decorative": False}, "caption": ""})]
    live = PublicationPageFactory(parent=index, cover_image=cover, body=body, pdf=DocumentFactory())
    draft = PublicationPageFactory(parent=index, live=False, cover_image=ImageFactory(), pdf=DocumentFactory())

    released = set(released_images().values_list("pk", flat=True))
    assert released == {cover.pk, figure.pk, live.pdf.thumbnail_id}
    assert not {unused.pk, draft.cover_image_id, draft.pdf.thumbnail_id} & released
    assert is_released(figure) and not is_released(draft.cover_image)
    assert list(released_documents()) == [live.pdf]


def test_the_page_and_the_download_agree(client, index):
    page = PublicationPageFactory(parent=index, pdf=DocumentFactory())
    assert page.pdf_released
    assert download(client, page.pdf).status_code == 200
    page.unpublish()
    page = type(page).objects.get(pk=page.pk)
    assert not page.pdf_released
    assert download(client, page.pdf).status_code == 404


def test_a_request_reads_the_restrictions_once_and_again_after_a_privacy_change(index, django_assert_num_queries):
    page = PublicationPageFactory(parent=index)
    seen = []

    def view(request):
        with django_assert_num_queries(1):
            seen.append(restricted_paths())
            seen.append(is_restricted(page.path))
        PageViewRestriction.objects.create(page=index, restriction_type=PageViewRestriction.LOGIN)
        seen.append(is_restricted(page.path))
        return HttpResponse()

    RestrictionsPerRequestMiddleware(view)(RequestFactory().get("/"))
    assert seen == [(), False, True]
