"""The production shape from outside: two app servers behind Varnish, one S3 bucket, one database, one cache."""

import re
import subprocess
import threading
import time
import uuid

import boto3
import pytest
import requests

from bench.throughput import NGINX_CONF, wrk

from .helpers import Browser, draft_copy, make_pdf, shell

LOAD_SECONDS = 30
CONNECTIONS = 64
INDEX = "/publications/"


@pytest.fixture(scope="module")
def readers(stack):
    """Anonymous readers through Varnish, and straight at app servers A and B."""
    return {name: Browser(stack.url(name)) for name in ("varnish", "app-a", "app-b")}


@pytest.fixture(scope="module")
def editor_on_a(stack):
    return Browser(stack.url("app-a")).log_in(stack, "editor")


def unique(title):
    return f"{title} {uuid.uuid4().hex[:8]}"


def anonymous_s3_get(stack, key):
    return requests.get(f"{stack.url('s3')}/{stack.config['STACK_BUCKET']}/{key}", timeout=10)


def document(stack, title):
    """The id, file name, object key and download count of the document called ``title``."""
    return shell(
        stack,
        f"""
import json
from publications.models import PublicationDocument
doc = PublicationDocument.objects.filter(title={title!r}).first()
print(json.dumps(doc and {{"id": doc.pk, "filename": doc.filename, "key": doc.file.name,
                          "downloads": doc.download_count, "url": doc.url}}))
""",
    )


def test_publish_and_unpublish_on_a_reach_readers_of_varnish_and_b_at_once(stack, readers, editor_on_a):
    title = unique("Stack publishing check")
    page = draft_copy(stack, title)
    varnish = readers["varnish"]
    varnish.get(INDEX)
    cached = varnish.get(INDEX)
    assert cached.headers["X-Cache"] == "hit"
    assert title not in cached.text
    for reader in readers.values():
        assert reader.get(page["path"]).status_code == 404

    editor_on_a.bulk("publish", page["id"])
    for name, reader in readers.items():
        response = reader.get(page["path"])
        assert response.status_code == 200, name
        assert title in response.text
    assert title in varnish.get(INDEX).text

    editor_on_a.bulk("unpublish", page["id"])
    for name, reader in readers.items():
        assert reader.get(page["path"]).status_code == 404, name
    assert title not in varnish.get(INDEX).text


def test_a_pdf_uploaded_on_a_reaches_readers_only_once_its_page_is_live(stack, readers, editor_on_a):
    title = unique("Stack PDF check")
    data = make_pdf(title)
    assert editor_on_a.upload_pdf(title, data).status_code == 302
    doc = document(stack, title)
    url = doc["url"]
    assert doc["key"].startswith("documents/")

    # Before release: nothing of it through A, B, Varnish, or the bucket without credentials.
    for name, reader in readers.items():
        response = reader.get(url)
        assert response.status_code == 404, name
        assert b"%PDF" not in response.content
    response = anonymous_s3_get(stack, doc["key"])
    assert response.status_code == 403
    assert b"%PDF" not in response.content

    page = draft_copy(stack, unique("Stack PDF page"), pdf_id=doc["id"])
    editor_on_a.bulk("publish", page["id"])
    for name in ("app-b", "varnish"):
        response = readers[name].get(url)
        assert response.status_code == 200, name
        assert response.content == data
        assert response.headers["Content-Disposition"].startswith("attachment")
        etag = response.headers["ETag"]
        assert readers[name].get(url, headers={"If-None-Match": etag}).status_code == 304
        head = readers[name].request("HEAD", url)
        assert (head.status_code, head.content) == (200, b"")
    # Two GETs answered in full (B, Varnish); the 304s and HEADs are not downloads.
    assert document(stack, title)["downloads"] == 2
    assert anonymous_s3_get(stack, doc["key"]).status_code == 403

    # Its cover (page 1 of the PDF) comes from the bucket through the app servers too, with an ETag of its own.
    cover = re.search(r'/images/\d+/[^"\s?]+', readers["varnish"].get(page["path"]).text).group(0)
    response = readers["varnish"].get(cover)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("image/")
    assert readers["varnish"].get(cover, headers={"If-None-Match": response.headers["ETag"]}).status_code == 304
    # Nothing was written to an app server's own disk: files are in the bucket, the cache in Redis.
    assert not (stack.dir / "media").exists()
    assert not (stack.dir / "cache").exists()


def test_readers_through_varnish_see_no_failure_while_app_server_a_is_killed_and_restarted(stack, readers):
    url = stack.url("varnish") + INDEX
    readers["varnish"].get(INDEX)
    events = []

    def purge():
        # What every committed change does: the whole site leaves Varnish, so the next readers go to the app servers.
        requests.request("PURGE", stack.url("varnish") + "/", timeout=10)

    def chaos():
        time.sleep(5)
        stack.stop("app-a", hard=True)
        events.append(f"A killed at {time.monotonic() - began:.1f} s")
        purge()
        time.sleep(5)
        purge()
        stack.start("app-a")
        events.append(f"A answering again at {time.monotonic() - began:.1f} s")
        purge()
        time.sleep(5)
        purge()

    began = time.monotonic()
    thread = threading.Thread(target=chaos)
    thread.start()
    result = wrk(url, LOAD_SECONDS, connections=CONNECTIONS)
    thread.join()
    # 64 readers queue for two workers: wait up to 10 s for each answer rather than count them as timeouts.
    uncached = wrk(
        stack.url("app-a") + INDEX,
        10,
        headers=["Cookie: sessionid=bypass-the-page-cache"],
        connections=CONNECTIONS,
        timeout=10,
    )
    print(
        f"\n[stack] {INDEX} through Varnish, {CONNECTIONS} connections, {LOAD_SECONDS} s, {'; '.join(events)}: "
        f"{result['rps']:,.0f} req/s, p99 {result['p99_ms']:.1f} ms, "
        f"{result['errors']} answers not 2xx/3xx, {result['socket_errors']} socket errors"
        f"\n[stack] the same page uncached on app server A alone, {CONNECTIONS} connections, 10 s: "
        f"{uncached['rps']:,.1f} req/s, p99 {uncached['p99_ms']:.0f} ms, "
        f"{uncached['errors']} answers not 2xx/3xx, {uncached['socket_errors']} socket errors"
    )
    assert len(events) == 2
    assert (result["errors"], result["socket_errors"]) == (0, 0)


def test_with_seaweedfs_stopped_uploads_are_refused_and_cached_pages_still_served(stack, readers, editor_on_a):
    varnish = readers["varnish"]
    varnish.get(INDEX)
    s3 = boto3.client(
        "s3",
        endpoint_url=stack.url("s3"),
        region_name="us-east-1",
        aws_access_key_id=stack.environment()["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=stack.environment()["AWS_SECRET_ACCESS_KEY"],
    )
    objects_before = s3.list_objects_v2(Bucket=stack.config["STACK_BUCKET"])["KeyCount"]
    title = unique("Stack upload while the store is down")
    stack.stop("s3")
    try:
        response = editor_on_a.upload_pdf(title, make_pdf(title))
        assert response.status_code == 503
        assert "The file store is not answering, so nothing was saved" in response.text
        cached = varnish.get(INDEX)
        assert (cached.status_code, cached.headers["X-Cache"]) == (200, "hit")
    finally:
        stack.start("s3")
    assert document(stack, title) is None

    # Back without anyone doing anything: the same upload works, and the editor can open it from B.
    assert s3.list_objects_v2(Bucket=stack.config["STACK_BUCKET"])["KeyCount"] == objects_before
    data = make_pdf(title)
    assert editor_on_a.upload_pdf(title, data).status_code == 302
    doc = document(stack, title)
    editor_on_b = Browser(stack.url("app-b"))
    editor_on_b.cookies = dict(editor_on_a.cookies)
    assert editor_on_b.get(doc["url"]).content == data


def test_varnish_against_nginx_serving_the_same_page_as_a_file(stack, readers, tmp_path):
    body = readers["varnish"].get(INDEX).content
    html = tmp_path / "html"
    html.mkdir()
    (html / "index.html").write_bytes(body)
    for path in (tmp_path, html, html / "index.html"):
        path.chmod(0o755)  # nginx's workers run as nobody
    port = int(stack.config["STACK_NGINX_PORT"])
    (tmp_path / "nginx.conf").write_text(NGINX_CONF.format(workdir=tmp_path, port=port))
    nginx = subprocess.Popen(["nginx", "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)])  # noqa: S607
    try:
        nginx_url = f"http://{stack.host}:{port}/index.html"
        for _ in range(50):
            try:
                requests.get(nginx_url, timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        varnish = wrk(stack.url("varnish") + INDEX, 10, connections=CONNECTIONS)
        static = wrk(nginx_url, 10, connections=CONNECTIONS)
    finally:
        nginx.terminate()
        nginx.wait(timeout=30)
    print(
        f"\n[stack] cached {INDEX} ({len(body):,} bytes), {CONNECTIONS} connections, 10 s: "
        f"Varnish {varnish['rps']:,.0f} req/s (p99 {varnish['p99_ms']:.1f} ms), "
        f"nginx file {static['rps']:,.0f} req/s (p99 {static['p99_ms']:.1f} ms); "
        f"Varnish/nginx = {varnish['rps'] / static['rps']:.2f}"
    )
    assert (varnish["errors"], varnish["socket_errors"]) == (0, 0)


def test_two_schedulers_put_a_scheduled_page_live_once_and_varnish_shows_it_within_5_s(stack, readers):
    """Both app servers run run_scheduler: one pass at a time (the advisory lock), woken at the go-live time."""
    varnish = readers["varnish"]
    page = draft_copy(stack, unique("Stack go-live check"))
    go_live = shell(
        stack,
        f"""
import datetime, json
from django.utils import timezone
from wagtail.models import Page
page = Page.objects.get(pk={page["id"]}).specific
page.go_live_at = timezone.now() + datetime.timedelta(seconds=5)
page.save_revision().publish()
print(json.dumps(page.go_live_at.timestamp()))
""",
    )
    assert varnish.get(page["path"]).status_code == 404
    seen = None
    while time.time() < go_live + 15:
        if varnish.get(page["path"]).status_code == 200:
            seen = time.time()
            break
        time.sleep(0.2)
    assert seen is not None, "not live through Varnish 15 s after its go-live time"
    print(f"\n[stack] a scheduled page was readable through Varnish {seen - go_live:.1f} s after its go-live time")
    assert seen - go_live <= 5
    publishes = shell(
        stack,
        f"""
from wagtail.models import PageLogEntry
going_live = ["wagtail.publish", "wagtail.publish.scheduled"]
print(PageLogEntry.objects.filter(page_id={page["id"]}, action__in=going_live).count())
""",
    )
    assert publishes == 1
