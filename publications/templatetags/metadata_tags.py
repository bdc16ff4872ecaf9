"""``{% page_metadata as meta %}``: the metadata of the page being rendered, for base.html's <head>."""

from django import template

from publications.pages.organisation import OrganisationSettings
from publications.readers.metadata import DescribedPage
from publications.readers.metadata import page_metadata as build_page_metadata

register = template.Library()


@register.simple_tag(takes_context=True)
def page_metadata(context):
    """The PageMetadata of the context's page, or None where there is none (error pages, plain views)."""
    page, request = context.get("page"), context.get("request")
    if not isinstance(page, DescribedPage) or request is None:
        return None
    return build_page_metadata(page, request, OrganisationSettings.for_request(request))
