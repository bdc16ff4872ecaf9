"""How the public pages scale with content: SQL queries and request times on a small site, then on it grown large.

Read the ratios, not the milliseconds: large/small is a page's growth with content, "vs home" compares pages in one
site. The run fails if any page's query count changes with the size of the site.
"""

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
SIZES = {"small": (20, 1), "large": (400, 40)}  # publications (series included), of which series
BRIEFS_PER_SERIES = 6
TOPICS = 6
# The factories write real PDFs and images, which is slow, so pages share a few.
SHARED_FILES = 4


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL server (postgres://root@127.0.0.1:5432/postgres) to create and drop a bench database on; "
        "by default a temporary SQLite file",
    )
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page and size (default 30)")
    args = parser.parse_args()
    if args.database_url and urlsplit(args.database_url).scheme not in ("postgres", "postgresql"):
        parser.error("--database-url takes a PostgreSQL server URL")
    if args.requests < 2:
        parser.error("--requests needs at least 2 for a p90")
    return args


def _run_on_server(server_url, statement, name):
    import psycopg2
    from psycopg2 import sql

    connection = psycopg2.connect(server_url)
    connection.autocommit = True  # CREATE and DROP DATABASE refuse to run in a transaction
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL(statement).format(sql.Identifier(name)))
    finally:
        connection.close()


@contextmanager
def throwaway_database(server_url):
    """Point DATABASE_URL at a new empty database for this run, and remove it afterwards."""
    if server_url:
        name = f"bench_{os.getpid()}"
        _run_on_server(server_url, "CREATE DATABASE {}", name)
        os.environ["DATABASE_URL"] = urlsplit(server_url)._replace(path=f"/{name}").geturl()
    else:
        descriptor, path = tempfile.mkstemp(prefix="bench-", suffix=".sqlite3")
        os.close(descriptor)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    try:
        yield
    finally:
        from django.db import connections

        connections.close_all()
        if server_url:
            _run_on_server(server_url, "DROP DATABASE IF EXISTS {} WITH (FORCE)", name)
        else:
            os.unlink(path)


class Site:
    """The bench site: the page tree, shared topics, covers and PDFs, and the pages that are measured."""

    def __init__(self):
        from tests.factories import DocumentFactory, ImageFactory, TopicFactory, build_site

        self.index = build_site()
        self.topics = [TopicFactory() for _ in range(TOPICS)]
        # None: the cover is page 1 of the PDF, the other path through the templates.
        self.covers = [ImageFactory() for _ in range(SHARED_FILES)] + [None]
        self.pdfs = [DocumentFactory() for _ in range(SHARED_FILES)]
        self.pages = self.publications = self.series = 0
        self.measured = self.brief = None

    def _add(self, factory, parent, **kwargs):
        n, self.pages = self.pages, self.pages + 1
        return factory(
            parent=parent,
            topics=[self.topics[n % TOPICS], self.topics[(n + 3) % TOPICS]],
            cover_image=self.covers[n % len(self.covers)],
            pdf=self.pdfs[n % len(self.pdfs)],
            **kwargs,
        )

    def grow(self, publications, series):
        """Add publications until there are ``publications``, ``series`` of them series, spread evenly."""
        from tests.factories import BriefPageFactory, PublicationPageFactory

        to_add, series_to_add = publications - self.publications, series - self.series
        for i in range(to_add):
            page = self._add(PublicationPageFactory, self.index)
            if (i + 1) * series_to_add // to_add > i * series_to_add // to_add:
                briefs = [self._add(BriefPageFactory, page) for _ in range(BRIEFS_PER_SERIES)]
                self.series += 1
                if self.measured is None:
                    self.measured, self.brief = page, briefs[2]
            self.publications += 1

    def pick_related(self):
        """Give the measured publication authors, a body and three related picks, as an editor would."""
        from wagtail.rich_text import RichText

        from publications.models import PublicationAuthor, PublicationPage, RelatedPublication

        page = self.measured
        others = PublicationPage.objects.exclude(pk=page.pk).not_descendant_of(page).order_by("pk")[:3]
        page.related_links.set([RelatedPublication(publication=other) for other in others])
        page.authors.set([PublicationAuthor(name="Ada Lovelace"), PublicationAuthor(name="Charles Babbage")])
        page.body = [("summary", "What the series found."), ("paragraph", RichText("<p>The <b>findings</b>.</p>" * 4))]
        page.save()

    def urls(self):
        return {
            "home": "/",
            "index": "/publications/",
            "index filtered": f"/publications/?topic={self.topics[0].slug}&type=publication",
            "index page 2": "/publications/?page=2",
            "publication": self.measured.url,
            "brief": self.brief.url,
        }


def measure(client, urls, requests):
    """Each page's query count, then its request times, taking the pages in turn so drift hits them alike."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def get(url):
        response = client.get(url)
        if response.status_code != 200:
            sys.exit(f"{url} answered {response.status_code}")

    queries, times = {}, {name: [] for name in urls}
    for name, url in urls.items():
        get(url)  # the first view writes the image renditions
        with CaptureQueriesContext(connection) as captured:
            get(url)
        queries[name] = len(captured)
    for _ in range(requests):
        for name, url in urls.items():
            start = time.perf_counter()
            get(url)
            times[name].append((time.perf_counter() - start) * 1000)
    return {name: {"url": url, "queries": queries[name], **summarise(times[name])} for name, url in urls.items()}


def summarise(ms):
    return {"median_ms": round(statistics.median(ms), 2), "p90_ms": round(statistics.quantiles(ms, n=10)[-1], 2)}


def compare(results):
    """One row per page: both sizes, the large/small ratio of medians, and each size's ratio to the home page."""
    small, large = results["small"], results["large"]
    return [
        {
            "page": name,
            "small": small[name],
            "large": large[name],
            "large_over_small": round(large[name]["median_ms"] / small[name]["median_ms"], 2),
            "vs_home": [round(run[name]["median_ms"] / run["home"]["median_ms"], 2) for run in (small, large)],
            "queries_constant": small[name]["queries"] == large[name]["queries"],
        }
        for name in small
    ]


def report(rows, sizes, database, requests):
    print(f"\n{database}, {requests} timed requests per page and size")
    for size, counts in sizes.items():
        print(f"  {size}: {counts['publications']} publications ({counts['series']} series), {counts['briefs']} briefs")
    header = f"{'page':<16}{'queries':>10}{'median ms':>18}{'large/small':>13}{'vs home':>16}"
    print(f"\n{header}\n{'-' * len(header)}")
    for row in rows:
        s, lg = row["small"], row["large"]
        queries = f"{s['queries']} → {lg['queries']}"
        medians = f"{s['median_ms']:.1f} → {lg['median_ms']:.1f}"
        vs_home = f"{row['vs_home'][0]:.2f} → {row['vs_home'][1]:.2f}"
        flag = "" if row["queries_constant"] else "  ← queries changed"
        print(f"{row['page']:<16}{queries:>10}{medians:>18}{row['large_over_small']:>12.2f}×{vs_home:>16}{flag}")


def main():
    started = time.perf_counter()
    args = parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    warnings.filterwarnings("ignore", "No directory at", UserWarning)  # whitenoise, when collectstatic never ran
    with throwaway_database(args.database_url):
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client

        from publications.models import BriefPage, PublicationPage

        try:
            call_command("migrate", verbosity=0, interactive=False)
            site, client = Site(), Client()
            print(f"migrated and made the shared files in {time.perf_counter() - started:.1f} s", flush=True)
            results, sizes = {}, {}
            for size, (publications, series) in SIZES.items():
                build_started = time.perf_counter()
                site.grow(publications, series)
                if size == "small":
                    site.pick_related()
                if connection.vendor == "postgresql":
                    # Autovacuum would soon do this on a live site; timings should not depend on whether it has yet.
                    with connection.cursor() as cursor:
                        cursor.execute("ANALYZE")
                briefs = BriefPage.objects.count()
                sizes[size] = {
                    "publications": PublicationPage.objects.count() - briefs,
                    "series": site.series,
                    "briefs": briefs,
                    "build_seconds": round(time.perf_counter() - build_started, 1),
                }
                print(f"built the {size} site in {sizes[size]['build_seconds']} s", flush=True)
                results[size] = measure(client, site.urls(), args.requests)
            database = connection.vendor
        finally:
            media = Path(settings.MEDIA_ROOT)
            if media.is_relative_to(tempfile.gettempdir()):
                shutil.rmtree(media, ignore_errors=True)

    rows = compare(results)
    report(rows, sizes, database, args.requests)
    failures = [row["page"] for row in rows if not row["queries_constant"]]
    total = round(time.perf_counter() - started, 1)
    print(f"\ntotal run time {total} s")
    out = ROOT / "artifacts" / "bench" / f"pages-{datetime.now(UTC):%Y%m%d-%H%M%SZ}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    summary = {"database": database, "requests": args.requests, "sizes": sizes, "pages": rows, "total_seconds": total}
    out.write_text(json.dumps(summary, indent=2, ensure_ascii=False))
    print(f"results in {out.relative_to(ROOT)}")
    if failures:
        sys.exit(f"query counts changed with the size of the site: {', '.join(failures)}")


if __name__ == "__main__":
    main()
