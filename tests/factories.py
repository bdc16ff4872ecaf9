"""Factories that build publications content for tests."""

import datetime
import io

import factory
import wagtail_factories
from django.core.files.base import ContentFile
from django.utils.text import slugify
from PIL import Image as PILImage
from wagtail.models import Collection, Page, Site

from publications.models import (
    BriefPage,
    HomePage,
    PublicationDocument,
    PublicationImage,
    PublicationIndexPage,
    PublicationPage,
    RelatedPublication,
    Topic,
)


def make_pdf(pages=2, text="A test publication"):
    """A real multi-page PDF written by Pillow."""
    images = [PILImage.new("RGB", (200, 260), "white") for _ in range(pages)]
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", save_all=True, append_images=images[1:], title=text)
    return buffer.getvalue()


class TopicFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.LazyAttribute(lambda obj: slugify(obj.name))

    class Meta:
        model = Topic
        django_get_or_create = ("slug",)


class ImageFactory(wagtail_factories.ImageFactory):
    collection = factory.LazyFunction(Collection.get_first_root_node)
    title = factory.Sequence(lambda n: f"Cover {n}")
    description = factory.LazyAttribute(lambda obj: f"Cover of {obj.title}")
    file = factory.django.ImageField(width=120, height=160, color="navy")

    class Meta:
        model = PublicationImage


class DocumentFactory(wagtail_factories.DocumentFactory):
    collection = factory.LazyFunction(Collection.get_first_root_node)
    title = factory.Sequence(lambda n: f"Report {n}")
    file = factory.LazyAttribute(lambda obj: ContentFile(make_pdf(), name=f"{slugify(obj.title)}.pdf"))

    class Meta:
        model = PublicationDocument


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Faculty Association"
    slug = "faculty-association"

    class Meta:
        model = HomePage


class PublicationIndexPageFactory(wagtail_factories.PageFactory):
    title = "Publications"
    slug = "publications"

    class Meta:
        model = PublicationIndexPage


class PublicationPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Publication {n}")
    summary = factory.LazyAttribute(lambda obj: f"What {obj.title} is about.")
    publication_date = factory.Sequence(lambda n: datetime.date(2021, 1, 1) + datetime.timedelta(days=n))

    class Meta:
        model = PublicationPage


class BriefPageFactory(PublicationPageFactory):
    title = factory.Sequence(lambda n: f"Brief {n}")

    class Meta:
        model = BriefPage


class RelatedPublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RelatedPublication


def build_site():
    """A home page as the default site's root, in place of Wagtail's welcome page, with the index under it."""
    site = Site.objects.get(is_default_site=True)
    welcome = site.root_page
    home = HomePageFactory(parent=Page.get_first_root_node())
    site.root_page = home
    site.save()
    welcome.delete()
    return PublicationIndexPageFactory(parent=home)
