"""Template helpers for the admin: which live or scheduled pages a document or image is shown on."""

from django import template

from publications.documents.models import PublicationDocument, PublicationImage
from publications.documents.release import pages_showing
from publications.editorial.permissions import may_withdraw

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


@register.filter(name="may_withdraw")
def may_withdraw_filter(user, instance):
    """Whether ``user`` may delete, or replace the file of, ``instance``."""
    return may_withdraw(user, instance)


@register.filter
def verbose_name(instance):
    """The model's name for ``instance``, like "document"."""
    return instance._meta.verbose_name
