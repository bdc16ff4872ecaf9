"""Faceted filtering and pagination of the publications index."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils.functional import cached_property

from publications.content_version import cached

PER_PAGE = 12


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    count: int
    selected: bool


class PublicationFilter:
    """Filters a publication queryset by type, topic and year from query parameters.

    Each facet's counts take the other facets' choices into account; they change only with the content, so
    they are kept in the shared cache under the content version, per ``cache_key`` (the listing) and choice.
    An unknown value raises Http404: such a listing does not exist, and a 404 keeps it out of search engines.
    """

    def __init__(self, params, queryset, *, types, topics, cache_key):
        self.queryset = queryset
        self.types = types
        self.cache_key = cache_key
        self.selected = {
            "type": self._choose(params.get("type"), types),
            "topic": None,
            "year": self._year(params.get("year")),
        }
        # Every topic with its count, in one query: the topic facet counts what the type and year leave.
        self.topics = self._cached("topics", lambda: self._count_topics(topics))
        self.selected["topic"] = self._choose(params.get("topic"), {slug for slug, _, _ in self.topics})

    def _cached(self, facet, compute):
        """``compute()`` for ``facet``, which depends on the choices in the other facets only."""
        others = ":".join(str(value) for name, value in self.selected.items() if name != facet)
        return cached(f"facets:{self.cache_key}:{facet}:{others}", compute)

    def _count_topics(self, topics):
        matching = self._filtered(without="topic").order_by().values("pk")
        counted = topics.annotate(n=Count("publications", filter=Q(publications__in=matching)))
        return [(topic.slug, topic.name, topic.n) for topic in counted]

    @staticmethod
    def _choose(raw, known):
        if not raw:
            return None
        if raw not in known:
            raise Http404("There is no such filter.")
        return raw

    @staticmethod
    def _year(raw):
        if not raw:
            return None
        if not (raw.isascii() and raw.isdigit() and 1000 <= int(raw) <= 9999):
            raise Http404("There is no such year.")
        return raw

    def _condition(self, facet):
        value = self.selected[facet]
        if facet == "type":
            return Q(content_type=ContentType.objects.get_for_model(self.types[value], for_concrete_model=False))
        if facet == "topic":
            return Q(topics__slug=value)
        return Q(publication_date__year=int(value))

    def _filtered(self, *, without=None):
        queryset = self.queryset
        for facet, value in self.selected.items():
            if value and facet != without:
                queryset = queryset.filter(self._condition(facet))
        return queryset

    @property
    def is_filtered(self):
        return any(self.selected.values())

    @property
    def results(self):
        return self._filtered()

    @cached_property
    def type_options(self):
        counts = self._cached("type", self._count_types)
        options = []
        for value, model in self.types.items():
            content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
            label = str(model._meta.verbose_name_plural).capitalize()
            options.append(Option(value, label, counts.get(content_type.pk, 0), self.selected["type"] == value))
        return options

    def _count_types(self):
        rows = self._filtered(without="type").order_by().values("content_type").annotate(n=Count("pk"))
        return {row["content_type"]: row["n"] for row in rows}

    @property
    def topic_options(self):
        return [
            Option(slug, name, n, self.selected["topic"] == slug)
            for slug, name, n in self.topics
            if n or self.selected["topic"] == slug
        ]

    @cached_property
    def year_options(self):
        years = {str(year): n for year, n in self._cached("year", self._count_years).items()}
        if self.selected["year"]:
            years.setdefault(self.selected["year"], 0)
        return [Option(year, year, n, self.selected["year"] == year) for year, n in sorted(years.items(), reverse=True)]

    def _count_years(self):
        rows = self._filtered(without="year").order_by().annotate(year=ExtractYear("publication_date"))
        return dict(rows.values("year").annotate(n=Count("pk")).values_list("year", "n"))

    def page(self, number):
        """The requested page of results; a non-number is the first page, a page past the end a 404."""
        paginator = Paginator(self.results, PER_PAGE)
        # The type facet has counted the results already: by type, or all of them.
        paginator.count = sum(
            option.count for option in self.type_options if option.selected or not self.selected["type"]
        )
        try:
            return paginator.page(number or 1)
        except PageNotAnInteger:
            return paginator.page(1)
        except EmptyPage as error:
            raise Http404("There is no such page of publications.") from error
