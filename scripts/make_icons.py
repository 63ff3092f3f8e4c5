"""Render the app icons (PNG) from the SVGs in quizapp/static/icons with Debian's Chromium.

Run once after changing an SVG: ``PYTHONPATH=. .venv/bin/python scripts/make_icons.py``.
The PNGs are committed, so the app serves them without this script.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.browser.conftest import CHROMIUM_FLAGS, chromium_path

ICONS = Path(__file__).resolve().parents[1] / "quizapp" / "static" / "icons"
# (source SVG, output PNG, size in px)
RENDERS = [
    ("icon.svg", "icon-192.png", 192),
    ("icon.svg", "icon-512.png", 512),
    ("icon.svg", "apple-touch-icon.png", 180),
    ("icon.svg", "favicon-32.png", 32),
    ("maskable.svg", "maskable-512.png", 512),
]


def main() -> None:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        for source, target, size in RENDERS:
            page = browser.new_page(viewport={"width": size, "height": size})
            svg = (ICONS / source).read_text()
            page.set_content(
                "<style>html,body{margin:0;background:transparent}svg{display:block;"
                f"width:{size}px;height:{size}px}}</style>{svg}")
            page.screenshot(path=str(ICONS / target), omit_background=True)
            page.close()
            print(f"wrote {target} ({size}x{size})")
        browser.close()


if __name__ == "__main__":
    main()
