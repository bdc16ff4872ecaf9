"""The release rule: readers may have a document or an image only while a live, public page uses it.

"Uses" is what Wagtail's ReferenceIndex records from a page's live content: its PDF and cover
fields, documents linked and images placed in its body. The index is rebuilt from the page's
database row on every save, and a live page's row holds what readers see, not a pending draft.
An image is also released as page 1 of a released PDF, and when a site setting (the organisation's
logo, its default share image) names it: settings are public as soon as they are saved.

``pages_showing`` widens the rule to what readers will see without another editor's decision:
scheduled pages too. Changing what those pages show takes an editor.
"""

import operator
from contextvars import ContextVar
from functools import reduce

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.db.models.signals import post_delete, post_save
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.models import Page, PageViewRestriction, ReferenceIndex, Revision
from wagtail.signals import post_page_move

from .models import PublicationDocument, PublicationImage

# The restricted paths read during the current request (RestrictionsPerRequestMiddleware); None outside requests.
_remembered = ContextVar("publications_restricted_paths", default=None)


def restricted_paths():
    """The tree paths of the pages with a view restriction: a page is restricted when its path starts with one.

    Read once per request, as a request asks several questions of the release rule; outside a request, at
    every call.
    """
    remembered = _remembered.get()
    if remembered is not None and "paths" in remembered:
        return remembered["paths"]
    paths = tuple(PageViewRestriction.objects.order_by("page__path").values_list("page__path", flat=True).distinct())
    if remembered is not None:
        remembered["paths"] = paths
    return paths


def forget_restricted_paths(**kwargs):
    """A restriction was added or removed, or a page moved, during this request: read them again."""
    remembered = _remembered.get()
    if remembered is not None:
        remembered.clear()


def connect_signals():
    post_save.connect(forget_restricted_paths, sender=PageViewRestriction, dispatch_uid="release.restriction_saved")
    post_delete.connect(forget_restricted_paths, sender=PageViewRestriction, dispatch_uid="release.restriction_deleted")
    post_page_move.connect(forget_restricted_paths, dispatch_uid="release.page_moved")


class RestrictionsPerRequestMiddleware:
    """Lets each request read the site's view restrictions once (``restricted_paths``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _remembered.set({})
        try:
            return self.get_response(request)
        finally:
            _remembered.reset(token)


def is_restricted(path):
    """Whether the page at ``path`` has a view restriction on it or an ancestor."""
    return path.startswith(restricted_paths())


def _restricted(paths):
    return reduce(operator.or_, (Q(path__startswith=path) for path in paths))


def readable_pages(pages=None):
    """``pages`` (all pages by default, or pages of one type) that are live, with no view restriction on them or
    an ancestor: what an anonymous reader can open.

    Like Wagtail's ``live().public()``, which also reads every restriction of the site first; a site without
    restrictions asks the database only for live pages.
    """
    pages = (Page.objects if pages is None else pages).live()
    paths = restricted_paths()
    return pages.exclude(_restricted(paths)) if paths else pages


def readable_pages_to_search(pages):
    """The same, in a form Wagtail's search backends can filter on: the restricted pages as a list of ids."""
    paths = restricted_paths()
    pages = pages.live()
    return pages.exclude(pk__in=Page.objects.filter(_restricted(paths)).values("pk")) if paths else pages


def _page_references_to(model):
    return ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        to_content_type=ContentType.objects.get_for_model(model),
    )


def _used_by_a_readable_page(model):
    """A filter for ``model``'s rows that a readable page uses."""
    page_keys = readable_pages().annotate(key=Cast("pk", output_field=CharField())).values("key")
    return Exists(
        _page_references_to(model).filter(
            to_object_id=Cast(OuterRef("pk"), output_field=CharField()), object_id__in=page_keys
        )
    )


def released_documents():
    """The documents readers may download."""
    return PublicationDocument.objects.filter(_used_by_a_readable_page(PublicationDocument))


def _named_by_settings():
    named = Q(pk__in=[])
    for setting in settings_registry:
        for field in setting._meta.get_fields():
            if field.many_to_one and field.related_model is PublicationImage:
                named |= Q(pk__in=setting.objects.values(field.name))
    return named


def released_images():
    """The images readers may see: shown by a readable page, page 1 of a released PDF, or named by a setting."""
    return PublicationImage.objects.filter(
        _used_by_a_readable_page(PublicationImage)
        | Q(pk__in=released_documents().values("thumbnail"))
        | _named_by_settings()
    )


def _references_from_pages_to(instance):
    return _page_references_to(type(instance)).filter(
        to_object_id=str(instance.pk), object_id=Cast(OuterRef("pk"), output_field=CharField())
    )


def releasing_page(instance):
    """The readable page that releases ``instance``, a document or image it uses; None while there is none.

    A page that names it in a field (a publication's PDF) comes before one that links it from body text.
    """
    references = _references_from_pages_to(instance)
    return (
        readable_pages()
        .filter(Exists(references))
        .annotate(in_body=Exists(references.filter(model_path__contains=".")))
        .order_by("in_body", "path")
        .first()
    )


def is_released(instance):
    """Whether readers may have ``instance``, a document or an image."""
    if isinstance(instance, PublicationImage):
        return released_images().filter(pk=instance.pk).exists()
    # Any readable page will do: no need to find and sort them all, as releasing_page does, when thousands share it.
    return readable_pages().filter(Exists(_references_from_pages_to(instance))).exists()


def _referenced_by(page, instance):
    content_type_id = ContentType.objects.get_for_model(type(instance)).pk
    # Wagtail has no public way to read the references of content that is not saved to its row.
    references = ReferenceIndex._extract_references_from_object(page)
    return any(reference[:2] == (content_type_id, str(instance.pk)) for reference in references)


def pages_showing(instance):
    """The live pages (public or private) and the pages scheduled to go live or to change whose content
    uses ``instance``, a document or an image (page 1 of a PDF counts as used with its PDF), in tree order."""
    references = _references_from_pages_to(instance)
    pages = {page.pk: page for page in Page.objects.live().filter(Exists(references))}
    for revision in Revision.page_revisions.filter(approved_go_live_at__isnull=False).select_related("content_type"):
        scheduled = revision.as_object()
        if scheduled.pk not in pages and _referenced_by(scheduled, instance):
            pages[scheduled.pk] = scheduled
    if isinstance(instance, PublicationImage):
        for document in PublicationDocument.objects.filter(thumbnail=instance):
            pages |= {page.pk: page for page in pages_showing(document)}
    return sorted(pages.values(), key=lambda page: page.path)
