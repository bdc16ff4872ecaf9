"""Communications staff cannot change what readers see without an editor: no deleting or replacing a
document or image that a live or scheduled page uses, no deleting a scheduled page. Editors can."""

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from wagtail.models import Page
from wagtail.rich_text import RichText

from publications.models import PublicationDocument, PublicationImage, PublicationPage

from .factories import DocumentFactory, ImageFactory, PublicationPageFactory, make_pdf
from .helpers import assert_denied, schedule

pytestmark = pytest.mark.django_db


def bulk_delete_url(model, *objects):
    url = reverse("wagtail_bulk_action", args=[model._meta.app_label, model._meta.model_name, "delete"])
    return url + "?" + "&".join(f"id={instance.pk}" for instance in objects)


def document_delete_url(document):
    return reverse("wagtaildocs:delete", args=[document.pk])


def image_delete_url(image):
    return reverse("wagtailimages:delete", args=[image.pk])


def exists(instance):
    return type(instance).objects.filter(pk=instance.pk).exists()


@pytest.fixture
def live_pdf(index, staff):
    """A PDF staff uploaded themselves, now the PDF of a live publication."""
    document = DocumentFactory(uploaded_by_user=staff)
    PublicationPageFactory(parent=index, title="Live report", pdf=document)
    return document


@pytest.fixture
def scheduled_cover(index, staff):
    image = ImageFactory(uploaded_by_user=staff)
    schedule(PublicationPageFactory(parent=index, title="Coming soon", cover_image=image, live=False))
    return image


def test_staff_cannot_delete_a_pdf_a_live_page_uses(staff_client, live_pdf):
    assert_denied(staff_client.get(document_delete_url(live_pdf)))
    assert_denied(staff_client.post(document_delete_url(live_pdf)))
    staff_client.post(bulk_delete_url(PublicationDocument, live_pdf))
    assert exists(live_pdf)


def test_staff_cannot_delete_a_pdf_linked_from_a_live_body(staff_client, index, staff):
    document = DocumentFactory(uploaded_by_user=staff)
    link = f'<p><a linktype="document" id="{document.pk}">appendix</a></p>'
    PublicationPageFactory(parent=index, body=[("paragraph", RichText(link))])
    assert_denied(staff_client.post(document_delete_url(document)))
    assert exists(document)


def test_staff_cannot_delete_the_cover_of_a_scheduled_page(staff_client, scheduled_cover):
    assert_denied(staff_client.post(image_delete_url(scheduled_cover)))
    staff_client.post(bulk_delete_url(PublicationImage, scheduled_cover))
    assert exists(scheduled_cover)


def test_staff_cannot_delete_an_image_a_live_page_shows_in_its_body(staff_client, index, staff):
    image = ImageFactory(uploaded_by_user=staff)
    body = [("image", {"image": {"image": image, "alt_text": "A chart", "decorative": False}, "caption": ""})]
    PublicationPageFactory(parent=index, body=body)
    assert_denied(staff_client.post(image_delete_url(image)))
    assert exists(image)


def test_staff_cannot_delete_page_one_of_a_live_pdf(staff_client, live_pdf):
    assert_denied(staff_client.post(image_delete_url(live_pdf.thumbnail)))
    assert exists(live_pdf.thumbnail)


def test_staff_delete_their_own_unused_uploads_but_not_colleagues(staff_client, staff):
    own, colleagues = DocumentFactory(uploaded_by_user=staff), DocumentFactory()
    assert staff_client.post(document_delete_url(own)).status_code == 302
    assert not exists(own)
    assert_denied(staff_client.post(document_delete_url(colleagues)))
    assert exists(colleagues)


def test_a_draft_does_not_protect_what_it_uses(staff_client, index, staff):
    document = DocumentFactory(uploaded_by_user=staff)
    PublicationPageFactory(parent=index, pdf=document, live=False)
    staff_client.post(document_delete_url(document))
    assert not exists(document)


def test_editors_delete_what_readers_see_and_are_told_which_pages(editor_client, index, live_pdf, scheduled_cover):
    confirmation = editor_client.get(document_delete_url(live_pdf)).content.decode()
    assert "Readers see this document on 1 page now" in confirmation
    assert "Live report</a> (live)" in confirmation
    assert editor_client.post(document_delete_url(live_pdf)).status_code == 302
    assert not exists(live_pdf)

    live_cover = PublicationPageFactory(parent=index, title="Covered", cover_image=ImageFactory()).cover_image
    bulk = editor_client.get(bulk_delete_url(PublicationImage, scheduled_cover, live_cover)).content.decode()
    assert "Readers see these files on 2 pages now" in bulk
    assert "Coming soon</a> (scheduled)" in bulk and "Covered</a> (live)" in bulk
    editor_client.post(bulk_delete_url(PublicationImage, scheduled_cover, live_cover))
    assert not exists(scheduled_cover) and not exists(live_cover)


def test_page_one_of_a_pdf_is_not_an_ordinary_image(editor_client, live_pdf):
    assert live_pdf.thumbnail.title not in editor_client.get(reverse("wagtailimages:index")).content.decode()
    chooser = editor_client.get(reverse("wagtailimages_chooser:choose")).content.decode()
    assert live_pdf.thumbnail.title not in chooser
    assert_denied(editor_client.post(image_delete_url(live_pdf.thumbnail)))
    assert exists(live_pdf.thumbnail)


def edit_document(client, document, data):
    form = {"title": document.title, "collection": document.collection_id, "tags": ""}
    return client.post(reverse("wagtaildocs:edit", args=[document.pk]), {**form, **data})


def test_staff_cannot_replace_the_file_of_a_live_pdf(staff_client, live_pdf):
    before = live_pdf.file.name
    response = edit_document(staff_client, live_pdf, {"file": ContentFile(make_pdf(text="New"), name="new.pdf")})
    assert response.status_code == 200
    assert "Readers see this document on “Live report” (live), so only an editor can replace its file." in (
        response.content.decode()
    )
    live_pdf.refresh_from_db()
    assert live_pdf.file.name == before
    assert live_pdf.file.storage.exists(before)


def test_staff_may_still_retitle_a_live_pdf(staff_client, live_pdf):
    assert edit_document(staff_client, live_pdf, {"title": "Annual report 2025"}).status_code == 302
    live_pdf.refresh_from_db()
    assert live_pdf.title == "Annual report 2025"


def test_editors_replace_the_file_of_a_live_pdf(editor_client, live_pdf):
    response = edit_document(editor_client, live_pdf, {"file": ContentFile(make_pdf(text="New"), name="new.pdf")})
    assert response.status_code == 302
    live_pdf.refresh_from_db()
    assert live_pdf.file.name.startswith("documents/new")


def test_staff_cannot_replace_the_file_of_a_scheduled_cover(staff_client, scheduled_cover):
    image_file = ContentFile(ImageFactory.build().file.read(), name="new.png")
    form = {"title": scheduled_cover.title, "collection": scheduled_cover.collection_id, "file": image_file}
    response = staff_client.post(reverse("wagtailimages:edit", args=[scheduled_cover.pk]), form)
    assert response.status_code == 200
    assert "only an editor can replace its file" in response.content.decode()


@pytest.fixture
def scheduled_page(index):
    return schedule(PublicationPageFactory(parent=index, title="Brief 5", live=False))


def test_staff_cannot_delete_a_scheduled_page(staff_client, scheduled_page):
    url = reverse("wagtailadmin_pages:delete", args=[scheduled_page.pk])
    for response in (staff_client.get(url), staff_client.post(url)):
        assert response.status_code == 302
    assert PublicationPage.objects.filter(pk=scheduled_page.pk).exists()
    messages = staff_client.get(reverse("wagtailadmin_explore", args=[scheduled_page.get_parent().pk]))
    assert "“Brief 5” is scheduled to go live: only an editor can delete it." in messages.content.decode()


def test_staff_cannot_bulk_delete_a_scheduled_page(staff_client, scheduled_page):
    staff_client.post(bulk_delete_url(Page, scheduled_page))
    assert PublicationPage.objects.filter(pk=scheduled_page.pk).exists()


def test_staff_delete_their_unscheduled_drafts(staff_client, index, staff):
    draft = PublicationPageFactory(parent=index, live=False, owner=staff)
    assert staff_client.post(reverse("wagtailadmin_pages:delete", args=[draft.pk])).status_code == 302
    assert not PublicationPage.objects.filter(pk=draft.pk).exists()


def test_editors_delete_a_scheduled_page(editor_client, scheduled_page):
    editor_client.post(reverse("wagtailadmin_pages:delete", args=[scheduled_page.pk]))
    assert not PublicationPage.objects.filter(pk=scheduled_page.pk).exists()


def test_the_document_form_says_which_pages_show_it_and_who_may_change_it(staff, editor, live_pdf):
    url = reverse("wagtaildocs:edit", args=[live_pdf.pk])
    for user, note in ((staff, True), (editor, False)):
        client = Client()
        client.force_login(user)
        html = client.get(url).content.decode()
        assert "Readers see this document on" in html and "Live report</a> (live)" in html
        assert ("Only an editor can delete it or replace its file." in html) is note
