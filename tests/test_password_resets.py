"""Password resets are limited: a few emails an hour to one address and a few requests an hour from one client,
answered exactly as a reset that is sent, so the limit tells nobody which addresses have accounts."""

import pytest
from django.core.cache import cache

from publications.editorial.password_resets import EMAILS_PER_ADDRESS, REQUESTS_PER_CLIENT

from .factories import UserFactory

pytestmark = pytest.mark.django_db
RESET = "/admin/password_reset/"


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()
    yield
    cache.clear()


def ask(client, email, address="203.0.113.7"):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=address)


def test_one_address_gets_a_few_emails_an_hour_and_every_request_the_same_answer(client, mailoutbox):
    UserFactory(email="someone@example.org")
    answers = {ask(client, "someone@example.org", address=f"203.0.113.{n}")["Location"] for n in range(6)}
    assert answers == {"/admin/password_reset/done/"}
    assert [message.to for message in mailoutbox] == [["someone@example.org"]] * EMAILS_PER_ADDRESS
    # The address is counted however it is written.
    ask(client, " SOMEONE@example.org ", address="203.0.113.99")
    assert len(mailoutbox) == EMAILS_PER_ADDRESS


def test_one_client_may_ask_a_few_times_an_hour_for_any_addresses(client, mailoutbox):
    users = [UserFactory(email=f"person{n}@example.org") for n in range(REQUESTS_PER_CLIENT + 2)]
    answers = {ask(client, user.email).status_code for user in users}
    assert answers == {302}
    assert len(mailoutbox) == REQUESTS_PER_CLIENT
    # Another client is not held up by the first.
    ask(client, users[-1].email, address="198.51.100.4")
    assert mailoutbox[-1].to == [users[-1].email]
    assert len(mailoutbox) == REQUESTS_PER_CLIENT + 1
