"""Password resets, limited: a few emails an hour to one address and a few requests an hour from one client, so that
the form cannot flood someone's inbox or be used to probe many addresses quickly. Over a limit the person sees the
same "if this address has an account, an email is on its way" page as always and nothing is sent; the refusal is
logged. The counts are kept in the shared cache (Redis in production), so every app server counts together."""

import hashlib
import logging

from django.core.cache import cache
from wagtail.admin.forms.auth import PasswordResetForm

from .lockouts import client_address

logger = logging.getLogger(__name__)

EMAILS_PER_ADDRESS = 3
REQUESTS_PER_CLIENT = 10
WINDOW_SECONDS = 60 * 60


def counted(key):
    """One more for ``key`` in the current window; how many there have been."""
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # the window ended between the two calls
        cache.set(key, 1, WINDOW_SECONDS)
        return 1


class LimitedPasswordResetForm(PasswordResetForm):
    """Wagtail's password reset form (WAGTAILADMIN_USER_PASSWORD_RESET_FORM), sending nothing over the limits."""

    def save(self, *args, request=None, **kwargs):
        email = self.cleaned_data["email"].strip().lower()
        client = client_address(request) if request is not None else "unknown"
        to_address = counted(f"password-reset:email:{hashlib.sha256(email.encode()).hexdigest()}")
        from_client = counted(f"password-reset:client:{client}")
        if to_address > EMAILS_PER_ADDRESS or from_client > REQUESTS_PER_CLIENT:
            logger.warning("Password reset from %s not sent: over the hourly limit", client)
            return
        super().save(*args, request=request, **kwargs)
