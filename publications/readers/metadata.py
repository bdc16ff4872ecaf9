"""What a page tells search engines and social media: title, description, canonical URL, OpenGraph and
Twitter cards, schema.org JSON-LD and, on publications, Google Scholar's Highwire tags.

``page_metadata`` builds it all from a page, the request and the organisation's settings;
``templates/publications/includes/meta_tags.html`` renders it.
"""

import json
from dataclasses import dataclass, field

from django.core.serializers.json import DjangoJSONEncoder
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.safestring import mark_safe
from wagtail.models import Site

from publications.pages.models import HomePage, PublicationIndexPage, PublicationPage

from .citations import Author, site_url

SHARE_IMAGE = "fill-1200x630"
LOGO_IMAGE = "height-240"
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


def page_metadata(page, request, organisation):
    """Everything the ``<head>`` says about ``page`` to machines."""
    description = " ".join(
        (page.search_description or getattr(page, "summary", "") or getattr(page, "intro", "")).split()
    )
    canonical_url = page.get_full_url(request)
    site = Site.find_for_request(request)
    is_home = site is not None and page.pk == site.root_page_id
    heading = page.seo_title or (organisation.name if is_home else page.title)
    title = heading if is_home and not page.seo_title else f"{heading} | {organisation.name}"
    is_publication = isinstance(page, PublicationPage)
    image = share_image(page, organisation)

    opengraph = {
        "og:type": "article" if is_publication else "website",
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

    if is_publication:
        opengraph["article:published_time"] = page.publication_date.isoformat()
        json_ld = report_json_ld(page, request, organisation)
    elif isinstance(page, PublicationIndexPage):
        json_ld = collection_json_ld(page, request, organisation)
    elif isinstance(page, HomePage) or is_home:
        json_ld = website_json_ld(page, request, organisation)
    else:
        json_ld = {"@context": "https://schema.org", "@type": "WebPage", "name": heading, "url": canonical_url}

    return PageMetadata(
        title=title,
        description=description,
        canonical_url=canonical_url,
        opengraph={key: value for key, value in opengraph.items() if value},
        twitter={key: value for key, value in twitter.items() if value},
        json_ld=json_ld,
        highwire=highwire_tags(page, request, organisation) if is_publication else [],
    )


def share_image(page, organisation):
    """The page's cover, or else the site's default share image."""
    return getattr(page, "cover", None) or organisation.default_share_image


def _home_url(request):
    site = Site.find_for_request(request)
    return site.root_page.get_full_url(request) if site else site_url(request, "/")


def _language():
    """The page's language as a BCP 47 tag, like "en-CA"."""
    return translation.to_locale(translation.get_language() or "en").replace("_", "-")


def organization_json_ld(request, organisation):
    """The organisation as a schema.org Organization, with its logo and social profiles."""
    home_url = _home_url(request)
    node = {"@type": "Organization", "@id": f"{home_url}#organization", "name": organisation.name, "url": home_url}
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


def website_json_ld(page, request, organisation):
    """The home page: the WebSite and the Organization that publishes it."""
    home_url = _home_url(request)
    website = {
        "@type": "WebSite",
        "@id": f"{home_url}#website",
        "name": organisation.name,
        "url": home_url,
        "inLanguage": _language(),
        "publisher": {"@id": f"{home_url}#organization"},
    }
    if getattr(page, "intro", ""):
        website["description"] = page.intro
    return {"@context": "https://schema.org", "@graph": [website, organization_json_ld(request, organisation)]}


def collection_json_ld(page, request, organisation):
    """The publications index, a CollectionPage of the site."""
    home_url = _home_url(request)
    data = {
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "name": page.seo_title or page.title,
        "url": page.get_full_url(request),
        "inLanguage": _language(),
        "isPartOf": {"@type": "WebSite", "@id": f"{home_url}#website", "name": organisation.name, "url": home_url},
        "publisher": organization_json_ld(request, organisation),
    }
    if page.search_description or page.intro:
        data["description"] = page.search_description or page.intro
    return data


def _author_json_ld(author):
    cited = Author(author.name, author.is_organisation)
    if author.is_organisation:
        return {"@type": "Organization", "name": author.name}
    person = {"@type": "Person", "name": cited.natural, "familyName": cited.family}
    if cited.given:
        person["givenName"] = cited.given
    return person


def report_json_ld(page, request, organisation):
    """A publication or brief as a schema.org Report; a brief is also a numbered part of its series."""
    publisher = organization_json_ld(request, organisation)
    url = page.get_full_url(request)
    data = {
        "@context": "https://schema.org",
        "@type": "Report",
        "@id": url,
        "name": page.title,
        "headline": page.title,
        "description": " ".join(page.summary.split()),
        "datePublished": page.publication_date.isoformat(),
        "url": url,
        "inLanguage": _language(),
        "author": [_author_json_ld(author) for author in page.author_list] or [publisher],
        "publisher": publisher,
    }
    if page.last_published_at:
        data["dateModified"] = page.last_published_at.isoformat()
    image = share_image(page, organisation)
    if image:
        data["image"] = site_url(request, image.get_rendition(SHARE_IMAGE).url)
    if page.topic_list:
        data["keywords"] = ", ".join(topic.name for topic in page.topic_list)
    if page.pdf_released:
        pdf = page.pdf
        data["encoding"] = {
            "@type": "MediaObject",
            "contentUrl": site_url(request, pdf.url),
            "encodingFormat": "application/pdf",
            "contentSize": filesizeformat(pdf.file_size).replace("\xa0", " ") if pdf.file_size else None,
            "name": f"{page.title} (PDF)",
        }
        data["encoding"] = {key: value for key, value in data["encoding"].items() if value}
    if page.series:
        data["isPartOf"] = {
            "@type": "CreativeWorkSeries",
            "name": page.series.title,
            "url": page.series.get_full_url(request),
        }
    if page.part_number:
        data["position"] = page.part_number[0]
    return data


def highwire_tags(page, request, organisation):
    """Google Scholar's citation_* tags as (name, content) pairs, in the order Scholar documents them.

    Without authors the organisation is the author, as in the citations, so Scholar still indexes the page.
    """
    authors = [Author(author.name, author.is_organisation) for author in page.author_list]
    tags = [("citation_title", page.title)]
    tags += [("citation_author", author.inverted) for author in authors] or [("citation_author", organisation.name)]
    tags.append(("citation_publication_date", page.publication_date.strftime("%Y/%m/%d")))
    tags.append(("citation_technical_report_institution", organisation.name))
    if page.part_number:
        tags.append(("citation_technical_report_number", f"Brief {page.part_number[0]}"))
    if page.pdf_released:
        tags.append(("citation_pdf_url", site_url(request, page.pdf.url)))
    tags.append(("citation_abstract_html_url", page.get_full_url(request)))
    return tags
