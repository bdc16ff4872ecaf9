"""The editors' publications listing in the admin: filtered by status, type and topic, sorted by downloads
and publication date, with PDF and status columns."""

import datetime
import re

import pytest

from .factories import BriefPageFactory, DocumentFactory, PublicationPageFactory, TopicFactory
from .helpers import count_queries, schedule, submit_for_review

pytestmark = pytest.mark.django_db

LISTING = "/admin/publications/"


@pytest.fixture
def pages(index, admin_user):
    draft = PublicationPageFactory(parent=index, title="A draft", live=False)
    in_review = PublicationPageFactory(parent=index, title="Under review", live=False)
    submit_for_review(in_review, admin_user)
    scheduled = PublicationPageFactory(parent=index, title="Coming soon", live=False)
    schedule(scheduled)
    live = PublicationPageFactory(parent=index, title="Out now", pdf=DocumentFactory())
    live_in_review = PublicationPageFactory(parent=index, title="Out now, changes under review")
    submit_for_review(live_in_review, admin_user)
    expired = PublicationPageFactory(parent=index, title="Withdrawn", live=False, expired=True)
    return {
        "draft": draft,
        "in_review": in_review,
        "scheduled": scheduled,
        "live": live,
        "live_in_review": live_in_review,
        "expired": expired,
    }


def listed_titles(client, **params):
    response = client.get(LISTING, params)
    assert response.status_code == 200
    return {page.title for page in response.context["object_list"]}


def row(html, title):
    """The text of the listing's table row for ``title``, tags stripped."""
    for cells in re.findall(r"<tr[^>]*>(.*?)</tr>", html, flags=re.S):
        if re.search(rf'id="page_\d+_title">\s*{re.escape(title)}\s*<', cells):
            return " ".join(re.sub(r"<[^>]+>", " ", cells).split())
    raise AssertionError(f"No row for {title!r}")


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("draft", {"draft"}),
        ("in_moderation", {"in_review", "live_in_review"}),
        ("scheduled", {"scheduled"}),
        ("live", {"live", "live_in_review"}),
        ("expired", {"expired"}),
        ("", {"draft", "in_review", "scheduled", "live", "live_in_review", "expired"}),
    ],
)
def test_the_status_filter_finds_the_pages_in_that_state(admin_client, pages, status, expected):
    assert listed_titles(admin_client, status=status) == {pages[key].title for key in expected}


def test_the_status_filter_combines_with_search(admin_client, pages):
    assert listed_titles(admin_client, status="live", q="Out now") == {"Out now", "Out now, changes under review"}


def test_the_listing_offers_the_status_filter(admin_client, pages):
    html = admin_client.get(LISTING).content.decode()
    choices = re.findall(r'name="status" value="(\w*)"[^>]*>\s*([\w ]+)</label>', html)
    assert choices == [
        ("", "Any"),
        ("draft", "Draft"),
        ("in_moderation", "In moderation"),
        ("scheduled", "Scheduled"),
        ("live", "Live"),
        ("expired", "Expired"),
    ]


def test_each_row_shows_its_status_and_whether_it_has_a_pdf(admin_client, pages):
    html = admin_client.get(LISTING).content.decode()

    assert "draft" in row(html, "A draft")
    assert "Missing" in row(html, "A draft")
    assert "in moderation" in row(html, "Under review")
    assert "scheduled" in row(html, "Coming soon")
    assert "live" in row(html, "Out now")
    assert "Yes" in row(html, "Out now")
    assert "live + in moderation" in row(html, "Out now, changes under review")
    assert "expired" in row(html, "Withdrawn")


def ordered_titles(client, **params):
    response = client.get(LISTING, params)
    assert response.status_code == 200
    return [page.title for page in response.context["object_list"]]


@pytest.fixture
def downloaded(index):
    """Publications with PDFs downloaded 5, 50 and 0 times, one without a PDF, and a brief, each dated apart."""
    pages = {}
    for day, (title, count) in enumerate([("Five", 5), ("Fifty", 50), ("None yet", 0), ("No PDF", None)], start=1):
        pdf = None if count is None else DocumentFactory()
        if pdf:
            type(pdf).objects.filter(pk=pdf.pk).update(download_count=count)
        pages[title] = PublicationPageFactory(
            parent=index, title=title, pdf=pdf, publication_date=datetime.date(2024, 1, day)
        )
    pages["A brief"] = BriefPageFactory(
        parent=pages["Fifty"], title="A brief", publication_date=datetime.date(2024, 2, 1)
    )
    return pages


def test_sorting_by_downloads_puts_pages_without_a_pdf_last(admin_client, downloaded):
    assert ordered_titles(admin_client, ordering="-downloads") == ["Fifty", "Five", "None yet", "A brief", "No PDF"]
    assert ordered_titles(admin_client, ordering="downloads") == ["None yet", "Five", "Fifty", "A brief", "No PDF"]


def test_sorting_by_publication_date(admin_client, downloaded):
    assert ordered_titles(admin_client, ordering="publication_date") == [
        "Five",
        "Fifty",
        "None yet",
        "No PDF",
        "A brief",
    ]
    assert ordered_titles(admin_client, ordering="-publication_date") == [
        "A brief",
        "No PDF",
        "None yet",
        "Fifty",
        "Five",
    ]


def test_the_column_headings_sort_by_downloads_and_publication_date(admin_client, downloaded):
    html = admin_client.get(LISTING).content.decode()
    assert "ordering=downloads" in html and "ordering=publication_date" in html


def test_searching_ignores_a_downloads_sort_the_search_cannot_do(admin_client, downloaded):
    assert set(ordered_titles(admin_client, q="Fi", ordering="-downloads")) == {"Five", "Fifty"}


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("publication", {"Five", "Fifty", "None yet", "No PDF"}), ("brief", {"A brief"}), ("", None)],
)
def test_the_type_filter(admin_client, downloaded, kind, expected):
    assert listed_titles(admin_client, type=kind) == (expected or set(downloaded))


def test_the_topic_filter_lists_each_page_once_for_any_chosen_topic(admin_client, index):
    funding, equity, other = TopicFactory(name="Funding"), TopicFactory(name="Equity"), TopicFactory(name="Other")
    PublicationPageFactory(parent=index, title="Both", topics=[funding, equity])
    PublicationPageFactory(parent=index, title="Funding only", topics=[funding])
    PublicationPageFactory(parent=index, title="Elsewhere", topics=[other])
    PublicationPageFactory(parent=index, title="No topic")
    assert ordered_titles(admin_client, topic=[funding.pk]).count("Both") == 1
    assert listed_titles(admin_client, topic=[funding.pk]) == {"Both", "Funding only"}
    assert sorted(ordered_titles(admin_client, topic=[funding.pk, equity.pk])) == ["Both", "Funding only"]
    assert listed_titles(admin_client, topic=[other.pk], q="Elsewhere") == {"Elsewhere"}


def test_the_listing_offers_the_type_and_topic_filters(admin_client, pages):
    TopicFactory(name="Funding")
    html = admin_client.get(LISTING).content.decode()
    assert re.findall(r'name="type" value="(\w*)"[^>]*>\s*([\w ]+)</label>', html) == [
        ("", "Any"),
        ("publication", "Publication"),
        ("brief", "Brief"),
    ]
    assert re.search(r'name="topic" value="\d+"[^>]*>\s*Funding</label>', html)


def add_pages(index, user, n):
    topic = TopicFactory(name="Funding")
    for _ in range(n):
        series = PublicationPageFactory(parent=index, pdf=DocumentFactory(), topics=[topic])
        submit_for_review(PublicationPageFactory(parent=index, live=False), user)
        schedule(BriefPageFactory(parent=series, live=False, pdf=DocumentFactory(), topics=[topic]))
        PublicationPageFactory(parent=index, live=False)


LISTING_VIEWS = [{"status": status} for status in ("", "draft", "in_moderation", "scheduled", "live")] + [
    {"ordering": "-downloads"},
    {"ordering": "downloads"},
    {"ordering": "-publication_date"},
    {"type": "publication"},
    {"type": "brief", "ordering": "-downloads"},
    {"topic": "funding"},
]


def test_listing_queries_do_not_grow_with_the_number_of_pages(admin_client, admin_user, index):
    def counts():
        topic = str(TopicFactory(name="Funding").pk)
        return [
            count_queries(admin_client, LISTING, **{k: topic if v == "funding" else v for k, v in params.items()})
            for params in LISTING_VIEWS
        ]

    add_pages(index, admin_user, 1)
    few = counts()

    add_pages(index, admin_user, 3)
    many = counts()

    assert many == few
