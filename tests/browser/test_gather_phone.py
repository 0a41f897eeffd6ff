"""The province's 政策查找 (policybook gather) on a phone: filter, tap a result, land on the county page."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from test_gather import counties, province  # noqa: F401  (the two-county fixtures)

from .conftest import REFERENCE_DATE

pytestmark = pytest.mark.browser


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def province_url(province):  # noqa: F811
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(province)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_filter_and_tap_a_result_on_a_phone(browser, province_url, tmp_path):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.clock.set_fixed_time(f"{REFERENCE_DATE}T10:00:00+08:00")
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # the county sites, as the network would answer them (no network in tests)
    page.route("https://qh.example.gov.cn/**", lambda route: route.fulfill(
        status=200, content_type="text/html; charset=utf-8", body="<!DOCTYPE html><title>清河县</title><h1>清河县事项</h1>"))
    page.goto(province_url)
    page.wait_for_selector('[data-pb-finder="finder"][data-pb-ready="true"]')
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(tmp_path / "province-phone.png"), full_page=False)
    page.locator(".pb-finder-filters > summary").tap()
    page.select_option("#pb-finder-category", "ip")
    page.wait_for_selector('[data-pb-finder="finder"]:not([data-pb-pending])', state="attached")
    items = page.locator(".pb-finder-results > li")
    shown = items.evaluate_all("l => l.map(x => x.dataset.program)")
    assert shown and all(pid.split("--")[0] in ("mh", "qh") for pid in shown)
    assert {pid.split("--")[0] for pid in shown} == {"mh", "qh"}  # both counties in one list
    link = page.locator('.pb-finder-results > li[data-program="qh--patent-grant"] a').first
    assert link.get_attribute("href") == "https://qh.example.gov.cn/kj/source/programs/patent-grant.html"
    assert link.inner_text().startswith("清河县专利授权奖励")
    link.tap()
    page.wait_for_url("https://qh.example.gov.cn/kj/source/programs/patent-grant.html")
    assert page.locator("h1").inner_text() == "清河县事项"
    context.close()
    assert not errors, errors


def test_on_a_phone_the_keyword_box_finds_a_program_by_its_conditions_in_both_counties(browser, province_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.clock.set_fixed_time(f"{REFERENCE_DATE}T10:00:00+08:00")
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(province_url)
    page.wait_for_selector('[data-pb-finder="finder"][data-pb-ready="true"]')
    box = page.locator('[data-pb-finder="finder"] input[type="search"]').first
    box.tap()
    box.fill("权属清晰")  # said only in a condition of the patent programs, not in any title
    page.wait_for_selector('[data-pb-finder="finder"][data-pb-ranked="权属清晰"]:not([data-pb-pending])',
                           state="attached")
    shown = page.locator(".pb-finder-results > li").evaluate_all("l => l.map(x => x.dataset.program)")
    assert shown[:2] and set(shown[:2]) == {"mh--patent-grant", "qh--patent-grant"}, shown
    context.close()
    assert not errors, errors
