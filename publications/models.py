"""Every model of the app, imported for Django; each is defined in the room of its concern."""

from .archive.models import ImportRun
from .documents.models import PublicationDocument, PublicationImage, PublicationImageRendition
from .editorial.models import SchedulerHeartbeat
from .pages.models import (
    BriefPage,
    HomePage,
    PublicationAuthor,
    PublicationIndexPage,
    PublicationPage,
    RelatedPublication,
    Topic,
)
from .pages.organisation import OrganisationSettings

__all__ = [
    "BriefPage",
    "HomePage",
    "ImportRun",
    "OrganisationSettings",
    "PublicationAuthor",
    "PublicationDocument",
    "PublicationImage",
    "PublicationImageRendition",
    "PublicationIndexPage",
    "PublicationPage",
    "RelatedPublication",
    "SchedulerHeartbeat",
    "Topic",
]
