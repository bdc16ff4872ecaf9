"""What a page tells search engines and social media: title, description, canonical URL, OpenGraph and
Twitter cards, schema.org JSON-LD and, on publications, Google Scholar's Highwire tags.

Each page type describes itself through the methods of ``DescribedPage`` (``to_schema_dict`` and the
rest); the small helpers here build the parts several types share. ``page_metadata`` gathers it all
for ``templates/publications/includes/meta_tags.html``.
"""

import json
from dataclasses import dataclass, field

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation
from django.utils.safestring import mark_safe
from wagtail.models import Site

from publications.documents.renditions import LOGO_IMAGE, SHARE_IMAGE

from .citations import Author, site_url

SCHEMA_CONTEXT = "https://schema.org"
# Like Django's json_script: no "</script>" or "<!--" can close or comment out the element.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@dataclass
class PageMetadata:
    title: str
    description: str
    canonical_url: str
    opengraph: dict[str, str]
    twitter: dict[str, str]
    json_ld: dict
    highwire: list[tuple[str, str]] = field(default_factory=list)

    @property
    def json_ld_script(self):
        """The JSON-LD, serialised for a ``<script type="application/ld+json">`` element."""
        text = json.dumps(self.json_ld, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
        return mark_safe(text.translate(JSON_SCRIPT_ESCAPES))  # noqa: S308 (the escapes leave no markup)


class DescribedPage:
    """A page type that describes itself to machines; each type overrides what it has to say."""

    opengraph_type = "website"

    def get_meta_description(self):
        return self.search_description

    def get_share_image(self, organisation):
        """The image a share of the page shows."""
        return organisation.default_share_image

    def get_article_opengraph(self):
        """OpenGraph's ``article:`` properties, for pages that are articles."""
        return {}

    def get_highwire_tags(self, request, organisation):
        """Google Scholar's citation_* tags as (name, content) pairs."""
        return []

    def to_schema_dict(self, request, organisation):
        """The page as schema.org JSON-LD."""
        return {
            "@context": SCHEMA_CONTEXT,
            "@type": "WebPage",
            "name": self.seo_title or self.title,
            "url": self.get_full_url(request),
        }


def page_metadata(page, request, organisation):
    """Everything the ``<head>`` says about ``page``, a DescribedPage, to machines."""
    description = " ".join(page.get_meta_description().split())
    canonical_url = page.get_full_url(request)
    site = Site.find_for_request(request)
    is_home = site is not None and page.pk == site.root_page_id
    heading = page.seo_title or (organisation.name if is_home else page.title)
    title = heading if is_home and not page.seo_title else f"{heading} | {organisation.name}"
    image = page.get_share_image(organisation)

    opengraph = {
        "og:type": page.opengraph_type,
        "og:title": heading,
        "og:description": description,
        "og:url": canonical_url,
        "og:site_name": organisation.name,
        "og:locale": translation.to_locale(translation.get_language() or "en"),
    }
    twitter = {"twitter:card": "summary", "twitter:title": heading, "twitter:description": description}
    if image:
        rendition = image.get_rendition(SHARE_IMAGE)
        image_url = site_url(request, rendition.url)
        opengraph |= {
            "og:image": image_url,
            "og:image:width": str(rendition.width),
            "og:image:height": str(rendition.height),
            "og:image:alt": image.default_alt_text,
        }
        twitter |= {
            "twitter:card": "summary_large_image",
            "twitter:image": image_url,
            "twitter:image:alt": image.default_alt_text,
        }
    opengraph |= page.get_article_opengraph()

    return PageMetadata(
        title=title,
        description=description,
        canonical_url=canonical_url,
        opengraph={key: value for key, value in opengraph.items() if value},
        twitter={key: value for key, value in twitter.items() if value},
        json_ld=page.to_schema_dict(request, organisation),
        highwire=page.get_highwire_tags(request, organisation),
    )


def home_url(request):
    site = Site.find_for_request(request)
    return site.root_page.get_full_url(request) if site else site_url(request, "/")


def language():
    """The page's language as a BCP 47 tag, like "en-CA"."""
    return translation.to_locale(translation.get_language() or "en").replace("_", "-")


def share_image_url(request, image):
    return site_url(request, image.get_rendition(SHARE_IMAGE).url)


def website_reference(request, organisation):
    """The site, by reference to the WebSite node of the home page's JSON-LD."""
    url = home_url(request)
    return {"@type": "WebSite", "@id": f"{url}#website", "name": organisation.name, "url": url}


def organization_schema(request, organisation):
    """The organisation as a schema.org Organization, with its logo and social profiles."""
    url = home_url(request)
    node = {"@type": "Organization", "@id": f"{url}#organization", "name": organisation.name, "url": url}
    if organisation.logo:
        logo = organisation.logo.get_rendition(LOGO_IMAGE)
        node["logo"] = {
            "@type": "ImageObject",
            "url": site_url(request, logo.url),
            "width": logo.width,
            "height": logo.height,
        }
    if organisation.social_urls:
        node["sameAs"] = organisation.social_urls
    return node


def author_schema(name, is_organisation):
    """A publication's author as a schema.org Person or Organization."""
    if is_organisation:
        return {"@type": "Organization", "name": name}
    cited = Author(name)
    person = {"@type": "Person", "name": cited.natural, "familyName": cited.family}
    if cited.given:
        person["givenName"] = cited.given
    return person
