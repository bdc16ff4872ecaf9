"""Renditions made before readers ask for them, so that no reader waits while one is made: when an image is
uploaded, its file replaced or its focal point moved, when a PDF's page-1 image is stored, when a page is
published and when the organisation settings are saved. ``manage.py warm_renditions`` makes what is missing
after a deploy.

An image from the library gets every rendition readers may be shown of it (publications.documents.renditions),
whatever it is chosen for: a page can make it its cover or put it in its body, the settings can name it, and
each of those is then ready. The work is a task run once the editor's change commits, as Wagtail's own file
clean-up is: with the immediate backend it is done before the editor's response, so the first reader finds it.
"""

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.db.models.signals import post_save
from django_tasks import task
from wagtail.images.models import Filter
from wagtail.signals import page_published

from publications.documents.models import PublicationDocument, PublicationImage
from publications.documents.renditions import LIBRARY_IMAGE, PAGE_ONE_IMAGE, filter_specs
from publications.pages.models import PublicationPage
from publications.pages.organisation import OrganisationSettings


def with_renditions(images):
    """``images``, a queryset, with their renditions and whether each is page 1 of a PDF, for ``make_missing``."""
    page_one = Exists(PublicationDocument.objects.filter(thumbnail=OuterRef("pk")))
    return images.annotate(is_page_one=page_one).prefetch_related("renditions")


def make_missing(image):
    """Make the renditions readers may be shown of ``image`` (from ``with_renditions``) that are not there yet,
    in one bulk ``get_renditions``; how many were made."""
    specs = PAGE_ONE_IMAGE if image.is_page_one else LIBRARY_IMAGE
    filters = [Filter(spec) for spec in filter_specs(*specs)]
    existing = image.find_existing_renditions(*filters)
    missing = [rendition_filter for rendition_filter in filters if rendition_filter not in existing]
    if missing:
        image.get_renditions(*missing)
    return len(missing)


@task()
def make_renditions(image_ids):
    """Make what readers may be shown of the images ``image_ids`` that is not made yet."""
    for image in with_renditions(PublicationImage.objects.filter(pk__in=image_ids)):
        make_missing(image)


def make_ahead(*image_ids):
    """Make the renditions of the images ``image_ids`` (None for none) once the change in progress commits."""
    image_ids = sorted({image_id for image_id in image_ids if image_id})
    if image_ids:
        transaction.on_commit(lambda: make_renditions.enqueue(image_ids))


def images_shown_on(page):
    """The ids of the images a published page shows: a publication's cover and the images in its body."""
    if not isinstance(page, PublicationPage):
        return []  # the home page and the index show the covers of publications, made when those were published
    images = [page.cover] + [block.value["image"] for block in page.body if block.block_type == "image"]
    return [image.pk for image in images if image]


def image_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        make_ahead(instance.pk)


def page_was_published(sender, instance, **kwargs):
    make_ahead(*images_shown_on(instance))


def organisation_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        make_ahead(instance.logo_id, instance.default_share_image_id)


def connect_signals():
    post_save.connect(image_saved, sender=PublicationImage, dispatch_uid="publications.renditions_ahead.image")
    page_published.connect(page_was_published, dispatch_uid="publications.renditions_ahead.page")
    post_save.connect(
        organisation_saved, sender=OrganisationSettings, dispatch_uid="publications.renditions_ahead.settings"
    )
