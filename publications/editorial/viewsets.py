"""Admin viewsets: the Publications listing with its status filter, and Topics."""

from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.forms import RadioSelect
from django.utils.formats import date_format
from django_filters import ChoiceFilter
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import IndexView, PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.models import WorkflowState, get_default_page_content_type
from wagtail.snippets.views.snippets import SnippetViewSet

from publications.pages.models import PublicationPage, Topic


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

    class Meta:
        model = PublicationPage
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Editors filter by status most often; django-filter would list it after Wagtail's own filters.
        self.filters = {"status": self.filters.pop("status"), **self.filters}

    def filter_status(self, queryset, name, value):
        queryset = queryset.annotate_approved_schedule().annotate(_in_moderation=in_moderation())
        return queryset.filter(STATUS_FILTERS[value])


class PublicationIndexView(IndexView):
    def get_base_queryset(self):
        # The listing's queryset is specific(): a plain select_related() would not reach the per-type queries.
        return super().get_base_queryset().select_related("pdf", for_specific_subqueries=True)


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
        Column("downloads", label="Downloads", accessor="pdf.download_count", width="10%"),
        *PageListingViewSet.columns[2:],
    ]
