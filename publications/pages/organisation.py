"""The organisation behind a site: its name, logo, social links and default share image, edited under Settings."""

from django.conf import settings
from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField

from publications.documents.models import optional_file

PLATFORMS = [
    ("bluesky", "Bluesky"),
    ("mastodon", "Mastodon"),
    ("linkedin", "LinkedIn"),
    ("facebook", "Facebook"),
    ("instagram", "Instagram"),
    ("youtube", "YouTube"),
    ("x", "X (Twitter)"),
    ("newsletter", "Newsletter"),
]


def default_organisation_name():
    return settings.WAGTAIL_SITE_NAME


class SocialLinkValue(blocks.StructValue):
    def platform_label(self):
        return dict(PLATFORMS).get(self.get("platform"), "")


class SocialLinkBlock(blocks.StructBlock):
    """A link to the organisation's profile on a social platform."""

    platform = blocks.ChoiceBlock(choices=PLATFORMS)
    url = blocks.URLBlock(label="URL", help_text="The full address of the profile page.")

    class Meta:
        icon = "link-external"
        template = "publications/blocks/social_link.html"
        description = "A social media profile"
        preview_value = {"platform": "bluesky", "url": "https://bsky.app/profile/example.org"}
        value_class = SocialLinkValue


@register_setting(icon="site")
class OrganisationSettings(BaseSiteSetting):
    name = models.CharField(
        max_length=255,
        default=default_organisation_name,
        help_text="Shown in the header and footer, in page titles, and as the publisher and institution in "
        "citations and search results.",
    )
    logo = optional_file(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        help_text="Shown beside the name in the header, and to search engines. A PNG with a transparent "
        "background, at least 112 pixels high, works best.",
    )
    default_share_image = optional_file(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        help_text="Shown when a page without a cover is shared on social media. It is cropped to 1200 × 630 "
        "pixels around its focal point.",
    )
    social_links = StreamField([("link", SocialLinkBlock())], blank=True)

    panels = [
        FieldPanel("name"),
        MultiFieldPanel([FieldPanel("logo"), FieldPanel("default_share_image")], heading="Images"),
        FieldPanel("social_links"),
    ]

    # One query for the settings and their images, one more per image that is set, for all its renditions.
    select_related = ["logo", "default_share_image"]

    class Meta:
        verbose_name = "organisation"

    @classmethod
    def for_site(cls, site):
        """The site's settings, or their defaults until an editor saves them: reading them writes nothing."""
        if site is None:
            raise cls.DoesNotExist("There are no organisation settings without a site.")
        return cls.base_queryset().filter(site=site).first() or cls(site=site)

    @classmethod
    def base_queryset(cls):
        return super().base_queryset().prefetch_related("logo__renditions", "default_share_image__renditions")

    @property
    def social_urls(self):
        return [link.value["url"] for link in self.social_links]
