"""`manage.py setup_site`: an empty, migrated database becomes a working, empty site; run again, nothing changes."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page, Revision, Site

from publications.pages.models import HomePage, PublicationIndexPage
from tests.factories import PublicationPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_env(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "operator")
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "operator@example.org")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-generated-passphrase-41")


def setup_site(**options):
    out, err = io.StringIO(), io.StringIO()
    call_command("setup_site", stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def snapshot():
    site = Site.objects.get(is_default_site=True)
    return (
        list(Page.objects.order_by("path").values_list("pk", "title", "live", "url_path")),
        Revision.objects.count(),
        (site.hostname, site.port, site.root_page_id, site.site_name),
        list(get_user_model().objects.values_list("username", "is_superuser")),
    )


def test_an_empty_database_becomes_a_site_at_the_base_url_with_a_superuser(client, settings, superuser_env):
    settings.WAGTAILADMIN_BASE_URL = "https://publications.example.org"
    settings.ALLOWED_HOSTS = ["publications.example.org"]
    out, err = setup_site()

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("publications.example.org", 443)
    home = HomePage.objects.get()
    assert site.root_page_id == home.pk and home.live
    index = PublicationIndexPage.objects.child_of(home).get()
    assert index.live and index.slug == "publications"
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists()
    user = get_user_model().objects.get(username="operator")
    assert user.is_superuser and user.check_password("a-long-generated-passphrase-41")
    assert "Superuser operator: created" in out and err == ""

    # The site serves: the home page and an empty index, then a publication an editor adds.
    assert client.get("/", headers={"host": "publications.example.org"}, secure=True).status_code == 200
    response = client.get("/publications/", headers={"host": "publications.example.org"}, secure=True)
    assert response.status_code == 200
    publication = PublicationPageFactory(parent=index, title="First report")
    response = client.get(
        publication.url_path.removeprefix(home.url_path.rstrip("/")),
        secure=True,
        headers={"host": "publications.example.org"},
    )
    assert response.status_code == 200 and b"First report" in response.content


def test_run_again_it_changes_nothing(superuser_env):
    setup_site()
    before = snapshot()
    out, _ = setup_site()
    assert snapshot() == before
    assert "created" not in out.replace("already there", "")


def test_without_superuser_variables_it_says_how_to_make_one(monkeypatch):
    for variable in ("DJANGO_SUPERUSER_USERNAME", "DJANGO_SUPERUSER_EMAIL", "DJANGO_SUPERUSER_PASSWORD"):
        monkeypatch.delenv(variable, raising=False)
    out, err = setup_site()
    assert not get_user_model().objects.exists()
    assert "No superuser yet" in err and "--interactive" in err
    assert HomePage.objects.exists()


def test_a_site_already_set_up_keeps_its_address_and_superuser(superuser_env, settings):
    setup_site()
    Site.objects.filter(is_default_site=True).update(hostname="renamed.example.org", port=8443)
    settings.WAGTAILADMIN_BASE_URL = "https://elsewhere.example.org"
    setup_site()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("renamed.example.org", 8443)
    assert get_user_model().objects.filter(is_superuser=True).count() == 1
