from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    name = "publications"
    verbose_name = "Publications"

    def ready(self):
        from django.urls import register_converter
        from wagtail.signals import page_published

        from .converters import DatabaseIdConverter
        from .editorial import renditions_ahead, scheduler_wakeup
        from .editorial.permissions import review_media_changes
        from .readers import page_cache
        from .readers.search import reindex_after_publish

        register_converter(DatabaseIdConverter, "id")
        page_cache.connect_signals()
        review_media_changes()
        renditions_ahead.connect_signals()
        scheduler_wakeup.connect_signals()

        page_published.connect(reindex_after_publish, dispatch_uid="publications.reindex_after_publish")
