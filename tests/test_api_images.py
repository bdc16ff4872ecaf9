"""A headless client builds publication pages from the API alone: cover and body images as renditions
it can download, authors, topics, related publications, the series and the brief number; nothing of a
scheduled page, and never an original image."""

import pytest
from django.test import Client
from wagtail.rich_text import RichText

from publications.models import PublicationAuthor, RelatedPublication

from .factories import BriefPageFactory, DocumentFactory, ImageFactory, PublicationPageFactory, TopicFactory
from .helpers import schedule

pytestmark = pytest.mark.django_db


def image_urls(data):
    """Every image URL anywhere in the API's answer: the values of "url" and "full_url" keys."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("url", "full_url") and isinstance(value, str):
                yield value
            else:
                yield from image_urls(value)
    elif isinstance(data, list):
        for item in data:
            yield from image_urls(item)


@pytest.fixture
def site(index):
    topic = TopicFactory(name="Tuition", slug="tuition")
    figure = ImageFactory(title="A chart")
    series = PublicationPageFactory(parent=index, title="The series", cover_image=ImageFactory(), topics=[topic])
    brief = BriefPageFactory(
        parent=series,
        title="Brief one",
        pdf=DocumentFactory(),
        topics=[topic],
        body=[
            ("paragraph", RichText("<p>Text.</p>")),
            ("image", {"image": {"image": figure, "alt_text": "Funding per student", "decorative": False}}),
        ],
    )
    brief.authors = [PublicationAuthor(name="Jane Doe")]
    brief.related_links = [RelatedPublication(publication=series)]
    brief.save_revision().publish()
    scheduled = schedule(
        PublicationPageFactory(parent=index, title="Not yet", live=False, cover_image=ImageFactory(title="Secret"))
    )
    return {"series": series, "brief": brief, "scheduled": scheduled, "figure": figure}


def test_a_headless_client_downloads_every_image_the_api_names(site):
    reader = Client()
    response = reader.get("/api/v2/pages/?type=publications.PublicationPage&fields=*")
    assert response.status_code == 200
    data = response.json()
    urls = set(image_urls(data))
    assert len(urls) >= 6, "covers and the body image, small and large, as absolute and relative URLs"
    for url in urls:
        image = reader.get(url.removeprefix("http://testserver"))
        assert image.status_code == 200, url
        assert image["Content-Type"].startswith("image/"), url
        assert "/media/" not in url and "original_images" not in url

    assert site["scheduled"].title not in response.content.decode()
    assert "Secret" not in response.content.decode()
    assert {item["title"] for item in data["items"]} == {"The series", "Brief one"}


def test_a_brief_comes_with_its_covers_body_images_authors_topics_series_and_related(site):
    brief = site["brief"]
    data = Client().get(f"/api/v2/pages/{brief.pk}/").json()
    for size, bound in (("cover_small", 400), ("cover_large", 1200)):
        cover = data[size]
        assert cover["full_url"].startswith("http://testserver/images/")
        assert cover["width"] <= bound and cover["height"] <= bound
        assert cover["alt"] == f"First page of {brief.pdf.title}"
    [image] = [block for block in data["body"] if block["type"] == "image"]
    assert image["value"]["image"] == site["figure"].pk
    assert image["value"]["small"]["alt"] == "Funding per student"
    assert image["value"]["large"]["full_url"].startswith("http://testserver/images/")
    assert [author["name"] for author in data["authors"]] == ["Jane Doe"]
    assert [topic["name"] for topic in data["topics"]] == ["Tuition"]
    assert data["series"] == {"id": site["series"].pk, "title": "The series", "html_url": site["series"].full_url}
    assert data["brief_number"] == 1
    assert [related["title"] for related in data["related_publications"]] == ["The series"]


def test_the_images_endpoint_offers_renditions_not_originals(site):
    reader = Client()
    listing = reader.get("/api/v2/images/").json()
    assert listing["items"]
    for item in listing["items"]:
        assert "download_url" not in item["meta"]
        assert reader.get(item["small"]["url"]).status_code == 200
    detail = reader.get(f"/api/v2/images/{site['figure'].pk}/").json()
    assert detail["large"]["width"] <= 1200
    assert "original_images" not in str(detail)
