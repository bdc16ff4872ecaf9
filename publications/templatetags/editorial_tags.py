"""Template helpers for the admin: which live or scheduled pages a document or image is shown on."""

from django import template

from publications.documents.models import PublicationDocument, PublicationImage
from publications.documents.release import pages_showing

register = template.Library()


@register.simple_tag
def pages_showing_files(*instances):
    """The live and scheduled pages that show any of ``instances``; none for objects that are not files."""
    pages = {}
    for instance in instances:
        if isinstance(instance, PublicationDocument | PublicationImage):
            pages |= {page.pk: page for page in pages_showing(instance)}
    return sorted(pages.values(), key=lambda page: page.path)


@register.simple_tag
def pages_showing_files_in(items):
    """The same for a bulk action's ``items``, each holding its object as ``item``."""
    return pages_showing_files(*(entry["item"] for entry in items))
