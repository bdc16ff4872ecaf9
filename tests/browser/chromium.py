"""What the browser tests and the bin/ scripts share: how to start Debian's Chromium, and axe-core."""

from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
# Headless as root on a machine without a network: no sandbox, GPU or background traffic.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page):
    """axe-core's WCAG 2.2 A and AA violations on the page Playwright has open."""
    # Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not govern (a
    # <script> tag of axe's text would be inline script, which it blocks).
    page.evaluate(AXE.read_text())
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(r => r.violations)", WCAG_TAGS
    )
