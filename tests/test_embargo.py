"""A PDF is public only while a live, public page uses it; editors can always open it."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from wagtail.models import Collection, GroupCollectionPermission

from .factories import DocumentFactory, PublicationPageFactory, UserFactory
from .helpers import HIDDEN_STATES, page_in_state, schedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def document_editor():
    """A member of staff who may edit documents but is not a superuser."""
    group = Group.objects.create(name="Document editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    root = Collection.get_first_root_node()
    for codename in ("add_document", "change_document"):
        permission = Permission.objects.get(content_type__app_label="wagtaildocs", codename=codename)
        GroupCollectionPermission.objects.create(group=group, collection=root, permission=permission)
    user = UserFactory()
    user.groups.add(group)
    return user


def fetch(client, document):
    response = client.get(document.url)
    if response.status_code == 200:
        b"".join(response.streaming_content)
    return response


def test_live_public_page_releases_its_pdf(client, index):
    page = page_in_state("live", parent=index, pdf=DocumentFactory())
    assert fetch(client, page.pdf).status_code == 200


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_unreleased_pdfs_are_404_for_readers(client, index, state):
    page = page_in_state(state, parent=index, pdf=DocumentFactory())
    assert fetch(client, page.pdf).status_code == 404


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_editors_can_open_unreleased_pdfs(client, index, document_editor, state):
    page = page_in_state(state, parent=index, pdf=DocumentFactory())
    client.force_login(document_editor)
    response = fetch(client, page.pdf)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_reader_logged_in_without_document_permission_is_still_refused(client, index):
    page = PublicationPageFactory(parent=index, pdf=DocumentFactory(), live=False)
    client.force_login(UserFactory())
    assert fetch(client, page.pdf).status_code == 404


def test_an_unused_document_is_404(client):
    assert fetch(client, DocumentFactory()).status_code == 404


def test_scheduled_publishing_releases_the_pdf_when_the_page_goes_live(client, index):
    page = schedule(PublicationPageFactory(parent=index, pdf=DocumentFactory(), live=False))
    assert fetch(client, page.pdf).status_code == 404
    with time_machine.travel(page.go_live_at + datetime.timedelta(minutes=1)):
        call_command("publish_scheduled")
        assert fetch(client, page.pdf).status_code == 200
    page.refresh_from_db()
    page.unpublish()
    assert fetch(client, page.pdf).status_code == 404


def test_a_pdf_shared_by_a_draft_and_a_live_page_is_released(client, index):
    document = DocumentFactory()
    PublicationPageFactory(parent=index, pdf=document, live=False)
    PublicationPageFactory(parent=index, pdf=document)
    assert fetch(client, document).status_code == 200


def test_the_filename_must_match(client, index):
    page = PublicationPageFactory(parent=index, pdf=DocumentFactory())
    assert client.get(f"/documents/{page.pdf.pk}/other.pdf").status_code == 404


def test_no_route_serves_the_files_under_media(client, index):
    page = PublicationPageFactory(parent=index, pdf=DocumentFactory())
    rendition = page.pdf.thumbnail.get_rendition("width-100")
    for url in (page.pdf.file.url, page.pdf.thumbnail.file.url, rendition.file.url):
        assert url.startswith("/media/")
        assert client.get(url).status_code == 404
    assert fetch(client, page.pdf).status_code == 200
    assert client.get(rendition.url).status_code == 200
