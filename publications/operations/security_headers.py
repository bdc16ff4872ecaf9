"""The Content-Security-Policy and Cross-Origin-Resource-Policy of every response: strict for readers; for
Wagtail's admin as strict for scripts (its inline starts are written as data, publications.editorial.admin_scripts),
looser for styles, which its templates and scripts set inline.

The other security headers (HSTS, X-Content-Type-Options, Referrer-Policy, Cross-Origin-Opener-Policy) are
Django's SecurityMiddleware's, from settings. Public pages get no nonces: the page cache replays whole
responses, and a replayed nonce protects nothing.
"""

import base64
import hashlib
import re

from django.conf import settings

ADMIN_PATH = "/admin/"

PUBLIC_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# Wagtail's admin writes style attributes, makes blob: images (upload previews) and previews pages in a
# same-origin iframe. Everything still comes from this origin only.
ADMIN_POLICY = {
    **PUBLIC_POLICY,
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "frame-ancestors": ["'self'"],
}


def error_page_style_hash():
    """The hash of 500.html's own <style>: that page needs no static files, so its style is inline."""
    template = (settings.BASE_DIR / "templates" / "500.html").read_text()
    style = re.search(r"<style>(.*?)</style>", template, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    return f"'sha256-{digest}'"


def header_value(policy):
    return "; ".join(f"{directive} {' '.join(sources)}" for directive, sources in policy.items())


def policy_for(path):
    return ADMIN_HEADER if path.startswith(ADMIN_PATH) else PUBLIC_HEADER


PUBLIC_HEADER = header_value({**PUBLIC_POLICY, "style-src": ["'self'", error_page_style_hash()]})
ADMIN_HEADER = header_value(ADMIN_POLICY)


class SecurityHeadersMiddleware:
    """Adds the path's Content-Security-Policy and ``Cross-Origin-Resource-Policy: same-origin`` to every response,
    from the page cache or not."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response["Content-Security-Policy"] = policy_for(request.path)
        response["Cross-Origin-Resource-Policy"] = "same-origin"
        return response
