import datetime
import io

import pytest
from django.conf import settings
from django.core.management import call_command
from wagtail.models import Page, Revision

from publications.models import BriefPage, PublicationDocument, PublicationImage, PublicationPage

pytestmark = pytest.mark.django_db

SEED_TITLE = "Micro-Credentials & Their Academic Credibility at BC’s Research Universities"


def snapshot():
    files = sorted(str(p.relative_to(settings.MEDIA_ROOT)) for p in settings.MEDIA_ROOT.rglob("*") if p.is_file())
    return {
        "pages": list(Page.objects.order_by("pk").values_list("pk", "path", "live", "latest_revision_id")),
        "revisions": Revision.objects.count(),
        "documents": PublicationDocument.objects.count(),
        "images": PublicationImage.objects.count(),
        "files": files,
    }


@pytest.fixture
def demo_site(db):
    call_command("load_demo_content", stdout=io.StringIO())


def test_second_run_changes_nothing(demo_site):
    before = snapshot()
    call_command("load_demo_content", stdout=io.StringIO())
    assert snapshot() == before


def test_seed_page_series_and_enough_publications_to_paginate(demo_site, client):
    page = PublicationPage.objects.get(title=SEED_TITLE)
    assert page.publication_date == datetime.date(2021, 3, 1)
    assert page.cover_image.default_alt_text == "Micro credentials cover"
    assert [link.publication.title for link in page.related_links.all()] == [
        "Funding for Success: Post-Secondary Education in BC (Consolidated Brief Series)",
        "Meet BC’s Research Universities",
        "An Overview of BC’s Post-Secondary Education Funding",
    ]
    quote = next(block.value for block in page.body if block.block_type == "quote")
    assert quote["attribution"] == "Excerpt"
    explore = next(block.value for block in page.body if block.block_type == "explore")
    assert len(explore["items"]) == 4
    response = client.get(page.url)
    assert response.status_code == 200
    pdf = client.get(page.pdf.url)
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")

    briefs = list(BriefPage.objects.order_by("path"))
    assert len(briefs) == 6
    assert [b.live for b in briefs] == [True] * 4 + [False] * 2
    assert all(b.approved_schedule for b in briefs[4:])
    assert briefs[5].go_live_at - briefs[4].go_live_at == datetime.timedelta(weeks=1)
    assert [client.get(b.pdf.url).status_code for b in briefs] == [200] * 4 + [404] * 2
    assert all(b.pdf.page_count and b.pdf.thumbnail for b in briefs)

    assert PublicationPage.objects.live().count() >= 15
    assert client.get("/publications/?page=2").status_code == 200
