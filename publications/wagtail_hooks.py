from django.utils.formats import date_format
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import IndexView
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import PublicationDocument, PublicationPage, Topic


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = "Topics"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "slug"]
    search_fields = ["name"]


register_snippet(TopicViewSet)


class PublicationIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("pdf")


class PublicationListingViewSet(PageListingViewSet):
    model = PublicationPage
    index_view_class = PublicationIndexView
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


@hooks.register("register_admin_viewset")
def register_publication_listing():
    return PublicationListingViewSet("publications")


@hooks.register("construct_document_chooser_queryset")
def only_pdfs_in_document_chooser(documents, request):
    return documents & PublicationDocument.objects.pdfs()
