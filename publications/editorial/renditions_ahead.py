"""Renditions made before readers ask for them, so that no reader waits while one is made, and only those that
readers will be shown: an image gets the sets of publications.documents.renditions that its uses need (a
publication's cover, an image in a body, the organisation's logo or default share image). They are made when a use
goes live: when a page is published, when the organisation settings are saved, and when an image that a live or
scheduled page or a setting uses gets a new file or focal point (page 1 of a PDF, too, when its PDF gets a new
file). An image nobody uses yet gets none but Wagtail's own admin thumbnails. ``manage.py warm_renditions`` makes
what is missing after a deploy.

The work is a task run once the editor's change commits, as Wagtail's own file clean-up is: with the immediate
backend it is done before the editor's response, so the first reader finds it. PUBLICATIONS_RENDITIONS_AHEAD
turns it off.
"""

from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_save
from django_tasks import task
from wagtail.images.models import Filter
from wagtail.models import Page
from wagtail.signals import page_published

from publications.documents.models import PublicationDocument, PublicationImage
from publications.documents.release import pages_showing, readable_pages
from publications.documents.renditions import API, BODY, COVER, LOGO, SHARE, filter_specs
from publications.pages.models import PublicationPage
from publications.pages.organisation import OrganisationSettings


def shown_on(page):
    """What ``page`` shows readers of which images: {image id: the sets of renditions its uses there need}."""
    shown = defaultdict(set)
    if not isinstance(page, PublicationPage):
        return shown  # the home page and the index show the covers of publications, made when those were published
    if page.pdf_id and page.pdf.thumbnail_id:
        shown[page.pdf.thumbnail_id].add(API)  # with its PDF, page 1 is in the content API's images
    if page.cover:
        shown[page.cover.pk].add(COVER)
    for block in page.body:
        if block.block_type == "image" and block.value["image"]:
            shown[block.value["image"].pk].add(BODY)
    return shown


def shown_by(organisation):
    """What the organisation settings show readers of which images, as ``shown_on`` says it of a page."""
    shown = defaultdict(set)
    for image_id, use in ((organisation.logo_id, LOGO), (organisation.default_share_image_id, SHARE)):
        if image_id:
            shown[image_id].add(use)
    return shown


def sets_needed(image):
    """The sets of renditions readers are shown of ``image``, or will be: by the live and scheduled pages that use
    it (page 1 of a PDF with its PDF) and by the settings."""
    needed = set()
    for page in pages_showing(image):
        needed |= shown_on(page.specific)[image.pk]
    for organisation in OrganisationSettings.objects.filter(Q(logo=image) | Q(default_share_image=image)):
        needed |= shown_by(organisation)[image.pk]
    return needed


def needed_by_readers():
    """The sets of renditions readers may be shown of each released image: {image id: sets}, by the readable
    publications and the settings; an image released otherwise is in the content API's images only."""
    pages = readable_pages(PublicationPage.objects).select_related("cover_image", "pdf__thumbnail")
    shown = [shown_on(page) for page in pages.iterator(chunk_size=100)]
    shown += [shown_by(organisation) for organisation in OrganisationSettings.objects.all()]
    needed = defaultdict(lambda: {API})
    for uses in shown:
        for image_id, sets in uses.items():
            needed[image_id] |= sets
    return needed


def with_renditions(images):
    """``images``, a queryset, with their renditions, for ``make_missing``."""
    return images.prefetch_related("renditions")


def make_missing(image, sets):
    """Make the renditions of ``sets`` that ``image`` (from ``with_renditions``) does not have yet, in one bulk
    ``get_renditions``; how many were made."""
    filters = [Filter(spec) for spec in filter_specs(*(spec for renditions in sets for spec in renditions))]
    existing = image.find_existing_renditions(*filters)
    missing = [rendition_filter for rendition_filter in filters if rendition_filter not in existing]
    if missing:
        image.get_renditions(*missing)
    return len(missing)


def make(needed):
    """Make what is missing of ``needed``, {image id: sets}."""
    for image in with_renditions(PublicationImage.objects.filter(pk__in=needed)):
        make_missing(image, needed[image.pk])


@task()
def make_for_page(page_id):
    """Make what the published page ``page_id`` shows readers."""
    page = Page.objects.filter(pk=page_id).first()
    if page is not None:
        make(shown_on(page.specific))


@task()
def make_for_settings(settings_id):
    """Make what the organisation settings ``settings_id`` show readers."""
    organisation = OrganisationSettings.objects.filter(pk=settings_id).first()
    if organisation is not None:
        make(shown_by(organisation))


@task()
def make_for_image(image_id):
    """Make what readers are shown of the image ``image_id`` by the pages and settings that use it."""
    image = with_renditions(PublicationImage.objects.filter(pk=image_id)).first()
    if image is not None:
        make_missing(image, sets_needed(image))


def make_ahead(renditions_task, object_id):
    """Enqueue ``renditions_task`` for ``object_id`` once the change in progress commits, if renditions are made
    ahead (settings.PUBLICATIONS_RENDITIONS_AHEAD)."""
    if object_id and settings.PUBLICATIONS_RENDITIONS_AHEAD:
        transaction.on_commit(lambda: renditions_task.enqueue(object_id))


def image_saved(sender, instance, created, raw=False, **kwargs):
    if not (raw or created):  # a new image is used by nothing yet
        make_ahead(make_for_image, instance.pk)


def page_one_stored(sender, instance, raw=False, update_fields=None, **kwargs):
    if not raw and update_fields and "thumbnail" in update_fields:
        make_ahead(make_for_image, instance.thumbnail_id)


def page_was_published(sender, instance, **kwargs):
    make_ahead(make_for_page, instance.pk)


def organisation_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        make_ahead(make_for_settings, instance.pk)


def connect_signals():
    post_save.connect(image_saved, sender=PublicationImage, dispatch_uid="publications.renditions_ahead.image")
    post_save.connect(
        page_one_stored, sender=PublicationDocument, dispatch_uid="publications.renditions_ahead.page_one"
    )
    page_published.connect(page_was_published, dispatch_uid="publications.renditions_ahead.page")
    post_save.connect(
        organisation_saved, sender=OrganisationSettings, dispatch_uid="publications.renditions_ahead.settings"
    )
