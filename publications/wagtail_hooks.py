"""Registrations only: what each registers is defined in its own module."""

from django.contrib.auth.models import Permission
from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .archive import admin_urls as archive_admin_urls
from .archive.views import TITLE as IMPORT_TITLE
from .archive.views import ImportMenuItem
from .documents import serving
from .documents.models import PublicationDocument
from .editorial import actions, admin_urls, choosers, permissions, roles, scheduling_messages
from .editorial.dashboard import SchedulerWarningPanel, UpcomingReleasesPanel
from .editorial.lockout_views import TITLE as LOCKOUTS_TITLE
from .editorial.lockout_views import LockedOutLoginsMenuItem, LockedOutLoginsView, UnlockLoginView
from .editorial.views import series_header_button
from .editorial.viewsets import PublicationListingViewSet, TopicViewSet

register_snippet(TopicViewSet)
hooks.register("before_serve_document", serving.embargo)
hooks.register("register_page_header_buttons", series_header_button)
hooks.register("before_delete_page", permissions.before_delete_page)
hooks.register("before_bulk_action", permissions.before_bulk_action)
hooks.register("after_edit_page", scheduling_messages.say_when_scheduled)
hooks.register("construct_page_chooser_queryset", choosers.related_publication_choices)
hooks.register("register_log_actions", actions.register_log_actions)


@hooks.register("register_admin_viewset")
def register_publication_listing():
    return PublicationListingViewSet("publications")


@hooks.register("register_admin_urls")
def register_series_admin_urls():
    return [path("publications/series/", include(admin_urls, namespace="publication_series"))]


@hooks.register("construct_document_chooser_queryset")
def only_pdfs_in_document_chooser(documents, request):
    return documents & PublicationDocument.objects.pdfs()


@hooks.register("construct_homepage_panels")
def add_scheduling_panels(request, panels):
    if roles.can_edit_pages(request.user):
        panels.extend([SchedulerWarningPanel(), UpcomingReleasesPanel()])


@hooks.register("register_admin_urls")
def register_lockout_admin_urls():
    return [
        path("logins/locked/", LockedOutLoginsView.as_view(), name="publications_locked_out_logins"),
        path("logins/locked/<id:attempt_id>/unlock/", UnlockLoginView.as_view(), name="publications_unlock_login"),
    ]


@hooks.register("register_settings_menu_item")
def register_lockouts_menu_item():
    url = reverse("publications_locked_out_logins")
    return LockedOutLoginsMenuItem(LOCKOUTS_TITLE, url, icon_name="lock", order=900)


@hooks.register("register_permissions")
def register_unlock_permission():
    return Permission.objects.filter(content_type__app_label="axes", codename="delete_accessattempt")


@hooks.register("insert_global_admin_js")
def start_admin_widgets_from_data():
    return format_html('<script src="{}"></script>', static("js/admin-init.js"))


@hooks.register("register_admin_urls")
def register_import_admin_urls():
    return [path("import/", include(archive_admin_urls))]


@hooks.register("register_settings_menu_item")
def register_import_menu_item():
    return ImportMenuItem(IMPORT_TITLE, reverse("publications_import"), icon_name="upload", order=800)
