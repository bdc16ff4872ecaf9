"""RSS and Atom feeds of live, public publications: all of them, by topic and the briefs of a series."""

import datetime
import io
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape
from django.utils.http import urlencode
from wagtail.models import Site

from publications.documents.release import readable_pages
from publications.pages.models import PublicationIndexPage, PublicationPage, Topic, is_series

FEED_LENGTH = 50


class WrittenAtOnce:
    """A feed written to the response in one piece: a feed of 50 entries is some two thousand small writes, and
    each write to a response costs more than one to a string buffer."""

    def write(self, outfile, encoding):
        buffer = io.StringIO()
        super().write(buffer, encoding)
        outfile.write(buffer.getvalue())


class RssFeed(WrittenAtOnce, Rss201rev2Feed):
    pass


class AtomFeed(WrittenAtOnce, Atom1Feed):
    pass


FORMATS = {"rss": RssFeed, "atom": AtomFeed}


@dataclass
class Entry:
    """A publication with the request it is listed for, so links and ids can be absolute."""

    page: PublicationPage
    request: HttpRequest
    site: Site


@dataclass
class Channel:
    request: HttpRequest
    site: Site
    title: str
    description: str
    link: str
    publications: object


def site_name(site):
    return site.site_name or site.root_page.title


def index_url(request, **params):
    """The publications index, filtered by ``params``."""
    index = readable_pages(PublicationIndexPage.objects).first()
    if index is None:
        return "/"
    return index.get_url(request) + (f"?{urlencode(params)}" if params else "")


class PublicationsFeed(Feed):
    """The newest publications and briefs."""

    def __init__(self, feed_type):
        super().__init__()
        self.feed_type = feed_type

    def get_object(self, request, **kwargs):
        site = Site.find_for_request(request)
        return Channel(request, site, *self.describe(request, site_name(site), **kwargs))

    def describe(self, request, name):
        """The channel's title, description, link and publications."""
        return (
            f"{name}: publications",
            f"New publications and briefs from {name}.",
            index_url(request),
            PublicationPage.listed(),
        )

    def title(self, channel):
        return channel.title

    def description(self, channel):
        return channel.description

    def subtitle(self, channel):
        return channel.description if self.feed_type is AtomFeed else None

    def link(self, channel):
        return channel.link

    def author_name(self, channel):
        return site_name(channel.site)

    def items(self, channel):
        # An entry shows its PDF, not its cover.
        pages = channel.publications.select_related(None).select_related("pdf")
        pages = pages.prefetch_related("topics", "authors")[:FEED_LENGTH]
        return [Entry(page, channel.request, channel.site) for page in pages]

    def item_title(self, entry):
        return entry.page.title

    def item_description(self, entry):
        return escape(entry.page.summary)

    def item_link(self, entry):
        return entry.page.get_url(entry.request)

    def item_guid(self, entry):
        """A tag URI that stays the same when the page's title, slug or date change."""
        page = entry.page
        published = page.first_published_at or page.last_published_at
        date = published.date() if published else page.publication_date
        return f"tag:{entry.site.hostname},{date:%Y-%m-%d}:publication/{page.pk}"

    def item_guid_is_permalink(self, entry):
        return False

    def item_pubdate(self, entry):
        return datetime.datetime.combine(entry.page.publication_date, datetime.time())

    def item_updateddate(self, entry):
        return entry.page.last_published_at

    def item_author_name(self, entry):
        return ", ".join(author.name for author in entry.page.authors.all()) or None

    def item_categories(self, entry):
        return [topic.name for topic in entry.page.topics.all()]

    def item_enclosures(self, entry):
        """The PDF, which a live, public publication has released."""
        document = entry.page.pdf
        if document is None:
            return []
        return [
            Enclosure(
                url=entry.request.build_absolute_uri(document.url),
                length=str(document.file_size or 0),
                mime_type="application/pdf",
            )
        ]


class TopicFeed(PublicationsFeed):
    """The newest publications and briefs on one topic."""

    def describe(self, request, name, slug):
        topic = get_object_or_404(Topic, slug=slug)
        return (
            f"{name}: {topic.name}",
            f"New publications and briefs on {topic.name} from {name}.",
            index_url(request, topic=topic.slug),
            PublicationPage.listed().filter(topics=topic),
        )


class SeriesFeed(PublicationsFeed):
    """The briefs of one series as they are released."""

    def describe(self, request, name, series_id):
        series = get_object_or_404(readable_pages(PublicationPage.objects), pk=series_id)
        if not is_series(series):
            raise Http404("This publication is not a series.")
        return (
            f"{name}: {series.title}",
            f"Briefs in the series {series.title}, as each is released.",
            series.get_url(request),
            PublicationPage.listed().child_of(series),
        )
