"""Publications written as live Wagtail pages in bulk, with everything a page published in the admin has.

A thousand pages take a few hundred queries rather than dozens each: the tree paths, depth and numchild
are worked out here, each table is filled with multi-row INSERTs, and each page gets a published
revision, its search index entry (Wagtail's own indexer, in bulk) and its reference index rows (what
Wagtail's ``ReferenceIndex.create_or_update_for_object`` would write, written at once). What it writes
is what the admin writes: nothing reads these pages any differently. It sends no signals, so nothing
that listens for saves (a page cache's version, say) hears of them.
"""

import datetime
import time
from collections import Counter
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import CharField, F, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.models import Locale, Page, ReferenceIndex, Revision
from wagtail.search.backends import get_search_backends

from publications.pages.models import BriefPage, PublicationAuthor, PublicationPage, RelatedPublication

PUBLISHED_AT = datetime.time(9)


def insert(model, objects, *, returning_id=False):
    """INSERT ``objects`` into ``model``'s own table, many rows a statement: ``bulk_create`` for one table of a
    multi-table model, which ``bulk_create`` refuses. With ``returning_id``, sets each object's new id."""
    fields = [f for f in model._meta.local_concrete_fields if not (returning_id and f.primary_key)]
    returning = [model._meta.pk] if returning_id else None
    size = max(1, min(500, connection.ops.bulk_batch_size(fields, objects)))
    for start in range(0, len(objects), size):
        batch = objects[start : start + size]
        rows = model._base_manager._insert(batch, fields=fields, returning_fields=returning)
        if returning_id:
            for instance, (pk,) in zip(batch, rows, strict=True):
                setattr(instance, model._meta.pk.attname, pk)


class PageWriter:
    """Writes planned publications (publications.demo.archive.Planned) and their briefs under ``index``."""

    def __init__(self, index):
        self.index = index
        self.locale_id = Locale.get_default().pk
        self.page_type = ContentType.objects.get_for_model(Page)
        self.types = {model: ContentType.objects.get_for_model(model) for model in (PublicationPage, BriefPage)}
        self.seconds = Counter()  # by stage, for the operator
        last = index.get_last_child()
        self.next_step = Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1

    @transaction.atomic
    def write(self, planned):
        """Write ``planned`` publications as the index's next children, each with its briefs under it."""
        pages = []
        for publication in planned:
            publication.page = self.page(PublicationPage, publication, self.index, self.next_step)
            self.next_step += 1
            pages.append(publication.page)
            for step, brief in enumerate(publication.briefs, start=1):
                brief.page = self.page(BriefPage, brief, publication.page, step)
                pages.append(brief.page)
        with self.stage("pages"):
            insert(Page, pages, returning_id=True)
            for page in pages:
                page.page_ptr_id = page.id
            insert(PublicationPage, pages)
            briefs = [page for page in pages if isinstance(page, BriefPage)]
            for brief in briefs:
                brief.publicationpage_ptr_id = brief.id
            insert(BriefPage, briefs)
            Page.objects.filter(pk=self.index.pk).update(numchild=F("numchild") + len(planned))
            self.relations([item for publication in planned for item in (publication, *publication.briefs)])
        with self.stage("revisions"):
            self.revisions(pages)
        with self.stage("references"):
            self.references(pages)
        with self.stage("search index"):
            self.search_index(pages)
        return pages

    @contextmanager
    def stage(self, name):
        started = time.perf_counter()
        yield
        self.seconds[name] += time.perf_counter() - started

    def page(self, model, planned, parent, step):
        published = timezone.make_aware(datetime.datetime.combine(planned.date, PUBLISHED_AT))
        page = model(
            title=planned.title,
            draft_title=planned.title,
            slug=planned.slug,
            path=Page._get_path(parent.path, parent.depth + 1, step),
            depth=parent.depth + 1,
            numchild=len(planned.briefs),
            url_path=f"{parent.url_path}{planned.slug}/",
            content_type=self.types[model],
            locale_id=self.locale_id,
            live=True,
            has_unpublished_changes=False,
            first_published_at=published,
            last_published_at=published,
            latest_revision_created_at=published,
            publication_date=planned.date,
            summary=planned.summary,
            body=planned.body,
            cover_image=planned.cover,
            pdf=planned.pdf,
        )
        # The page's clusters, in memory as the page editor has them: its revision and references read them.
        page.topics = planned.topics
        page.authors = [
            PublicationAuthor(name=name, is_organisation=group, sort_order=order)
            for order, (name, group) in enumerate(planned.authors)
        ]
        return page

    def relations(self, planned):
        """Topics, authors and editors' picks, once the pages have ids."""
        topic_links, authors, picks = [], [], []
        Through = PublicationPage.topics.through
        for item in planned:
            page = item.page
            topic_links += [Through(publicationpage_id=page.pk, topic_id=topic.pk) for topic in item.topics]
            for author in page.authors.all():
                author.page_id = page.pk
                authors.append(author)
            page.related_links = [
                RelatedPublication(page_id=page.pk, publication_id=_id(pick), sort_order=n)
                for n, pick in enumerate(item.picks)
            ]
            picks += page.related_links.all()
        Through.objects.bulk_create(topic_links, batch_size=1000)
        PublicationAuthor.objects.bulk_create(authors, batch_size=1000)
        RelatedPublication.objects.bulk_create(picks, batch_size=1000)

    def revisions(self, pages):
        """A revision for each page, published: the page's latest and live revision, as if published in the admin."""
        Revision.objects.bulk_create(
            [
                Revision(
                    content_type_id=page.content_type_id,
                    base_content_type=self.page_type,
                    object_id=str(page.pk),
                    created_at=page.first_published_at,
                    object_str=page.title,
                    content=page.serializable_data(),
                )
                for page in pages
            ],
            batch_size=500,
        )
        revision = (
            Revision.objects.filter(base_content_type=self.page_type, object_id=Cast(OuterRef("pk"), CharField()))
            .order_by("-pk")
            .values("pk")[:1]
        )
        ids = [page.pk for page in pages]
        for start in range(0, len(ids), 500):
            Page.objects.filter(pk__in=ids[start : start + 500]).update(
                latest_revision=Subquery(revision), live_revision=Subquery(revision)
            )
        revision_ids = dict(
            Page.objects.filter(pk__in=ids).values_list("pk", "latest_revision_id").iterator(chunk_size=2000)
        )
        for page in pages:
            page.latest_revision_id = page.live_revision_id = revision_ids[page.pk]

    def references(self, pages):
        """The reference index rows of each page: its PDF, cover, body images and links, and picks."""
        rows = []
        for page in pages:
            for to_type, to_id, model_path, content_path in set(ReferenceIndex._extract_references_from_object(page)):
                rows.append(
                    ReferenceIndex(
                        content_type_id=page.content_type_id,
                        base_content_type=self.page_type,
                        object_id=str(page.pk),
                        to_content_type_id=to_type,
                        to_object_id=to_id,
                        model_path=model_path,
                        content_path=content_path,
                        content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
                    )
                )
        ReferenceIndex.objects.bulk_create(rows, batch_size=1000)

    def search_index(self, pages):
        """Each page in every search backend, by Wagtail's own indexer, a few hundred at a time."""
        for model in (PublicationPage, BriefPage):
            ids = [page.pk for page in pages if type(page) is model]
            for start in range(0, len(ids), 500):
                # Wagtail's indexed objects do not prefetch a ParentalManyToManyField: a query a page for each use.
                indexed = list(
                    model.get_indexed_objects().prefetch_related("topics").filter(pk__in=ids[start : start + 500])
                )
                for backend in get_search_backends(with_auto_update=True):
                    backend.add_bulk(model, indexed)


def _id(pick):
    """A pick is a publication planned in this archive or the id of one written before."""
    return pick.page.pk if hasattr(pick, "page") else pick
