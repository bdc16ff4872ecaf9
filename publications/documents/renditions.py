"""Every rendition readers are shown, named once.

The templates read these through ``{% picture_for %}`` and ``{% image_for %}`` (templatetags/rendition_tags.py),
the page metadata and the API import them, and publications.editorial.renditions_ahead makes them before a reader
asks, by the sets below, so what is made ahead and what is shown cannot drift apart. A spec is written as in Wagtail's
``{% picture %}`` tag: space-separated filters, with braces for the formats and sizes of a ``<picture>``.
"""

from wagtail.images.models import Filter

# A publication's cover in a listing card, and in its page's header.
CARD_COVER = "format-{avif,webp,jpeg} fill-{240x310,480x620}"
PAGE_COVER = "format-{avif,webp,jpeg} width-{400,800}"
# An image in a publication's body.
BODY_IMAGE = "format-{avif,webp,jpeg} width-{480,800,1200}"
# What a share on social media shows: the cover, or else the organisation's default share image.
SHARE_IMAGE = "fill-1200x630"
# The organisation's logo in the site's header, and as search engines get it (schema.org).
HEADER_LOGO = "height-96"
LOGO_IMAGE = "height-240"
# What the content API offers of an image: a small and a large rendition, never the original.
API_SMALL = "max-400x400"
API_LARGE = "max-1200x1200"

# The names templates give ``{% picture_for %}`` and ``{% image_for %}``.
TEMPLATE_SPECS = {
    "card_cover": CARD_COVER,
    "page_cover": PAGE_COVER,
    "body_image": BODY_IMAGE,
    "header_logo": HEADER_LOGO,
}

# By use: what readers are shown of an image for each way a page or the settings use it; which sets an image
# needs is publications.editorial.renditions_ahead's ``sets_needed``. Every image readers may see is also in the
# content API's image listing with its small and large renditions: that alone is what page 1 of a PDF needs when
# its publication has a cover image.
API = (API_SMALL, API_LARGE)
COVER = (CARD_COVER, PAGE_COVER, SHARE_IMAGE, *API)  # a publication's cover image, or page 1 of its PDF
BODY = (BODY_IMAGE, *API)
LOGO = (HEADER_LOGO, LOGO_IMAGE, *API)
SHARE = (SHARE_IMAGE, *API)  # the organisation's default share image


def filter_specs(*specs):
    """The single-rendition filter specs, like "format-avif|width-400", that ``specs`` stand for, in order, each once
    (a page's cover and a body image share "format-avif|width-800")."""
    return list(dict.fromkeys(expanded for spec in specs for expanded in Filter.expand_spec(spec)))
