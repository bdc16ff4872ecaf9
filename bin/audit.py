"""Audit the public pages with axe-core and Lighthouse (mobile) on a production-like server.

Builds a throwaway site with the demo content, serves it with gunicorn under production settings,
and writes artifacts/audit/report.md (and each Lighthouse JSON report beside it).
Usage: make audit   (needs `npm ci` for axe-core and lighthouse, and Debian's chromium)
"""

import json
import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.throughput import wait_for  # noqa: E402 (after the project is on the path)
from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS, axe_violations  # noqa: E402

OUT = ROOT / "artifacts" / "audit"
PORT = int(os.environ.get("AUDIT_PORT", "8890"))
BASE = f"http://127.0.0.1:{PORT}"
CHROMIUM_FLAGS = " ".join(["--headless=new", *CHROMIUM_ARGS])
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PAGES = {
    "Home": "/",
    "Index (filtered)": "/publications/?topic=post-secondary-funding",
    "Seed publication": "/publications/micro-credentials-their-academic-credibility-at-bcs-research-universities/",
    "Brief": (
        "/publications/funding-for-success-post-secondary-education-in-bc-consolidated-brief-series/"
        "funding-for-success-brief-2-stable-operating-grants/"
    ),
    "Search results": "/search/?q=funding",
}


def environment(workdir):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.audit",
        "DATABASE_URL": f"sqlite:///{workdir}/audit.sqlite3",
        "MEDIA_ROOT": str(workdir / "media"),
        "STATIC_ROOT": str(workdir / "static"),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "WAGTAILADMIN_BASE_URL": BASE,
        "LOG_LEVEL": "WARNING",
    }


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def lighthouse(name, path, attempts=3):
    """Lighthouse's category scores for one page; retried, since a trace can fail on a busy machine."""
    target = OUT / f"lighthouse-{name.lower().split()[0]}.json"
    command = [
        "npx",
        "--no-install",
        "lighthouse",
        BASE + path,
        "--quiet",
        "--output=json",
        f"--output-path={target}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROMIUM_FLAGS}",
    ]
    for attempt in range(1, attempts + 1):
        result = subprocess.run(command, cwd=ROOT, env={**os.environ, "CHROME_PATH": CHROMIUM}, check=False)
        if result.returncode == 0:
            break
        if attempt == attempts:
            raise RuntimeError(f"Lighthouse failed {attempts} times on {path}")
    report = json.loads(target.read_text())
    return {key: round(report["categories"][key]["score"] * 100) for key in CATEGORIES}


def axe(page, path):
    page.goto(BASE + path)
    return [f"{v['id']} ({len(v['nodes'])})" for v in axe_violations(page)]


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="publications-audit-") as tmp:
        env = environment(Path(tmp))
        manage(env, "migrate", "--noinput")
        manage(env, "load_demo_content")
        manage(env, "collectstatic", "--noinput")
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{PORT}", "--workers", "2"],
            cwd=ROOT,
            env=env,
        )
        try:
            wait_for(BASE + "/", timeout=30)
            rows = []
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 390, "height": 844})
                for name, path in PAGES.items():
                    rows.append((name, path, axe(page, path), lighthouse(name, path)))
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    lines = [
        "# Audit: axe-core (WCAG 2.2 A/AA) and Lighthouse (mobile)",
        "",
        "| page | axe violations | performance | accessibility | best practices | SEO |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, path, violations, scores in rows:
        found = ", ".join(violations) or "0"
        lines.append(f"| [{name}]({path}) | {found} | " + " | ".join(str(scores[key]) for key in CATEGORIES) + " |")
    report = "\n".join(lines) + "\n"
    (OUT / "report.md").write_text(report)
    print(report)
    return 0 if all(not violations for _, _, violations, _ in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
