"""The related-publications chooser: live publications and scheduled ones (Wagtail's status tag marks them),
never a draft that is not scheduled, nor the page being edited."""

from urllib.parse import urlsplit

from django.urls import Resolver404, resolve
from wagtail.coreutils import resolve_model_string

from publications.pages.models import PublicationPage


def chooses_publications(request):
    """Whether the page chooser was opened for publications only, as the related-publications panel opens it."""
    try:
        models = [resolve_model_string(name) for name in request.GET.get("page_type", "").split(",") if name]
    except (LookupError, ValueError):
        return False
    return bool(models) and all(issubclass(model, PublicationPage) for model in models)


def page_being_edited(request):
    """The id of the page whose editor opened the chooser.

    The chooser's URL says nothing of it, but its requests come from that page's edit view, which the Referer
    names (the site sends same-origin Referers in full). Without one the page is offered, and the page form
    still refuses it on save.
    """
    try:
        match = resolve(urlsplit(request.headers.get("referer", "")).path)
    except Resolver404:
        return None
    return match.kwargs.get("page_id") if match.view_name == "wagtailadmin_pages:edit" else None


def unreleased_publications():
    """Publications that are neither live nor scheduled: never-published drafts, unpublished and expired pages."""
    return (
        PublicationPage.objects.filter(live=False)
        .annotate_approved_schedule()
        .filter(_approved_schedule=False)
        .values("pk")
    )


def related_publication_choices(pages, request):
    """``construct_page_chooser_queryset``: in a chooser for publications, only those a reader may come to see."""
    if not chooses_publications(request):
        return pages
    pages = pages.exclude(pk__in=unreleased_publications())
    edited = page_being_edited(request)
    return pages.exclude(pk=edited) if edited else pages
