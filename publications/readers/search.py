"""Site search over live, public publications and briefs, their PDFs' text and editors' promoted results."""

import hashlib
import re

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.utils.functional import cached_property
from wagtail.search import index
from wagtail.search.query import And, Or, Phrase, PlainText

from publications.content_version import cached
from publications.documents.release import readable_pages, readable_pages_to_search
from publications.pages.models import BriefPage, PublicationPage, with_cover_renditions
from publications.readers.search_statistics import known_query, record_search

MAX_QUERY_LENGTH = 200
PER_PAGE = 12
# More matches than this are listed newest first: ranking them would read the words of every match (PostgreSQL
# sorts them all to rank them), while newest first walks the publication date index and stops at the page's end.
RANKED_AT_MOST = 500
TYPES = {"publication": PublicationPage, "brief": BriefPage}

# Search backends choke on NUL (PostgreSQL) and on quotes inside terms (SQLite FTS5), so a query
# is reduced to its words and quoted phrases before it reaches them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]+")
PHRASE = re.compile(r'"([^"]*)"')
WORD = re.compile(r"[^\W_]+")


def clean_text(text):
    """``text`` without control characters (NUL included) and runs of spaces, at most MAX_QUERY_LENGTH long."""
    text = " ".join(CONTROL_CHARACTERS.sub(" ", text).split())
    if len(text) > MAX_QUERY_LENGTH:
        text = text[:MAX_QUERY_LENGTH]
        # Keep whole words: drop a word the cut went through.
        if " " in text:
            text = text.rsplit(" ", 1)[0]
    return text


def search_query(text, operator="and"):
    """The backend query for ``text``: its quoted phrases and its other words, combined with ``operator``.

    None when ``text`` holds no word at all (only punctuation or emoji, say).
    """
    words = []
    parts = []
    for phrase in PHRASE.findall(text):
        phrase_words = WORD.findall(phrase)
        if len(phrase_words) > 1:
            parts.append(Phrase(" ".join(phrase_words)))
        else:
            words += phrase_words
    words += WORD.findall(PHRASE.sub(" ", text))
    if words:
        parts.append(PlainText(" ".join(words), operator=operator))
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    return And(parts) if operator == "and" else Or(parts)


class QueryField(forms.CharField):
    def to_python(self, value):
        # Strip control characters (NUL included) before CharField's validators refuse them.
        return CONTROL_CHARACTERS.sub(" ", super().to_python(value))


class SearchForm(forms.Form):
    """Reads the query parameters; the template renders the cleaned query back into its own input."""

    q = QueryField(label="Search publications", required=False)
    type = forms.ChoiceField(required=False, choices=[(value, value) for value in TYPES])

    truncated = False

    def clean_q(self):
        text = " ".join(self.cleaned_data["q"].split())
        self.truncated = len(text) > MAX_QUERY_LENGTH
        return clean_text(text)


class Search:
    """One reader's search: the cleaned query, promoted results, counts by type and a page of results."""

    def __init__(self, params):
        self.form = SearchForm(params)
        self.form.is_valid()
        # An invalid type is ignored rather than refused: the reader still gets results.
        self.text = self.form.cleaned_data.get("q", "")
        self.type = self.form.cleaned_data.get("type", "")
        self.query = search_query(self.text)

    @property
    def truncated(self):
        return self.form.truncated

    @property
    def type_label(self):
        return TYPES[self.type]._meta.verbose_name_plural if self.type else ""

    @cached_property
    def _content_types(self):
        return {
            value: ContentType.objects.get_for_model(model, for_concrete_model=False) for value, model in TYPES.items()
        }

    def _pages(self):
        return (
            readable_pages_to_search(PublicationPage.objects)
            .select_related("cover_image", "pdf__thumbnail")
            # Results show no body, and a body is most of a row.
            .defer_streamfields()
        )

    @cached_property
    def recorded_query(self):
        """The query as Wagtail's search promotions and statistics know it, if they do (never created here)."""
        return known_query(self.text)

    @cached_property
    def _picks(self):
        """Editors' picks for this query that readers may see: live, public pages and external links,
        each with its publication when it is one."""
        if self.query is None or self.recorded_query is None:
            return []
        picks = list(
            self.recorded_query.editors_picks.filter(
                Q(page__isnull=True, external_link_url__gt="") | Q(page__in=readable_pages())
            )
            .select_related("page")
            .order_by("sort_order")
        )
        promoted = with_cover_renditions(self._pages().filter(pk__in=[pick.page_id for pick in picks]))
        publications = {page.pk: page for page in promoted}
        return [{"pick": pick, "publication": publications.get(pick.page_id)} for pick in picks]

    @property
    def promotions(self):
        """The picks to show above the results: with a type chosen, only publications of that type."""
        if not self.type:
            return self._picks
        content_type_id = self._content_types[self.type].pk
        return [
            promotion
            for promotion in self._picks
            if promotion["publication"] and promotion["publication"].content_type_id == content_type_id
        ]

    def _count_by_type(self):
        counts = self._pages().exclude(pk__in=self._promoted_ids).search(self.query).facet("content_type_id")
        return dict(counts)

    @cached_property
    def type_options(self):
        if self.query is None:
            return []
        # Counting reads every match, thousands for a common word. The counts change only with the content and with
        # the promoted pages they leave out, so they are kept under the content version, by query and promotions.
        key = hashlib.sha256(f"{self.text}\n{self._promoted_ids}".encode()).hexdigest()
        counts = cached(f"search-counts:{key}", self._count_by_type)
        return [
            {
                "value": value,
                "label": model._meta.verbose_name_plural.capitalize(),
                "count": counts.get(self._content_types[value].pk, 0),
                "selected": self.type == value,
            }
            for value, model in TYPES.items()
        ]

    @property
    def matched_any(self):
        """Whether any publication or brief matched, whatever the type filter."""
        return any(option["count"] for option in self.type_options)

    @property
    def _promoted_ids(self):
        # Promoted pages are shown above the results, so they are left out of the results and their counts.
        return [promotion["pick"].page_id for promotion in self._picks if promotion["pick"].page_id]

    @property
    def count(self):
        """How many results there are: the type facet has counted them already, one full-text pass fewer."""
        return sum(option["count"] for option in self.type_options if option["selected"] or not self.type)

    @property
    def newest_first(self):
        """Whether the results are too many to rank by relevance, and are listed newest first."""
        return self.count > RANKED_AT_MOST

    def page(self, number):
        """The requested page of results: the first for a non-number, the last past the end."""
        pages = self._pages().exclude(pk__in=self._promoted_ids)
        if self.type:
            pages = pages.filter(content_type=self._content_types[self.type])
        if self.query is None:
            results = pages.none()
        elif self.newest_first:
            newest = pages.order_by("-publication_date", "-first_published_at", "-id")
            results = newest.search(self.query, order_by_relevance=False)
        else:
            results = pages.search(self.query)
        paginator = Paginator(results, PER_PAGE)
        paginator.count = self.count
        page_obj = paginator.get_page(number)
        page_obj.object_list = with_cover_renditions(page_obj.object_list)
        return page_obj


def search_view(request):
    """The search page; an empty or wordless query shows advice instead of results."""
    search = Search(request.GET)
    context = {"search": search, "form": search.form, "max_length": MAX_QUERY_LENGTH}
    if search.query is not None:
        page_number = request.GET.get("page")
        page_obj = search.page(page_number)
        # A search counts once, not again for each further page of its results.
        if not page_number:
            record_search(
                search.text, query=search.recorded_query, found=bool(page_obj.paginator.count or search.promotions)
            )
        page_params = request.GET.copy()
        page_params["q"] = search.text
        context.update(
            page_obj=page_obj,
            page_params=page_params,
            page_range=page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1),
        )
    return render(request, "publications/search.html", context)


def reindex_after_publish(sender, instance, **kwargs):
    """Index a page again once published: Wagtail indexes on post_save, before its topics are saved."""
    index.insert_or_update_object(instance.specific)
