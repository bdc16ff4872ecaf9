"""Admin email through a real SMTP server: moderation notifications and password resets reach their readers with
links to the site's base URL, configured by EMAIL_URL; password resets tell nobody which addresses have accounts."""

import email
import re
import socket
from email.policy import default

import pytest
from aiosmtpd.controller import Controller
from django.core.exceptions import ImproperlyConfigured

from config.email_url import email_settings, parse_email_url
from publications.models import PublicationPage

from .factories import PublicationPageFactory, UserFactory
from .helpers import publication_form
from .test_settings import PRODUCTION_ENV, manage

pytestmark = pytest.mark.django_db
BASE_URL = "https://publications.example.org"
PORTS = range(8400, 8450)


class Inbox:
    """What the SMTP server received, as parsed messages."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address):
        return [message for message in self.messages if address in message["X-Envelope-To"]]


def free_port():
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.fail("no free port in 8400-8449 for the SMTP server")


@pytest.fixture
def inbox(settings):
    """A real SMTP server on 127.0.0.1, and the site's email configured to it by EMAIL_URL."""
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    for name, value in email_settings({"EMAIL_URL": f"smtp://127.0.0.1:{controller.port}/"}).items():
        setattr(settings, name, value)
    settings.DEFAULT_FROM_EMAIL = "publications@example.org"
    settings.WAGTAILADMIN_BASE_URL = BASE_URL
    yield handler
    controller.stop()


def body(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def links(text):
    return re.findall(r"https?://\S+", text)


def test_editors_get_an_email_when_staff_submit_a_page_for_review(inbox, staff_client, editor, index):
    page = PublicationPageFactory(parent=index, live=False)
    response = staff_client.post(
        f"/admin/pages/{page.pk}/edit/", publication_form(page, **{"action-submit": "Submit to Editorial review"})
    )
    assert response.status_code == 302
    [message] = inbox.to(editor.email)
    assert message["From"] == "publications@example.org"
    assert page.title in message["Subject"]
    urls = links(body(message))
    assert f"{BASE_URL}/admin/pages/{page.pk}/edit/" in urls
    assert all(url.startswith(BASE_URL) for url in urls)
    assert PublicationPage.objects.get(pk=page.pk).workflow_in_progress


def test_a_password_reset_email_links_to_the_base_url(inbox, client):
    user = UserFactory(email="someone@example.org")
    response = client.post("/admin/password_reset/", {"email": "someone@example.org"})
    assert response.status_code == 302
    [message] = inbox.to("someone@example.org")
    [url] = links(body(message))
    assert url.startswith(f"{BASE_URL}/admin/password_reset/confirm/")
    assert user.username in body(message)
    confirm = client.get(url.removeprefix(BASE_URL), follow=True)
    assert confirm.status_code == 200
    assert b'name="new_password1"' in confirm.content


def without_csrf_token(response):
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
    return re.sub(r'"CSRF_TOKEN": "[^"]*"', "", html)


def test_the_password_reset_answers_the_same_for_an_unknown_address(inbox, client):
    UserFactory(email="someone@example.org")
    known = client.post("/admin/password_reset/", {"email": "someone@example.org"}, follow=True)
    unknown = client.post("/admin/password_reset/", {"email": "nobody@example.org"}, follow=True)
    assert (unknown.status_code, unknown.redirect_chain) == (known.status_code, known.redirect_chain)
    assert without_csrf_token(unknown) == without_csrf_token(known)
    assert inbox.to("nobody@example.org") == []
    assert len(inbox.messages) == 1


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "smtp://user%40example.org:p%40ss@mail.example.org:587/?tls=1",
            {
                "EMAIL_HOST": "mail.example.org",
                "EMAIL_PORT": 587,
                "EMAIL_HOST_USER": "user@example.org",
                "EMAIL_HOST_PASSWORD": "p@ss",
                "EMAIL_USE_TLS": True,
                "EMAIL_USE_SSL": False,
            },
        ),
        (
            "smtps://user:secret@mail.example.org",
            {"EMAIL_HOST": "mail.example.org", "EMAIL_PORT": 465, "EMAIL_USE_TLS": False, "EMAIL_USE_SSL": True},
        ),
        ("smtp://relay.internal", {"EMAIL_HOST": "relay.internal", "EMAIL_PORT": 25, "EMAIL_USE_TLS": False}),
        ("console://", {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}),
    ],
)
def test_email_url_gives_django_its_email_settings(url, expected):
    parsed = parse_email_url(url)
    assert {name: parsed[name] for name in expected} == expected


@pytest.mark.parametrize("url", ["smtp://mail.example.org/?tls=1&ssl=1", "smtps://mail.example.org/?tls=1", "ftp://x"])
def test_an_email_url_that_makes_no_sense_is_refused(url):
    with pytest.raises(ImproperlyConfigured):
        parse_email_url(url)


def test_sender_addresses_and_django_names_come_from_the_environment():
    found = email_settings(
        {"EMAIL_HOST": "mail.example.org", "EMAIL_PORT": "2525", "DEFAULT_FROM_EMAIL": "news@example.org"}
    )
    assert (found["EMAIL_HOST"], found["EMAIL_PORT"]) == ("mail.example.org", 2525)
    assert (found["DEFAULT_FROM_EMAIL"], found["SERVER_EMAIL"]) == ("news@example.org", "news@example.org")
    assert found["PUBLICATIONS_EMAIL_CONFIGURED"]
    assert not email_settings({})["PUBLICATIONS_EMAIL_CONFIGURED"]


def test_production_without_email_logs_a_warning_at_startup_and_still_passes_the_deploy_check():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "publications.W001: no outgoing email is configured" in result.stderr


def test_production_with_an_email_url_starts_without_the_warning():
    result = manage("check", **PRODUCTION_ENV, EMAIL_URL="smtp://mail.example.org:587/?tls=1")
    assert result.returncode == 0, result.stderr
    assert "publications.W001" not in result.stderr
