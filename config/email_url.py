"""Django's email settings from the environment: one EMAIL_URL, or Django's own names (EMAIL_HOST and the rest)."""

from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

SMTP = "django.core.mail.backends.smtp.EmailBackend"
BACKENDS = {"smtp": SMTP, "smtps": SMTP, "console": "django.core.mail.backends.console.EmailBackend"}
TRUE = {"1", "true", "yes", "on"}


def parse_email_url(url):
    """``smtp://user:pass@host:587/?tls=1``, ``smtps://user:pass@host`` (SSL, port 465) or ``console://``."""
    parts = urlsplit(url)
    if parts.scheme not in BACKENDS:
        raise ImproperlyConfigured(f"EMAIL_URL must start with one of {', '.join(f'{s}://' for s in BACKENDS)}.")
    if parts.scheme == "console":
        return {"EMAIL_BACKEND": BACKENDS["console"]}
    query = {key: values[-1].lower() for key, values in parse_qs(parts.query).items()}
    use_ssl = parts.scheme == "smtps" or query.get("ssl") in TRUE
    use_tls = query.get("tls") in TRUE
    if use_ssl and use_tls:
        raise ImproperlyConfigured("EMAIL_URL asks for both SSL and STARTTLS; choose one.")
    return {
        "EMAIL_BACKEND": SMTP,
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or (465 if use_ssl else 587 if use_tls else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": use_tls,
        "EMAIL_USE_SSL": use_ssl,
    }


def email_settings(environ):
    """The email settings ``environ`` gives: EMAIL_URL where set, else the Django names, defaulting as Django does."""
    if environ.get("EMAIL_URL"):
        found = parse_email_url(environ["EMAIL_URL"])
    else:
        found = {
            "EMAIL_BACKEND": SMTP,
            "EMAIL_HOST": environ.get("EMAIL_HOST", "localhost"),
            "EMAIL_PORT": int(environ.get("EMAIL_PORT", "25")),
            "EMAIL_HOST_USER": environ.get("EMAIL_HOST_USER", ""),
            "EMAIL_HOST_PASSWORD": environ.get("EMAIL_HOST_PASSWORD", ""),
            "EMAIL_USE_TLS": environ.get("EMAIL_USE_TLS", "").lower() in TRUE,
            "EMAIL_USE_SSL": environ.get("EMAIL_USE_SSL", "").lower() in TRUE,
        }
    from_email = environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
    return {
        **found,
        "DEFAULT_FROM_EMAIL": from_email,
        "SERVER_EMAIL": environ.get("SERVER_EMAIL", from_email),
        "PUBLICATIONS_EMAIL_CONFIGURED": bool(environ.get("EMAIL_URL") or environ.get("EMAIL_HOST")),
    }
