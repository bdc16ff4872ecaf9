"""Production: refuses to start without a secret key, allowed hosts and the site's base URL."""

from .base import *  # noqa: F403

SECRET_KEY = require_env("SECRET_KEY")  # noqa: F405
require_env("ALLOWED_HOSTS")  # noqa: F405
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")  # noqa: F405
# The links in admin emails (moderation and comment notifications) start with it; no localhost default.
WAGTAILADMIN_BASE_URL = require_env("WAGTAILADMIN_BASE_URL").rstrip("/")  # noqa: F405
# Without EMAIL_URL or EMAIL_HOST, mail goes to an SMTP server on localhost:25 (a local MTA may be the intent), and
# every start logs a warning: a log line rather than a system check, which `check --deploy` would fail on.
PUBLICATIONS_EMAIL_REQUIRED = True

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() == "true"  # noqa: F405
# HSTS: a year, subdomains included and preload asked for, unless the environment says otherwise.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))  # noqa: F405
SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("SECURE_HSTS_INCLUDE_SUBDOMAINS", "true").lower() == "true"  # noqa: F405
SECURE_HSTS_PRELOAD = os.environ.get("SECURE_HSTS_PRELOAD", "true").lower() == "true"  # noqa: F405
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
