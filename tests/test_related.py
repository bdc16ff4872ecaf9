import datetime

import pytest

from publications.models import RelatedPublication

from .factories import BriefPageFactory, PublicationPageFactory, TopicFactory
from .helpers import HIDDEN_STATES, page_in_state, publication_form

pytestmark = pytest.mark.django_db


def pick(page, *publications):
    for publication in publications:
        page.related_links.add(RelatedPublication(publication=publication))
    page.save()


def titles(pages):
    return [page.title for page in pages]


def test_editor_picks_come_first_in_the_editor_order(index):
    page, a, b, c = (PublicationPageFactory(parent=index) for _ in range(4))
    pick(page, c, a, b)
    assert titles(page.recommended_publications) == [c.title, a.title, b.title]


def test_fewer_picks_are_topped_up_with_newest_on_a_shared_topic(index):
    funding, other = TopicFactory(name="Funding"), TopicFactory(name="Other")
    page = PublicationPageFactory(parent=index, topics=[funding])
    picked = PublicationPageFactory(parent=index)
    older = PublicationPageFactory(parent=index, topics=[funding], publication_date=datetime.date(2020, 1, 1))
    newer = PublicationPageFactory(parent=index, topics=[funding], publication_date=datetime.date(2024, 1, 1))
    newest_unrelated = PublicationPageFactory(parent=index, topics=[other], publication_date=datetime.date(2025, 1, 1))
    pick(page, picked)
    recommended = page.recommended_publications
    assert titles(recommended) == [picked.title, newer.title, older.title]
    assert newest_unrelated not in recommended


def test_briefs_recommend_their_series_and_sibling_briefs(index):
    series = PublicationPageFactory(parent=index)
    first = BriefPageFactory(parent=series, publication_date=datetime.date(2022, 1, 1))
    second = BriefPageFactory(parent=series, publication_date=datetime.date(2022, 1, 8))
    PublicationPageFactory(parent=index)
    assert set(titles(second.recommended_publications)) == {series.title, first.title}
    assert set(titles(series.recommended_publications)) == {first.title, second.title}


def test_never_itself_even_when_picked(index):
    topic = TopicFactory()
    page = PublicationPageFactory(parent=index, topics=[topic])
    pick(page, page)
    assert page not in page.recommended_publications
    assert page.recommended_publications == []


def test_pages_readers_cannot_see_never_appear_picked_or_on_a_shared_topic(index):
    topic = TopicFactory()
    page = PublicationPageFactory(parent=index, topics=[topic])
    hidden = {state: page_in_state(state, parent=index, topics=[topic]) for state in HIDDEN_STATES}
    assert hidden["scheduled"].approved_schedule and not hidden["scheduled"].live
    visible = PublicationPageFactory(parent=index, topics=[topic])
    pick(page, *hidden.values())
    assert titles(page.recommended_publications) == [visible.title]


def test_at_most_three(index):
    topic = TopicFactory()
    page = PublicationPageFactory(parent=index, topics=[topic])
    for _ in range(5):
        PublicationPageFactory(parent=index, topics=[topic])
    assert len(page.recommended_publications) == 3


class TestAdminForm:
    def post(self, client, page, picks):
        return client.post(f"/admin/pages/{page.pk}/edit/", publication_form(page, related=picks))

    def test_a_publication_cannot_recommend_itself(self, admin_client, index):
        page = PublicationPageFactory(parent=index)
        response = self.post(admin_client, page, [page])
        assert response.status_code == 200
        assert "cannot recommend itself" in response.content.decode()
        assert not page.related_links.exists()

    def test_the_same_pick_twice_is_refused(self, admin_client, index):
        page, other = PublicationPageFactory(parent=index), PublicationPageFactory(parent=index)
        response = self.post(admin_client, page, [other, other])
        assert "only once" in response.content.decode()

    def test_a_fourth_pick_is_refused(self, admin_client, index):
        page = PublicationPageFactory(parent=index)
        picks = [PublicationPageFactory(parent=index) for _ in range(4)]
        response = self.post(admin_client, page, picks)
        assert response.status_code == 200
        assert not RelatedPublication.objects.filter(page=page).exists()

    def test_three_picks_are_saved_in_order(self, admin_client, index):
        page = PublicationPageFactory(parent=index)
        picks = [PublicationPageFactory(parent=index) for _ in range(3)]
        response = self.post(admin_client, page, picks[::-1])
        assert response.status_code == 302
        page.refresh_from_db()
        latest = page.get_latest_revision_as_object()
        assert [link.publication_id for link in latest.related_links.all()] == [p.pk for p in picks[::-1]]
