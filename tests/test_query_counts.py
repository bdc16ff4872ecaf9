"""Public pages run a fixed number of SQL queries however much content the site holds."""

import pytest

from publications.models import RelatedPublication

from .factories import BriefPageFactory, DocumentFactory, ImageFactory, PublicationPageFactory, TopicFactory
from .helpers import count_queries

pytestmark = pytest.mark.django_db

# Wagtail's routing alone costs two queries per level of the page tree.
PAGE_BUDGET = 24


def grow(index, topic, n):
    for _ in range(n):
        PublicationPageFactory(parent=index, topics=[topic], cover_image=ImageFactory(), pdf=DocumentFactory())


def test_publication_page_queries_do_not_grow_with_related_items(client, django_assert_num_queries, index):
    topic = TopicFactory()
    page = PublicationPageFactory(parent=index, topics=[topic], cover_image=ImageFactory(), pdf=DocumentFactory())
    grow(index, topic, 1)
    small = count_queries(client, page.url)

    grow(index, topic, 8)
    for other in PublicationPageFactory._meta.model.objects.exclude(pk=page.pk)[:3]:
        page.related_links.add(RelatedPublication(publication=other))
    page.save()
    BriefPageFactory(parent=page)
    BriefPageFactory(parent=page)
    assert small <= PAGE_BUDGET
    client.get(page.url)
    with django_assert_num_queries(small):
        client.get(page.url)


def test_index_queries_do_not_grow_with_publications(client, django_assert_num_queries, index):
    topics = [TopicFactory() for _ in range(3)]
    grow(index, topics[0], 2)
    small = count_queries(client, "/publications/")
    filtered = count_queries(client, f"/publications/?topic={topics[0].slug}&type=publication")

    for topic in topics:
        grow(index, topic, 6)
    assert small <= PAGE_BUDGET
    client.get("/publications/")
    client.get("/publications/?page=2")
    with django_assert_num_queries(small):
        client.get("/publications/")
    with django_assert_num_queries(filtered):
        client.get(f"/publications/?topic={topics[0].slug}&type=publication")
    with django_assert_num_queries(small):
        client.get("/publications/?page=2")


def test_brief_page_queries_do_not_grow_with_the_series(client, django_assert_num_queries, index):
    series = PublicationPageFactory(parent=index)
    first = BriefPageFactory(parent=series)
    BriefPageFactory(parent=series)
    small = count_queries(client, first.url)
    for _ in range(5):
        BriefPageFactory(parent=series)
    assert small <= PAGE_BUDGET
    with django_assert_num_queries(small):
        client.get(first.url)


def test_home_page_queries_do_not_grow(client, django_assert_num_queries, index):
    topic = TopicFactory()
    series = PublicationPageFactory(parent=index, cover_image=ImageFactory(), pdf=DocumentFactory())
    BriefPageFactory(parent=series)
    small = count_queries(client, "/")
    grow(index, topic, 8)
    BriefPageFactory(parent=series)
    assert small <= PAGE_BUDGET
    client.get("/")
    with django_assert_num_queries(small):
        client.get("/")
