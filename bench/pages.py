"""How the public pages scale with content: request times and SQL queries at 20, 1,000 and 10,000 publications,
then requests a second through gunicorn, uncached and from the page cache, against nginx serving the same HTML.

One archive (`manage.py build_archive`) is grown from size to size, so the same publication, brief and filters are
measured at each. Read the ratios, not the milliseconds: largest/smallest is a page's growth with content, "vs home"
compares pages in one site; the machine's load is printed with every figure. The run fails if any page's query count
changes with the size of the site.
"""

import argparse
import json
import os
import re
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
OUT = ROOT / "artifacts" / "bench"
SIZES = "20,1000,10000"
SLOWEST = 3  # queries per page kept, with their plans on PostgreSQL, at the largest size


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL server (postgres://root@127.0.0.1:5432/postgres) to create and drop a bench database on; "
        "by default a temporary SQLite file (small sizes only)",
    )
    parser.add_argument("--sizes", default=SIZES, help=f"publications at each step, comma-separated (default {SIZES})")
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page and size (default 30)")
    parser.add_argument("--no-http", dest="http", action="store_false", help="skip the gunicorn and nginx part")
    parser.add_argument("--http-seconds", type=int, default=10, help="seconds of load per page and mode (default 10)")
    parser.add_argument("--port", type=int, default=8180, help="gunicorn's port; nginx takes the next (default 8180)")
    parser.add_argument(
        "--bypass-cookie",
        default="csrftoken=benchbenchbenchbenchbenchbenchbe",
        help="NAME=VALUE of a cookie the page cache does not serve (a session or CSRF cookie): the uncached requests",
    )
    parser.add_argument("--redis-url", help="the page cache in this Redis (under keys of its own), not in files")
    args = parser.parse_args()
    if args.database_url and urlsplit(args.database_url).scheme not in ("postgres", "postgresql"):
        parser.error("--database-url takes a PostgreSQL server URL")
    try:
        args.sizes = sorted({int(size) for size in args.sizes.split(",")})
    except ValueError:
        parser.error("--sizes takes numbers, like 20,1000")
    if args.sizes[0] < 3:
        parser.error("the smallest size is 3 publications: a series, a publication with picks, one without")
    if args.requests < 5:
        parser.error("--requests needs at least 5 for a p95")
    return args


def load():
    """The machine's load averages, as `uptime` prints them."""
    return "load average " + ", ".join(f"{value:.2f}" for value in os.getloadavg())


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
def throwaway_database(server_url, workdir):
    """Point DATABASE_URL at a new empty database for this run, and remove it afterwards."""
    if server_url:
        name = f"bench_{os.getpid()}"
        _run_on_server(server_url, "CREATE DATABASE {}", name)
        os.environ["DATABASE_URL"] = urlsplit(server_url)._replace(path=f"/{name}").geturl()
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    try:
        yield
    finally:
        from django.db import connections

        connections.close_all()
        if server_url:
            _run_on_server(server_url, "DROP DATABASE IF EXISTS {} WITH (FORCE)", name)


class Archive:
    """The bench's archive, grown size by size, and the pages measured on it (found once, in the smallest)."""

    def __init__(self):
        self.urls = None

    def grow(self, publications):
        from django.core.cache import caches
        from django.core.management import call_command

        from publications.models import BriefPage, PublicationPage

        started = time.perf_counter()
        call_command("build_archive", publications, grow=True, verbosity=0)
        seconds = round(time.perf_counter() - started, 1)
        # The archive is written without the signals that tell caches the content changed: what the last size
        # left in this process's caches must not answer for this one.
        for cache in caches.all():
            cache.clear()
        if self.urls is None:
            self.urls = self.pages()
        self.urls["index page 50"] = f"/publications/?page={min(50, self.index_pages())}"
        return {
            "publications": PublicationPage.objects.exact_type(PublicationPage).count(),
            "series": PublicationPage.objects.exact_type(PublicationPage).filter(numchild__gt=0).count(),
            "briefs": BriefPage.objects.count(),
            "build_seconds": seconds,
        }

    @staticmethod
    def index_pages():
        from publications.models import PublicationPage
        from publications.pages.filters import PER_PAGE

        return max(1, -(-PublicationPage.listed().count() // PER_PAGE))

    @staticmethod
    def pages():
        from publications.demo.archive import COMMON_WORD, RARE_WORD
        from publications.models import BriefPage, PublicationPage

        publications = PublicationPage.objects.exact_type(PublicationPage).order_by("path")
        picked = publications.filter(related_links__isnull=False).first()
        unpicked = publications.filter(related_links__isnull=True, numchild=0).first()
        brief = BriefPage.objects.order_by("path")[2]
        topic = picked.topics.first()
        return {
            "home": "/",
            "index": "/publications/",
            "index page 50": None,
            "index topic+year": f"/publications/?topic={topic.slug}&year={picked.publication_date.year}",
            "search common": f"/search/?q={COMMON_WORD}",
            "search rare": f"/search/?q={RARE_WORD}",
            "publication, picks": picked.url,
            "publication, top-up": unpicked.url,
            "brief": brief.url,
            "sitemap.xml": "/sitemap.xml",
            "RSS": "/feeds/publications.rss",
            "Atom": "/feeds/publications.atom",
            "API pages": "/api/v2/pages/",
        }


def measure(client, urls, requests):
    """Each page's queries, then its request times, taking the pages in turn so that drift hits them alike."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def get(url):
        response = client.get(url)
        if response.status_code != 200:
            sys.exit(f"{url} answered {response.status_code}")
        if response.get("X-Page-Cache") == "hit":
            sys.exit(f"{url} came from the page cache: the in-process figures must be uncached")

    queries, times = {}, {name: [] for name in urls}
    for url in urls.values():
        get(url)  # the first view may make renditions and fill Wagtail's caches
    for name, url in urls.items():
        with CaptureQueriesContext(connection) as captured:
            get(url)
        queries[name] = captured.captured_queries
    for _ in range(requests):
        for name, url in urls.items():
            start = time.perf_counter()
            get(url)
            times[name].append((time.perf_counter() - start) * 1000)
    return {
        name: {"url": url, "queries": len(queries[name]), **summarise(times[name]), "sql": queries[name]}
        for name, url in urls.items()
    }


def summarise(ms):
    return {"p50_ms": round(statistics.median(ms), 1), "p95_ms": round(statistics.quantiles(ms, n=20)[-1], 1)}


def slowest_queries(results, vendor):
    """The slowest queries of each page, with PostgreSQL's EXPLAIN ANALYZE of each."""
    from django.db import connection

    found = {}
    for name, result in results.items():
        ranked = sorted(result["sql"], key=lambda query: float(query["time"]), reverse=True)[:SLOWEST]
        found[name] = []
        for query in ranked:
            plan = None
            if vendor == "postgresql" and query["sql"].lstrip().upper().startswith("SELECT"):
                with connection.cursor() as cursor:
                    cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {query['sql']}")
                    plan = "\n".join(row[0] for row in cursor.fetchall())
            found[name].append({"ms": round(float(query["time"]) * 1000, 1), "sql": query["sql"], "plan": plan})
    return found


def compare(results, sizes):
    """One row per page: each size's figures, the largest/smallest ratio of medians, each size's ratio to home."""
    smallest, largest = results[sizes[0]], results[sizes[-1]]
    rows = []
    for name in smallest:
        counts = [results[size][name]["queries"] for size in sizes]
        rows.append(
            {
                "page": name,
                "by_size": {size: {k: v for k, v in results[size][name].items() if k != "sql"} for size in sizes},
                "largest_over_smallest": round(largest[name]["p50_ms"] / smallest[name]["p50_ms"], 2),
                "vs_home": {
                    size: round(results[size][name]["p50_ms"] / results[size]["home"]["p50_ms"], 2) for size in sizes
                },
                "queries_constant": len(set(counts)) == 1,
            }
        )
    return rows


def report(rows, sizes, counts, database, requests, loads):
    print(f"\n{database}, {requests} timed requests per page and size, in-process (Django's test client), uncached")
    for size in sizes:
        c = counts[size]
        print(
            f"  {size:>6}: {c['publications']} publications ({c['series']} series) and {c['briefs']} briefs,"
            f" built in {c['build_seconds']} s; measured at {loads[size]}"
        )
    label = "/".join(f"{size:,}" for size in sizes)
    header = (
        f"{'page':<20}{'queries ' + label:>24}  {'p50 ms ' + label:>28}  {'p95 ms ' + label:>28}"
        f"{f'{sizes[-1]:,}/{sizes[0]:,}':>12}{'vs home':>9}"
    )
    print(f"\n{header}\n{'-' * len(header)}")
    for row in rows:
        figures = [row["by_size"][size] for size in sizes]
        queries = " → ".join(str(f["queries"]) for f in figures)
        p50 = " → ".join(f"{f['p50_ms']:.1f}" for f in figures)
        p95 = " → ".join(f"{f['p95_ms']:.1f}" for f in figures)
        flag = "" if row["queries_constant"] else "  ← queries change with size"
        print(
            f"{row['page']:<20}{queries:>24}  {p50:>28}  {p95:>28}"
            f"{row['largest_over_smallest']:>11.2f}×{row['vs_home'][sizes[-1]]:>9.2f}{flag}"
        )
    print(f"\nURLs at {sizes[-1]:,}: " + ", ".join(f"{row['page']} {row['by_size'][sizes[-1]]['url']}" for row in rows))


def report_slowest(slowest, results, size, path):
    print(f"\nSQL at {size:,} publications: time in all queries of one request, and the slowest query")
    print(f"(the {SLOWEST} slowest of each page, whole, with their EXPLAIN ANALYZE, in {path.relative_to(ROOT)}):")
    for name, queries in slowest.items():
        total = sum(float(query["time"]) for query in results[name]["sql"]) * 1000
        top = queries[0] if queries else {"ms": 0, "sql": ""}
        print(f"  {name:<20}{total:>7.0f} ms {top['ms']:>6.0f} ms  {condensed(top['sql'])[:120]}")


def condensed(sql):
    """``sql`` on one line, without the selected columns and the joins."""
    sql = re.sub(r"^SELECT (DISTINCT )?.*? FROM (\S+) ", r"SELECT \1… FROM \2 ", " ".join(sql.split()))
    return re.sub(r" (INNER|LEFT OUTER) JOIN .*? WHERE ", " … WHERE ", sql, count=1)


def write_explain(slowest, size, path):
    lines = [f"# The slowest queries of each page at {size:,} publications\n"]
    for name, queries in slowest.items():
        lines.append(f"## {name}\n")
        for query in queries:
            lines += [f"{query['ms']} ms\n", "```sql", query["sql"], "```"]
            if query["plan"]:
                lines += ["```", query["plan"], "```"]
            lines.append("")
    path.write_text("\n".join(lines))


def main():
    started = time.perf_counter()
    args = parse_args()
    sys.path.insert(0, str(ROOT))
    # In-process pages are measured under the test settings: uncached, with caches in this process only.
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    warnings.filterwarnings("ignore", "No directory at", UserWarning)  # whitenoise, when collectstatic never ran
    workdir = Path(tempfile.mkdtemp(prefix="publications-bench-"))
    stamp = f"{datetime.now(UTC):%Y%m%d-%H%M%SZ}"
    OUT.mkdir(parents=True, exist_ok=True)
    http_rows = None
    try:
        with throwaway_database(args.database_url, workdir):
            import django

            django.setup()
            from django.conf import settings
            from django.core.management import call_command
            from django.db import connection
            from django.test import Client, override_settings

            test_media = settings.MEDIA_ROOT
            with override_settings(MEDIA_ROOT=workdir / "media"):
                call_command("migrate", verbosity=0, interactive=False)
                print(f"migrated in {time.perf_counter() - started:.1f} s ({load()})", flush=True)
                archive, client = Archive(), Client()
                results, counts, loads = {}, {}, {}
                for size in args.sizes:
                    counts[size] = archive.grow(size)
                    print(f"built {size:,} publications in {counts[size]['build_seconds']} s ({load()})", flush=True)
                    loads[size] = load()
                    results[size] = measure(client, archive.urls, args.requests)
                    print(f"measured {size:,} in-process ({load()})", flush=True)
                database = connection.vendor
                slowest = slowest_queries(results[args.sizes[-1]], database)
                if args.http:
                    from throughput import measure_http

                    urls = {name: archive.urls[name] for name in ("publication, top-up", "index")}
                    http_rows = measure_http(
                        urls,
                        workdir=workdir,
                        port=args.port,
                        seconds=args.http_seconds,
                        bypass_cookie=args.bypass_cookie,
                        redis_url=args.redis_url,
                    )
            shutil.rmtree(test_media, ignore_errors=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    rows = compare(results, args.sizes)
    report(rows, args.sizes, counts, database, args.requests, loads)
    explain = OUT / f"slowest-{stamp}.md"
    write_explain(slowest, args.sizes[-1], explain)
    report_slowest(slowest, results[args.sizes[-1]], args.sizes[-1], explain)
    if http_rows:
        from throughput import report_http

        report_http(http_rows, args.sizes[-1])
    failures = [row["page"] for row in rows if not row["queries_constant"]]
    total = round(time.perf_counter() - started, 1)
    print(f"\ntotal run time {total} s; now {load()}")
    out = OUT / f"pages-{stamp}.json"
    summary = {
        "database": database,
        "requests": args.requests,
        "sizes": counts,
        "loads": loads,
        "pages": rows,
        "http": http_rows,
        "total_seconds": total,
    }
    out.write_text(json.dumps(summary, indent=2, ensure_ascii=False, default=str))
    print(f"results in {out.relative_to(ROOT)}")
    if failures:
        sys.exit(f"query counts changed with the size of the site: {', '.join(failures)}")


if __name__ == "__main__":
    main()
