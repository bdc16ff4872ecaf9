"""Login protection (django-axes): the client's address behind trusted proxies, the sign-in page a locked-out user
sees, the failed sign-ins editors see, and unlocking."""

import ipaddress
from collections import Counter

from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.shortcuts import render
from django.utils import timezone
from wagtail.admin.forms.auth import LoginForm
from wagtail.admin.views.account import password_reset_enabled

from publications.timezones import local_datetime

UNLOCK_PERMISSION = "axes.delete_accessattempt"


def client_address(request):
    """REMOTE_ADDR; behind PUBLICATIONS_PROXY_COUNT proxies that each append to X-Forwarded-For (Varnish: 1), the
    address the outermost of them saw, counted from the right so that a client cannot choose it."""
    count = settings.PUBLICATIONS_PROXY_COUNT
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if count and len(forwarded) >= count:
        try:
            return str(ipaddress.ip_address(forwarded[-count]))
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR")


def can_unlock_logins(user):
    return user.has_perm(UNLOCK_PERMISSION)


def failure_limit():
    return settings.AXES_FAILURE_LIMIT


def cool_off_minutes():
    return round(settings.AXES_COOLOFF_TIME.total_seconds() / 60)


def locked_out_response(request, original_response=None, credentials=None):
    """Wagtail's sign-in page saying why signing in is refused, with 429 Too Many Requests.

    The same for a username that exists and one that does not, so it tells nobody which accounts there are.
    """
    user_model = get_user_model()
    context = {
        "form": LoginForm(request=request),
        "lockout_message": (
            f"Too many failed sign-in attempts. Signing in is blocked for {cool_off_minutes()} minutes: "
            "try again later, or ask an editor to unlock it."
        ),
        "show_password_reset": password_reset_enabled(),
        "username_field": user_model._meta.get_field(user_model.USERNAME_FIELD).verbose_name,
        "next": request.POST.get("next", ""),
    }
    return render(request, "publications/admin/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)


def recent_attempts():
    """The failed sign-ins of the cool-off period, newest first, each ``locked`` when its username or its address
    has reached the limit (axes counts both, AXES_LOCKOUT_PARAMETERS), and ``when`` in the site's time zone."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    attempts = list(AccessAttempt.objects.filter(attempt_time__gte=since).order_by("-attempt_time"))
    by_username, by_address = Counter(), Counter()
    for attempt in attempts:
        by_username[attempt.username] += attempt.failures_since_start
        by_address[attempt.ip_address] += attempt.failures_since_start
    for attempt in attempts:
        attempt.locked = max(by_username[attempt.username], by_address[attempt.ip_address]) >= failure_limit()
        attempt.when = local_datetime(attempt.attempt_time, with_zone=True)
    return attempts


def unlock(attempt):
    """Clear the failures of the attempt's username and of its address, wherever they come from."""
    return AxesProxyHandler.reset_attempts(
        username=attempt.username, ip_address=attempt.ip_address, ip_or_username=True
    )
