"""The app's PNG icons for the web app manifest, drawn from ``static/icon.svg`` by Debian's
Chromium (the browser the suite uses), so the PNGs and the SVG cannot disagree. Run it after
changing the SVG, and commit the PNGs:

    .venv/bin/python scripts/icons.py

``icon-192.png`` and ``icon-512.png`` are the SVG as it is (its rounded square on a transparent
ground); ``icon-maskable-512.png`` fills the whole square with the icon's colour and keeps the
mark inside the middle 80 %, the safe zone a launcher's mask never cuts.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from playwright.sync_api import sync_playwright

STATIC = Path(__file__).resolve().parent.parent / "src" / "backbeat" / "web" / "static"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
SAFE = 0.8  # of the side: a maskable icon's mark stays inside this circle's square


def maskable(svg: str) -> str:
    """The SVG on a full-bleed square of its own colour, its mark shrunk into the safe zone."""
    colour = re.search(r'<rect[^>]*fill="([^"]+)"', svg)
    fill = colour.group(1) if colour else "#2b6a66"
    mark = re.sub(r"<rect[^>]*/>", "", svg)
    inner = re.sub(r"^<svg[^>]*>|</svg>$", "", mark.strip())
    scale = SAFE * 0.8
    shift = 16 * (1 - scale)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
        f'<rect width="32" height="32" fill="{fill}"/>'
        f'<g transform="translate({shift:g} {shift:g}) scale({scale:g})">{inner}</g></svg>'
    )


def draw(page: object, svg: str, size: int, path: Path) -> None:
    page.set_viewport_size({"width": size, "height": size})  # type: ignore[attr-defined]
    sized = svg.replace("<svg ", f'<svg width="{size}" height="{size}" ', 1)
    page.set_content(  # type: ignore[attr-defined]
        f"<!doctype html><style>html,body{{margin:0;background:transparent}}"
        f"svg{{display:block}}</style>{sized}"
    )
    page.screenshot(path=str(path), omit_background=True)  # type: ignore[attr-defined]


def main() -> None:
    svg = (STATIC / "icon.svg").read_text(encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(device_scale_factor=1)
        for size in (192, 512):
            draw(page, svg, size, STATIC / f"icon-{size}.png")
        draw(page, maskable(svg), 512, STATIC / "icon-maskable-512.png")
        browser.close()
    for name in ("icon-192.png", "icon-512.png", "icon-maskable-512.png"):
        print(f"{name}: {(STATIC / name).stat().st_size} bytes")


if __name__ == "__main__":
    main()
