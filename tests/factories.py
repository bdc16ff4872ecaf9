"""Factories that build publications content for tests."""

import datetime
from contextlib import nullcontext

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils.text import slugify
from fpdf import FPDF
from PIL import Image
from wagtail.models import Collection, Page, Site

from publications.demo.tagged_pdf import TaggedPdf
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


def make_pdf(pages=2, text="A test publication", password=None, tagged=True, title=None, language="en"):
    """A real PDF of ``pages`` pages, each with ``text`` as extractable text (none if ``text`` is empty: a picture of
    a page instead), encrypted if ``password`` is given. It passes the accessibility checklist unless told otherwise:
    tagged, titled ``title`` (``text`` if None, none if empty) and in ``language`` (none if empty)."""
    pdf = TaggedPdf(format=(200, 260), unit="pt", language=language) if tagged else FPDF(format=(200, 260), unit="pt")
    if language and not tagged:
        pdf.set_lang(language)
    if title is None:
        title = text
    if title:
        pdf.set_title(title)
    pdf.set_font("Helvetica", size=12)
    for _ in range(pages):
        pdf.add_page()
        if text:
            with pdf.tagged("P") if tagged else nullcontext():
                pdf.multi_cell(0, 14, text)
        else:
            scan = Image.new("RGB", (60, 80), "navy")
            pdf.image(scan, x=20, y=20, w=60, alt_text="A scanned page" if tagged else None)
    if password is not None:
        pdf.set_encryption(owner_password=password, user_password=password)
    return bytes(pdf.output())


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda obj: f"{obj.username}@example.org")
    password = factory.django.Password("correct horse battery staple")

    class Meta:
        model = get_user_model()


def member_of(group_name):
    """A new user in the named group: STAFF or EDITORS from `publications.editorial.roles`, made by a data migration."""
    user = UserFactory()
    user.groups.add(Group.objects.get(name=group_name))
    return user


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
