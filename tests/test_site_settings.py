import json
import re

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield

from publications.models import OrganisationSettings, PublicationImageRendition

from .factories import DocumentFactory, ImageFactory, PublicationPageFactory, UserFactory
from .helpers import queries_for

pytestmark = pytest.mark.django_db


def json_ld(html):
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


@pytest.fixture
def organisation(home):
    settings = OrganisationSettings.for_site(home.get_site())
    settings.name = "Faculty & Librarians of the North"
    settings.logo = ImageFactory(title="Logo", description="Our logo")
    settings.social_links = [
        ("link", {"platform": "bluesky", "url": "https://bsky.app/profile/faculty.example.org"}),
        ("link", {"platform": "linkedin", "url": "https://www.linkedin.com/company/faculty-example"}),
    ]
    settings.save()
    return settings


def test_defaults_to_the_site_name_from_settings(client, home):
    html = client.get("/").content.decode()
    name = "Confederation of University Faculty Associations of BC"
    assert f'<span class="site-name__text">{name}</span>' in html
    assert f'<p class="site-footer__name">{name}</p>' in html
    assert "site-name__logo" not in html
    assert 'class="social-links"' not in html


def test_organisation_name_and_logo_in_header_footer_and_titles(client, index, organisation):
    page = PublicationPageFactory(parent=index, title="A report")
    html = client.get(page.url).content.decode()
    assert "<title>A report | Faculty &amp; Librarians of the North</title>" in html
    header = html[html.index('<header class="site-header">') : html.index("</header>")]
    assert '<span class="site-name__text">Faculty &amp; Librarians of the North</span>' in header
    [logo] = re.findall(r'<img [^>]*class="site-name__logo"[^>]*>', header)
    assert 'alt=""' in logo  # the name beside it says what the logo says
    footer = html[html.index('<footer class="site-footer">') :]
    assert "Faculty &amp; Librarians of the North" in footer
    assert '<a href="https://bsky.app/profile/faculty.example.org" rel="me noopener">Bluesky</a>' in footer
    assert ">LinkedIn</a>" in footer


def test_organisation_in_json_ld_and_citations(client, index, organisation):
    page = PublicationPageFactory(parent=index, title="A report")
    html = client.get(page.url).content.decode()
    publisher = json_ld(html)["publisher"]
    assert publisher["name"] == "Faculty & Librarians of the North"
    assert publisher["logo"]["@type"] == "ImageObject"
    assert publisher["logo"]["url"].startswith("http://localhost/images/")
    assert client.get(publisher["logo"]["url"].removeprefix("http://localhost")).status_code == 200
    assert publisher["sameAs"] == [
        "https://bsky.app/profile/faculty.example.org",
        "https://www.linkedin.com/company/faculty-example",
    ]
    assert '<meta name="citation_technical_report_institution" content="Faculty &amp; Librarians of the North">' in html
    assert "Faculty &amp; Librarians of the North. (20" in html  # APA: the organisation as author
    ris = client.get(f"{page.url}cite/ris/").content.decode()
    assert "PB  - Faculty & Librarians of the North\r\n" in ris

    home = {node["@type"]: node for node in json_ld(client.get("/").content.decode())["@graph"]}
    assert home["Organization"]["name"] == "Faculty & Librarians of the North"
    assert home["Organization"]["logo"]["url"] == publisher["logo"]["url"]


def test_settings_are_read_once_per_request(client, index, organisation):
    organisation.default_share_image = ImageFactory()
    organisation.save()
    page = PublicationPageFactory(parent=index, pdf=DocumentFactory())
    queries = queries_for(client, page.url)
    settings_table = OrganisationSettings._meta.db_table
    assert sum(settings_table in sql for sql in queries) == 1
    # One query for all the renditions of each image: the logo, the share image and the cover.
    renditions_table = PublicationImageRendition._meta.db_table
    assert sum(renditions_table in sql for sql in queries) == 3


def test_an_editor_changes_the_settings_in_the_admin(client, home):
    client.force_login(UserFactory(is_superuser=True))
    url = reverse("wagtailsettings:edit", args=["publications", "organisationsettings", home.get_site().pk])
    assert client.get(url).status_code == 200
    logo = ImageFactory()
    response = client.post(
        url,
        nested_form_data(
            {
                "name": "Northern Faculty",
                "logo": logo.pk,
                "default_share_image": "",
                "social_links": streamfield([("link", {"platform": "mastodon", "url": "https://mastodon.social/@nf"})]),
            }
        ),
    )
    assert response.status_code == 302
    client.logout()
    html = client.get("/").content.decode()
    assert '<span class="site-name__text">Northern Faculty</span>' in html
    assert 'href="https://mastodon.social/@nf" rel="me noopener">Mastodon</a>' in html
