"""The site's image model, swappable so covers can carry more fields later."""

from django.db import models
from wagtail.images.models import AbstractImage, AbstractRendition, Image


class PublicationImage(AbstractImage):
    admin_form_fields = Image.admin_form_fields

    class Meta(AbstractImage.Meta):
        verbose_name = "image"
        verbose_name_plural = "images"


class PublicationImageRendition(AbstractRendition):
    image = models.ForeignKey(PublicationImage, related_name="renditions", on_delete=models.CASCADE)

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
