"""Load the demo site: home page, publications index, topics, and publications with covers, PDFs and briefs.

Content is found by slug or title, so running the command again changes nothing.
"""

import datetime
from collections import Counter

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from publications.demo import content as demo
from publications.demo import files as demo_files
from publications.documents.models import PublicationDocument, PublicationImage
from publications.pages.models import (
    BriefPage,
    PublicationAuthor,
    PublicationPage,
    RelatedPublication,
    Topic,
)
from publications.pages.site_setup import ensure_home, ensure_index, publish_child

# The last briefs of the series are scheduled, so the demo always shows a series in progress.
SCHEDULED_BRIEFS = 2
FIRST_SCHEDULED_BRIEF_IN_DAYS = 3
BRIEF_INTERVAL = datetime.timedelta(weeks=1)
GO_LIVE_TIME = datetime.time(9)


class Command(BaseCommand):
    help = "Load demo pages, topics, covers and PDFs; content that already exists is left alone."

    def handle(self, *args, **options):
        self.created, self.present = Counter(), Counter()
        self.stored_files = []
        self.scheduled = []
        try:
            with transaction.atomic():
                self.load()
        except BaseException:
            # The rollback undoes the rows but not the files written to storage.
            for file in self.stored_files:
                file.delete(save=False)
            raise
        self.report()

    def load(self):
        self.topics = {name: self.topic(name) for name in demo.TOPIC_COLOURS}
        home, created = ensure_home(intro=demo.HOME_INTRO)
        self.count("pages", created)
        index, created = ensure_index(home, intro=demo.INDEX_INTRO)
        self.count("pages", created)
        brief_dates = self.brief_dates()
        series = self.publication(index, demo.SERIES, brief_dates[0])
        for brief, date in zip(demo.BRIEFS, brief_dates, strict=True):
            self.publication(series, brief, date, page_class=BriefPage)
        for publication in demo.PUBLICATIONS:
            self.publication(index, publication, publication.date)

    def topic(self, name):
        topic, created = Topic.objects.get_or_create(slug=slugify(name), defaults={"name": name})
        self.count("topics", created)
        return topic

    def brief_dates(self):
        """One date a week, the last SCHEDULED_BRIEFS of them in the coming days."""
        first_scheduled = timezone.localdate() + datetime.timedelta(days=FIRST_SCHEDULED_BRIEF_IN_DAYS)
        first = first_scheduled - BRIEF_INTERVAL * (len(demo.BRIEFS) - SCHEDULED_BRIEFS)
        return [first + BRIEF_INTERVAL * number for number in range(len(demo.BRIEFS))]

    def publication(self, parent, data, date, page_class=PublicationPage):
        slug = slugify(data.title)
        existing = self.existing_child(parent, slug)
        if existing:
            return existing
        go_live_at = None
        if date > timezone.localdate():
            go_live_at = timezone.make_aware(datetime.datetime.combine(date, GO_LIVE_TIME))
        colour = demo.TOPIC_COLOURS[data.topics[0]]
        page = page_class(
            title=data.title,
            slug=slug,
            publication_date=date,
            summary=data.summary,
            topics=[self.topics[name] for name in data.topics],
            authors=[
                PublicationAuthor(name=name, is_organisation=name in demo.ORGANISATION_AUTHORS) for name in data.authors
            ],
            related_links=[
                RelatedPublication(publication=PublicationPage.objects.get(slug=slugify(title)))
                for title in data.related
            ],
            body=[self.figure(block, colour) if block["type"] == "image" else block for block in data.body],
            cover_image=self.stored(
                PublicationImage,
                data.title,
                f"{slug}.png",
                demo_files.cover_png(data.title, f"{date:%B %Y}", settings.WAGTAIL_SITE_NAME, colour),
                description=data.cover_description or f"Cover of {data.title}",
            ),
            pdf=self.stored(
                PublicationDocument,
                data.title,
                f"{slug}.pdf",
                demo_files.report_pdf(
                    data.title, date, data.summary, data.body, settings.WAGTAIL_SITE_NAME, demo.ABOUT
                ),
            ),
            go_live_at=go_live_at,
            live=go_live_at is None,
        )
        self.publish(parent, page)
        if go_live_at:
            self.scheduled.append(page)
        return page

    def figure(self, block, colour):
        """The image block for a demo chart, drawing and storing the chart's image."""
        chart = block["value"]["image"]
        image = self.stored(
            PublicationImage,
            chart.title,
            f"{slugify(chart.title)}.png",
            demo_files.png(demo_files.chart_image(chart, colour)),
            description=chart.description,
        )
        image_value = {"image": image.pk, "decorative": False, "alt_text": chart.description}
        return {"type": "image", "value": {"image": image_value, "caption": block["value"]["caption"]}}

    def existing_child(self, parent, slug):
        page = parent.get_children().filter(slug=slug).specific().first()
        if page:
            self.count("pages", created=False)
        return page

    def publish(self, parent, page):
        self.count("pages", created=True)
        return publish_child(parent, page)

    def stored(self, model, title, file_name, data, **fields):
        """The image or document titled ``title``, stored from ``data`` if there is none yet."""
        kind = model._meta.verbose_name_plural
        instance = model.objects.filter(title=title).first()
        if instance:
            self.count(kind, created=False)
            return instance
        instance = model(title=title, file=ContentFile(data, name=file_name), **fields)
        if model is PublicationImage:
            instance._set_image_file_metadata()
        instance.save()
        self.stored_files.append(instance.file)
        self.count(kind, created=True)
        return instance

    def count(self, kind, created):
        (self.created if created else self.present)[kind] += 1

    def report(self):
        for label, counts in (("Created", self.created), ("Already present", self.present)):
            summary = ", ".join(f"{counts[kind]} {kind}" for kind in ("topics", "pages", "documents", "images"))
            self.stdout.write(f"{label}: {summary}.")
        for page in self.scheduled:
            go_live = timezone.localtime(page.go_live_at)
            self.stdout.write(f"Scheduled: “{page.title}” goes live {go_live:%Y-%m-%d %H:%M %Z}.")
