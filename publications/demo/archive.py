"""A generated archive of publications for benchmarks: what `manage.py build_archive` writes.

Realistic in shape, not in words: topics with a skew, publication dates over fifteen years, a tenth of
the publications a series of briefs, bodies of several paragraphs with quotes, lists and charts, authors,
editors' picks on some, covers and PDFs reused from small pools of real files (a quarter of the
publications have no cover image, so page 1 of their PDF is their cover). A seed plans the same archive.
"""

import datetime
import random
import uuid
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.text import slugify

from . import content as demo
from . import files

# A word in most publications, and one in a single publication: the first of a new archive.
COMMON_WORD = "university"
RARE_WORD = "quinquennial"

YEARS = 15
SERIES_SHARE = 0.10
BRIEFS_PER_SERIES = (4, 8)
BRIEF_INTERVAL = datetime.timedelta(weeks=2)
PICKS_SHARE = 0.15
COVERLESS_SHARE = 0.25
PDFLESS_SHARE = 0.03
CHART_SHARE = 0.2
PDF_LINK_SHARE = 0.2
COVER_POOL = 6
PDF_POOL = 5
CHART_POOL = 3

# Topics and their weights: a few carry most publications, as on a real site.
TOPICS = {
    "Post-secondary funding": 30,
    "Research universities": 20,
    "Academic governance": 14,
    "Labour and workforce": 10,
    "Equity and inclusion": 8,
    "Micro-credentials": 6,
    "Student finance": 5,
    "Academic freedom": 4,
    "Indigenous education": 3,
}
SUBJECTS = {
    "Post-secondary funding": ["operating grants", "university budgets", "tuition revenue", "capital funding"],
    "Research universities": ["research output", "graduate enrolment", "research chairs", "university labs"],
    "Academic governance": ["university senates", "board appointments", "collegial governance", "faculty councils"],
    "Labour and workforce": ["sessional instructors", "faculty workload", "collective bargaining", "hiring freezes"],
    "Equity and inclusion": ["pay equity", "accessible campuses", "diverse hiring", "university equity plans"],
    "Micro-credentials": ["micro-credentials", "short programs", "credential frameworks", "workforce training"],
    "Student finance": ["student debt", "provincial grants", "student housing costs", "bursary programs"],
    "Academic freedom": ["academic freedom", "campus speech policies", "research independence", "tenure"],
    "Indigenous education": [
        "Indigenous programs",
        "treaty obligations",
        "Indigenous scholarship",
        "community research",
    ],
}
GENERAL_SUBJECTS = ["the university sector", "provincial policy", "public accountability", "enrolment planning"]
VERBS = ["has outpaced", "has not kept pace with", "depends more and more on", "shapes", "reflects", "weighs on"]
OPENERS = [
    "Across the province,",
    "Since {year},",
    "In the last decade,",
    "At every research university,",
    "For faculty and librarians,",
    "By most measures,",
    "As our survey shows,",
    "Taken together,",
]
CLOSERS = [
    "according to provincial data",
    "at most institutions we studied",
    "with real costs for students",
    "in every region of the province",
    "more than a decade ago",
    "despite repeated commitments",
    "at the university level",
    "as the tables in the report show",
]
HEADINGS = ["Key findings", "Background", "What we recommend", "Method", "The numbers", "What comes next"]
TITLES = [
    "{Subject}: what the data show",
    "{Subject} in British Columbia, {start}–{end}",
    "Rethinking {subject}",
    "The state of {subject}",
    "{Subject} and {other}",
    "Who pays for {subject}?",
    "{Subject}: a submission to the province",
]
FIRST_NAMES = "Ada Bea Chen Dana Emeka Farah Gil Hana Ivan Jo Kiran Lena Mateo Noor Owen Priya Quinn Rosa Sami Tara"
LAST_NAMES = "Abbott Baptiste Chow Dubois Fraser Gill Haddad Ito Jensen Kaur Lavoie Morrison Nakamura Okafor Patel Roy"
GROUP_AUTHORS = ["Research Committee", "Policy Working Group", "Faculty Association Executive"]


def seeded(*parts):
    """A random generator for content, never for secrets: the same parts give the same archive."""
    return random.Random(":".join(map(str, parts)))  # noqa: S311


class Words:
    """Sentences, paragraphs and titles about given topics, drawn from the archive's vocabulary."""

    def __init__(self, rng):
        self.rng = rng

    def sentence(self, topic_names, year, *, rare=False):
        rng = self.rng
        subjects = SUBJECTS[rng.choice(topic_names)]
        opener = rng.choice(OPENERS).format(year=year - rng.randint(2, 12))
        closer = f"in the {RARE_WORD} review" if rare else rng.choice(CLOSERS)
        text = " ".join(
            [opener, rng.choice(subjects), rng.choice(VERBS), rng.choice(subjects + GENERAL_SUBJECTS), closer]
        )
        return text[0].upper() + text[1:] + "."

    def paragraph(self, topic_names, year, *, rare=False, pdf=None):
        """A paragraph block; with ``pdf``, its last sentence links the PDF, as editors link a report."""
        sentences = [self.sentence(topic_names, year, rare=rare and n == 0) for n in range(self.rng.randint(3, 5))]
        html = " ".join(escape(sentence) for sentence in sentences)
        if pdf:
            html += f' The <a linktype="document" id="{pdf.pk}">full report</a> has the tables.'
        return {"type": "paragraph", "value": f"<p>{html}</p>"}

    def title(self, topic_names, year):
        subject = self.rng.choice(SUBJECTS[topic_names[0]])
        other = self.rng.choice(SUBJECTS[self.rng.choice(topic_names)] + GENERAL_SUBJECTS)
        return self.rng.choice(TITLES).format(
            Subject=subject[0].upper() + subject[1:],
            subject=subject,
            other=other,
            start=year - self.rng.randint(5, 20),
            end=year,
        )


@dataclass(eq=False)
class Planned:
    """A publication or brief to write: its words and dates, and what it links to."""

    title: str
    slug: str
    date: datetime.date
    summary: str
    body: list
    topics: list
    authors: list  # (name, is_organisation)
    cover: object  # an image, or None for page 1 of the PDF
    pdf: object
    picks: list = field(default_factory=list)  # earlier Planned publications, or ids of pages already written
    briefs: list = field(default_factory=list)
    page: object = None  # the page, once written


@dataclass
class Pools:
    """The archive's topics and shared files."""

    topics: dict  # name → Topic
    covers: list
    pdfs: list
    charts: list


class Planner:
    """Plans publications after ``existing`` ones. A new archive's first publication has the rare word, its second
    is a series and its third has editors' picks, so that each kind of page is there at any size."""

    def __init__(self, pools, *, seed, existing, pickable_ids, slugs, today):
        self.rng = seeded(seed, existing)
        self.words = Words(self.rng)
        self.pools = pools
        self.fresh = existing == 0
        self.pickable = list(pickable_ids)
        self.slugs = set(slugs)
        self.today = today
        self.people = [f"{first} {last}" for first in FIRST_NAMES.split() for last in LAST_NAMES.split()]

    def plan(self, count):
        """``count`` publications, oldest first, some with briefs under them, one at a time."""
        rng = self.rng
        first = self.today - datetime.timedelta(days=365 * YEARS)
        # Series start early enough for their briefs to be out by today.
        span = (self.today - first).days - BRIEFS_PER_SERIES[1] * BRIEF_INTERVAL.days
        dates = sorted(first + datetime.timedelta(days=rng.randrange(span)) for _ in range(count))
        for position, date in enumerate(dates):
            topics = self.topics()
            publication = self.publication(date, topics, self.words.title([t.name for t in topics], date.year))
            if self.fresh and position == 0:
                publication.body = self.body(topics, date, publication.pdf, rare=True)
            if rng.random() < SERIES_SHARE or (self.fresh and position == 1):
                publication.briefs = self.briefs(publication)
            if self.pickable and (rng.random() < PICKS_SHARE or (self.fresh and position == 2)):
                publication.picks = rng.sample(self.pickable, min(len(self.pickable), rng.randint(1, 3)))
            self.pickable.append(publication)
            yield publication

    def publication(self, date, topics, title, slugs=None):
        rng = self.rng
        names = [topic.name for topic in topics]
        pdf = None if rng.random() < PDFLESS_SHARE else rng.choice(self.pools.pdfs)
        cover = None if pdf and rng.random() < COVERLESS_SHARE else rng.choice(self.pools.covers)
        return Planned(
            title=title,
            slug=unique_slug(title, self.slugs if slugs is None else slugs),
            date=date,
            summary=" ".join(self.words.sentence(names, date.year) for _ in range(2))[:400],
            body=self.body(topics, date, pdf),
            topics=topics,
            authors=self.authors(),
            cover=cover,
            pdf=pdf,
        )

    def briefs(self, series):
        """The briefs of ``series``, a fortnight apart from its date; slugs are unique among siblings only."""
        slugs = set()
        return [
            self.publication(
                min(series.date + BRIEF_INTERVAL * number, self.today),
                series.topics,
                f"{series.title}, brief {number + 1}",
                slugs,
            )
            for number in range(self.rng.randint(*BRIEFS_PER_SERIES))
        ]

    def topics(self):
        names, weights = list(TOPICS), list(TOPICS.values())
        chosen = {self.rng.choices(names, weights)[0] for _ in range(self.rng.randint(1, 3))}
        return [self.pools.topics[name] for name in names if name in chosen]

    def body(self, topics, date, pdf, *, rare=False):
        rng, words = self.rng, self.words
        names = [topic.name for topic in topics]
        blocks = []
        if rng.random() < 0.6:
            blocks.append({"type": "summary", "value": words.sentence(names, date.year)})
        paragraphs = rng.randint(3, 6)
        link_at = rng.randrange(paragraphs) if pdf and rng.random() < PDF_LINK_SHARE else None
        for number in range(paragraphs):
            if number and rng.random() < 0.25:
                blocks.append({"type": "heading", "value": {"text": rng.choice(HEADINGS), "level": "h2"}})
            linked = pdf if number == link_at else None
            blocks.append(words.paragraph(names, date.year, rare=rare and number == 0, pdf=linked))
            if number == 1 and rng.random() < 0.4:
                quote = {"text": words.sentence(names, date.year), "attribution": "Excerpt"}
                blocks.append({"type": "quote", "value": quote})
            if number == 1 and rng.random() < CHART_SHARE:
                chart = rng.choice(self.pools.charts)
                image = {"image": chart.pk, "decorative": False, "alt_text": chart.description}
                blocks.append({"type": "image", "value": {"image": image, "caption": chart.title}})
        if rng.random() < 0.5:
            items = [words.sentence(names, date.year).rstrip(".") for _ in range(rng.randint(3, 5))]
            explore = {"introduction": "Download our paper to explore:", "items": items}
            blocks.append({"type": "explore", "value": explore})
        # Ids as the page editor gives them: the page and its revision have the same blocks.
        return [{**block, "id": str(uuid.UUID(int=rng.getrandbits(128), version=4))} for block in blocks]

    def authors(self):
        rng = self.rng
        if rng.random() < 0.1:
            return [(rng.choice(GROUP_AUTHORS), True)]
        if rng.random() < 0.25:
            return []
        return [(name, False) for name in rng.sample(self.people, rng.randint(1, 3))]


def unique_slug(title, taken):
    """A slug for ``title`` that is not in ``taken``, which it joins."""
    base = slugify(title)[:80].rstrip("-")
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    taken.add(slug)
    return slug


def cover_file(number, organisation):
    """The title and PNG of pool cover ``number``: the demo's cover drawing in one of its topic colours."""
    colours = list(demo.TOPIC_COLOURS.values())
    title = f"Archive cover {number + 1}"
    return title, files.cover_png(title, "From the archive", organisation, colours[number % len(colours)])


def report_file(number, organisation, date):
    """The title and PDF of pool report ``number``: a real PDF with a text layer, in the archive's words."""
    words = Words(seeded("report", number))
    names = list(TOPICS)[number % 3 : number % 3 + 2]
    body = [{"type": "heading", "value": {"text": "Key findings", "level": "h2"}}]
    body += [words.paragraph(names, date.year) for _ in range(6)]
    title = f"Archive report {number + 1}"
    summary = words.sentence(names, date.year)
    return title, files.report_pdf(title, date, summary, body, organisation, demo.ABOUT)


def chart_file(number):
    """The title, description and PNG of pool chart ``number``."""
    chart = demo.Chart(
        title=f"Operating grant per student, chart {number + 1}",
        description="Bar chart of the operating grant per student at five universities",
        value_format="${:,.0f}",
        bars=tuple((f"University {letter}", 8000 + 900 * i + 150 * number) for i, letter in enumerate("ABCDE")),
    )
    colour = list(demo.TOPIC_COLOURS.values())[number % len(demo.TOPIC_COLOURS)]
    return chart.title, chart.description, files.png(files.chart_image(chart, colour))
