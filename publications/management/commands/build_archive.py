"""Build an archive of generated publications in bulk, for benchmarks: 10,000 take minutes, not hours.

The pages are real Wagtail pages, live with a published revision, in the search index and the reference
index (publications.demo.bulk); their words, dates, topics, series and files are planned by
publications.demo.archive. A database that already has publications is refused unless --grow is given.
"""

import time
from itertools import islice

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page, Site

from publications.demo import archive
from publications.demo.bulk import PageWriter
from publications.documents.models import PublicationDocument, PublicationImage
from publications.pages.models import BriefPage, HomePage, PublicationIndexPage, PublicationPage, Topic
from publications.readers import page_cache


class Command(BaseCommand):
    help = "Build an archive of COUNT generated publications (series' briefs come on top), in bulk."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, help="how many publications the archive has when done")
        parser.add_argument(
            "--grow", action="store_true", help="add to the publications already there until there are COUNT"
        )
        parser.add_argument("--seed", default="archive", help="the same seed builds the same archive")
        parser.add_argument("--batch", type=int, default=1000, help="publications written per transaction")
        parser.add_argument(
            "--pool", type=int, default=None, help="at most this many shared covers, PDFs and charts (each)"
        )

    def handle(self, *args, count, grow, seed, batch, pool, verbosity, **options):
        started = time.perf_counter()
        existing = PublicationPage.objects.exact_type(PublicationPage).count()
        if existing and not grow:
            raise CommandError(f"This database already has {existing} publications; pass --grow to add to them.")
        if count <= existing:
            self.stdout.write(f"The archive already has {existing} publications.")
            return
        index = PublicationIndexPage.objects.first() or self.make_site()
        pools_started = time.perf_counter()
        pools = self.pools(pool)
        pools_seconds = time.perf_counter() - pools_started
        planner = archive.Planner(
            pools,
            seed=seed,
            existing=existing,
            pickable_ids=PublicationPage.objects.exact_type(PublicationPage).values_list("pk", flat=True),
            slugs=index.get_children().values_list("slug", flat=True),
            today=timezone.localdate(),
        )
        writer = PageWriter(index)
        publications = planner.plan(count - existing)
        while chunk := list(islice(publications, batch)):
            writer.write(chunk)
            if verbosity > 1:
                self.stdout.write(f"  {PublicationPage.objects.exact_type(PublicationPage).count()} of {count}")
        # Bulk writes send no signals: tell the page cache and the front cache that the content changed.
        page_cache.changes_committed()
        if connection.vendor == "postgresql":
            # The query planner's statistics, as autovacuum would soon gather them on a live site.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        if verbosity:
            stages = ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in writer.seconds.items())
            self.stdout.write(
                f"The archive has {count} publications and {BriefPage.objects.count()} briefs; "
                f"{count - existing} publications and their briefs took {time.perf_counter() - started:.1f} s "
                f"(shared files {pools_seconds:.1f} s, {stages})."
            )

    @transaction.atomic
    def make_site(self):
        """A home page as the default site's root, in place of Wagtail's welcome page, and the index under it."""
        home = HomePage(title=settings.WAGTAIL_SITE_NAME, slug=slugify(settings.WAGTAIL_SITE_NAME)[:80])
        Page.get_first_root_node().add_child(instance=home)
        home.save_revision().publish()
        site = Site.objects.get(is_default_site=True)
        welcome = site.root_page
        site.root_page = home
        site.save()
        if welcome.specific_class is Page:
            welcome.delete()
        index = PublicationIndexPage(title="Publications", slug="publications")
        home.add_child(instance=index)
        index.save_revision().publish()
        return index

    def pools(self, most):
        """The topics and the shared covers, PDFs and charts, made once and found again by title."""
        organisation = settings.WAGTAIL_SITE_NAME
        today = timezone.localdate()
        topics = {
            name: Topic.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0] for name in archive.TOPICS
        }
        covers = [
            self.stored(PublicationImage, *archive.cover_file(number, organisation), description_of="Cover of {}")
            for number in range(min(archive.COVER_POOL, most or archive.COVER_POOL))
        ]
        pdfs = [
            self.stored(PublicationDocument, *archive.report_file(number, organisation, today))
            for number in range(min(archive.PDF_POOL, most or archive.PDF_POOL))
        ]
        charts = []
        for number in range(min(archive.CHART_POOL, most or archive.CHART_POOL)):
            title, description, data = archive.chart_file(number)
            charts.append(self.stored(PublicationImage, title, data, description=description))
        return archive.Pools(topics=topics, covers=covers, pdfs=pdfs, charts=charts)

    def stored(self, model, title, data, *, description=None, description_of=None):
        instance = model.objects.filter(title=title).first()
        if instance:
            return instance
        extension = "pdf" if model is PublicationDocument else "png"
        instance = model(title=title, file=ContentFile(data, name=f"{slugify(title)}.{extension}"))
        if model is PublicationImage:
            instance.description = description or description_of.format(title)
            instance._set_image_file_metadata()
        instance.save()
        return instance
