"""``{% facet_querystring params "type" value %}``: a listing's query string with one facet chosen."""

from django import template
from django.template.defaulttags import querystring

register = template.Library()


@register.simple_tag(takes_context=True)
def facet_querystring(context, params, facet, value):
    """``params`` with ``facet`` set to ``value`` (None for all), back on the first page of results."""
    return querystring(context, params, **{facet: value, "page": None})
