import logging

from django.apps import AppConfig
from django.conf import settings

logger = logging.getLogger(__name__)


class PublicationsConfig(AppConfig):
    name = "publications"
    verbose_name = "Publications"

    def ready(self):
        from django.urls import register_converter
        from wagtail.signals import page_published

        from .converters import DatabaseIdConverter
        from .documents import release
        from .editorial import renditions_ahead, scheduler_wakeup
        from .editorial.admin_scripts import write_chooser_starts_as_data
        from .editorial.permissions import review_media_changes
        from .readers import page_cache
        from .readers.search import reindex_after_publish

        register_converter(DatabaseIdConverter, "id")
        page_cache.connect_signals()
        release.connect_signals()
        review_media_changes()
        renditions_ahead.connect_signals()
        scheduler_wakeup.connect_signals()
        write_chooser_starts_as_data()

        page_published.connect(reindex_after_publish, dispatch_uid="publications.reindex_after_publish")
        if settings.PUBLICATIONS_EMAIL_REQUIRED and not settings.PUBLICATIONS_EMAIL_CONFIGURED:
            logger.warning(
                "publications.W001: no outgoing email is configured (EMAIL_URL or EMAIL_HOST), so moderation "
                "notifications and password resets go to an SMTP server on localhost:25."
            )
