from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from publications.models import BriefPage, HomePage, PublicationIndexPage, PublicationPage

from .factories import DocumentFactory, ImageFactory, PublicationPageFactory, TopicFactory, build_site
from .forms import list_block


class TestPageTypeRules(WagtailPageTestCase):
    def test_home_sits_at_the_root_and_holds_the_index(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(HomePage, {PublicationIndexPage})

    def test_index_holds_publications_only(self):
        self.assertAllowedParentPageTypes(PublicationIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(PublicationIndexPage, {PublicationPage})

    def test_publications_hold_briefs_and_briefs_hold_nothing(self):
        self.assertAllowedParentPageTypes(PublicationPage, {PublicationIndexPage})
        self.assertAllowedSubpageTypes(PublicationPage, {BriefPage})
        self.assertAllowedParentPageTypes(BriefPage, {PublicationPage})
        self.assertAllowedSubpageTypes(BriefPage, set())

    def test_singletons(self):
        assert HomePage.max_count == 1
        assert PublicationIndexPage.max_count == 1


class TestCreateInAdmin(WagtailPageTestCase):
    def setUp(self):
        self.index = build_site()
        self.login()

    def publication_form(self, **overrides):
        data = {
            "title": "Micro-Credentials & Their Academic Credibility",
            "slug": "micro-credentials",
            "publication_date": "2021-03-01",
            "summary": "Micro-credentials offer new opportunities.",
            "pdf": DocumentFactory().pk,
            "cover_image": ImageFactory().pk,
            "topics": [TopicFactory(name="Micro-credentials").pk],
            "authors": inline_formset([{"name": "A. Researcher"}]),
            "body": streamfield(
                [
                    ("paragraph", rich_text("<p>Micro-credentials are small units.</p>")),
                    ("quote", {"text": "It has to fit within the academic mission.", "attribution": "Excerpt"}),
                    (
                        "explore",
                        {"introduction": "Download our paper to explore:", "items": list_block(["The benefits"])},
                    ),
                ]
            ),
            "related_links": inline_formset([]),
        }
        data.update(overrides)
        return nested_form_data(data)

    def test_editor_creates_a_publication_with_every_field(self):
        self.assertCanCreate(self.index, PublicationPage, self.publication_form())
        page = PublicationPage.objects.get(slug="micro-credentials")
        assert page.pdf and page.cover_image
        assert [a.name for a in page.authors.all()] == ["A. Researcher"]
        assert [b.block_type for b in page.body] == ["paragraph", "quote", "explore"]

    def test_brief_is_created_under_a_series(self):
        series = PublicationPageFactory(parent=self.index)
        data = self.publication_form(slug="brief-one", title="Brief one")
        self.assertCanCreate(series, BriefPage, data)
        self.assertCanNotCreateAt(PublicationIndexPage, BriefPage)
