"""``{% picture_for image "card_cover" sizes=… %}`` and ``{% image_for image "header_logo" … %}``: Wagtail's
``{% picture %}`` and ``{% image %}`` with the filter specs named in publications.documents.renditions, so a
template shows only renditions that are made before readers ask for them."""

from django import template
from django.template.base import Token
from wagtail.images.templatetags import wagtailimages_tags

from publications.documents.renditions import TEMPLATE_SPECS

register = template.Library()


def with_named_specs(wagtail_tag):
    """A tag that reads ``{% <name> image "spec name" … %}`` as Wagtail's ``{% <wagtail_tag> image specs … %}``."""

    def compile_tag(parser, token):
        name, *bits = token.split_contents()
        if len(bits) < 2 or bits[1][:1] not in "\"'" or bits[1][1:-1] not in TEMPLATE_SPECS:
            raise template.TemplateSyntaxError(
                f"{name} takes an image and the name of its specs in quotes, one of {', '.join(TEMPLATE_SPECS)}: "
                f'{{% {name} image "card_cover" … %}}'
            )
        image, specs, rest = bits[0], TEMPLATE_SPECS[bits[1][1:-1]], bits[2:]
        contents = " ".join([wagtail_tag, image, specs, *rest])
        node = wagtailimages_tags.image(parser, Token(token.token_type, contents, token.position, token.lineno))
        return with_filters_parsed_once(node)

    return compile_tag


def with_filters_parsed_once(node):
    """``node`` keeping its parsed filters: Wagtail's nodes parse their specs again at every render, checking each
    operation's arguments with ``inspect`` (a few milliseconds a listing, of a dozen cards in three formats)."""
    if hasattr(node, "get_filters"):
        filters = node.get_filters()
        node.get_filters = lambda: filters
    single = node.get_filter()
    node.get_filter = lambda: single
    return node


register.tag("picture_for", with_named_specs("picture"))
register.tag("image_for", with_named_specs("image"))
