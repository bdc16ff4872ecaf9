"""The Content-Security-Policy blocks nothing readers or editors use: public pages (JSON-LD included) and the
page editor with its live preview. The ``page`` fixture fails any test on a violation; these look at the pages."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import DocumentFactory, ImageFactory, PublicationPageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SCREENSHOTS = "artifacts/playwright/csp"


def test_a_publication_page_shows_its_styles_script_and_json_ld_under_the_public_policy(page, index):
    publication = PublicationPageFactory(
        parent=index, title="Open access in practice", cover_image=ImageFactory(), pdf=DocumentFactory()
    )
    response = page.goto(publication.url)
    assert "script-src 'self';" in response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert page.locator('script[type="application/ld+json"]').count() == 1
    # The stylesheet applied: the header is laid out by site.css, not the browser's defaults.
    assert page.evaluate("getComputedStyle(document.body).fontFamily") != "Times New Roman"
    page.screenshot(path=f"{SCREENSHOTS}/publication.png", full_page=True)
    expect(page.get_by_role("heading", level=1)).to_have_text("Open access in practice")


def test_the_page_editor_and_its_preview_work_under_the_admin_policy(page, log_in, editor, index):
    publication = PublicationPageFactory(parent=index, title="Open access in practice")
    log_in(page, editor)
    response = page.goto(f"/admin/pages/{publication.pk}/edit/")
    assert "'unsafe-inline'" in response.headers["content-security-policy"]
    assert "frame-ancestors 'self'" in response.headers["content-security-policy"]
    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("iframe#w-preview-iframe")
    expect(preview.get_by_role("heading", level=1)).to_have_text("Open access in practice")
    page.screenshot(path=f"{SCREENSHOTS}/page-editor.png")
    expect(page).to_have_url(re.compile(rf"/admin/pages/{publication.pk}/edit/"))


def test_an_editor_opens_the_wagtail_userbar_on_a_public_page_under_the_public_policy(page, log_in, editor, index):
    publication = PublicationPageFactory(parent=index, title="Open access in practice")
    log_in(page, editor)
    page.goto(publication.url)
    page.get_by_role("button", name="View Wagtail quick actions").click()
    expect(page.get_by_role("menuitem", name="Edit this page")).to_be_visible()
