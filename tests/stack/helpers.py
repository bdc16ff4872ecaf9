"""Helpers of the stack tests: the stack's own settings in a shell, PDFs, and a reader or editor over HTTP."""

import json
import re
import subprocess
import sys
from pathlib import Path

import requests
from fpdf import FPDF

ROOT = Path(__file__).resolve().parents[2]


def shell(stack, code, environment=None):
    """Run ``code`` in a ``manage.py shell`` with the stack's settings (or ``environment``); what it prints, as
    JSON."""
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=environment or stack.environment(),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def draft_copy(stack, title, pdf_id=None):
    """A draft copy of a live publication, never published, dated today (first in the index), with ``pdf_id`` as its
    PDF; its id and URL path."""
    return shell(
        stack,
        f"""
import datetime, json
from publications.pages.models import PublicationPage
source = PublicationPage.objects.live().exact_type(PublicationPage).filter(numchild=0).first()
attrs = {{"title": {title!r}, "slug": {slugify(title)!r}, "publication_date": datetime.date.today()}}
page = source.copy(update_attrs=attrs, keep_live=False)
if {pdf_id!r} is not None:
    page.pdf_id = {pdf_id!r}
page.save_revision()
print(json.dumps({{"id": page.pk, "path": page.get_url_parts()[2]}}))
""",
    )


def slugify(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def make_pdf(text):
    pdf = FPDF(format=(200, 260), unit="pt")
    pdf.set_title(text)
    pdf.set_font("Helvetica", size=12)
    pdf.add_page()
    pdf.multi_cell(0, 14, text)
    return bytes(pdf.output())


class Browser:
    """Someone at one address (Varnish or one app server): anonymous, or logged in to the admin there.

    Cookies are kept by hand: the stack runs production settings over plain HTTP on this machine, and a browser
    would send their ``Secure`` cookies to 127.0.0.1 where a generic HTTP client will not."""

    def __init__(self, base):
        self.base = base
        self.cookies = {}

    def request(self, method, path, **options):
        response = requests.request(
            method, self.base + path, cookies=self.cookies, allow_redirects=False, timeout=60, **options
        )
        self.cookies.update(response.cookies.get_dict())
        return response

    def get(self, path, **options):
        return self.request("GET", path, **options)

    def post(self, path, data=None, **options):
        headers = {"X-CSRFToken": self.cookies.get("csrftoken", "")}
        return self.request("POST", path, data=data, headers=headers, **options)

    def log_in(self, stack, username):
        password = json.loads((stack.dir / "demo-accounts.json").read_text())[username]
        self.get("/admin/login/")
        response = self.post("/admin/login/", {"username": username, "password": password, "next": "/admin/"})
        assert response.status_code == 302, response.text[:500]
        return self

    def upload_pdf(self, title, data):
        return self.post(
            "/admin/documents/add/",
            {"title": title, "collection": "1"},
            files={"file": (f"{slugify(title)}.pdf", data, "application/pdf")},
        )

    def bulk(self, action, page_id):
        """Publish or unpublish a page with the admin's bulk action, as an editor does from a listing."""
        response = self.post(f"/admin/bulk/wagtailcore/page/{action}/?id={page_id}", {})
        assert response.status_code == 302, response.text[:500]
        return response
