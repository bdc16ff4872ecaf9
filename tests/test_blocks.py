import pytest
from django.core.exceptions import ValidationError
from wagtail.blocks import StreamValue
from wagtail.rich_text import RichText

from publications.pages.blocks import BodyBlock, QuoteBlock

from .factories import ImageFactory

pytestmark = pytest.mark.django_db

body = BodyBlock()


def render(block_type, value):
    child = body.child_blocks[block_type]
    return StreamValue(body, [(block_type, child.to_python(child.get_prep_value(value)))]).render_as_block()


def test_paragraph_keeps_its_rich_text():
    html = render("paragraph", RichText("<p>Small units of <b>achievement</b>.</p>"))
    assert "<b>achievement</b>" in html


def test_summary_is_lead_text():
    html = render("summary", "We believe micro-credentials can succeed.")
    assert 'class="lead' in html and "We believe micro-credentials can succeed." in html


def test_heading_uses_the_chosen_level():
    assert "<h3" in render("heading", {"text": "Findings", "level": "h3"})
    assert "<h2" in render("heading", {"text": "Findings", "level": "h2"})


def test_quote_adds_marks_and_attribution():
    html = render("quote", {"text": "It has to fit the academic mission.", "attribution": "Excerpt"})
    assert "<blockquote" in html
    assert "“It has to fit the academic mission.”" in html
    assert "Excerpt" in html


def test_quote_without_attribution_has_no_empty_caption():
    assert "figcaption" not in render("quote", {"text": "Plain quote.", "attribution": ""})


def test_quote_refuses_typed_quotation_marks():
    with pytest.raises(ValidationError):
        QuoteBlock().clean({"text": "“Already quoted.”", "attribution": ""})


def test_explore_lists_every_item_under_its_introduction():
    html = render("explore", {"introduction": "Download our paper to explore:", "items": ["Benefits", "Pitfalls"]})
    assert "Download our paper to explore:" in html
    assert html.count("<li") == 2


def test_image_has_alt_text_caption_and_modern_formats():
    image = ImageFactory(description="A chart of funding by year")
    html = render("image", {"image": image, "caption": "Funding, 2001–2021"})
    assert 'alt="A chart of funding by year"' in html
    assert "Funding, 2001–2021" in html
    assert "image/avif" in html and "image/webp" in html
    assert 'loading="lazy"' in html


@pytest.mark.parametrize("block_type", list(body.child_blocks))
def test_every_block_has_an_admin_preview(admin_client, block_type):
    block = body.child_blocks[block_type]
    assert block.meta.description
    response = admin_client.get("/admin/block-preview/", {"id": block.definition_prefix})
    assert response.status_code == 200
