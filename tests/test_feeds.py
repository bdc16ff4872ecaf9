"""RSS and Atom feeds: all publications, a topic's, a series' briefs; only what readers may see."""

import datetime

import feedparser
import pytest

from .factories import BriefPageFactory, DocumentFactory, PublicationPageFactory, TopicFactory
from .helpers import HIDDEN_STATES, page_in_state, publish

pytestmark = pytest.mark.django_db

FORMATS = ("rss", "atom")


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return response, feed


def entry_titles(feed):
    return [entry.title for entry in feed.entries]


@pytest.mark.parametrize("extension", FORMATS)
def test_the_publications_feed_lists_live_publications_newest_first(client, index, extension):
    old = PublicationPageFactory(parent=index, title="Old report", publication_date=datetime.date(2020, 5, 1))
    new = PublicationPageFactory(parent=index, title="New report", publication_date=datetime.date(2024, 5, 1))
    BriefPageFactory(parent=old, title="A brief", publication_date=datetime.date(2022, 5, 1))
    publish(new)

    response, feed = parse(client, f"/feeds/publications.{extension}")
    expected_type = "application/rss+xml" if extension == "rss" else "application/atom+xml"
    assert response["Content-Type"].startswith(expected_type)
    assert entry_titles(feed) == ["New report", "A brief", "Old report"]
    assert feed.feed.title.endswith(": publications")
    assert feed.feed.link == "http://testserver/publications/"

    entry = feed.entries[0]
    assert entry.link == f"http://testserver{new.url}"
    assert entry.summary == new.summary
    assert entry.published_parsed[:3] == (2024, 5, 1)
    assert entry.id == f"tag:localhost,{new.first_published_at:%Y-%m-%d}:publication/{new.pk}"
    assert len({entry.id for entry in feed.entries}) == 3


@pytest.mark.parametrize("extension", FORMATS)
@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_feeds_leave_out_pages_readers_cannot_see(client, index, state, extension):
    topic = TopicFactory()
    series = PublicationPageFactory(parent=index, title="Series", topics=[topic])
    BriefPageFactory(parent=series, title="Released brief")
    hidden = page_in_state(
        state, BriefPageFactory, parent=series, title="Hidden brief", topics=[topic], pdf=DocumentFactory()
    )

    for url in (
        f"/feeds/publications.{extension}",
        f"/feeds/topics/{topic.slug}.{extension}",
        f"/feeds/series/{series.pk}.{extension}",
    ):
        response, feed = parse(client, url)
        assert "Hidden brief" not in entry_titles(feed)
        assert b"Hidden brief" not in response.content
        assert str(hidden.pdf.url).encode() not in response.content


@pytest.mark.parametrize("extension", FORMATS)
def test_an_item_encloses_its_released_pdf(client, index, extension):
    document = DocumentFactory()
    PublicationPageFactory(parent=index, title="With PDF", pdf=document)
    PublicationPageFactory(parent=index, title="Without PDF")

    _, feed = parse(client, f"/feeds/publications.{extension}")
    with_pdf, without_pdf = sorted(feed.entries, key=lambda entry: entry.title)
    assert without_pdf.enclosures == []
    [enclosure] = with_pdf.enclosures
    assert enclosure.href == f"http://testserver{document.url}"
    assert enclosure.type == "application/pdf"
    assert int(enclosure.length) == document.file_size > 0
    assert client.get(document.url).status_code == 200


@pytest.mark.parametrize("extension", FORMATS)
def test_titles_and_summaries_with_markup_characters_survive(client, index, extension):
    PublicationPageFactory(parent=index, title="R&D <2025> “quoted”", summary="Costs < benefits & more.")
    _, feed = parse(client, f"/feeds/publications.{extension}")
    assert feed.entries[0].title == "R&D <2025> “quoted”"
    assert feed.entries[0].summary == "Costs &lt; benefits &amp; more."


@pytest.mark.parametrize("extension", FORMATS)
def test_a_topic_feed_lists_only_that_topic(client, index, extension):
    tuition, pensions = TopicFactory(name="Tuition"), TopicFactory(name="Pensions")
    PublicationPageFactory(parent=index, title="On tuition", topics=[tuition])
    PublicationPageFactory(parent=index, title="On pensions", topics=[pensions])
    PublicationPageFactory(parent=index, title="On both", topics=[tuition, pensions])

    _, feed = parse(client, f"/feeds/topics/{tuition.slug}.{extension}")
    assert sorted(entry_titles(feed)) == ["On both", "On tuition"]
    assert "Tuition" in feed.feed.title
    assert feed.feed.link == f"http://testserver/publications/?topic={tuition.slug}"
    assert {tag.term for tag in feed.entries[0].tags} <= {"Tuition", "Pensions"}


@pytest.mark.parametrize("extension", FORMATS)
def test_a_series_feed_lists_its_released_briefs(client, index, extension):
    series = PublicationPageFactory(parent=index, title="Funding series")
    BriefPageFactory(parent=series, title="Part one", publication_date=datetime.date(2024, 1, 1))
    BriefPageFactory(parent=series, title="Part two", publication_date=datetime.date(2024, 2, 1))
    other = PublicationPageFactory(parent=index, title="Other series")
    BriefPageFactory(parent=other, title="Elsewhere")

    _, feed = parse(client, f"/feeds/series/{series.pk}.{extension}")
    assert entry_titles(feed) == ["Part two", "Part one"]
    assert "Funding series" in feed.feed.title
    assert feed.feed.link == f"http://testserver{series.url}"


@pytest.mark.parametrize("extension", FORMATS)
@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_a_series_readers_cannot_see_has_no_feed(client, index, state, extension):
    series = page_in_state(state, parent=index)
    BriefPageFactory(parent=series)
    assert client.get(f"/feeds/series/{series.pk}.{extension}").status_code == 404


@pytest.mark.parametrize("extension", FORMATS)
def test_unknown_topics_and_series_are_404(client, index, extension):
    publication = PublicationPageFactory(parent=index)
    series = PublicationPageFactory(parent=index)
    brief = BriefPageFactory(parent=series)
    for url in (
        f"/feeds/topics/no-such-topic.{extension}",
        f"/feeds/series/999999.{extension}",
        f"/feeds/series/{publication.pk}.{extension}",  # a publication with no briefs is no series
        f"/feeds/series/{brief.pk}.{extension}",
        f"/feeds/series/{index.pk}.{extension}",
        "/feeds/publications.json",
        "/feeds/series/abc.rss",
    ):
        assert client.get(url).status_code == 404, url


def feed_links(html):
    return [line.strip() for line in html.splitlines() if 'rel="alternate"' in line]


def test_every_page_advertises_the_site_feeds(client, index):
    links = feed_links(client.get("/").content.decode())
    assert any('type="application/rss+xml"' in link and 'href="/feeds/publications.rss"' in link for link in links)
    assert any('type="application/atom+xml"' in link and 'href="/feeds/publications.atom"' in link for link in links)
    assert len(links) == 2


def test_a_topic_listing_advertises_the_topic_feed(client, index):
    topic = TopicFactory(name="Tuition")
    PublicationPageFactory(parent=index, topics=[topic])
    links = feed_links(client.get(f"/publications/?topic={topic.slug}").content.decode())
    assert any(f'href="/feeds/topics/{topic.slug}.rss"' in link and "Tuition (RSS)" in link for link in links)
    assert any(f'href="/feeds/topics/{topic.slug}.atom"' in link for link in links)
    assert len(feed_links(client.get("/publications/").content.decode())) == 2


def test_a_series_and_its_briefs_advertise_the_series_feed(client, index):
    series = PublicationPageFactory(parent=index, title="Funding series")
    brief = BriefPageFactory(parent=series)
    publication = PublicationPageFactory(parent=index)
    for page in (series, brief):
        links = feed_links(client.get(page.url).content.decode())
        assert any(f'href="/feeds/series/{series.pk}.rss"' in link and "Funding series" in link for link in links)
        assert any(f'href="/feeds/series/{series.pk}.atom"' in link for link in links)
    assert len(feed_links(client.get(publication.url).content.decode())) == 2
    for url in [f"/feeds/series/{series.pk}.rss", f"/feeds/series/{series.pk}.atom"]:
        parse(client, url)
