"""Where each page type goes, the singletons, and that every type renders, edits and previews in the admin."""

from django.urls import reverse
from wagtail.models import Page, Revision
from wagtail.rich_text import RichText
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, rich_text, streamfield

from publications.editorial.roles import EDITORS
from publications.models import BriefPage, HomePage, PublicationIndexPage, PublicationPage

from .factories import (
    BriefPageFactory,
    DocumentFactory,
    ImageFactory,
    PublicationPageFactory,
    TopicFactory,
    build_site,
    member_of,
)
from .helpers import assert_denied, list_block, publication_form


def body_form():
    """Form data for a body with a paragraph, a quote and an explore block."""
    return streamfield(
        [
            ("paragraph", rich_text("<p>Micro-credentials are small units.</p>")),
            ("quote", {"text": "It has to fit within the academic mission.", "attribution": "Excerpt"}),
            ("explore", {"introduction": "Download our paper to explore:", "items": list_block(["The benefits"])}),
        ]
    )


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


class TestSingletons(WagtailPageTestCase):
    """The site has one home page and one publications index; the admin will not add a second."""

    def setUp(self):
        self.index = build_site()
        self.home = self.index.get_parent()
        self.login()

    def add(self, model, parent, **data):
        url = reverse("wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk])
        return self.client.post(url, data) if data else self.client.get(url)

    def test_a_second_home_page_is_refused_until_the_first_is_gone(self):
        root = Page.get_first_root_node()
        assert_denied(self.add(HomePage, root))
        assert_denied(self.add(HomePage, root, title="Second home", slug="second-home", **{"action-publish": ""}))
        assert HomePage.objects.count() == 1

        self.home.delete()
        assert self.add(HomePage, root).status_code == 200

    def test_a_second_index_is_refused_until_the_first_is_gone(self):
        assert_denied(self.add(PublicationIndexPage, self.home))
        assert_denied(self.add(PublicationIndexPage, self.home, title="More", slug="more", **{"action-publish": ""}))
        assert PublicationIndexPage.objects.count() == 1

        self.index.delete()
        assert self.add(PublicationIndexPage, self.home).status_code == 200


class TestEveryPageType(WagtailPageTestCase):
    """Each page type is created where it belongs, renders for readers, and an editor can edit and preview it."""

    def setUp(self):
        index = build_site()
        publication = PublicationPageFactory(
            parent=index,
            pdf=DocumentFactory(),
            cover_image=ImageFactory(),
            topics=[TopicFactory()],
            body=[
                ("paragraph", RichText("<p>Micro-credentials are small units.</p>")),
                ("quote", {"text": "It has to fit within the academic mission.", "attribution": "Excerpt"}),
                ("explore", {"introduction": "Download our paper to explore:", "items": ["The benefits"]}),
            ],
        )
        self.pages = [index.get_parent().specific, index, publication, BriefPageFactory(parent=publication)]
        self.editor = member_of(EDITORS)

    def form_data(self, page):
        """What the edit form posts: Wagtail reads it from the form's HTML, but a StreamField is drawn by script."""
        return publication_form(page, body=body_form()) if isinstance(page, PublicationPage) else None

    def test_each_is_created_under_its_parent_type(self):
        for page in self.pages:
            with self.subTest(type(page).__name__):
                self.assertCanCreateAt(page.get_parent().specific_class, type(page))

    def test_each_renders_for_readers(self):
        for page in self.pages:
            with self.subTest(type(page).__name__):
                self.assertPageIsRoutable(page)
                self.assertPageIsRenderable(page)

    def test_an_editor_can_edit_each(self):
        for page in self.pages:
            with self.subTest(type(page).__name__):
                self.assertPageIsEditable(page, post_data=self.form_data(page), user=self.editor)
                # Wagtail's check passes on a refused form too; a new revision by the editor shows it was saved.
                assert Revision.objects.for_instance(page).filter(user=self.editor).exists()

    def test_an_editor_can_preview_each(self):
        for page in self.pages:
            with self.subTest(type(page).__name__):
                self.assertPageIsPreviewable(page, post_data=self.form_data(page), user=self.editor)


class TestCreateInAdmin(WagtailPageTestCase):
    def setUp(self):
        self.index = build_site()
        self.login()

    def publication_form(self, **overrides):
        """The publication form with every field filled in."""
        fields = {
            "title": "Micro-Credentials & Their Academic Credibility",
            "slug": "micro-credentials",
            "summary": "Micro-credentials offer new opportunities.",
            "pdf": DocumentFactory().pk,
            "cover_image": ImageFactory().pk,
            "topics": [TopicFactory(name="Micro-credentials").pk],
            "authors": inline_formset([{"name": "A. Researcher"}]),
            "body": body_form(),
        }
        return publication_form(**fields | overrides)

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
