"""No reader waits while a rendition is made, and only what readers are shown is made: publishing a page makes
what its cover and body images need, saving the organisation settings what the logo and the share image need,
and a new file or focal point for an image in use remakes what its uses need; an upload nobody uses makes none.
``warm_renditions`` makes what is missing after a deploy. A cold view of any page, feed or API answer then
creates none."""

import io
from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.template.loader import get_template
from django.test import Client
from PIL import Image
from wagtail.images.models import Filter
from wagtail.images.templatetags.wagtailimages_tags import ImageNode
from wagtail.models import Site

from publications.documents.renditions import API, BODY, COVER, LOGO, SHARE, TEMPLATE_SPECS, filter_specs
from publications.models import OrganisationSettings, PublicationDocument, PublicationImage, PublicationImageRendition

from .factories import BriefPageFactory, DocumentFactory, ImageFactory, PublicationPageFactory, make_pdf
from .helpers import publish, schedule, upload_paths, uploaded
from .test_pdf_upload import post_documents_admin

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@pytest.fixture(autouse=True)
def renditions_ahead(settings):
    """The test settings leave renditions to readers' first views (config/settings/test.py); here they are made."""
    settings.PUBLICATIONS_RENDITIONS_AHEAD = True


def png(width, height, color="teal"):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "PNG")
    return buffer.getvalue()


def made_specs(image):
    return sorted(image.renditions.values_list("filter_spec", flat=True))


def needed(*uses):
    """The filter specs that ``uses``, sets of publications.documents.renditions, need, sorted like ``made_specs``."""
    return sorted(filter_specs(*(spec for use in uses for spec in use)))


def body_with(image):
    return [("image", {"image": {"image": image, "alt_text": "A chart", "decorative": False}, "caption": "Chart"})]


def build_site(index):
    """One page of each type, with covers, body images, a logo and a share image, each published by an editor."""
    home = index.get_parent().specific
    organisation = OrganisationSettings.for_site(Site.objects.get(is_default_site=True))
    organisation.logo, organisation.default_share_image = ImageFactory(title="Logo"), ImageFactory(title="Share")
    organisation.save()
    with_cover = PublicationPageFactory(
        parent=index, live=False, cover_image=ImageFactory(), pdf=DocumentFactory(), body=body_with(ImageFactory())
    )
    without_cover = PublicationPageFactory(parent=index, live=False, pdf=DocumentFactory())
    series = PublicationPageFactory(parent=index, live=False, cover_image=ImageFactory(), title="The series")
    publish(series)
    brief = BriefPageFactory(parent=series, live=False, pdf=DocumentFactory(), body=body_with(ImageFactory()))
    for page in (home, index, with_cover, without_cover, brief):
        publish(page)
    return {
        "home": home,
        "index": index,
        "publication with cover": with_cover,
        "publication without cover": without_cover,
        "brief": brief,
        "series": series,
    }


def reader_urls(pages):
    """Every page, and every other thing readers get that shows images: API answers, feeds, search."""
    urls = {name: page.url for name, page in pages.items()}
    for name in ("publication with cover", "publication without cover", "brief", "series"):
        urls[f"API: {name}"] = f"/api/v2/pages/{pages[name].pk}/"
        urls[f"API: {name}'s cover"] = f"/api/v2/images/{pages[name].cover.pk}/"
    urls |= {
        "API: pages": "/api/v2/pages/?type=publications.PublicationPage&fields=*",
        "API: images": "/api/v2/images/?fields=*",
        "RSS": "/feeds/publications.rss",
        "Atom": "/feeds/publications.atom",
        "series feed": f"/feeds/series/{pages['series'].pk}.rss",
        "search": "/search/?q=publication",
    }
    return urls


def renditions_made_by_cold_views(urls):
    """How many renditions a cold anonymous GET of each URL created, by name; and each response's status."""
    reader, made, statuses = Client(), {}, {}
    for name, url in urls.items():
        for cache in caches.all():
            cache.clear()
        before = PublicationImageRendition.objects.count()
        statuses[name] = reader.get(url).status_code
        made[name] = PublicationImageRendition.objects.count() - before
    return made, statuses


def test_a_cold_view_of_any_page_creates_no_rendition(index, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        pages = build_site(index)
    assert PublicationImageRendition.objects.exists()
    urls = reader_urls(pages)

    made, statuses = renditions_made_by_cold_views(urls)

    assert made == dict.fromkeys(urls, 0)
    assert statuses == dict.fromkeys(urls, 200)
    html = Client().get(pages["publication without cover"].url).content.decode()
    assert f"/images/{pages['publication without cover'].pdf.thumbnail_id}/" in html, "page 1 is shown as the cover"


def test_without_renditions_made_ahead_readers_would_make_them(index, settings, django_capture_on_commit_callbacks):
    """The count above sees a rendition made in a reader's request; the setting turns making them ahead off."""
    settings.PUBLICATIONS_RENDITIONS_AHEAD = False
    with django_capture_on_commit_callbacks(execute=True):
        pages = build_site(index)
    assert not PublicationImageRendition.objects.exists()

    made, _ = renditions_made_by_cold_views({"index": pages["index"].url})

    assert made["index"] > 0


@pytest.mark.parametrize("post", upload_paths("image", "A chart", "chart.png"))
def test_uploading_an_image_makes_none_that_readers_are_shown(editor_client, django_capture_on_commit_callbacks, post):
    with django_capture_on_commit_callbacks(execute=True):
        post(editor_client, png(300, 200))
    image = PublicationImage.objects.get()
    # Only what the admin itself shows: the chooser's answer has Wagtail's thumbnail.
    assert made_specs(image) == (["max-165x165"] if "chooser" in post.__name__ else [])


def test_uploading_a_pdf_makes_no_rendition_of_its_page_one(admin_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert post_documents_admin(admin_client, make_pdf()).status_code == 302
    assert made_specs(PublicationDocument.objects.get().thumbnail) == []


def test_publishing_a_page_makes_what_its_cover_and_body_images_need(index, django_capture_on_commit_callbacks):
    cover, figure, elsewhere = ImageFactory(), ImageFactory(), ImageFactory()
    page = PublicationPageFactory(
        parent=index, live=False, cover_image=cover, pdf=DocumentFactory(), body=body_with(figure)
    )
    assert not PublicationImageRendition.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        publish(page)

    assert made_specs(cover) == needed(COVER)
    assert made_specs(figure) == needed(BODY)
    assert made_specs(page.pdf.thumbnail) == needed(API), "page 1 is in the API's images with its PDF"
    assert made_specs(elsewhere) == []


def test_publishing_a_publication_without_a_cover_makes_page_one_a_cover(index, django_capture_on_commit_callbacks):
    page = PublicationPageFactory(parent=index, live=False, pdf=DocumentFactory())

    with django_capture_on_commit_callbacks(execute=True):
        publish(page)

    assert made_specs(page.pdf.thumbnail) == needed(COVER)


def live_cover(index):
    image = ImageFactory()
    publish(PublicationPageFactory(parent=index, live=False, cover_image=image))
    return image, (COVER,)


def scheduled_body_image(index):
    image = ImageFactory()
    schedule(PublicationPageFactory(parent=index, live=False, body=body_with(image)))
    return image, (BODY,)


def logo(index):
    organisation = OrganisationSettings.for_site(Site.objects.get(is_default_site=True))
    organisation.logo = ImageFactory()
    organisation.save()
    return organisation.logo, (LOGO,)


def unused(index):
    return ImageFactory(), ()


IN_USE = [live_cover, scheduled_body_image, logo, unused]


@pytest.mark.parametrize("use", IN_USE)
def test_replacing_the_file_of_an_image_remakes_what_its_uses_need(
    index, editor_client, django_capture_on_commit_callbacks, use
):
    with django_capture_on_commit_callbacks(execute=True):
        image, uses = use(index)
    old = set(image.renditions.values_list("pk", flat=True))

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            f"/admin/images/{image.pk}/",
            {"title": image.title, "file": uploaded(png(90, 60), "new.png"), "collection": 1},
        )
    assert response.status_code == 302

    assert made_specs(image) == needed(*uses)
    assert not image.renditions.filter(pk__in=old).exists()
    if uses:
        assert image.renditions.get(filter_spec="max-400x400").width == 90


@pytest.mark.parametrize("use", IN_USE)
def test_moving_the_focal_point_makes_the_crops_its_uses_need(index, django_capture_on_commit_callbacks, use):
    with django_capture_on_commit_callbacks(execute=True):
        image, uses = use(index)

    with django_capture_on_commit_callbacks(execute=True):
        image.focal_point_x, image.focal_point_y, image.focal_point_width, image.focal_point_height = 10, 10, 20, 20
        image.save()

    filters = [Filter(spec) for spec in needed(*uses)]
    assert len(image.find_existing_renditions(*filters)) == len(filters)
    assert sorted(set(made_specs(image))) == needed(*uses)


def test_a_new_file_for_a_live_pdf_makes_its_new_page_one_a_cover(
    index, admin_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = publish(PublicationPageFactory(parent=index, live=False, pdf=DocumentFactory(title="Report")))

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/documents/edit/{page.pdf_id}/",
            {"title": "Report", "file": uploaded(make_pdf(pages=2), "report.pdf"), "collection": 1},
        )
    assert response.status_code == 302

    page.pdf.refresh_from_db()
    assert made_specs(page.pdf.thumbnail) == needed(COVER)


def test_saving_the_organisation_settings_makes_what_the_logo_and_share_image_need(
    home, django_capture_on_commit_callbacks
):
    organisation = OrganisationSettings.for_site(home.get_site())
    organisation.logo, organisation.default_share_image = ImageFactory(), ImageFactory()

    with django_capture_on_commit_callbacks(execute=True):
        organisation.save()

    assert made_specs(organisation.logo) == needed(LOGO)
    assert made_specs(organisation.default_share_image) == needed(SHARE)


def warm():
    output = io.StringIO()
    call_command("warm_renditions", stdout=output)
    return output.getvalue()


def test_warm_renditions_makes_what_is_missing_by_use_and_a_second_run_nothing(index):
    pages = build_site(index)
    draft = PublicationPageFactory(parent=index, live=False, cover_image=ImageFactory(title="Not yet"))
    assert not PublicationImageRendition.objects.exists()

    output = warm()

    # The logo and the share image; four covers (two chosen, two PDFs' page 1), two body images, and the page 1
    # of a publication with a chosen cover.
    expected = len(needed(LOGO)) + len(needed(SHARE)) + 4 * len(needed(COVER)) + 2 * len(needed(BODY)) + 2
    assert output.splitlines()[-1].startswith(f"9 released images: {expected} renditions made in ")
    assert made_specs(pages["publication with cover"].pdf.thumbnail) == needed(API)
    assert made_specs(pages["brief"].cover) == needed(COVER)
    assert not draft.cover_image.renditions.exists()
    made, _ = renditions_made_by_cold_views(reader_urls(pages))
    assert made == dict.fromkeys(made, 0)

    cover = pages["series"].cover_image
    deleted, _ = cover.renditions.filter(filter_spec__startswith="format-avif").delete()
    assert warm().splitlines()[-1].startswith(f"9 released images: {deleted} renditions made in ")
    assert made_specs(cover) == needed(COVER)

    count = PublicationImageRendition.objects.count()
    assert warm().splitlines()[-1].startswith("9 released images: 0 renditions made in ")
    assert PublicationImageRendition.objects.count() == count


def test_templates_show_only_renditions_that_are_made_ahead():
    """Every image tag of every template asks for specs named in publications.documents.renditions."""
    asked = set()
    for path in TEMPLATES.rglob("*.html"):
        template = get_template(str(path.relative_to(TEMPLATES))).template
        for node in template.nodelist.get_nodes_by_type(ImageNode):
            asked |= set(Filter.expand_spec(node.filter_specs))
    assert asked == set(filter_specs(*TEMPLATE_SPECS.values()))
    assert asked <= set(needed(COVER, BODY, LOGO, SHARE))
