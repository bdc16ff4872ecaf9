"""axe-core finds no WCAG 2.2 A/AA violations on the public pages readers use most."""

import datetime

import pytest
from wagtail.rich_text import RichText

from tests.browser.chromium import AXE, axe_violations
from tests.factories import (
    BriefPageFactory,
    DocumentFactory,
    ImageFactory,
    PublicationPageFactory,
    TopicFactory,
    build_site,
)

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed: run `npm ci --omit=dev`"),
]


@pytest.fixture
def site_pages():
    index = build_site()
    topic = TopicFactory(name="Post-secondary funding")
    related = [
        PublicationPageFactory(parent=index, topics=[topic], cover_image=ImageFactory(), pdf=DocumentFactory())
        for _ in range(3)
    ]
    seed = PublicationPageFactory(
        parent=index,
        title="Micro-Credentials & Their Academic Credibility at BC’s Research Universities",
        publication_date=datetime.date(2021, 3, 1),
        topics=[topic],
        cover_image=ImageFactory(description="Micro credentials cover"),
        pdf=DocumentFactory(),
        body=[
            ("paragraph", RichText("<p>Micro-credentials are small units of educational achievement.</p>")),
            ("explore", {"introduction": "Download our paper to explore:", "items": ["Benefits", "Pitfalls"]}),
            ("quote", {"text": "It has to fit within the academic mission.", "attribution": "Excerpt"}),
        ],
    )
    series = related[0]
    brief = BriefPageFactory(parent=series, topics=[topic], pdf=DocumentFactory())
    BriefPageFactory(parent=series, topics=[topic])
    return {
        "home": "/",
        "index filtered": f"/publications/?topic={topic.slug}",
        "seed publication": seed.url,
        "brief": brief.url,
        "search results": "/search/?q=funding",
    }


def describe(violations):
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in violations
    )


@pytest.mark.parametrize("width", [390, 1280])
def test_public_pages_have_no_axe_violations(page, live_server, site_pages, width):
    page.set_viewport_size({"width": width, "height": 900})
    failures = {}
    for name, path in site_pages.items():
        response = page.goto(live_server.url + path)
        assert response.status == 200, f"{name}: {path} answered {response.status}"
        violations = axe_violations(page)
        if violations:
            failures[name] = describe(violations)
    assert not failures, "\n\n".join(f"{name}:\n{text}" for name, text in failures.items())
