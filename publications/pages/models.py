"""Page models: home, the publications index, publications and the briefs of a series."""

from collections import defaultdict

from django import forms
from django.conf import settings
from django.db import models
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, Subquery, When, prefetch_related_objects
from django.db.models.functions import Left, Length
from django.http import HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultipleChooserPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Orderable, Page, PageViewRestriction
from wagtail.search import index

from publications.documents.models import API_LARGE, API_SMALL, PublicationImageRendition, optional_file
from publications.documents.release import is_released, is_restricted, readable_pages
from publications.readers import citations, csl, metadata, reference_styles
from publications.readers.metadata import SCHEMA_CONTEXT, DescribedPage

from .api_fields import PageLinkField, PageLinksField
from .blocks import BodyBlock
from .filters import PublicationFilter
from .forms import EditorialPageForm, PublicationPageForm
from .organisation import OrganisationSettings
from .panels import DownloadCountPanel

RELATED_LIMIT = 3
NEWEST_FIRST = ("-publication_date", "-first_published_at", "-pk")
# What the "Other recommended publications" panel and the API's links show of each: a title, a link, a summary.
RELATED_FIELDS = ("title", "url_path", "summary", "publication_date", "first_published_at")


def with_cover_renditions(pages):
    """``pages`` (a listing's publications) as a list, with the renditions of all their covers, whether chosen
    images or page 1 of their PDFs, fetched in one query."""
    pages = list(pages)
    covers = [page.cover for page in pages if page.cover is not None]
    renditions = defaultdict(list)
    for rendition in PublicationImageRendition.objects.filter(image__in={cover.pk for cover in covers}):
        renditions[rendition.image_id].append(rendition)
    for cover in covers:
        for rendition in renditions[cover.pk]:
            rendition.image = cover
        # As Django's prefetch_related leaves them, so Wagtail's get_rendition finds them.
        prefetched = cover.renditions.get_queryset()
        prefetched._result_cache, prefetched._prefetch_done = renditions[cover.pk], True
        cover._prefetched_objects_cache = {"renditions": prefetched}
    return pages


class Topic(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True, allow_unicode=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ServedPage:
    """Serving a page in fewer queries than Wagtail's defaults, with the same answers (see also routing.py)."""

    @classmethod
    def served_queryset(cls):
        """Where publications.pages.routing fetches the page a request names."""
        return cls.objects.all()

    def get_view_restrictions(self):
        """The restrictions on this page or an ancestor, or on the pages they are aliases of, in one query."""
        paths = [self.path[:end] for end in range(self.steplen, len(self.path) + 1, self.steplen)]
        aliased = Page.objects.filter(path__in=paths, alias_of__isnull=False).values("alias_of")
        return PageViewRestriction.objects.filter(Q(page__path__in=paths) | Q(page__in=aliased))


class SectionPage(ServedPage, DescribedPage, Page):
    """A page that introduces the publications under it, one of its kind: the home page and the index."""

    intro = models.TextField(blank=True, help_text="A sentence or two under the page's heading.")

    content_panels = Page.content_panels + [FieldPanel("intro")]
    base_form_class = EditorialPageForm
    max_count = 1

    class Meta:
        abstract = True

    def get_meta_description(self):
        return self.search_description or self.intro


class HomePage(SectionPage):
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["publications.PublicationIndexPage"]

    def to_schema_dict(self, request, organisation):
        """The WebSite, and the Organization that publishes it."""
        website = metadata.website_reference(request, organisation) | {
            "inLanguage": metadata.language(),
            "publisher": {"@id": f"{metadata.home_url(request)}#organization"},
        }
        if self.intro:
            website["description"] = self.intro
        return {"@context": SCHEMA_CONTEXT, "@graph": [website, metadata.organization_schema(request, organisation)]}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        publications = PublicationPage.listed().descendant_of(self)
        context["latest_publications"] = with_cover_renditions(publications[:6])
        context["current_series"] = PublicationPage.current_series(publications)
        return context


class PublicationIndexPage(SectionPage):
    parent_page_types = ["publications.HomePage"]
    subpage_types = ["publications.PublicationPage"]
    show_in_menus_default = True

    def to_schema_dict(self, request, organisation):
        """A CollectionPage of the site."""
        data = {
            "@context": SCHEMA_CONTEXT,
            "@type": "CollectionPage",
            "name": self.seo_title or self.title,
            "url": self.get_full_url(request),
            "inLanguage": metadata.language(),
            "isPartOf": metadata.website_reference(request, organisation),
            "publisher": metadata.organization_schema(request, organisation),
        }
        if self.get_meta_description():
            data["description"] = self.get_meta_description()
        return data

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        listing = PublicationFilter(
            request.GET,
            PublicationPage.listed().descendant_of(self),
            types={"publication": PublicationPage, "brief": BriefPage},
            topics=Topic.objects.all(),
            cache_key=f"index-{self.pk}",
        )
        context["listing"] = listing
        page_obj = listing.page(request.GET.get("page"))
        page_obj.object_list = with_cover_renditions(page_obj.object_list)
        context["page_obj"] = page_obj
        context["page_range"] = page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
        return context


class PublicationPage(ServedPage, DescribedPage, RoutablePageMixin, Page):
    publication_date = models.DateField(
        default=timezone.localdate,
        help_text="The date readers see. Editors set when the page goes live under Status → Set schedule.",
    )
    summary = models.TextField(
        max_length=400,
        help_text="One or two plain sentences: shown under the title, in listings and to search engines.",
    )
    cover_image = optional_file(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        help_text="Without one, page 1 of the PDF is the cover. The image's description is its alt text.",
    )
    pdf = optional_file(settings.WAGTAILDOCS_DOCUMENT_MODEL, verbose_name="PDF")
    topics = ParentalManyToManyField(Topic, blank=True, related_name="publications")
    body = StreamField(BodyBlock(), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("publication_date"),
        FieldPanel("summary"),
        FieldPanel("pdf"),
        DownloadCountPanel(heading="PDF downloads"),
        FieldPanel("cover_image"),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        InlinePanel("authors", label="Authors", heading="Authors (optional)"),
        FieldPanel("body"),
        MultipleChooserPanel(
            "related_links",
            chooser_field_name="publication",
            label="Related publication",
            heading="Other recommended publications",
            help_text="Pick up to three. Fewer are topped up with the newest publications on the same topic.",
            max_num=RELATED_LIMIT,
        ),
    ]
    base_form_class = PublicationPageForm

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.RelatedFields("topics", [index.SearchField("name")]),
        index.RelatedFields("pdf", [index.SearchField("text")]),
        index.FilterField("publication_date"),
    ]
    # The content API (publications.readers.api) shows only live, public pages and the files they release.
    api_fields = [
        "publication_date",
        "summary",
        "topics",
        "authors",
        "pdf",
        "cover_image",
        APIField("cover_small", serializer=ImageRenditionField(API_SMALL, source="cover")),
        APIField("cover_large", serializer=ImageRenditionField(API_LARGE, source="cover")),
        "body",
        APIField("series", serializer=PageLinkField()),
        "brief_number",
        APIField("related_publications", serializer=PageLinksField(source="recommended_publications")),
    ]

    parent_page_types = ["publications.PublicationIndexPage"]
    subpage_types = ["publications.BriefPage"]

    class Meta:
        verbose_name = "publication"
        # Listings read the newest first: PostgreSQL walks this index instead of sorting every row.
        indexes = [models.Index(models.F("publication_date").desc(), "page_ptr", name="publication_date_newest")]

    # A brief's series and its place in it; a publication is no part of a series.
    series = None
    part_number = None
    # Set on the page a request is served from its row (publications.pages.routing), not on a preview's.
    is_served_row = False

    @classmethod
    def served_queryset(cls):
        return cls.objects.select_related("pdf__thumbnail", "cover_image")

    @classmethod
    def listed(cls):
        """Publications and briefs a reader may see, newest publication date first."""
        return (
            readable_pages(PublicationPage.objects)
            .select_related("cover_image", "pdf__thumbnail")
            # Listings show no body and no PDF's text, which are most of a row.
            .defer_streamfields()
            .defer("pdf__text")
            .order_by(*NEWEST_FIRST)
        )

    @staticmethod
    def current_series(publications):
        """The series whose newest brief is the most recent among ``publications``, in one query."""
        # The series' path is the newest brief's path less its last step: found by the path's index, where
        # "the parent of the newest brief" was a join that read every page.
        series_path = (
            publications.type(BriefPage)
            .annotate(parent_path=Left("path", Length("path") - Page.steplen))
            .values("parent_path")[:1]
        )
        return readable_pages(PublicationPage.objects).filter(path=Subquery(series_path)).first()

    @property
    def cover(self):
        """The chosen cover image, or else page 1 of the PDF."""
        if self.cover_image_id:
            return self.cover_image
        return self.pdf.thumbnail if self.pdf_id and self.pdf else None

    @cached_property
    def author_list(self):
        return list(self.authors.all())

    @cached_property
    def pdf_released(self):
        """Whether readers may download the PDF (publications.documents.release). A live, public page served from
        its database row releases its own PDF, as the release rule reads that row; a preview asks the rule."""
        if not self.pdf_id:
            return False
        return (self.is_served_row and self.live and not is_restricted(self.path)) or is_released(self.pdf)

    @property
    def brief_number(self):
        """N in "Brief N of M"; None for a publication that is no part of a series."""
        return self.part_number[0] if self.part_number else None

    @property
    def is_brief(self):
        return self.specific_class is BriefPage

    @property
    def series_root_path(self):
        return self.path

    @cached_property
    def recommended_publications(self):
        """Up to three live, public publications: the editor's picks in order, then the newest sharing a topic or
        the series; in one query besides the picks themselves (which a preview holds in memory), of the columns the
        panel shows."""
        picked_ids = [link.publication_id for link in self.related_links.all() if link.publication_id != self.pk]
        pick_order = Case(
            *(When(pk=pk, then=order) for order, pk in enumerate(picked_ids)), default=None, output_field=IntegerField()
        )
        shared_topic = PublicationPage.topics.through.objects.filter(
            publicationpage=OuterRef("pk"), topic__in=[topic.pk for topic in self.topic_list]
        )
        shared = Exists(shared_topic)
        if self.series_root_path:
            shared |= Q(path__startswith=self.series_root_path)
        readable = readable_pages(PublicationPage.objects)
        # The newest sharing a topic, found by walking the publication date index: ordered by the picks first,
        # every publication that shares a topic (most of an archive) would be sorted.
        newest_shared = (
            readable.exclude(pk__in=[self.pk, *picked_ids]).filter(shared).order_by(*NEWEST_FIRST).values("pk")
        )[:RELATED_LIMIT]
        # One list of candidates, picks and newest, so that PostgreSQL looks each up by its key: "picked OR in the
        # newest" would be checked against every row. (SQLite combines only unsorted parts: hence the wrapping.)
        candidates = newest_shared
        if picked_ids:
            newest = PublicationPage.objects.filter(pk__in=newest_shared).order_by().values("pk")
            candidates = (
                PublicationPage.objects.filter(pk__in=picked_ids).order_by().values("pk").union(newest, all=True)
            )
        return list(
            readable.filter(pk__in=candidates)
            .only(*RELATED_FIELDS)
            .annotate(pick_order=pick_order)
            .order_by(F("pick_order").asc(nulls_last=True), *NEWEST_FIRST)[:RELATED_LIMIT]
        )

    @cached_property
    def topic_list(self):
        return list(self.topics.all())

    @cached_property
    def all_briefs(self):
        """Every brief of this series, drafts included, in part order, each knowing whether it is scheduled: in
        one query, and in none for a publication without children."""
        if not self.numchild:
            return []
        return list(BriefPage.objects.child_of(self).annotate_approved_schedule().defer_streamfields().order_by("path"))

    @property
    def live_briefs(self):
        return [brief for brief in self.all_briefs if brief.live and not is_restricted(brief.path)]

    @property
    def next_brief_date(self):
        """When the next scheduled brief of this series goes live; its title stays secret until then."""
        now = timezone.now()
        return min(
            (
                brief.go_live_at
                for brief in self.all_briefs
                if brief._approved_schedule and not brief.live and brief.go_live_at and brief.go_live_at > now
            ),
            default=None,
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["authors"] = self.author_list
        item = csl.to_csl_json(self._work(request))
        context["citations"] = [reference_styles.apa(item), reference_styles.chicago(item)]
        # The renditions of the cover (the header's picture, the share image in the page's metadata) and of the
        # body's images in one query, however many images the body shows.
        images = [block.value["image"] for block in self.body.blocks_by_name("image") if block.value["image"]]
        if self.cover is not None:
            images.append(self.cover)
        prefetch_related_objects(images, "renditions")
        return context

    @path("cite/bibtex/", name="cite.bib")
    def cite_bibtex(self, request):
        """The citation as a BibTeX file."""
        return self._citation_file(request, citations.bibtex(self._work(request)), "bib", "text/x-bibtex")

    @path("cite/ris/", name="cite.ris")
    def cite_ris(self, request):
        """The citation as an RIS file, for EndNote, Zotero, Mendeley and the like."""
        return self._citation_file(
            request, citations.ris(self._work(request)), "ris", "application/x-research-info-systems"
        )

    @path("cite/csl-json/", name="cite.csl")
    def cite_csl_json(self, request):
        """The citation as CSL-JSON, which Zotero, pandoc and other citeproc tools format in any style."""
        return self._citation_file(request, csl.csl_json(self._work(request)), "json", csl.CONTENT_TYPE)

    def _work(self, request):
        return citations.work_for_page(self, request, OrganisationSettings.for_request(request).name)

    def _citation_file(self, request, content, extension, content_type):
        response = HttpResponse(content, content_type=f"{content_type}; charset=utf-8")
        response["Content-Disposition"] = content_disposition_header(True, f"{self.slug}.{extension}")
        response["X-Robots-Tag"] = "noindex"
        return response

    opengraph_type = "article"

    def get_meta_description(self):
        return self.search_description or self.summary

    def get_share_image(self, organisation):
        return self.cover or organisation.default_share_image

    def get_article_opengraph(self):
        return {"article:published_time": self.publication_date.isoformat()}

    def to_schema_dict(self, request, organisation):
        """A schema.org Report, with the PDF as its encoding once readers may download it."""
        publisher = metadata.organization_schema(request, organisation)
        url = self.get_full_url(request)
        data = {
            "@context": SCHEMA_CONTEXT,
            "@type": "Report",
            "@id": url,
            "name": self.title,
            "headline": self.title,
            "description": " ".join(self.summary.split()),
            "datePublished": self.publication_date.isoformat(),
            "url": url,
            "inLanguage": metadata.language(),
            "author": [metadata.author_schema(a.name, a.is_organisation) for a in self.author_list] or [publisher],
            "publisher": publisher,
        }
        if self.last_published_at:
            data["dateModified"] = self.last_published_at.isoformat()
        image = self.get_share_image(organisation)
        if image:
            data["image"] = metadata.share_image_url(request, image)
        if self.topic_list:
            data["keywords"] = ", ".join(topic.name for topic in self.topic_list)
        if self.pdf_released:
            encoding = {
                "@type": "MediaObject",
                "contentUrl": citations.site_url(request, self.pdf.url),
                "encodingFormat": "application/pdf",
                "contentSize": filesizeformat(self.pdf.file_size).replace("\xa0", " ") if self.pdf.file_size else None,
                "name": f"{self.title} (PDF)",
            }
            data["encoding"] = {key: value for key, value in encoding.items() if value}
        return data

    def get_highwire_tags(self, request, organisation):
        """In the order Scholar documents them. Without authors the organisation is the author, as in the
        citations, so Scholar still indexes the page."""
        authors = [citations.Author(author.name, author.is_organisation) for author in self.author_list]
        tags = [("citation_title", self.title)]
        tags += [("citation_author", author.inverted) for author in authors] or [("citation_author", organisation.name)]
        tags.append(("citation_publication_date", self.publication_date.strftime("%Y/%m/%d")))
        tags.append(("citation_technical_report_institution", organisation.name))
        if self.brief_number:
            tags.append(("citation_technical_report_number", f"Brief {self.brief_number}"))
        if self.pdf_released:
            tags.append(("citation_pdf_url", citations.site_url(request, self.pdf.url)))
        tags.append(("citation_abstract_html_url", self.get_full_url(request)))
        return tags


def is_series(page):
    """A series is a publication (not a brief) with briefs under it."""
    return page.specific_class is PublicationPage and BriefPage.objects.child_of(page).exists()


class BriefPage(PublicationPage):
    """A numbered part of a brief series; its parent publication is the series."""

    parent_page_types = ["publications.PublicationPage"]
    subpage_types = []

    class Meta:
        verbose_name = "brief"

    @property
    def series_root_path(self):
        return self.path[: -self.steplen] if self.path else ""

    @cached_property
    def series(self):
        return readable_pages(PublicationPage.objects).filter(path=self.series_root_path).first()

    @cached_property
    def part_number(self):
        """(N, M) for "Brief N of M": its place among all the series' parts, scheduled and draft ones included."""
        if self.series:
            parts = [brief.path for brief in self.series.all_briefs]
        else:
            parts = list(
                BriefPage.objects.sibling_of(self, inclusive=True).order_by("path").values_list("path", flat=True)
            )
        return (parts.index(self.path) + 1, len(parts)) if self.path in parts else None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if self.part_number:
            context["brief_number"], context["brief_total"] = self.part_number
        context["series"] = self.series
        released = self.series.live_briefs if self.series else []
        context["previous_brief"] = next((b for b in reversed(released) if b.path < self.path), None)
        context["next_brief"] = next((b for b in released if b.path > self.path), None)
        return context

    def to_schema_dict(self, request, organisation):
        """A Report that is a numbered part of its series."""
        data = super().to_schema_dict(request, organisation)
        if self.series:
            data["isPartOf"] = {
                "@type": "CreativeWorkSeries",
                "name": self.series.title,
                "url": self.series.get_full_url(request),
            }
        if self.brief_number:
            data["position"] = self.brief_number
        return data


class PublicationAuthor(Orderable):
    page = ParentalKey(PublicationPage, on_delete=models.CASCADE, related_name="authors")
    name = models.CharField(
        max_length=160,
        help_text="A person as “Jane Doe”, or “Doe, Jane” when the family name is not the last word.",
    )
    is_organisation = models.BooleanField(
        "organisation",
        default=False,
        help_text="Tick for a committee or other group: citations then use the name as written.",
    )

    panels = [FieldPanel("name"), FieldPanel("is_organisation")]
    api_fields = ["name", "is_organisation"]

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        """The name as a byline shows it: "Jane Doe" even when entered as "Doe, Jane"."""
        return citations.Author(self.name, self.is_organisation).natural


class RelatedPublication(Orderable):
    page = ParentalKey(PublicationPage, on_delete=models.CASCADE, related_name="related_links")
    publication = models.ForeignKey(PublicationPage, on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("publication")]

    def __str__(self):
        return f"{self.page} → {self.publication}"
