"""Every response carries the security headers, from the page cache or not; public pages score A+ and the admin
A+ by Mozilla HTTP Observatory's rules under production settings.

``observatory_score`` implements the Observatory's modifiers that one response decides: Content-Security-Policy,
clickjacking (frame-ancestors or X-Frame-Options), HSTS, X-Content-Type-Options, Referrer-Policy,
Cross-Origin-Resource-Policy and cookies, with bonuses only for a score of 90 or more without them. Not scored
here: redirection from http (the proxy's), Subresource Integrity (no third-party scripts), CORS files, HSTS preload.
"""

import base64
import hashlib
import json
import re

import pytest
from django.core.cache import cache
from django.template.loader import render_to_string

from publications.operations.security_headers import error_page_style_hash

from .factories import DocumentFactory, PublicationPageFactory
from .test_settings import PRODUCTION_ENV, manage

SIX_MONTHS = 15_768_000
PRIVATE_REFERRER_POLICIES = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}
UNSAFE_REFERRER_POLICIES = {"origin", "origin-when-cross-origin", "unsafe-url"}
GRADES = [(100, "A+"), (90, "A"), (85, "A-"), (80, "B+"), (70, "B"), (65, "B-"), (60, "C+"), (50, "C"), (0, "F")]
PRODUCTION_SECURITY_SETTINGS = [
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_SAMESITE",
]


def csp_directives(header):
    directives = {}
    for part in header.split(";"):
        if part.strip():
            name, *sources = part.split()
            directives[name.lower()] = sources
    return directives


def csp_modifiers(header):
    if not header:
        return {"csp-not-implemented": -25}
    policy = csp_directives(header)
    default = policy.get("default-src", [])
    scripts = policy.get("script-src", default)
    every_source = [source for sources in policy.values() for source in sources]
    if "'unsafe-inline'" in scripts:
        return {"csp-implemented-with-unsafe-inline": -20}
    if "'unsafe-eval'" in every_source:
        return {"csp-implemented-with-unsafe-eval": -10}
    if any(source.startswith("http:") or source in ("http:", "*") for source in every_source):
        return {"csp-implemented-with-insecure-scheme": -20}
    if "'unsafe-inline'" in policy.get("style-src", default):
        return {"csp-implemented-with-unsafe-inline-in-style-src-only": 0}
    if default == ["'none'"]:
        return {"csp-implemented-with-no-unsafe-default-src-none": 10}
    return {"csp-implemented-with-no-unsafe": 5}


def framing_modifiers(response):
    ancestors = csp_directives(response.get("Content-Security-Policy", "")).get("frame-ancestors")
    if ancestors and "*" not in ancestors:
        return {"x-frame-options-implemented-via-csp": 5}
    if response.get("X-Frame-Options", "").upper() in ("DENY", "SAMEORIGIN"):
        return {"x-frame-options-sameorigin-or-deny": 0}
    return {"x-frame-options-not-implemented": -20}


def hsts_modifiers(header):
    match = re.search(r"max-age=(\d+)", header or "")
    if not match:
        return {"hsts-not-implemented": -20}
    if int(match.group(1)) < SIX_MONTHS:
        return {"hsts-implemented-max-age-less-than-six-months": -10}
    return {"hsts-implemented-max-age-at-least-six-months": 0}


def referrer_modifiers(header):
    if not header:
        return {"referrer-policy-not-implemented": 0}
    if header in PRIVATE_REFERRER_POLICIES:
        return {"referrer-policy-private": 5}
    if header in UNSAFE_REFERRER_POLICIES:
        return {"referrer-policy-unsafe": -5}
    return {"referrer-policy-no-referrer-when-downgrade": 0}


def corp_modifiers(header):
    if not header:
        return {"corp-not-implemented": 0}
    if header in ("same-origin", "same-site", "cross-origin"):
        return {f"corp-implemented-with-{header}": 0}
    return {"corp-header-invalid": -5}


def cookie_modifiers(cookies):
    if not cookies:
        return {"cookies-not-found": 0}
    sessions = [morsel for name, morsel in cookies.items() if "sess" in name.lower() or "login" in name.lower()]
    if any(not morsel["secure"] for morsel in sessions):
        return {"cookies-session-without-secure-flag": -40}
    if any(not morsel["httponly"] for morsel in sessions):
        return {"cookies-session-without-httponly-flag": -30}
    if any(not morsel["secure"] for morsel in cookies.values()):
        return {"cookies-without-secure-flag": -20}
    if all(morsel["samesite"] for morsel in cookies.values()):
        return {"cookies-secure-with-httponly-sessions-and-samesite": 5}
    return {"cookies-secure-with-httponly-sessions": 0}


def observatory_score(response):
    """(score, grade, modifiers) by the HTTP Observatory's rules for the headers and cookies of ``response``."""
    modifiers = {
        **csp_modifiers(response.get("Content-Security-Policy", "")),
        **framing_modifiers(response),
        **hsts_modifiers(response.get("Strict-Transport-Security")),
        **(
            {"x-content-type-options-nosniff": 0}
            if response.get("X-Content-Type-Options") == "nosniff"
            else {"x-content-type-options-not-implemented": -5}
        ),
        **referrer_modifiers(response.get("Referrer-Policy")),
        **corp_modifiers(response.get("Cross-Origin-Resource-Policy")),
        **cookie_modifiers(response.cookies),
    }
    penalties = 100 + sum(value for value in modifiers.values() if value < 0)
    bonuses = sum(value for value in modifiers.values() if value > 0) if penalties >= 90 else 0
    score = max(penalties + bonuses, 0)
    return score, next(grade for floor, grade in GRADES if score >= floor), modifiers


@pytest.fixture(scope="module")
def production_security():
    """The security settings config.settings.production gives, read from it in a process of its own."""
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {PRODUCTION_SECURITY_SETTINGS!r}}}))"
    )
    result = manage("shell", "--no-imports", "-c", code, **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def production(settings, production_security):
    for name, value in production_security.items():
        setattr(settings, name, value)
    return settings


@pytest.fixture
def publication(index):
    return PublicationPageFactory(parent=index, title="Open access in practice", pdf=DocumentFactory())


def public_urls(publication):
    return {
        "publication": publication.url,
        "index": "/publications/",
        "feed": "/feeds/publications.rss",
        "API": "/api/v2/pages/",
        "PDF": publication.pdf.url,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["publication", "index", "feed", "API", "PDF"])
def test_public_responses_carry_the_strict_policy_and_score_a_plus(client, production, publication, name):
    response = client.get(public_urls(publication)[name], secure=True)
    assert response.status_code == 200
    policy = csp_directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'", error_page_style_hash()]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    score, grade, modifiers = observatory_score(response)
    assert (score, grade) == (115, "A+"), modifiers


@pytest.mark.django_db
def test_the_admin_allows_no_inline_script_and_scores_a_plus(client, production, editor):
    response = client.post(
        "/admin/login/", {"username": editor.username, "password": "correct horse battery staple"}, secure=True
    )
    assert response.status_code == 302
    login_cookies = response.cookies
    response = client.get("/admin/", secure=True)
    assert response.status_code == 200
    policy = csp_directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    # Wagtail's templates and scripts set style attributes; the Observatory does not mark that down.
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    # The page editor previews the page in a same-origin iframe.
    assert policy["frame-ancestors"] == ["'self'"]
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert cookie_modifiers(login_cookies) == {"cookies-secure-with-httponly-sessions-and-samesite": 5}
    score, grade, modifiers = observatory_score(response)
    assert (score, grade) == (115, "A+"), modifiers


@pytest.mark.django_db
def test_pages_from_the_page_cache_carry_the_same_headers(client, settings, publication):
    settings.PUBLICATIONS_PAGE_CACHE_SECONDS = 3600
    cache.clear()
    first = client.get(publication.url)
    hit = client.get(publication.url)
    assert (first["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    for header in ("Content-Security-Policy", "Cross-Origin-Resource-Policy", "Cross-Origin-Opener-Policy"):
        assert hit[header] == first[header]
    cache.clear()


def test_the_error_page_style_is_allowed_by_its_hash():
    style = re.search(r"<style>(.*?)</style>", render_to_string("500.html"), re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert error_page_style_hash() == f"'sha256-{digest}'"


def test_the_scorer_marks_down_what_the_observatory_does():
    class Bare(dict):
        cookies = {}

    score, grade, modifiers = observatory_score(Bare())
    assert (score, grade) == (30, "F"), modifiers
    weak = Bare(
        {
            "Content-Security-Policy": "default-src 'self'; script-src 'self' 'unsafe-eval'",
            "X-Frame-Options": "DENY",
            "Strict-Transport-Security": "max-age=300",
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "unsafe-url",
        }
    )
    assert observatory_score(weak)[:2] == (75, "B")
