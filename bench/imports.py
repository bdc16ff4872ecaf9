"""How fast an archive imports: N generated publications (a third of them briefs in series of five), each with
its own PDF, imported with `manage.py import_publications` into the empty site of DATABASE_URL, timed as a dry
run, as the import itself and as a re-run that finds nothing to change.

Run it on a database of its own: it refuses one that already has publications. Renditions are made ahead on
publish (PUBLICATIONS_RENDITIONS_AHEAD) unless --no-renditions, so the figure is the whole publishing path.
"""

import argparse
import csv
import datetime
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERIES_LENGTH = 5


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000, help="publications and briefs to import (default 1000)")
    parser.add_argument("--no-renditions", action="store_true", help="do not make renditions ahead on publish")
    return parser.parse_args()


def write_archive(directory, rows):
    """A manifest of ``rows`` rows and a PDF each in ``directory``; the manifest's path."""
    from publications.archive.manifest import COLUMNS
    from publications.demo import content, files

    topics = list(content.TOPIC_COLOURS)
    records, series = [], None
    start = datetime.date(2010, 1, 1)
    for number in range(rows):
        date = start + datetime.timedelta(days=5 * number)
        brief = number % 3 == 2 and series is not None and series[1] < SERIES_LENGTH
        title = f"Brief {series[1] + 1} of {series[0]}" if brief else f"Publication {number + 1}"
        summary = f"What {title} finds about {topics[number % len(topics)].lower()}."
        body = [content.paragraph(f"{title} in a paragraph."), content.explore("One finding", "Another finding")]
        (directory / f"{number}.pdf").write_bytes(files.report_pdf(title, date, summary, body, "Bench", content.ABOUT))
        record = {
            "title": title,
            "publication_date": date.isoformat(),
            "summary": summary,
            "topics": topics[number % len(topics)],
            "pdf": f"{number}.pdf",
            "body": f"{title} in a paragraph.\n\nDownload our paper to explore:\n- One finding\n- Another finding",
            "status": "live",
        }
        if brief:
            series[1] += 1
            record.update(type="brief", series=series[0], part=str(series[1]))
        elif number % 3 == 0:
            series = [title, 0]
        records.append(record)
    manifest = directory / "manifest.csv"
    with manifest.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(records)
    return manifest


def timed(label, *args):
    from django.core.management import call_command

    out = io.StringIO()
    started = time.monotonic()
    call_command("import_publications", *args, "--no-progress", stdout=out)
    seconds = time.monotonic() - started
    print(f"{label}: {seconds:.1f} s — {out.getvalue().splitlines()[-1]}")
    return seconds


def main():
    args = parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from publications.pages.models import PublicationPage
    from publications.pages.site_setup import ensure_home, ensure_index

    settings.PUBLICATIONS_RENDITIONS_AHEAD = not args.no_renditions
    call_command("migrate", verbosity=0)
    if PublicationPage.objects.exists():
        sys.exit("The database already has publications: run this on an empty one.")
    ensure_index(ensure_home()[0])
    with tempfile.TemporaryDirectory() as workdir:
        workdir = Path(workdir)
        started = time.monotonic()
        manifest = write_archive(workdir, args.rows)
        size = sum(path.stat().st_size for path in workdir.glob("*.pdf"))
        print(f"{args.rows} rows and PDFs ({size / 1024 / 1024:.1f} MB) written in {time.monotonic() - started:.1f} s")
        files = ["--files", str(workdir), "--create-topics"]
        timed("dry run", str(manifest), *files, "--dry-run")
        seconds = timed("import", str(manifest), *files)
        print(f"  {args.rows / seconds * 60:.0f} rows a minute")
        timed("re-run", str(manifest), *files)
    print(
        f"{settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, renditions ahead: {not args.no_renditions}, "
        f"load average {', '.join(f'{value:.2f}' for value in os.getloadavg())}"
    )


if __name__ == "__main__":
    main()
