"""Take full-page Chromium screenshots of the site's pages at phone and desktop widths.

Usage: bin/screenshots.py BASE_URL [PATH ...]   (files go to artifacts/screenshots/)
Logs in to the admin first when ADMIN_USER and ADMIN_PASSWORD are set, for admin screens.
"""

import os
import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS

WIDTHS = (390, 1280)
OUT = Path(__file__).resolve().parent.parent / "artifacts" / "screenshots"


def main(base_url, paths):
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width in WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": 900})
            page = context.new_page()
            if os.environ.get("ADMIN_USER"):
                page.goto(f"{base_url}/admin/login/")
                page.fill("#id_username", os.environ["ADMIN_USER"])
                page.fill("#id_password", os.environ["ADMIN_PASSWORD"])
                page.click("button[type=submit]")
            for path in paths:
                page.goto(base_url + path, wait_until="networkidle")
                name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
                target = OUT / f"{name}-{width}.png"
                page.screenshot(path=str(target), full_page=True)
                print(target)
            context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"), sys.argv[2:] or ["/"])
