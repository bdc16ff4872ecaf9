"""The admin's screens carry no inline script, which its Content-Security-Policy would block: every widget start
(choosers, date pickers, inline panels, search promotions) is an <admin-init> element naming one of
static/js/admin-init.js's initialisers, in pages and in the HTML that chooser modals load."""

import json
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from wagtail.models import Site

from publications.editorial.admin_scripts import init_data

from .factories import (
    BriefPageFactory,
    DocumentFactory,
    ImageFactory,
    PublicationPageFactory,
    RelatedPublicationFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db
DATA_TYPES = {"application/json", "application/ld+json"}


class Scripts(HTMLParser):
    """The <script> elements of a page, <template> contents included, as (attributes, text), and the
    <admin-init> elements as (initialiser, arguments)."""

    def __init__(self, html):
        super().__init__()
        self.found, self.starts, self._open = [], [], None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._open = (dict(attrs), [])
        elif tag == "admin-init":
            attrs = dict(attrs)
            self.starts.append((attrs["data-initialiser"], json.loads(attrs["data-arguments"])))

    def handle_data(self, data):
        if self._open:
            self._open[1].append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._open:
            self.found.append((self._open[0], "".join(self._open[1])))
            self._open = None


def initialisers():
    """The names static/js/admin-init.js accepts."""
    source = (settings.BASE_DIR / "static" / "js" / "admin-init.js").read_text()
    block = re.search(r"const INITIALISERS = \{(.*?)\n    \};", source, re.S).group(1)
    return set(re.findall(r"^\s+(\w+)[:,]", block, re.M))


def starts_in(html):
    """Each widget start in ``html`` as (initialiser, arguments); fails on any script that would run inline."""
    scripts = Scripts(html)
    for attrs, text in scripts.found:
        assert "src" in attrs or attrs.get("type") in DATA_TYPES, f"inline script: {text.strip()[:200]}"
    return scripts.starts


@pytest.fixture
def content(index):
    topic = TopicFactory()
    series = PublicationPageFactory(parent=index, pdf=DocumentFactory(), cover_image=ImageFactory())
    series.topics.add(topic)
    series.authors.create(name="Jane Doe")
    RelatedPublicationFactory(page=series, publication=PublicationPageFactory(parent=index))
    series.save_revision().publish()
    brief = BriefPageFactory(parent=series)
    return {"index": index, "series": series, "brief": brief, "topic": topic}


def admin_screens(content):
    series, brief, index = content["series"], content["brief"], content["index"]
    document, image = series.pdf, series.cover_image
    return [
        "/admin/",
        f"/admin/pages/{series.pk}/edit/",
        f"/admin/pages/{brief.pk}/edit/",
        f"/admin/pages/add/publications/publicationpage/{index.pk}/",
        f"/admin/pages/{index.pk}/",
        f"/admin/documents/edit/{document.pk}/",
        "/admin/documents/multiple/add/",
        f"/admin/images/{image.pk}/",
        "/admin/images/multiple/add/",
        f"/admin/snippets/publications/topic/edit/{content['topic'].pk}/",
        f"/admin/settings/publications/organisationsettings/{Site.objects.get(is_default_site=True).pk}/",
        "/admin/searchpicks/add/",
        "/admin/workflows/add/",
        "/admin/publications/",
    ]


def test_no_admin_screen_carries_an_inline_script(admin_client, content):
    seen = set()
    for url in admin_screens(content):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        seen |= {name for name, _ in starts_in(response.content.decode())}
    # The screens above start every kind of widget the admin has, each by a name admin-init.js knows.
    assert seen == {
        "DocumentChooser",
        "ImageChooser",
        "PageChooser",
        "InlinePanel",
        "MultipleChooserPanel",
        "initDateChooser",
        "initDateTimeChooser",
        "searchPromotionsFormset",
        "createQueryChooser",
        "createTaskChooser",
    }
    assert seen <= initialisers()


def test_chooser_modals_carry_no_inline_script(admin_client, content):
    for url in ("/admin/choose-page/", "/admin/documents/chooser/", "/admin/images/chooser/"):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert {name for name, _ in starts_in(response.json()["html"])} <= initialisers()


def test_a_start_is_data_that_cannot_end_its_element():
    title = '"></admin-init><script>alert(1)</script>&'
    html = init_data("PageChooser", "id_x", {"title": title})
    assert "<script>" not in html
    assert starts_in(html) == [("PageChooser", ["id_x", {"title": title}])]
