import datetime

import pytest
from wagtail.rich_text import RichText

from publications.models import RelatedPublication

from .factories import BriefPageFactory, DocumentFactory, ImageFactory, PublicationPageFactory, TopicFactory

pytestmark = pytest.mark.django_db

SUMMARY = (
    "Micro-credentials offer new opportunities for university revenue, flexible learning, and workforce development."
)


@pytest.fixture
def seed_page(index):
    recommended = [
        PublicationPageFactory(parent=index, title=title, summary=f"Teaser of {title}.")
        for title in ("Funding for Success", "Meet BC’s Research Universities", "An Overview of Funding")
    ]
    page = PublicationPageFactory(
        parent=index,
        title="Micro-Credentials & Their Academic Credibility at BC’s Research Universities",
        slug="micro-credentials",
        publication_date=datetime.date(2021, 3, 1),
        summary=SUMMARY,
        cover_image=ImageFactory(description="Micro credentials cover"),
        pdf=DocumentFactory(title="Micro-credentials"),
        topics=[TopicFactory(name="Micro-credentials")],
        body=[
            ("paragraph", RichText("<p>Micro-credentials are small units of educational achievement.</p>")),
            ("explore", {"introduction": "Download our paper to explore:", "items": ["The benefits and pitfalls"]}),
            ("quote", {"text": "It has to fit within the academic mission.", "attribution": "Excerpt"}),
        ],
    )
    for publication in recommended:
        page.related_links.add(RelatedPublication(publication=publication))
    page.save_revision().publish()
    page.recommended = recommended
    return page


def test_seed_page_shows_every_element_in_the_seed_order(client, seed_page):
    response = client.get(seed_page.url)
    assert response.status_code == 200
    html = response.content.decode()
    landmarks = [
        "<h1",
        "Micro-Credentials &amp; Their Academic Credibility",
        "March 1, 2021",
        SUMMARY,
        "Download PDF",
        'alt="Micro credentials cover"',
        "Micro-credentials are small units",
        "Download our paper to explore:",
        "“It has to fit within the academic mission.”",
        "Excerpt",
        "Other recommended publications",
        *[p.title for p in seed_page.recommended],
    ]
    position = html.index("<main")
    for text in landmarks:
        assert text in html[position:], f"{text!r} missing or out of the seed's order"
        position = html.index(text, position)


def test_download_button_links_to_the_pdf(client, seed_page):
    html = client.get(seed_page.url).content.decode()
    assert f'href="{seed_page.pdf.url}"' in html


def test_meta_description_is_the_summary(client, seed_page):
    html = client.get(seed_page.url).content.decode()
    assert f'<meta name="description" content="{SUMMARY}"' in html


def test_page_without_pdf_or_cover_still_renders(client, index):
    page = PublicationPageFactory(parent=index)
    response = client.get(page.url)
    assert response.status_code == 200
    assert "Download PDF" not in response.content.decode()


def test_home_shows_latest_publications_and_current_series(client, index):
    series = PublicationPageFactory(parent=index, title="Funding for Success series")
    BriefPageFactory(parent=series, title="Funding brief one")
    html = client.get("/").content.decode()
    assert "Funding for Success series" in html
    assert "Funding brief one" in html


def test_draft_publication_is_not_public(client, index):
    draft = PublicationPageFactory(parent=index, live=False)
    assert client.get(f"/publications/{draft.slug}/").status_code == 404
