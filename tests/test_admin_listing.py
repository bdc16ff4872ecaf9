"""The editors' publications listing in the admin: filtered by status, with PDF and status columns."""

import re

import pytest

from .factories import BriefPageFactory, DocumentFactory, PublicationPageFactory
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


def add_pages(index, user, n):
    for _ in range(n):
        series = PublicationPageFactory(parent=index, pdf=DocumentFactory())
        submit_for_review(PublicationPageFactory(parent=index, live=False), user)
        schedule(BriefPageFactory(parent=series, live=False, pdf=DocumentFactory()))
        PublicationPageFactory(parent=index, live=False)


def test_listing_queries_do_not_grow_with_the_number_of_pages(admin_client, admin_user, index):
    statuses = ["", "draft", "in_moderation", "scheduled", "live"]
    add_pages(index, admin_user, 1)
    few = [count_queries(admin_client, LISTING, status=status) for status in statuses]

    add_pages(index, admin_user, 3)
    many = [count_queries(admin_client, LISTING, status=status) for status in statuses]

    assert many == few
