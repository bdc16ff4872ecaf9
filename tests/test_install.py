"""The README's deployment section, followed as written on an empty PostgreSQL database with production settings:
the operator ends with a site an editor can log in to and readers are served published pages from.

The commands are the README's own, run by bash in order; only the README's example values are replaced (the
database, the /srv folders and the port gunicorn binds), and the first superuser comes from Django's
DJANGO_SUPERUSER_* variables, which answer setup_site's prompt.
"""

import os
import re
import secrets
import signal
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path

import psycopg2
import pytest
from django.db import connection
from psycopg2 import sql

ROOT = Path(__file__).resolve().parent.parent
SECTION = "## Deploying with PostgreSQL and gunicorn"
HOST = "publications.example.org"
PORT = 8520
STARTUP_SECONDS = 240

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the README deploys on PostgreSQL"),
]


def deployment_commands():
    """The shell block of the README's deployment section."""
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index(SECTION) :]
    return section.split("```sh\n", 1)[1].split("```", 1)[0]


@pytest.fixture
def empty_database():
    """A new, empty database on the test server; its URL. Dropped afterwards."""
    settings = connection.settings_dict
    server = {"host": settings["HOST"] or "127.0.0.1", "port": settings["PORT"] or 5432, "user": settings["USER"]}
    name = f"pub_install_{secrets.token_hex(4)}"
    admin = psycopg2.connect(dbname="postgres", **server)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield f"postgres://{server['user']}@{server['host']}:{server['port']}/{name}"
    finally:
        with admin.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        admin.close()


@pytest.fixture
def installed_site(empty_database, tmp_path):
    """The README's commands run by bash up to gunicorn serving; the environment they exported."""
    commands = (
        deployment_commands()
        .replace("postgres://publications@db.internal:5432/publications", empty_database)
        .replace("/srv/publications", str(tmp_path))
        .replace("--bind 127.0.0.1:8000", f"--bind 127.0.0.1:{PORT}")
    )
    assert commands.count(empty_database) == 1 and str(tmp_path) in commands and f":{PORT}" in commands
    # gunicorn runs last and stays: before it, the script writes what it exported for the test's own commands.
    commands = commands.replace(".venv/bin/gunicorn", f"env -0 > {tmp_path}/environment\n.venv/bin/gunicorn", 1)
    superuser = {
        "DJANGO_SUPERUSER_USERNAME": "operator",
        "DJANGO_SUPERUSER_EMAIL": "operator@example.org",
        "DJANGO_SUPERUSER_PASSWORD": secrets.token_urlsafe(16),
    }
    environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"} | superuser
    log = tmp_path / "install.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            ["/bin/bash", "-euo", "pipefail", "-c", commands],
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_until_served(process, log)
        exported = dict(
            line.split("=", 1) for line in (tmp_path / "environment").read_text().split("\0") if "=" in line
        )
        yield {"environment": exported, "superuser": superuser, "log": log}
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def wait_until_served(process, log):
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the README's commands stopped (exit {process.returncode}):\n{log.read_text()[-4000:]}")
        try:
            request("/robots.txt")
            return
        except (ConnectionError, urllib.error.URLError):
            time.sleep(0.5)
    pytest.fail(f"gunicorn did not answer within {STARTUP_SECONDS} s:\n{log.read_text()[-4000:]}")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def request(path, *, data=None, cookies=None):
    """A request as the TLS proxy in front of gunicorn passes it on: the public host, over HTTPS."""
    headers = {"Host": HOST, "X-Forwarded-Proto": "https", "Origin": f"https://{HOST}"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    opener = urllib.request.build_opener(NoRedirect)
    try:
        response = opener.open(urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", data=body, headers=headers))
    except urllib.error.HTTPError as error:
        response = error
    content = response.read().decode()
    for header in response.headers.get_all("Set-Cookie") or []:
        if cookies is not None:
            cookies.update({name: morsel.value for name, morsel in SimpleCookie(header).items()})
    return response.status, response.headers, content


def log_in(username, password):
    """Log in through the admin's login form; the session's cookies and the page the login led to."""
    cookies = {}
    status, _, form = request("/admin/login/", cookies=cookies)
    assert status == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    fields = {"csrfmiddlewaretoken": token, "username": username, "password": password, "next": "/admin/"}
    status, headers, _ = request("/admin/login/", data=fields, cookies=cookies)
    return cookies, status, headers.get("Location")


def manage(site, code):
    """Python run by `manage.py shell` with the environment the README's commands exported."""
    result = subprocess.run(
        [".venv/bin/python", "manage.py", "shell", "-v", "0", "-c", code],
        cwd=ROOT,
        env=site["environment"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_readme_deployment_serves_the_site_and_an_editor_logs_in(installed_site):
    status, headers, home = request("/")
    assert status == 200, home[-2000:]
    assert "Strict-Transport-Security" in headers
    status, _, index = request("/publications/")
    assert status == 200 and "<h1" in index

    # The superuser made by setup_site logs in, and so does an editor they add.
    cookies, status, location = log_in("operator", installed_site["superuser"]["DJANGO_SUPERUSER_PASSWORD"])
    assert (status, location) == (302, "/admin/")
    password = secrets.token_urlsafe(16)
    manage(
        installed_site,
        "from django.contrib.auth.models import Group, User\n"
        f"editor = User.objects.create_user('emma', 'emma@example.org', '{password}')\n"
        "editor.groups.add(Group.objects.get(name='Editors'))",
    )
    cookies, status, location = log_in("emma", password)
    assert (status, location) == (302, "/admin/")
    status, _, dashboard = request("/admin/", cookies=cookies)
    assert status == 200 and "emma" in dashboard

    # A publication the editor publishes is served to readers.
    url = manage(
        installed_site,
        "from publications.pages.models import PublicationIndexPage, PublicationPage\n"
        "from django.contrib.auth.models import User\n"
        "import datetime\n"
        "index = PublicationIndexPage.objects.get()\n"
        "page = index.add_child(instance=PublicationPage(title='First annual report', summary='Our year.',"
        " publication_date=datetime.date(2026, 11, 30)))\n"
        "page.save_revision(user=User.objects.get(username='emma')).publish()\n"
        "print(page.url_path.removeprefix(index.get_parent().url_path.rstrip('/')))",
    )
    status, _, publication = request(url)
    assert status == 200 and "First annual report" in publication
    assert "Download PDF" not in publication

    # Run again, setup_site changes nothing.
    again = manage(installed_site, "from django.core.management import call_command; call_command('setup_site')")
    assert "created" not in again.replace("already there", "")
