"""The Content-Security-Policy blocks nothing readers or editors use: public pages (JSON-LD included) and the
page editor with its live preview. The ``page`` fixture fails any test on a violation; these look at the pages."""

import re

import pytest
from playwright.sync_api import expect
from wagtail.contrib.search_promotions.models import Query

from tests.factories import DocumentFactory, ImageFactory, PublicationPageFactory, UserFactory

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
    assert "script-src 'self';" in response.headers["content-security-policy"]
    assert "frame-ancestors 'self'" in response.headers["content-security-policy"]
    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("iframe#w-preview-iframe")
    expect(preview.get_by_role("heading", level=1)).to_have_text("Open access in practice")
    page.screenshot(path=f"{SCREENSHOTS}/page-editor.png")
    expect(page).to_have_url(re.compile(rf"/admin/pages/{publication.pk}/edit/"))


def test_the_page_editors_widgets_start_without_inline_script(page, log_in, editor, index):
    publication = PublicationPageFactory(parent=index, title="Open access in practice", pdf=DocumentFactory())
    log_in(page, editor)
    page.goto(f"/admin/pages/{publication.pk}/edit/")
    # A date picker opens on its field.
    page.get_by_role("textbox", name="Publication date").click()
    expect(page.locator(".xdsoft_datetimepicker:visible")).to_have_count(1)
    page.get_by_role("textbox", name="Summary").click()
    # The inline panel adds a form, and the chooser in a form it adds opens its modal.
    authors = page.get_by_role("region", name="Authors (optional)")
    authors.get_by_role("button", name="Add author").click()
    expect(authors.get_by_role("textbox", name="Name")).to_have_count(1)
    page.get_by_role("region", name="Other recommended publications").get_by_role(
        "button", name="Add related publication"
    ).click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("button", name="Confirm selection")).to_be_visible()
    dialog.get_by_role("button", name="Close").click()
    # The chooser of a field opens its modal.
    page.get_by_role("region", name="Cover image", exact=True).get_by_role("button", name="Choose an image").click()
    expect(dialog.get_by_role("tab", name="Upload")).to_be_visible()
    expect(page.locator(".modal.in")).to_have_css("opacity", "1")  # faded in, for the screenshot
    page.screenshot(path=f"{SCREENSHOTS}/page-editor-chooser.png")


def test_search_promotions_start_without_inline_script(page, log_in):
    Query.get("open access").add_hit()
    log_in(page, UserFactory(is_superuser=True))
    page.goto("/admin/searchpicks/add/")
    page.get_by_role("button", name="Add a recommended result").click()
    expect(page.get_by_role("button", name="Choose a page")).to_have_count(1)
    page.get_by_role("button", name="Choose from popular search terms").click()
    page.get_by_role("dialog").get_by_role("link", name="open access").click()
    expect(page.get_by_role("textbox", name="Search term(s)/phrase")).to_have_value("open access")
    page.screenshot(path=f"{SCREENSHOTS}/search-promotions.png")


def test_an_editor_opens_the_wagtail_userbar_on_a_public_page_under_the_public_policy(page, log_in, editor, index):
    publication = PublicationPageFactory(parent=index, title="Open access in practice")
    log_in(page, editor)
    page.goto(publication.url)
    page.get_by_role("button", name="View Wagtail quick actions").click()
    expect(page.get_by_role("menuitem", name="Edit this page")).to_be_visible()
