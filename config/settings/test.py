"""Tests: fast hashing, an in-memory cache, media in a temporary folder."""

import tempfile

from .base import *  # noqa: F403

SECRET_KEY = "test-only-secret-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The page cache is off, so that tests see each page rendered; tests/test_page_cache.py turns it on.
PUBLICATIONS_PAGE_CACHE_SECONDS = 0
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # No rendition cache, so query-count tests see any rendition lookup that is not prefetched.
    "renditions": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}
# Off, so that tests that publish pages do not all wait for AVIF encodes they never look at; a page a test
# views makes what it shows. tests/test_renditions_ahead.py turns it on.
PUBLICATIONS_RENDITIONS_AHEAD = False
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="publications-test-media-"))  # noqa: F405
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
# Off, so that tests may log in without a request (client.login); tests/test_login_protection.py and the browser
# tests, which sign in through the real form, turn it on.
AXES_ENABLED = False

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # On disk rather than in memory, so that another process (the scheduler) can share a test's data.
    TEST_DATABASE = Path(tempfile.mkdtemp(prefix="publications-test-db-")) / "test.sqlite3"  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(TEST_DATABASE)}  # noqa: F405
