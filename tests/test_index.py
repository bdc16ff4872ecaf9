import datetime

import pytest

from .factories import BriefPageFactory, PublicationPageFactory, TopicFactory
from .helpers import make_private

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(index):
    """Fifteen live publications over three years, two of them briefs, plus a draft and a private one."""
    funding, governance = TopicFactory(name="Funding"), TopicFactory(name="Governance")
    pages = []
    for n in range(13):
        pages.append(
            PublicationPageFactory(
                parent=index,
                title=f"Report {n:02d}",
                publication_date=datetime.date(2019 + n % 3, 1 + n % 12, 1),
                topics=[funding if n % 2 else governance],
            )
        )
    series = pages[0]
    for n in range(2):
        pages.append(
            BriefPageFactory(
                parent=series, title=f"Brief {n}", publication_date=datetime.date(2021, 6, 1 + n), topics=[funding]
            )
        )
    PublicationPageFactory(parent=index, title="Draft report", live=False)
    make_private(PublicationPageFactory(parent=index, title="Private report"))
    return pages


def listed(response):
    return [page.title for page in response.context["page_obj"]]


def options(response, facet):
    return {o.value: o.count for o in getattr(response.context["listing"], f"{facet}_options")}


def test_first_page_holds_twelve_newest_first(client, catalogue):
    response = client.get("/publications/")
    assert response.status_code == 200
    titles = listed(response)
    assert len(titles) == 12
    dates = [page.publication_date for page in response.context["page_obj"]]
    assert dates == sorted(dates, reverse=True)
    assert "Draft report" not in response.content.decode()
    assert "Private report" not in response.content.decode()


def test_second_page_holds_the_rest(client, catalogue):
    response = client.get("/publications/?page=2")
    assert len(listed(response)) == 3
    assert response.context["page_obj"].paginator.count == 15


def test_type_filter_and_counts(client, catalogue):
    response = client.get("/publications/?type=brief")
    assert sorted(listed(response)) == ["Brief 0", "Brief 1"]
    assert options(response, "type") == {"publication": 13, "brief": 2}
    assert ">Briefs" in response.content.decode()


def test_topic_and_year_filters_combine_and_counts_follow_the_other_facets(client, catalogue):
    response = client.get("/publications/?topic=funding&year=2021")
    expected = {p.title for p in catalogue if p.publication_date.year == 2021 and p.topics.filter(slug="funding")}
    assert set(listed(response)) == expected
    governance_2021 = [p for p in catalogue if p.publication_date.year == 2021 and p.topics.filter(slug="governance")]
    assert options(response, "topic") == {"funding": len(expected), "governance": len(governance_2021)}
    assert options(response, "year")["2021"] == len(expected)
    assert sum(options(response, "type").values()) == len(expected)


@pytest.mark.parametrize("query", ["page=abc", "page=", "page=1.5", "page=%00"])
def test_a_page_that_is_not_a_number_is_the_first_page(client, catalogue, query):
    response = client.get(f"/publications/?{query}")
    assert response.status_code == 200
    assert response.context["page_obj"].number == 1


@pytest.mark.parametrize(
    "query",
    [
        "page=0",
        "page=-1",
        "page=3",
        "page=99999999999999999999999",
        "type=podcast",
        "topic=nonexistent",
        "topic=%00",
        "topic=" + "x" * 5000,
        "year=abc",
        "year=12345",
        "year=%00",
        "year=٢٠٢١",
    ],
)
def test_unknown_filters_and_pages_past_the_end_are_404(client, catalogue, query):
    assert client.get(f"/publications/?{query}").status_code == 404


def test_empty_filtered_listing_says_so(client, catalogue):
    response = client.get("/publications/?type=brief&year=2019")
    assert response.status_code == 200
    assert listed(response) == []
    assert "No publications match" in response.content.decode()


def test_long_listings_elide_page_numbers(client, index):
    for n in range(12 * 11 + 1):
        PublicationPageFactory(parent=index, title=f"Many {n}")
    html = client.get("/publications/?page=6").content.decode()
    assert 'aria-current="page"><span class="visually-hidden">Page </span>6</a>' in html
    assert html.count('<span aria-hidden="true">…</span>') == 2
    assert "?page=2" not in html and "?page=12" in html


def test_a_chosen_year_without_results_stays_visible(client, catalogue):
    response = client.get("/publications/?type=brief&year=2019")
    years = {o.value: o for o in response.context["listing"].year_options}
    assert years["2019"].selected and years["2019"].count == 0
