"""The benchmark archive (`manage.py build_archive`): pages written in bulk are real Wagtail pages, as the admin
publishes them, so that a benchmark measures what a real site serves."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from wagtail.models import Page, ReferenceIndex
from wagtail.search.models import IndexEntry

from publications.demo.archive import COMMON_WORD, RARE_WORD
from publications.documents.release import released_documents
from publications.models import BriefPage, PublicationDocument, PublicationPage

PUBLICATIONS = 30


def build(count, *options):
    call_command("build_archive", count, "--pool", "1", *options, stdout=io.StringIO())


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """One archive for the module's tests, in a transaction rolled back after them: building it takes a while."""
    with django_db_blocker.unblock(), transaction.atomic():
        build(PUBLICATIONS)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def archive(built, db):
    return PublicationPage.objects.order_by("path")


def test_the_archive_is_a_valid_tree_of_published_pages(archive):
    assert Page.find_problems() == ([], [], [], [], [])
    assert PublicationPage.objects.exact_type(PublicationPage).count() == PUBLICATIONS
    assert BriefPage.objects.exists()
    for page in archive.select_related("latest_revision"):
        assert page.live and not page.has_unpublished_changes
        assert page.latest_revision_id == page.live_revision_id
        published = page.latest_revision.as_object()
        assert (published.title, list(published.body.raw_data)) == (page.title, list(page.body.raw_data))
        parent = page.get_parent()
        assert page.url_path == f"{parent.url_path}{page.slug}/"


def test_every_page_renders(archive, client):
    pages = [*archive, *Page.objects.filter(depth__lte=3, depth__gt=1)]
    statuses = {page.url: client.get(page.url).status_code for page in pages}
    assert set(statuses.values()) == {200}
    for url in ("/sitemap.xml", "/feeds/publications.rss", "/api/v2/pages/", "/publications/?page=3"):
        assert client.get(url).status_code == 200


def test_search_finds_the_rare_word_in_one_publication_and_the_common_word_in_many(archive, client):
    first = archive.exact_type(PublicationPage).first()
    response = client.get("/search/", {"q": RARE_WORD})
    assert [page.pk for page in response.context["page_obj"]] == [first.pk]
    assert client.get("/search/", {"q": COMMON_WORD}).context["page_obj"].paginator.count > PUBLICATIONS / 2
    indexed = IndexEntry.objects.filter(content_type__in=[page.content_type_id for page in archive])
    assert set(indexed.values_list("object_id", flat=True)) == {str(page.pk) for page in archive}


def test_the_release_rule_releases_the_pdfs_of_the_live_pages(archive, client):
    pdfs = set(archive.exclude(pdf=None).values_list("pdf", flat=True))
    assert set(released_documents().values_list("pk", flat=True)) == pdfs
    pdf = PublicationDocument.objects.get(pk=min(pdfs))
    assert client.get(pdf.url).status_code == 200


def test_the_reference_index_is_what_wagtail_writes(archive):
    def rows(page):
        return set(
            ReferenceIndex.objects.filter(object_id=str(page.pk)).values_list(
                "content_type", "to_content_type", "to_object_id", "model_path", "content_path", "content_path_hash"
            )
        )

    picked = archive.filter(related_links__isnull=False).first()
    for page in (archive.first(), picked):
        written = rows(page)
        with transaction.atomic():
            ReferenceIndex.create_or_update_for_object(page.specific)
        assert rows(page) == written
    assert any(path.startswith("related_links.") for *_, path, _ in rows(picked))


def test_it_refuses_a_database_with_publications_and_grows_one_when_told(archive):
    with pytest.raises(CommandError, match="already has 30 publications"):
        build(40)
    build(40, "--grow")
    assert PublicationPage.objects.exact_type(PublicationPage).count() == 40
    assert Page.find_problems() == ([], [], [], [], [])
