"""Screenshot built pages in headless Chromium, at desktop and phone widths.

Usage: python tools/screenshot.py OUT_DIR PAGE [PAGE ...]   (PAGE relative to _build/html)
Set SCREEN_FULL=0 to capture only the first screen (to read details at full size).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    root = Path("_build/html").resolve()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        for page_path in sys.argv[2:]:
            for name, (width, height) in SIZES.items():
                page = browser.new_page(viewport={"width": width, "height": height},
                                        device_scale_factor=1)
                page.goto((root / page_path).as_uri())
                stem = page_path.replace("/", "_").removesuffix(".html")
                full = os.environ.get("SCREEN_FULL", "1") != "0"
                page.screenshot(path=out / f"{stem}-{name}.png", full_page=full)
                page.close()
        browser.close()


if __name__ == "__main__":
    main()
