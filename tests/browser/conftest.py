"""Playwright fixtures: Debian's Chromium against pytest-django's live server, and logging in to the admin."""

import re
import threading
from pathlib import Path

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connections
from playwright.sync_api import expect
from pytest_django.live_server_helper import LiveServer

from .chromium import CHROMIUM, CHROMIUM_ARGS

HERE = Path(__file__).resolve().parent
PASSWORD = "correct horse battery staple"  # UserFactory's
TIMEOUT_MS = 15_000

expect.set_options(timeout=TIMEOUT_MS)


def pytest_itemcollected(item):
    """Every test in this folder is marked `browser`, for `-m` to select or leave out."""
    item.add_marker(pytest.mark.browser)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run the browser tests after all others, even after pytest-django's ordering by database use.

    Once Playwright has started, its event loop runs in the test thread until the session ends, and Django
    would refuse ORM calls there from any test that followed.
    """
    browser = [item for item in items if HERE in item.path.parents]
    items[:] = [item for item in items if item not in browser] + browser


class GatedServer(ThreadedWSGIServer):
    """Serves one request at a time, and only while a test is running.

    The page editor autosaves and refreshes its preview in the background, and on SQLite the server's
    threads share the test's in-memory connection, which cannot run two requests at once. When a test
    ends, the editor still tells the server it has left the page; once the gate is shut that request
    gets a 503 instead of touching a database that is being emptied for the next test.
    """

    lock = threading.Lock()
    is_open = False

    def set_app(self, application):
        def gated(environ, start_response):
            with self.lock:
                if not self.is_open:
                    start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
                    return [b"No test is running."]
                return application(environ, start_response)

        super().set_app(gated)

    @classmethod
    def open(cls):
        cls.is_open = True

    @classmethod
    def shut(cls):
        with cls.lock:
            cls.is_open = False


@pytest.fixture(scope="session")
def live_server(django_db_setup):
    # Created once the test database exists, so that an in-memory SQLite connection is shared with it.
    server = LiveServer("localhost", start=False)
    server.thread.server_class = GatedServer
    server.start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _serve_during_the_test(transactional_db, live_server):
    GatedServer.open()
    yield
    GatedServer.shut()


@pytest.fixture(autouse=True)
def _login_protection_on(settings):
    """The tests sign in through the real form, so django-axes, off in the test settings, is on here."""
    settings.AXES_ENABLED = True


@pytest.fixture(scope="session")
def _connections_before_playwright(django_db_setup):
    return {alias: connections[alias] for alias in connections}


@pytest.fixture(scope="session")
def _orm_allowed_beside_playwright():
    """Playwright's sync API runs an event loop in the test thread; without this Django refuses ORM calls there.

    Set from the start of Playwright to its end (after all other tests, see above), then restored.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="session")
def playwright(_orm_allowed_beside_playwright, _connections_before_playwright, playwright):
    # Once Playwright's event loop runs in this thread, asgiref gives it a new set of database connections,
    # and the new ones lack the data serialized_rollback restores between tests. Keep the first ones.
    for alias, connection in _connections_before_playwright.items():
        connections[alias] = connection
    return playwright


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, live_server):
    return {**browser_context_args, "base_url": live_server.url}


# Chromium fires this event for every Content-Security-Policy violation; the script runs before the page's own.
RECORD_CSP_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    const blocked = event.blockedURI || "inline";
    window.cspViolations.push(`${event.violatedDirective} blocked ${blocked} on ${location.pathname}`);
});
"""


@pytest.fixture
def page(page):
    """Every browser test's page, which fails the test if the Content-Security-Policy blocked anything on it, or
    if an admin widget did not start (static/js/admin-init.js)."""
    page.set_default_timeout(TIMEOUT_MS)
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    console = []

    def record(message):
        if "Content Security Policy" in message.text or message.text.startswith("admin-init:"):
            console.append(message.text)

    page.on("console", record)
    page.on("pageerror", lambda error: console.append(f"uncaught: {error}"))
    yield page
    recorded = [] if page.is_closed() else page.evaluate("window.cspViolations || []")
    assert console + recorded == []


@pytest.fixture
def log_in():
    """``log_in(page, user)`` signs in through the admin's login form and lands on the dashboard."""

    def sign_in(page, user):
        page.goto("/admin/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page).to_have_url(re.compile(r"/admin/$"))

    return sign_in
