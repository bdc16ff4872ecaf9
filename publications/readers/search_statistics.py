"""Which searches readers make, for editors' promotions and Wagtail's popular searches, without letting readers
write a row for every string they can type.

A search is recorded (Wagtail's ``Query`` and its ``QueryDailyHits``) when it found something, or when editors
already know the query (it has promotions or earlier hits). New queries are taken up to
PUBLICATIONS_SEARCH_QUERIES_PER_DAY a day; past that, only the queries already recorded that day count, so a
crawler or a fuzzer trying a million strings adds at most that many rows a day.
"""

from django.conf import settings
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits
from wagtail.search.utils import normalise_query_string


def known_query(text):
    """The recorded ``Query`` for ``text``, or None; never writes."""
    return Query.objects.filter(query_string=normalise_query_string(text)).first()


def record_search(text, *, query, found):
    """Count one search for ``text``; ``query`` is ``known_query(text)``, ``found`` whether it had results.
    Whether it was recorded."""
    if query is None and not found:
        return False
    today = timezone.localdate()
    counted_today = query is not None and QueryDailyHits.objects.filter(query=query, date=today).exists()
    if (
        not counted_today
        and QueryDailyHits.objects.filter(date=today).count() >= settings.PUBLICATIONS_SEARCH_QUERIES_PER_DAY
    ):
        return False
    if query is None:
        query, _ = Query.objects.get_or_create(query_string=normalise_query_string(text))
    query.add_hit(date=today)
    return True
