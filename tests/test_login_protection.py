"""Sign-ins locked out after repeated failures, per username and per address (django-axes), with a clear message on
Wagtail's sign-in page, until the cool-off passes or an editor unlocks them; nothing tells which usernames exist."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.urls import reverse

from publications.editorial.roles import EDITORS

from .factories import UserFactory, member_of
from .helpers import assert_denied

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"  # UserFactory's
LIMIT = 3
LOCKED = "Too many failed sign-in attempts. Signing in is blocked for 15 minutes"
MISMATCH = "Your username and password didn&#x27;t match."


@pytest.fixture(autouse=True)
def axes_on(settings):
    """Axes is off for the other tests, which log in without a request (client.login); on here."""
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = LIMIT
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
    settings.PUBLICATIONS_PROXY_COUNT = 0


def sign_in(client, username, password=PASSWORD, address="192.0.2.10", **headers):
    return client.post(
        "/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=address, headers=headers
    )


def fail(client, username, times=LIMIT, address="192.0.2.10"):
    return [sign_in(client, username, "wrong password", address) for _ in range(times)]


def signed_in(client):
    return "_auth_user_id" in client.session


def test_the_right_password_is_refused_after_too_many_failures_with_a_clear_message(client, staff):
    responses = fail(client, staff.username)
    assert [response.status_code for response in responses] == [200] * (LIMIT - 1) + [429]
    assert MISMATCH in responses[0].content.decode()

    response = sign_in(client, staff.username)
    assert response.status_code == 429
    html = response.content.decode()
    assert LOCKED in html
    assert 'class="login-form"' in html
    assert not signed_in(client)


def test_an_unknown_username_is_answered_as_a_wrong_password(client, staff):
    known = fail(client, staff.username, address="192.0.2.10")
    unknown = fail(client, "nobody-here", address="192.0.2.11")
    assert [r.status_code for r in known] == [r.status_code for r in unknown]
    assert [MISMATCH in r.content.decode() for r in known] == [MISMATCH in r.content.decode() for r in unknown]
    assert LOCKED in sign_in(client, "nobody-here", address="192.0.2.11").content.decode()


def test_the_lock_is_per_username_and_per_address(client, staff, editor):
    fail(client, staff.username, address="192.0.2.10")
    assert sign_in(client, staff.username, address="198.51.100.7").status_code == 429
    assert sign_in(client, editor.username, address="192.0.2.10").status_code == 429
    response = sign_in(client, editor.username, address="198.51.100.7")
    assert response.status_code == 302
    assert signed_in(client)


def test_the_lock_ends_after_the_cool_off(client, staff):
    fail(client, staff.username)
    assert sign_in(client, staff.username).status_code == 429
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - datetime.timedelta(minutes=16))
    assert sign_in(client, staff.username).status_code == 302
    assert signed_in(client)


def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(client, settings, staff):
    """X-Forwarded-For counts only with PROXY_COUNT set, and then from the right: a client cannot choose its entry."""
    sign_in(client, staff.username, "wrong", address="127.0.0.1", x_forwarded_for="203.0.113.99")
    settings.PUBLICATIONS_PROXY_COUNT = 1
    sign_in(client, staff.username, "wrong", address="127.0.0.1", x_forwarded_for="203.0.113.99, 198.51.100.20")
    assert sorted(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["127.0.0.1", "198.51.100.20"]


def test_an_editor_sees_and_unlocks_a_locked_out_login(client, staff, editor):
    fail(client, staff.username)
    attempt = AccessAttempt.objects.get()
    client.force_login(editor)

    listing = client.get(reverse("publications_locked_out_logins"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert staff.username in html
    assert "Locked out" in html
    assert '"url": "/admin/logins/locked/"' in client.get("/admin/").content.decode()

    response = client.post(reverse("publications_unlock_login", args=[attempt.pk]), follow=True)
    assert response.redirect_chain == [(reverse("publications_locked_out_logins"), 302)]
    assert f"Unlocked {staff.username} and 192.0.2.10" in response.content.decode()
    assert not AccessAttempt.objects.exists()

    client.logout()
    assert sign_in(client, staff.username).status_code == 302


def test_a_superuser_may_unlock_too(client, staff):
    fail(client, staff.username)
    client.force_login(UserFactory(is_superuser=True))
    response = client.post(reverse("publications_unlock_login", args=[AccessAttempt.objects.get().pk]))
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()


def test_staff_cannot_see_or_unlock_locked_out_logins(client, staff):
    fail(client, "someone-else")
    attempt = AccessAttempt.objects.get()
    client.force_login(staff)
    assert_denied(client.get(reverse("publications_locked_out_logins")))
    assert_denied(client.post(reverse("publications_unlock_login", args=[attempt.pk])))
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()
    assert '"url": "/admin/logins/locked/"' not in client.get("/admin/").content.decode()


def test_editors_hold_the_unlock_permission_from_the_migration():
    assert Group.objects.get(name=EDITORS).permissions.filter(codename="delete_accessattempt").exists()
    assert member_of(EDITORS).has_perm("axes.delete_accessattempt")
