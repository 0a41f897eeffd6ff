"""Screenshot built pages in headless Chromium, at desktop and phone widths.

Usage: python tools/screenshot.py OUT_DIR PAGE [PAGE ...]   (PAGE relative to _build/html)
Set SCREEN_FULL=0 to capture only the first screen (to read details at full size).
Pages are served over http on loopback (pages that fetch data do not work from file://).
"""

from __future__ import annotations

import functools
import os
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("POLICYBOOK_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    root = Path(os.environ.get("SCREEN_ROOT", "_build/html")).resolve()
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    full = os.environ.get("SCREEN_FULL", "1") != "0"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            for page_path in sys.argv[2:]:
                for name, (width, height) in SIZES.items():
                    page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=1)
                    page.goto(base + page_path, wait_until="networkidle")
                    stem = page_path.replace("/", "_").removesuffix(".html")
                    page.screenshot(path=out / f"{stem}-{name}.png", full_page=full)
                    page.close()
            browser.close()
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
