"""The search page: publications and briefs by their words and their PDFs', promoted results, bad input."""

import pytest
from django.core.files.base import ContentFile
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion
from wagtail.rich_text import RichText

from .factories import (
    BriefPageFactory,
    DocumentFactory,
    ImageFactory,
    PublicationPageFactory,
    TopicFactory,
    make_pdf,
)
from .helpers import HIDDEN_STATES, count_queries, page_in_state, publish

pytestmark = pytest.mark.django_db

PDF_PHRASE = "quinquennial tuition freeze"


def pdf_saying(text):
    return DocumentFactory(file=ContentFile(make_pdf(pages=2, text=text), name="report.pdf"))


def titles(response):
    """The titles of the page of results, in order; promoted results are not among them."""
    return [item.title for item in response.context["page_obj"].object_list] if "page_obj" in response.context else []


def search(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response


def test_a_phrase_only_in_the_pdf_finds_the_publication(client, index):
    page = PublicationPageFactory(parent=index, title="Budget report", pdf=pdf_saying(PDF_PHRASE))
    PublicationPageFactory(parent=index, title="Another report", pdf=pdf_saying("Nothing to see"))

    for query in ("quinquennial", "Quinquennial tuition", f'"{PDF_PHRASE}"'):
        response = search(client, q=query)
        assert titles(response) == ["Budget report"], query
        assert f'href="{page.url}"' in response.content.decode()
    assert titles(search(client, q='"freeze tuition"')) == []


def test_results_match_title_summary_body_and_topics(client, index):
    topic = TopicFactory(name="Sessional faculty")
    PublicationPageFactory(parent=index, title="Zebra crossings")
    PublicationPageFactory(parent=index, summary="On the ocelot population.")
    PublicationPageFactory(parent=index, body=[("paragraph", RichText("<p>The pangolin question.</p>"))])
    publish(PublicationPageFactory(parent=index, title="Topical", topics=[topic]))

    assert titles(search(client, q="zebra")) == ["Zebra crossings"]
    assert len(titles(search(client, q="ocelot"))) == 1
    assert len(titles(search(client, q="pangolin"))) == 1
    assert titles(search(client, q="sessional")) == ["Topical"]


def test_a_topic_added_when_publishing_is_found_at_once(client, index):
    topic = TopicFactory(name="Sessional faculty")
    page = PublicationPageFactory(parent=index, title="Topical")
    page.topics = [topic]
    publish(page)
    assert titles(search(client, q="sessional")) == ["Topical"]


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_pages_readers_cannot_see_are_never_found(client, index, state):
    page = page_in_state(state, parent=index, summary="A quinquennial review.", pdf=pdf_saying(PDF_PHRASE))
    response = search(client, q="quinquennial")
    assert titles(response) == []
    assert page.title not in response.content.decode()
    assert "0 results" in response.content.decode()


def test_unpublished_changes_to_a_live_page_are_not_found(client, index):
    page = PublicationPageFactory(parent=index, title="Live title")
    page.title = "Secret draft title about aardvarks"
    page.pdf = pdf_saying("embargoed aardvark findings")
    page.save_revision()

    assert titles(search(client, q="aardvarks")) == []
    assert titles(search(client, q="aardvark")) == []
    assert titles(search(client, q="live")) == ["Live title"]


def test_results_filter_by_type_with_counts(client, index):
    series = PublicationPageFactory(parent=index, title="Tuition series", summary="Tuition, in parts.")
    BriefPageFactory(parent=series, title="Tuition brief one")
    BriefPageFactory(parent=series, title="Tuition brief two")

    response = search(client, q="tuition")
    assert len(titles(response)) == 3
    html = response.content.decode()
    assert 'Publications <span class="facet__count">(1)</span>' in html
    assert 'Briefs <span class="facet__count">(2)</span>' in html

    response = search(client, q="tuition", type="brief")
    assert sorted(titles(response)) == ["Tuition brief one", "Tuition brief two"]
    assert "2 results for “tuition” among briefs" in response.content.decode()
    assert titles(search(client, q="tuition", type="publication")) == ["Tuition series"]
    # An unknown type is ignored rather than refused.
    assert len(titles(search(client, q="tuition", type="podcast"))) == 3


def test_results_show_the_type_date_and_summary_of_each(client, index):
    series = PublicationPageFactory(parent=index, title="Wombat report", summary="All about wombats.")
    BriefPageFactory(parent=series, title="Wombat brief", summary="A short wombat note.")
    html = search(client, q="wombat").content.decode()
    assert '<span class="label label--brief">Brief</span>' in html
    assert '<span class="label">Publication</span>' in html
    assert "All about wombats." in html
    assert f'datetime="{series.publication_date:%Y-%m-%d}"' in html


def test_results_are_paginated_twelve_a_page(client, index):
    for _ in range(14):
        PublicationPageFactory(parent=index, summary="About the platypus.")

    first = search(client, q="platypus")
    assert len(titles(first)) == 12
    assert "14 results" in first.content.decode()
    assert 'href="?q=platypus&amp;page=2"' in first.content.decode()
    second = search(client, q="platypus", page="2")
    assert len(titles(second)) == 2
    assert not set(titles(first)) & set(titles(second))
    assert titles(search(client, q="platypus", page="abc")) == titles(first)
    assert titles(search(client, q="platypus", page="99")) == titles(second)
    assert titles(search(client, q="platypus", page="-1")) == titles(second)


def test_too_many_results_to_rank_are_listed_newest_first_and_say_so(client, index, monkeypatch):
    import datetime

    PublicationPageFactory(
        parent=index,
        title="Newer",
        summary="Budgets, tuition, enrolment, staffing, pensions, buildings and once, in passing, a platypus.",
        publication_date=datetime.date(2024, 1, 1),
    )
    PublicationPageFactory(
        parent=index,
        title="Older on the platypus",
        summary="The platypus, platypus habitats and platypus counts.",
        publication_date=datetime.date(2020, 1, 1),
    )
    ranked = search(client, q="platypus")
    assert set(titles(ranked)) == {"Older on the platypus", "Newer"}
    assert "2 results for “platypus”\n" in ranked.content.decode()

    monkeypatch.setattr("publications.readers.search.RANKED_AT_MOST", 1)
    newest = search(client, q="platypus")
    assert titles(newest) == ["Newer", "Older on the platypus"]
    assert "2 results for “platypus”, newest first" in newest.content.decode()


def test_counts_follow_the_content(client, index):
    PublicationPageFactory(parent=index, summary="About the platypus.")
    assert "1 result for" in search(client, q="platypus").content.decode()
    publish(PublicationPageFactory(parent=index, summary="Platypus again."))
    assert "2 results for" in search(client, q="platypus").content.decode()


def test_promoted_results_come_first_and_only_live_public_pages(client, index):
    promoted = PublicationPageFactory(parent=index, title="Editors' choice", summary="Nothing in common.")
    draft = PublicationPageFactory(parent=index, title="Draft choice", live=False)
    PublicationPageFactory(parent=index, title="Tuition matters", summary="Tuition.")
    query = Query.get("tuition")
    SearchPromotion.objects.create(query=query, page=draft, sort_order=0)
    SearchPromotion.objects.create(query=query, page=promoted, sort_order=1)
    SearchPromotion.objects.create(
        query=query,
        external_link_url="https://example.org/tuition",
        external_link_text="Tuition elsewhere",
        sort_order=2,
    )

    response = search(client, q="Tuition")
    html = response.content.decode()
    assert "Recommended" in html
    assert "Draft choice" not in html
    assert html.index("Editors&#x27; choice") < html.index("Tuition elsewhere") < html.index("Tuition matters")
    assert '<a href="https://example.org/tuition">Tuition elsewhere</a>' in html
    assert titles(response) == ["Tuition matters"]
    assert "1 more result for “Tuition”" in html

    # Filtered by type, only promoted publications of that type stay, and the counts do not change.
    html = search(client, q="Tuition", type="brief").content.decode()
    assert "Recommended" not in html and "Editors&#x27; choice" not in html
    assert 'Publications <span class="facet__count">(1)</span>' in html


def test_a_promoted_result_is_not_repeated_among_the_results(client, index):
    promoted = PublicationPageFactory(parent=index, title="Tuition handbook")
    PublicationPageFactory(parent=index, title="Tuition report")
    SearchPromotion.objects.create(query=Query.get("tuition"), page=promoted, sort_order=0)

    response = search(client, q="tuition")
    assert titles(response) == ["Tuition report"]
    assert response.content.decode().count("Tuition handbook</a>") == 1


def test_searches_are_counted_once_per_search(client, index):
    PublicationPageFactory(parent=index, summary="Tuition.")
    search(client, q="Tuition")
    search(client, q="tuition ")
    search(client, q="tuition", page="2")
    search(client, q="!!!")
    search(client, q="")
    assert Query.get("tuition").hits == 2
    assert list(Query.objects.values_list("query_string", flat=True)) == ["tuition"]


def test_an_empty_query_shows_advice_and_searches_nothing(client, index):
    PublicationPageFactory(parent=index)
    for query in ("", "   ", "\t\n"):
        response = search(client, q=query)
        assert "Type a word or a phrase" in response.content.decode()
        assert "page_obj" not in response.context
    response = search(client)
    assert "Type a word or a phrase" in response.content.decode()
    assert not Query.objects.exists()


@pytest.mark.parametrize(
    "query",
    ["!!!", "🙂🙂🙂", "…", "***", "—", '"', '""', "'", "\\", "%", "%%", "(", "^", "{}", "-", "_", "¿?"],
)
def test_a_query_without_words_says_there_are_no_results(client, index, query):
    PublicationPageFactory(parent=index)
    html = search(client, q=query).content.decode()
    assert "No results for" in html
    assert "Search for words" in html


@pytest.mark.parametrize(
    "query",
    [
        'quinquennial"',
        '"quinquennial',
        'quin"quennial',
        "quinquennial\x00",
        "\x00quinquennial",
        "quinquennial' OR 1=1 --",
        "quinquennial AND (",
        "quinquennial NEAR(x y)",
        "quinquennial title:foo",
        "quinquennial*",
        "quinquennial -freeze",
        "quinquennial %s %",
        "QUINQUENNIAL\ttuition",
    ],
)
def test_quotes_operators_and_control_characters_are_harmless(client, index, query):
    PublicationPageFactory(parent=index, title="Budget report", pdf=pdf_saying(PDF_PHRASE))
    response = search(client, q=query)
    assert "\x00" not in response.content.decode()
    assert len(titles(response)) <= 1


def test_a_nul_byte_is_stripped(client, index):
    PublicationPageFactory(parent=index, title="Budget report", pdf=pdf_saying(PDF_PHRASE))
    response = search(client, q="quinquennial\x00")
    assert titles(response) == ["Budget report"]
    assert 'value="quinquennial"' in response.content.decode()


def test_a_very_long_query_is_shortened_and_says_so(client, index):
    PublicationPageFactory(parent=index, title="Budget report", pdf=pdf_saying(PDF_PHRASE))
    response = search(client, q="quinquennial " * 400 + "x" * 5000)
    html = response.content.decode()
    assert "only its first 200 characters were used" in html
    assert titles(response) == ["Budget report"]
    value = response.context["search"].text
    assert len(value) <= 200 and value.split() == ["quinquennial"] * len(value.split())

    response = search(client, q="y" * 5000)
    assert "only its first 200 characters were used" in response.content.decode()
    assert titles(response) == []


def test_the_search_form_is_labelled_and_in_the_header(client, index):
    html = search(client, q="tuition").content.decode()
    assert '<label class="search-form__label" for="id_q">Search publications</label>' in html
    assert 'type="search" name="q" id="id_q" value="tuition"' in html
    assert '<meta name="robots" content="noindex">' in html
    assert "<title>Search results for “tuition” |" in html
    home = client.get("/").content.decode()
    assert '<a href="/search/">Search</a>' in home


def add_publications(index, n):
    topic = TopicFactory()
    for _ in range(n):
        page = PublicationPageFactory(
            parent=index, summary="On tuition.", topics=[topic], cover_image=ImageFactory(), pdf=DocumentFactory()
        )
        BriefPageFactory(parent=page, summary="Tuition, briefly.")


def test_search_queries_do_not_grow_with_results(client, index, django_assert_num_queries):
    add_publications(index, 1)
    promoted = PublicationPageFactory(parent=index, cover_image=ImageFactory())
    SearchPromotion.objects.create(query=Query.get("tuition"), page=promoted, sort_order=0)
    # The first search of each also writes renditions, the query and its daily hits.
    small = count_queries(client, "/search/?q=tuition")
    filtered = count_queries(client, "/search/?q=tuition&type=brief")

    add_publications(index, 8)
    client.get("/search/?q=tuition")
    client.get("/search/?q=tuition&type=brief")
    with django_assert_num_queries(small):
        client.get("/search/?q=tuition")
    with django_assert_num_queries(filtered):
        client.get("/search/?q=tuition&type=brief")


def test_a_search_that_finds_nothing_writes_nothing(client, index):
    PublicationPageFactory(parent=index, summary="Tuition.")
    for junk in ("zzzqqq", "xkcd-4821", "a" * 150):
        assert search(client, q=junk).status_code == 200
    assert not Query.objects.exists()
    assert not QueryDailyHits.objects.exists()


def test_a_query_editors_promote_is_counted_even_without_results(client, index):
    SearchPromotion.objects.create(
        query=Query.get("annual report"), external_link_url="https://example.org/annual", external_link_text="Annual"
    )
    search(client, q="Annual report")
    assert Query.get("annual report").hits == 1


def test_new_queries_are_recorded_up_to_the_days_limit_and_known_ones_keep_counting(client, index, settings):
    settings.PUBLICATIONS_SEARCH_QUERIES_PER_DAY = 2
    PublicationPageFactory(parent=index, summary="Tuition, funding, workload and hiring.")
    for word in ("tuition", "funding", "workload", "hiring"):
        search(client, q=word)
    search(client, q="tuition")
    search(client, q="funding")
    assert sorted(Query.objects.values_list("query_string", flat=True)) == ["funding", "tuition"]
    assert (Query.get("tuition").hits, Query.get("funding").hits) == (2, 2)
    # Popular searches, as the admin's search terms report reads them, are still there.
    assert {query.query_string for query in Query.get_most_popular()} == {"funding", "tuition"}
