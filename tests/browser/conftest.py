"""Browser fixtures: the sample site built once, served on loopback, driven by Playwright.

Browser tests use Debian's Chromium (``/usr/bin/chromium``, or ``POLICYBOOK_CHROMIUM``). When
it is missing they are skipped with a loud notice, except when ``POLICYBOOK_REQUIRE_BROWSER=1``
(set by ``.ci/run``), where a missing browser fails the run instead.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

REPO = Path(__file__).parent.parent.parent
CHROMIUM = os.environ.get("POLICYBOOK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
REFERENCE_DATE = "2026-11-21"


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists() or shutil.which(CHROMIUM):
        return
    message = f"Chromium not found at {CHROMIUM}: browser tests SKIPPED (apt-get install chromium)"
    if os.environ.get("POLICYBOOK_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(message.replace("SKIPPED", "cannot run, and CI requires them"))
    print(f"\n{'!' * 78}\n!! {message}\n{'!' * 78}")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=message))


@pytest.fixture(scope="session")
def built_site(sample_site) -> Path:
    return sample_site.outdir


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_url(built_site):
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser(built_site):
    """Built first: sphinx-sitemap's worker process must not inherit the browser's pipes."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    # the site was built for REFERENCE_DATE; pin the browser's clock so statuses mean the same
    page.clock.set_fixed_time(f"{REFERENCE_DATE}T10:00:00+08:00")
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.clock.set_fixed_time(f"{REFERENCE_DATE}T10:00:00+08:00")
    yield page
    context.close()
