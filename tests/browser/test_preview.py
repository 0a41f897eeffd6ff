"""``make serve`` in a browser: an open page follows the edit without the reader reloading it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent.parent))
from test_live_preview import NEW_TITLE, PLEDGE, TITLE, replace_in, running_preview  # noqa: E402

pytestmark = pytest.mark.browser


@pytest.fixture
def preview(tmp_path):
    with running_preview(tmp_path) as (src, port, _process, output):
        yield src, f"http://127.0.0.1:{port}/", output


def test_an_open_page_reloads_after_a_save(preview, page):
    src, url, output = preview
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.goto(url + "source/programs/ip-pledge.html")
    heading = page.locator("h1").first
    assert TITLE in heading.inner_text()
    # the reload script is an external file, connected before the edit
    page.wait_for_selector("html[data-pb-preview=connected]", state="attached")
    page.evaluate("window.__notReloaded = true")

    replace_in(src / PLEDGE, TITLE, NEW_TITLE)
    # null-safe: on a busy machine the check can run while the reloaded page has no <h1> yet
    page.wait_for_function(f"() => (document.querySelector('h1')?.textContent || '').includes({NEW_TITLE!r})",
                           timeout=60_000)
    assert page.evaluate("window.__notReloaded") is None  # the page reloaded itself
    assert not violations
    assert page.locator(".pb-preview-note:visible").count() == 0


def test_every_preview_page_shows_the_problems_until_they_are_fixed(preview, page):
    """A broken entry silently vanished from lists in preview; now every page says why."""
    src, url, _output = preview
    page.goto(url + "index.html")
    page.wait_for_selector("html[data-pb-preview=connected]", state="attached")
    assert page.locator(".pb-preview-problems:visible").count() == 0
    replace_in(src / PLEDGE, "level: municipal", "level: city")
    banner = page.locator(".pb-preview-problems")
    banner.wait_for(state="visible", timeout=60_000)
    assert "预览发现 1 个问题" in banner.inner_text()
    banner.locator("summary").click()
    assert "ip-pledge.yaml:3:8" in banner.inner_text() and "未知的取值 'city'" in banner.inner_text()
    replace_in(src / PLEDGE, "level: city", "level: municipal")
    page.wait_for_function("() => !document.querySelector('.pb-preview-problems') "
                           "|| document.querySelector('.pb-preview-problems').hidden", timeout=60_000)
