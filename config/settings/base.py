"""Settings shared by every environment; safe for production on their own."""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.email_url import email_settings

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name):
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "publications",
    "wagtail.api.v2",
    "wagtail.contrib.redirects",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.forms",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "publications.operations.security_headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETags and 304s for every response, cached or not; the page cache answers before sessions are read.
    "django.middleware.http.ConditionalGetMiddleware",
    "publications.readers.page_cache.PageCacheMiddleware",
    "publications.documents.release.RestrictionsPerRequestMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "publications.documents.storage.StorageUnavailableMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

# Form widgets render through the project's templates, so that templates/wagtailadmin/widgets/ can write the admin's
# date pickers without inline script (publications.editorial.admin_scripts).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache shared by every process (web servers and the scheduler), which changes the page cache's
# version: Redis where REDIS_URL is set, else files on this machine, never per-process memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_DIR = Path(os.environ.get("CACHE_DIR", BASE_DIR / ".cache"))
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL},
        "renditions": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "renditions",
        },
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": CACHE_DIR / "default",
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        },
        "renditions": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": CACHE_DIR / "renditions",
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        },
    }
# Anonymous readers' pages stay in the page cache until the content changes (a day at most), in
# browsers for a minute, in a front cache (Varnish, a CDN) for ten, which every change purges.
PUBLICATIONS_PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", str(24 * 3600)))
PUBLICATIONS_BROWSER_CACHE_SECONDS = 60
PUBLICATIONS_FRONT_CACHE_SECONDS = 600
# Sessions in the database, read through the shared cache where there is Redis: any app server reads any session.
if REDIS_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# New search queries recorded a day, for promotions and popular searches (publications.readers.search_statistics).
PUBLICATIONS_SEARCH_QUERIES_PER_DAY = int(os.environ.get("SEARCH_QUERIES_PER_DAY", "1000"))
FRONTEND_CACHE_URL = os.environ.get("FRONTEND_CACHE_URL", "")
if FRONTEND_CACHE_URL:
    WAGTAILFRONTENDCACHE = {
        "front": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": FRONTEND_CACHE_URL}
    }

# Login protection (django-axes): after AXES_FAILURE_LIMIT failed sign-ins for a username, or from an address, the
# right password is refused too, until AXES_COOLOFF_MINUTES after the last failure or an editor unlocks it
# (Settings → Locked-out logins). Failures are kept in the database, shared by every app server.
# AxesBackend, a ModelBackend too, comes first: it refuses a locked-out sign-in before the password is checked, and a
# session logged in through it (client.force_login picks the first backend) still finds its user.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "publications.editorial.lockouts.locked_out_response"
AXES_CLIENT_IP_CALLABLE = "publications.editorial.lockouts.client_address"
# Password resets: a few emails an hour to one address, a few requests an hour from one client.
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "publications.editorial.password_resets.LimitedPasswordResetForm"  # noqa: S105 (a form's import path)
# Not a line on stderr at every start of every command: the lockouts are in the admin (Settings → Locked-out logins).
AXES_VERBOSE = False
# Proxies in front of the app servers that each append to X-Forwarded-For (Varnish: 1); 0 trusts only REMOTE_ADDR.
PUBLICATIONS_PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-ca"
TIME_ZONE = "America/Vancouver"
PUBLICATIONS_TIME_ZONE_NAME = "Pacific time"
# Every editor sees and enters dates in the site's time zone, whatever their own settings say.
WAGTAIL_USER_TIME_ZONES = [TIME_ZONE]
USE_I18N = True
USE_TZ = True

STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATIC_URL = "/static/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}

MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
# Uploads in an S3 bucket that every app server shares where AWS_STORAGE_BUCKET_NAME is set, else under MEDIA_ROOT.
# Every object is private and URLs to it are signed and short-lived: readers get files only through Django, below.
# boto3 reads the credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) from the environment or the machine's role.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL", "")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": AWS_S3_ENDPOINT_URL or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            # Another S3 server (SeaweedFS, MinIO) answers at its own address, with the bucket in the path.
            "addressing_style": "path" if AWS_S3_ENDPOINT_URL else None,
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 60,
            "file_overwrite": False,
        },
    }
# Nothing under MEDIA_ROOT is served as it is: PDFs and image renditions go through
# publications.documents.serving, which applies the release rule; originals stay private.
# The renditions readers are shown are made when an image's use goes live, before any reader asks for them
# (publications.editorial.renditions_ahead); without it, the first reader of a page waits for them.
PUBLICATIONS_RENDITIONS_AHEAD = True

# Logs: LOG_FORMAT=json writes one JSON object a line (publications.operations.logs); a request with a
# Host header not in ALLOWED_HOSTS is logged in one line, without its traceback.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "publications.operations.logs.JsonFormatter"}},
    "filters": {"without_traceback": {"()": "publications.operations.logs.WithoutTraceback"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", **({"formatter": "json"} if LOG_FORMAT == "json" else {})}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django_tasks": {"level": "WARNING"},
        "django.security.DisallowedHost": {"filters": ["without_traceback"]},
    },
}

# Outgoing email (moderation notifications, password resets): EMAIL_URL, or Django's EMAIL_HOST and the rest;
# DEFAULT_FROM_EMAIL and SERVER_EMAIL too. Production logs a warning at startup when none is set.
globals().update(email_settings(os.environ))
EMAIL_TIMEOUT = 10
PUBLICATIONS_EMAIL_REQUIRED = False

SESSION_COOKIE_HTTPONLY = True
# Wagtail's live preview shows the page in a same-origin iframe, so DENY would break it.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Security headers (publications.operations.security_headers adds Content-Security-Policy and
# Cross-Origin-Resource-Policy by path; SecurityMiddleware these).
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

WAGTAIL_SITE_NAME = os.environ.get("SITE_NAME", "Confederation of University Faculty Associations of BC")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILDOCS_DOCUMENT_MODEL = "publications.PublicationDocument"
WAGTAILIMAGES_IMAGE_MODEL = "publications.PublicationImage"
WAGTAILDOCS_EXTENSIONS = ["pdf"]
# Documents go through Django so that unreleased PDFs stay private (publications.documents.serving),
# as downloads rather than opened in the browser.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAILDOCS_DOCUMENT_FORM_BASE = "publications.editorial.forms.DocumentForm"
WAGTAILIMAGES_IMAGE_FORM_BASE = "publications.editorial.forms.ImageForm"
PUBLICATIONS_PDF_MAX_SIZE = int(os.environ.get("PDF_MAX_UPLOAD_MB", "50")) * 1024 * 1024
WAGTAILDOCS_MAX_UPLOAD_SIZE = PUBLICATIONS_PDF_MAX_SIZE
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
# Making a rendition decodes the whole image, about 8 bytes a pixel at its peak (measured): 40 megapixels
# (7,300 × 5,500, more than most cameras take) cost a worker 300 MB, 11,000 × 11,000 nearly a gigabyte.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
# The admin works offline: no avatars fetched from Gravatar.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_COMMENTS_ENABLED = True
# Autosave off: a save that overlaps a background autosave stores new inline rows (related
# publications, authors) twice. Editors save drafts themselves, as before Wagtail 7.
WAGTAIL_AUTOSAVE_INTERVAL = 0
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000


def require_env(name):
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable.")
    return value
