"""Communications staff write and submit; only Editors publish, unpublish, schedule and approve."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import WorkflowState

from publications.models import PublicationPage

from .factories import PublicationPageFactory
from .helpers import assert_denied, publication_form, submit_for_review

pytestmark = pytest.mark.django_db


def latest(page):
    return PublicationPage.objects.get(pk=page.pk)


def test_staff_create_and_submit_for_moderation(staff_client, index):
    response = staff_client.post(
        f"/admin/pages/add/publications/publicationpage/{index.pk}/",
        publication_form(**{"action-submit": "Submit to Editorial review"}),
    )
    assert response.status_code == 302
    page = PublicationPage.objects.get(slug="a-new-publication")
    assert not page.live
    state = WorkflowState.objects.get(object_id=str(page.pk), status=WorkflowState.STATUS_IN_PROGRESS)
    assert state.workflow.name == "Editorial review"
    assert state.current_task_state.task.name == "Editors approval"


def test_staff_see_no_publish_button(staff_client, index):
    page = PublicationPageFactory(parent=index, live=False)
    html = staff_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert 'name="action-submit"' in html
    assert 'name="action-publish"' not in html


def test_staff_cannot_publish_by_a_direct_post(staff_client, index):
    page = PublicationPageFactory(parent=index, live=False)
    response = staff_client.post(
        f"/admin/pages/{page.pk}/edit/", publication_form(page, **{"action-publish": "Publish"})
    )
    # Wagtail saves the changes as a draft instead and returns to the editor.
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_pages:edit", args=[page.pk])
    page = latest(page)
    assert not page.live and page.has_unpublished_changes


def test_staff_cannot_unpublish(staff_client, index):
    page = PublicationPageFactory(parent=index)
    assert_denied(staff_client.get(f"/admin/pages/{page.pk}/unpublish/"))
    assert_denied(staff_client.post(f"/admin/pages/{page.pk}/unpublish/"))
    assert latest(page).live


def test_staff_cannot_schedule_by_a_direct_post(staff_client, index):
    page = PublicationPageFactory(parent=index, live=False)
    go_live = (timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%d %H:%M")
    response = staff_client.post(
        f"/admin/pages/{page.pk}/edit/",
        publication_form(page, go_live_at=go_live, **{"action-submit": "Submit"}),
    )
    assert response.status_code == 200
    assert "Only editors can schedule publication" in response.content.decode()
    page = latest(page)
    assert page.go_live_at is None and not page.approved_schedule


def test_staff_cannot_set_an_expiry_by_a_direct_post(staff_client, index):
    page = PublicationPageFactory(parent=index, live=False)
    expire = (timezone.localtime() + datetime.timedelta(days=30)).strftime("%Y-%m-%d %H:%M")
    response = staff_client.post(f"/admin/pages/{page.pk}/edit/", publication_form(page, expire_at=expire))
    assert response.status_code == 200
    assert "Only editors can schedule publication" in response.content.decode()
    assert latest(page).get_latest_revision_as_object().expire_at is None


def test_editor_publishes_and_schedules(editor_client, index):
    page = PublicationPageFactory(parent=index, live=False)
    go_live = timezone.localtime() + datetime.timedelta(days=3)
    response = editor_client.post(
        f"/admin/pages/{page.pk}/edit/",
        publication_form(page, go_live_at=go_live.strftime("%Y-%m-%d %H:%M"), **{"action-publish": "Publish"}),
    )
    assert response.status_code == 302
    page = latest(page)
    assert not page.live and page.approved_schedule
    assert timezone.localtime(page.go_live_at).strftime("%H:%M") == go_live.strftime("%H:%M")


def test_editor_approves_a_submission(editor_client, staff, index):
    page = submit_for_review(PublicationPageFactory(parent=index, live=False), staff)
    task_state = WorkflowState.objects.get(object_id=str(page.pk)).current_task_state
    response = editor_client.post(
        reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk)),
        {"comment": "Ready to go"},
    )
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert latest(page).live
    assert WorkflowState.objects.get(object_id=str(page.pk)).status == WorkflowState.STATUS_APPROVED


def test_the_page_editor_names_the_time_zone(editor_client, index):
    page = PublicationPageFactory(parent=index)
    html = editor_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "Pacific time (America/Vancouver)" in html
