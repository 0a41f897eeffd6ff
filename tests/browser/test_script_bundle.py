"""Our deferred scripts served as one file (pages/bundles.py) behave as separate files did."""

from __future__ import annotations

import pytest

from policybook.pages import bundles

pytestmark = pytest.mark.browser


def test_a_failing_part_does_not_stop_the_next(browser, tmp_path):
    """A script that throws at its top level stopped only itself as a separate file; in a bundle
    each part runs in ``try`` and the error still reaches the page (window.onerror, console)."""
    static = tmp_path / "_static"
    static.mkdir()
    (static / "pb-a.js").write_text("(function () { window.ranA = true; null.boom; })();\n// no newline at end", "utf-8")
    (static / "pb-b.js").write_text("(function () { window.ranB = true; })();", "utf-8")
    text = bundles._text(bundles.JS, static, ["_static/pb-a.js", "_static/pb-b.js"])
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_content("<!DOCTYPE html><p>x</p>")
    page.add_script_tag(content=text)
    page.wait_for_timeout(100)
    assert page.evaluate("[window.ranA, window.ranB]") == [True, True]
    assert len(errors) == 1 and "null" in errors[0]
    page.close()


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_program_page_scripts_still_work_from_the_bundle(browser, site_url, device):
    """The menu (pb-nav), today's status (pb-window, pb-status) and the search box (pb-query,
    pb-search) all come from bundles on a program page."""
    options = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True} \
        if device == "phone" else {"viewport": {"width": 1280, "height": 900}}
    context = browser.new_context(**options)
    page = context.new_page()
    page.clock.set_fixed_time("2026-11-21T10:00:00+08:00")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site_url + "source/programs/patent-subsidy.html")
    assert page.locator('script[src*="pb-bundle-"]').count() == 2
    badge = page.locator(".pb-badges .pb-status").first
    assert badge.inner_text().strip()
    if device == "phone":
        page.locator(".primary-toggle").first.tap()
        page.locator("#pst-primary-sidebar-modal[open]").wait_for()
        page.keyboard.press("Escape")
    page.locator(".search-button__button:visible").first.click()
    page.locator("#pst-search-dialog[open] input[name=q]").fill("专利补贴")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search.html?q=*")
    page.locator(".pb-search-results a, #pb-search-results a").first.wait_for()
    assert errors == []
    context.close()
