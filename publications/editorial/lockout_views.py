"""Settings → Locked-out logins: the failed sign-ins of the cool-off period, and unlocking a username and address."""

from axes.models import AccessAttempt
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import lockouts

TITLE = "Locked-out logins"


class UnlockPermissionMixin:
    def dispatch(self, request, *args, **kwargs):
        if not lockouts.can_unlock_logins(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class LockedOutLoginsView(UnlockPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "publications/admin/locked_out_logins.html"
    page_title = TITLE
    header_icon = "lock"
    _show_breadcrumbs = True

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": TITLE}]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            attempts=lockouts.recent_attempts(),
            failure_limit=lockouts.failure_limit(),
            cool_off_minutes=lockouts.cool_off_minutes(),
            **kwargs,
        )


class UnlockLoginView(UnlockPermissionMixin, View):
    http_method_names = ["post"]

    def post(self, request, attempt_id):
        attempt = get_object_or_404(AccessAttempt, pk=attempt_id)
        lockouts.unlock(attempt)
        messages.success(request, f"Unlocked {attempt.username} and {attempt.ip_address}: they can sign in again.")
        return redirect("publications_locked_out_logins")


class LockedOutLoginsMenuItem(MenuItem):
    def is_shown(self, request):
        return lockouts.can_unlock_logins(request.user)
