"""Admin viewsets: the Publications listing with its status, type, topic and PDF accessibility filters, and Topics."""

from django.db.models import CharField, Exists, F, OuterRef, Q
from django.db.models.functions import Cast
from django.forms import CheckboxSelectMultiple, RadioSelect
from django.utils.formats import date_format
from django_filters import ChoiceFilter, ModelMultipleChoiceFilter
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import IndexView, PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.models import WorkflowState, get_default_page_content_type
from wagtail.snippets.views.snippets import SnippetViewSet

from publications.documents import accessibility
from publications.pages.models import BriefPage, PublicationPage, Topic


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = "Topics"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "slug"]
    search_fields = ["name"]


def in_moderation():
    """True for a page with a workflow in progress, as Wagtail's "in moderation" status reads it."""
    return Exists(
        WorkflowState.objects.filter(
            status=WorkflowState.STATUS_IN_PROGRESS,
            base_content_type=get_default_page_content_type(),
            object_id=Cast(OuterRef("pk"), output_field=CharField()),
        )
    )


# Each matches the status tag editors see in the listing; "live + draft" and the like count as live.
STATUS_FILTERS = {
    "draft": Q(live=False, expired=False, _approved_schedule=False, _in_moderation=False),
    "in_moderation": Q(_in_moderation=True),
    "scheduled": Q(live=False, _approved_schedule=True),
    "live": Q(live=True),
    "expired": Q(live=False, expired=True),
}

# By the checklist's verdict kept on the PDF at upload: filtering reads no file.
PDF_ACCESSIBILITY_FILTERS = {
    "fails": Q(pdf__pdf_accessible=False),
    "passes": Q(pdf__pdf_accessible=True),
    "not_checked": Q(pdf__isnull=False, pdf__pdf_accessible__isnull=True),
}


class PublicationFilterSet(PageFilterSet):
    status = ChoiceFilter(
        label="Status",
        empty_label="Any",
        choices=[
            ("draft", "Draft"),
            ("in_moderation", "In moderation"),
            ("scheduled", "Scheduled"),
            ("live", "Live"),
            ("expired", "Expired"),
        ],
        method="filter_status",
        widget=RadioSelect,
    )
    type = ChoiceFilter(
        label="Type",
        empty_label="Any",
        choices=[("publication", "Publication"), ("brief", "Brief")],
        method="filter_type",
        widget=RadioSelect,
    )
    topic = ModelMultipleChoiceFilter(
        label="Topic",
        queryset=Topic.objects.all(),
        method="filter_topic",
        widget=CheckboxSelectMultiple,
    )

    pdf_accessibility = ChoiceFilter(
        label="PDF accessibility",
        empty_label="Any",
        choices=[
            ("fails", "Fails the checklist"),
            ("passes", "Passes the checklist"),
            ("not_checked", "Not checked yet"),
        ],
        method="filter_pdf_accessibility",
        widget=RadioSelect,
    )

    class Meta:
        model = PublicationPage
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Editors filter by these most often; django-filter would list them after Wagtail's own filters.
        ours = ("status", "type", "topic", "pdf_accessibility")
        self.filters = {**{name: self.filters.pop(name) for name in ours}, **self.filters}

    def filter_status(self, queryset, name, value):
        queryset = queryset.annotate_approved_schedule().annotate(_in_moderation=in_moderation())
        return queryset.filter(STATUS_FILTERS[value])

    def filter_type(self, queryset, name, value):
        return queryset.type(BriefPage) if value == "brief" else queryset.exact_type(PublicationPage)

    def filter_pdf_accessibility(self, queryset, name, value):
        return queryset.filter(PDF_ACCESSIBILITY_FILTERS[value])

    def filter_topic(self, queryset, name, value):
        if not value:
            return queryset
        # A subquery on the id, not a join: a page with two of the chosen topics is listed once, and the
        # search backend can filter on it.
        on_topic = PublicationPage.topics.through.objects.filter(topic__in=value).values("publicationpage_id")
        return queryset.filter(pk__in=on_topic)


# Sorting by downloads puts pages without a PDF last, on every database.
DOWNLOADS_ORDERINGS = {
    "downloads": (F("pdf__download_count").asc(nulls_last=True), "-publication_date", "-pk"),
    "-downloads": (F("pdf__download_count").desc(nulls_last=True), "-publication_date", "-pk"),
}


class PublicationIndexView(IndexView):
    def get_base_queryset(self):
        # The listing's queryset is specific(): a plain select_related() would not reach the per-type queries.
        return super().get_base_queryset().select_related("pdf", for_specific_subqueries=True)

    def get_valid_orderings(self):
        orderings = super().get_valid_orderings()
        if self.is_searching:
            # The search backend sorts only by the page's own indexed fields.
            orderings = [ordering for ordering in orderings if ordering not in DOWNLOADS_ORDERINGS]
        return orderings

    def order_queryset(self, queryset):
        if self.ordering in DOWNLOADS_ORDERINGS:
            return queryset.order_by(*DOWNLOADS_ORDERINGS[self.ordering])
        return super().order_queryset(queryset)


class PublicationListingViewSet(PageListingViewSet):
    model = PublicationPage
    index_view_class = PublicationIndexView
    filterset_class = PublicationFilterSet
    icon = "doc-full"
    menu_label = "Publications"
    menu_order = 150
    add_to_admin_menu = True
    columns = [
        *PageListingViewSet.columns[:2],
        Column(
            "publication_date",
            label="Publication date",
            accessor=lambda page: date_format(page.publication_date, "j M Y"),
            sort_key="publication_date",
            width="14%",
        ),
        Column("pdf", label="PDF", accessor=lambda page: "Yes" if page.pdf_id else "Missing", width="8%"),
        Column(
            "pdf_accessibility",
            label="PDF accessibility",
            accessor=lambda page: accessibility.verdict(page.pdf) if page.pdf_id else "",
            width="14%",
        ),
        Column("downloads", label="Downloads", accessor="pdf.download_count", sort_key="downloads", width="10%"),
        *PageListingViewSet.columns[2:],
    ]
