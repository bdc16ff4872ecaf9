"""The read-only content API (Wagtail API v2): live, public pages and only the files they have released.

Every endpoint answers as it would to an anonymous reader, whoever is logged in: drafts, private
pages, embargoed PDFs and the images only they use stay out of it.
"""

from django.core.exceptions import ValidationError
from wagtail.api.v2.filters import FieldsFilter, OrderingFilter, SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Site
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.base import FilterFieldError, OrderByFieldError

from publications.documents.release import released_documents, released_images
from publications.pages.models import Topic

from .search import clean_text, search_query

MAX_OFFSET = 2**31 - 1


class ReaderSearchFilter(SearchFilter):
    """``?search=`` cleaned like the search page's query, so no input can upset the search backend."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        if getattr(queryset, "_filtered_by_tag", False):
            raise BadRequestError("filtering by tag with a search query is not supported")
        operator = (request.GET.get("search_operator") or "or").lower()
        if operator not in ("and", "or"):
            raise BadRequestError("search_operator must be 'and' or 'or'")
        query = search_query(clean_text(request.GET["search"]), operator=operator)
        if query is None:
            return queryset.none()
        try:
            return get_search_backend().search(query, queryset, order_by_relevance="order" not in request.GET)
        except FilterFieldError as error:
            raise BadRequestError(f"cannot filter by '{error.field_name}' while searching") from error
        except OrderByFieldError as error:
            raise BadRequestError(f"cannot order by '{error.field_name}' while searching") from error


class ReaderFieldsFilter(FieldsFilter):
    """Wagtail's ``?field=value`` filters, with values the field cannot hold refused as a bad request."""

    def filter_queryset(self, request, queryset, view):
        try:
            return super().filter_queryset(request, queryset, view)
        except (ValidationError, ValueError) as error:
            message = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            raise BadRequestError(f"field filter error: {message}") from error


class ReaderPagination(WagtailPagination):
    def paginate_queryset(self, queryset, request, view=None):
        offset = request.GET.get("offset", "0")
        # Beyond this the database cannot even count (SQLite raises OverflowError).
        if offset.isascii() and offset.isdigit() and int(offset) > MAX_OFFSET:
            raise BadRequestError(f"offset cannot be higher than {MAX_OFFSET}")
        return super().paginate_queryset(queryset, request, view)


class ReaderAPIMixin:
    # Anonymous for everyone, so a logged-in editor's session never widens what the API shows.
    authentication_classes = []
    pagination_class = ReaderPagination

    def find_object(self, queryset, request):
        """Nothing is found by a malformed id or a path with NUL in it, rather than a database error."""
        object_id = request.GET.get("id", "0")
        if not (object_id.isascii() and object_id.isdigit()) or "\x00" in request.GET.get("html_path", ""):
            return None
        return super().find_object(queryset, request)


class PublicPagesAPIViewSet(ReaderAPIMixin, PagesAPIViewSet):
    filter_backends = [
        {SearchFilter: ReaderSearchFilter, FieldsFilter: ReaderFieldsFilter}.get(backend, backend)
        for backend in PagesAPIViewSet.filter_backends
    ]

    def get_base_queryset(self):
        try:
            return super().get_base_queryset().public()
        except (Site.DoesNotExist, ValueError) as error:
            # Wagtail looks ?site= up without catching a miss or a malformed port.
            raise BadRequestError("site doesn't exist") from error


class ReleasedImagesAPIViewSet(ReaderAPIMixin, ImagesAPIViewSet):
    # Images have no FilterField on their id, so the release filter cannot be combined with search.
    filter_backends = [ReaderFieldsFilter, OrderingFilter]
    known_query_parameters = ImagesAPIViewSet.known_query_parameters - {"search", "search_operator"}
    # Renditions instead of Wagtail's download_url, which names the private original.
    body_fields = ImagesAPIViewSet.body_fields + ["small", "large"]
    meta_fields = BaseAPIViewSet.meta_fields + ["tags"]
    listing_default_fields = BaseAPIViewSet.listing_default_fields + ["title", "tags", "small"]
    nested_default_fields = BaseAPIViewSet.nested_default_fields + ["title", "small", "large"]

    def get_queryset(self):
        return super().get_queryset().filter(pk__in=released_images().values("pk"))


class ReleasedDocumentsAPIViewSet(ReaderAPIMixin, DocumentsAPIViewSet):
    filter_backends = [ReaderFieldsFilter, OrderingFilter, ReaderSearchFilter]

    def get_queryset(self):
        return super().get_queryset().filter(pk__in=released_documents().values("pk"))


class TopicsAPIViewSet(ReaderAPIMixin, BaseAPIViewSet):
    """Topics, so that a publication's topics come with their names and slugs."""

    model = Topic
    name = "topics"
    filter_backends = [ReaderFieldsFilter, OrderingFilter]
    body_fields = BaseAPIViewSet.body_fields + ["name", "slug"]
    listing_default_fields = BaseAPIViewSet.listing_default_fields + ["name", "slug"]
    nested_default_fields = BaseAPIViewSet.nested_default_fields + ["name", "slug"]


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", ReleasedImagesAPIViewSet)
api_router.register_endpoint("documents", ReleasedDocumentsAPIViewSet)
api_router.register_endpoint("topics", TopicsAPIViewSet)
