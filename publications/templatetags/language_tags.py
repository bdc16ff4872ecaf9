"""``{% site_language %}``: the language of the site's pages, for ``<html lang>``."""

from django import template

from publications.readers import metadata

register = template.Library()


@register.simple_tag
def site_language():
    """The active language, LANGUAGE_CODE unless something activated another, as a BCP 47 tag ("en-CA").

    It needs no context, so the 500 page, rendered with an empty one, can use it too.
    """
    return metadata.language()
