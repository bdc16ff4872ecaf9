"""No reader waits while a rendition is made: uploading an image, replacing its file, storing a PDF's page 1,
publishing a page and saving the organisation settings make every rendition readers are shown, and
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

from publications.documents.renditions import LIBRARY_IMAGE, PAGE_ONE_IMAGE, TEMPLATE_SPECS, filter_specs
from publications.models import OrganisationSettings, PublicationDocument, PublicationImage, PublicationImageRendition

from .factories import BriefPageFactory, DocumentFactory, ImageFactory, PublicationPageFactory, make_pdf
from .helpers import publish, upload_paths, uploaded
from .test_pdf_upload import post_documents_admin

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def png(width, height, color="teal"):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "PNG")
    return buffer.getvalue()


def made_specs(image):
    return sorted(image.renditions.values_list("filter_spec", flat=True))


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


def test_without_renditions_made_ahead_readers_would_make_them(index):
    """The count above sees a rendition made in a reader's request."""
    pages = build_site(index)  # the commit never comes in this test's transaction, so nothing is made ahead
    assert not PublicationImageRendition.objects.exists()

    made, _ = renditions_made_by_cold_views({"index": pages["index"].url})

    assert made["index"] > 0


@pytest.mark.parametrize("post", upload_paths("image", "A chart", "chart.png"))
def test_uploading_an_image_makes_every_rendition_readers_may_be_shown(
    editor_client, django_capture_on_commit_callbacks, post
):
    with django_capture_on_commit_callbacks(execute=True):
        post(editor_client, png(300, 200))
    image = PublicationImage.objects.get()
    # The chooser's answer also shows the admin's own thumbnail.
    assert set(made_specs(image)) - {"max-165x165"} == set(filter_specs(*LIBRARY_IMAGE))


def test_replacing_an_images_file_remakes_its_renditions(editor_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        image = ImageFactory()
    old = set(image.renditions.values_list("pk", flat=True))

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            f"/admin/images/{image.pk}/",
            {"title": image.title, "file": uploaded(png(90, 60), "new.png"), "collection": 1},
        )
    assert response.status_code == 302

    assert made_specs(image) == sorted(filter_specs(*LIBRARY_IMAGE))
    assert not image.renditions.filter(pk__in=old).exists()
    assert image.renditions.get(filter_spec="max-400x400").width == 90


def test_moving_the_focal_point_makes_the_crops_for_it(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        image = ImageFactory()
        image.focal_point_x, image.focal_point_y, image.focal_point_width, image.focal_point_height = 10, 10, 20, 20
        image.save()
    filters = [Filter(spec) for spec in filter_specs(*LIBRARY_IMAGE)]
    assert len(image.find_existing_renditions(*filters)) == len(filters)


def test_a_pdfs_page_one_image_gets_the_renditions_of_a_cover(admin_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert post_documents_admin(admin_client, make_pdf()).status_code == 302
    page_one = PublicationDocument.objects.get().thumbnail
    assert made_specs(page_one) == sorted(filter_specs(*PAGE_ONE_IMAGE))


def test_publishing_a_page_makes_the_renditions_of_its_cover_and_body_images(index, django_capture_on_commit_callbacks):
    cover, figure, elsewhere = ImageFactory(), ImageFactory(), ImageFactory()
    page = PublicationPageFactory(parent=index, live=False, cover_image=cover, body=body_with(figure))
    assert not PublicationImageRendition.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        publish(page)

    expected = sorted(filter_specs(*LIBRARY_IMAGE))
    assert (made_specs(cover), made_specs(figure), made_specs(elsewhere)) == (expected, expected, [])


def test_saving_the_organisation_settings_makes_the_logo_and_share_image_renditions(
    home, django_capture_on_commit_callbacks
):
    organisation = OrganisationSettings.for_site(home.get_site())
    organisation.logo, organisation.default_share_image = ImageFactory(), ImageFactory()

    with django_capture_on_commit_callbacks(execute=True):
        organisation.save()

    expected = sorted(filter_specs(*LIBRARY_IMAGE))
    assert made_specs(organisation.logo) == made_specs(organisation.default_share_image) == expected


def warm():
    output = io.StringIO()
    call_command("warm_renditions", stdout=output)
    return output.getvalue()


def test_warm_renditions_makes_what_is_missing_and_a_second_run_nothing(index):
    pages = build_site(index)
    draft = PublicationPageFactory(parent=index, live=False, cover_image=ImageFactory(title="Not yet"))
    assert not PublicationImageRendition.objects.exists()

    library, page_one = len(filter_specs(*LIBRARY_IMAGE)), len(filter_specs(*PAGE_ONE_IMAGE))

    output = warm()

    # The logo, the share image, two covers and two body images; three PDFs' page 1.
    assert output.splitlines()[-1].startswith(f"9 released images: {6 * library + 3 * page_one} renditions made in ")
    assert not draft.cover_image.renditions.exists()
    made, _ = renditions_made_by_cold_views(reader_urls(pages))
    assert made == dict.fromkeys(made, 0)

    cover = pages["series"].cover_image
    deleted, _ = cover.renditions.filter(filter_spec__startswith="format-avif").delete()
    assert warm().splitlines()[-1].startswith(f"9 released images: {deleted} renditions made in ")
    assert made_specs(cover) == sorted(filter_specs(*LIBRARY_IMAGE))

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
    assert asked <= set(filter_specs(*LIBRARY_IMAGE))
