"""What the content API says about a publication beyond its model fields: image renditions and links
to related pages, with absolute URLs a headless client can use as they are."""

from rest_framework.fields import Field
from wagtail.images.api.fields import ImageRenditionField

from publications.documents.models import API_LARGE, API_SMALL


def rendition_sizes(image):
    """A small and a large rendition of ``image``: absolute URL, width, height and alt text each."""
    return {
        "small": ImageRenditionField(API_SMALL).to_representation(image),
        "large": ImageRenditionField(API_LARGE).to_representation(image),
    }


class PageLinkField(Field):
    """A page as its id, title and absolute URL; None for none."""

    def to_representation(self, page):
        return {"id": page.pk, "title": page.title, "html_url": page.full_url}


class PageLinksField(PageLinkField):
    def to_representation(self, pages):
        return [super(PageLinksField, self).to_representation(page) for page in pages]
