"""Local development: debug on, a throwaway key, only local hosts."""

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY") or "django-insecure-dev-only-not-for-production"  # noqa: F405
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]  # noqa: F405
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
