"""StreamField blocks for the body of publications and briefs."""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageBlock

from .api_fields import rendition_sizes


class ParagraphBlock(blocks.RichTextBlock):
    """Body text with links and simple emphasis."""

    def __init__(self, **kwargs):
        super().__init__(features=["bold", "italic", "link", "document-link", "ol", "ul"], **kwargs)

    class Meta:
        icon = "pilcrow"
        template = "publications/blocks/paragraph.html"
        description = "A paragraph of body text"
        preview_value = (
            "<p>Micro-credentials are small units of educational achievement with a "
            "variety of pathways and purposes.</p>"
        )


class SummaryBlock(blocks.TextBlock):
    """Lead text set larger than the body, usually the opening paragraph."""

    class Meta:
        icon = "openquote"
        template = "publications/blocks/summary.html"
        description = "Lead text set larger than the body"
        preview_value = (
            "We believe that micro-credentials can be successfully introduced within the "
            "post-secondary sector — provided it's done strategically and with proper oversight."
        )


class HeadingBlock(blocks.StructBlock):
    """A section heading inside the body."""

    text = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section (H2)"), ("h3", "Subsection (H3)")],
        default="h2",
        help_text="Use subsections only below a section heading.",
    )

    class Meta:
        icon = "title"
        template = "publications/blocks/heading.html"
        description = "A section heading"
        preview_value = {"text": "Key findings", "level": "h2"}


class QuoteBlock(blocks.StructBlock):
    """A pull-quote with its attribution."""

    text = blocks.TextBlock(help_text="The quoted words, without quotation marks.")
    attribution = blocks.CharBlock(
        required=False,
        max_length=160,
        help_text='Who said it or where it comes from, such as "Excerpt".',
    )

    class Meta:
        icon = "openquote"
        template = "publications/blocks/quote.html"
        description = "A pull-quote with attribution"
        preview_value = {
            "text": (
                "If such programming is to come to higher education and be successful, then it "
                "has to fit within the academic mission and address real world market needs."
            ),
            "attribution": "Excerpt",
        }

    def clean(self, value):
        value = super().clean(value)
        text = value["text"].strip()
        if len(text) >= 2 and text[0] in "\"“'‘" and text[-1] in "\"”'’":
            raise StructBlockValidationError(
                {"text": ValidationError("Leave out the quotation marks; the page adds them.")}
            )
        return value


class ExploreBlock(blocks.StructBlock):
    """An introduction followed by a bulleted list of what the paper covers."""

    introduction = blocks.CharBlock(
        max_length=200, default="Download our paper to explore:", help_text="The line above the list."
    )
    items = blocks.ListBlock(blocks.CharBlock(max_length=300), min_num=1, label="List items")

    class Meta:
        icon = "list-ul"
        template = "publications/blocks/explore.html"
        description = "An introduction and a bulleted list of topics"
        preview_value = {
            "introduction": "Download our paper to explore:",
            "items": [
                "How micro-credentials are currently being used in academia and the workforce",
                "The benefits and potential pitfalls of micro-credentials",
            ],
        }


class CaptionedImageBlock(blocks.StructBlock):
    """An image with alt text and an optional caption."""

    image = ImageBlock()
    caption = blocks.CharBlock(required=False, max_length=300)

    class Meta:
        icon = "image"
        template = "publications/blocks/image.html"
        description = "An image with alt text and a caption"

    def get_api_representation(self, value, context=None):
        """The image's id and caption, and its renditions: the API never names an original."""
        image = value["image"]
        return {
            "image": image.pk if image else None,
            "caption": value["caption"],
            **(rendition_sizes(image) if image else {}),
        }

    def get_preview_value(self):
        image = get_image_model().objects.order_by("-created_at").first()
        return self.to_python(
            {
                "image": {"image": image and image.pk, "alt_text": "", "decorative": False},
                "caption": "Funding per student, 2001–2021",
            }
        )


class BodyBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock()
    summary = SummaryBlock()
    heading = HeadingBlock()
    quote = QuoteBlock()
    explore = ExploreBlock()
    image = CaptionedImageBlock()

    class Meta:
        block_counts = {"summary": {"max_num": 1}}
