import datetime

import pytest
from django.utils import timezone

from .factories import BriefPageFactory, PublicationPageFactory
from .helpers import schedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def series(index):
    """A six-part series: four briefs live, the fifth and sixth scheduled."""
    series = PublicationPageFactory(parent=index, title="Funding for Success (Consolidated Brief Series)")
    briefs = [
        BriefPageFactory(
            parent=series, title=f"Brief part {n}", live=n <= 4, publication_date=datetime.date(2021, 1, n)
        )
        for n in range(1, 7)
    ]
    soon = (timezone.now() + datetime.timedelta(days=3)).replace(microsecond=0)
    for brief, go_live_at in ((briefs[4], soon), (briefs[5], soon + datetime.timedelta(days=7))):
        schedule(brief, go_live_at)
        assert brief.approved_schedule and not brief.live
    series.briefs = briefs
    series.next_go_live = soon
    return series


def test_brief_shows_its_number_among_all_parts(client, series):
    response = client.get(series.briefs[1].url)
    assert response.status_code == 200
    assert "Brief 2 of 6" in response.content.decode()


def test_previous_and_next_link_live_briefs_only(client, series):
    first, second, _, fourth = (client.get(b.url).context for b in series.briefs[:4])
    assert first["previous_brief"] is None
    assert first["next_brief"].pk == series.briefs[1].pk
    assert second["previous_brief"].pk == series.briefs[0].pk
    assert fourth["next_brief"] is None


def test_scheduled_briefs_are_not_public(client, series):
    assert client.get(f"/publications/{series.slug}/{series.briefs[4].slug}/").status_code == 404


def test_series_lists_live_briefs_in_order_and_only_the_next_date(client, series):
    response = client.get(series.url)
    html = response.content.decode()
    positions = [html.index(brief.title) for brief in series.briefs[:4]]
    assert positions == sorted(positions)
    assert series.briefs[4].title not in html
    assert series.briefs[5].title not in html
    local = timezone.localtime(series.next_go_live)
    assert html.count("Next brief:") == 1
    assert (
        f'<p class="next-brief">Next brief: <time datetime="{local.isoformat()}">'
        f"{local:%B} {local.day}, {local.year}</time></p>"
    ) in html


def test_series_without_scheduled_briefs_announces_nothing(client, index):
    series = PublicationPageFactory(parent=index)
    BriefPageFactory(parent=series)
    assert "Next brief" not in client.get(series.url).content.decode()


def test_a_draft_brief_is_counted_but_never_linked(client, index):
    series = PublicationPageFactory(parent=index)
    first = BriefPageFactory(parent=series)
    BriefPageFactory(parent=series, live=False, title="Unfinished draft")
    response = client.get(first.url)
    assert "Brief 1 of 2" in response.content.decode()
    assert response.context["next_brief"] is None
    assert "Unfinished draft" not in response.content.decode()
