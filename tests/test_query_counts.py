"""Public pages run a fixed, small number of SQL queries however much content the site holds: a publication at
most 12, a brief 14, the index and the home page 10 (issue 10), counted with the page cache off."""

import pytest

from publications.models import PublicationAuthor, RelatedPublication

from .factories import BriefPageFactory, DocumentFactory, ImageFactory, PublicationPageFactory, TopicFactory
from .helpers import count_queries

pytestmark = pytest.mark.django_db

PUBLICATION_BUDGET = 12
BRIEF_BUDGET = 14
INDEX_BUDGET = HOME_BUDGET = 10


def grow(index, topic, n):
    for _ in range(n):
        PublicationPageFactory(parent=index, topics=[topic], cover_image=ImageFactory(), pdf=DocumentFactory())


def assert_steady(client, django_assert_num_queries, url, expected):
    """``url`` takes ``expected`` queries once the renditions and caches a change invalidates are warm again."""
    client.get(url)
    with django_assert_num_queries(expected):
        client.get(url)


def test_publication_page_queries_do_not_grow_with_related_items(client, django_assert_num_queries, index):
    topic = TopicFactory()
    page = PublicationPageFactory(parent=index, topics=[topic], cover_image=ImageFactory(), pdf=DocumentFactory())
    grow(index, topic, 1)
    # A publication without briefs is spared the query for them.
    assert count_queries(client, page.url) <= PUBLICATION_BUDGET - 1
    BriefPageFactory(parent=page)
    small = count_queries(client, page.url)
    assert small <= PUBLICATION_BUDGET

    grow(index, topic, 8)
    page.authors = [PublicationAuthor(name="Jane Doe"), PublicationAuthor(name="John Roe")]
    page.related_links = [RelatedPublication(publication=other) for other in type(page).objects.exclude(pk=page.pk)[:3]]
    page.save_revision().publish()
    BriefPageFactory(parent=page)
    BriefPageFactory(parent=page)
    assert_steady(client, django_assert_num_queries, page.url, small)


def test_publication_page_queries_do_not_grow_with_body_images(client, django_assert_num_queries, index):
    def body(images):
        return [("image", {"image": ImageFactory(), "caption": "A chart"}) for _ in range(images)]

    one = PublicationPageFactory(parent=index, cover_image=ImageFactory(), body=body(1))
    three = PublicationPageFactory(parent=index, cover_image=ImageFactory(), body=body(3))
    small = count_queries(client, one.url)
    assert small <= PUBLICATION_BUDGET
    assert count_queries(client, three.url) == small


def test_index_queries_do_not_grow_with_publications(client, django_assert_num_queries, index):
    topics = [TopicFactory() for _ in range(3)]
    grow(index, topics[0], 2)
    filtered_url = f"/publications/?topic={topics[0].slug}&type=publication"
    small = count_queries(client, "/publications/")
    filtered = count_queries(client, filtered_url)
    assert small <= INDEX_BUDGET and filtered <= INDEX_BUDGET

    for topic in topics:
        grow(index, topic, 6)
    for url in ("/publications/", filtered_url, "/publications/?page=2"):
        assert_steady(client, django_assert_num_queries, url, filtered if url == filtered_url else small)


def test_brief_page_queries_do_not_grow_with_the_series(client, django_assert_num_queries, index):
    series = PublicationPageFactory(parent=index)
    first = BriefPageFactory(parent=series)
    BriefPageFactory(parent=series)
    small = count_queries(client, first.url)
    assert small <= BRIEF_BUDGET
    for _ in range(5):
        BriefPageFactory(parent=series)
    assert_steady(client, django_assert_num_queries, first.url, small)


def test_home_page_queries_do_not_grow(client, django_assert_num_queries, index):
    topic = TopicFactory()
    series = PublicationPageFactory(parent=index, cover_image=ImageFactory(), pdf=DocumentFactory())
    BriefPageFactory(parent=series)
    small = count_queries(client, "/")
    assert small <= HOME_BUDGET
    grow(index, topic, 8)
    BriefPageFactory(parent=series)
    assert_steady(client, django_assert_num_queries, "/", small)
