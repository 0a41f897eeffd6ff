"""The 通知公告 list in a real browser, on a phone and a desktop: page 2, a notice, its program,
and the window the notice opened shown on the program page (with its live status)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

LIST = "source/notices/index.html"
NOTICE = "转发省科技厅关于开展2026年第四季度科技创新券申领工作的通知"
SHOTS = Path(os.environ.get("POLICYBOOK_SHOTS", "/tmp/notices-shots"))


def _no_overflow(page) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 1


@pytest.mark.parametrize("device", ["phone", "page"])
def test_list_page_two_notice_program_window(device, request, site_url):
    page = request.getfixturevalue(device)
    page.goto(site_url + LIST)
    items = page.locator("article ul.pb-notice-list > li")
    assert items.count() == 5
    assert "2026年11月20日发布" in items.first.inner_text()  # newest first
    _no_overflow(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"notice-list-{device}.png"), full_page=True)

    page.locator("article .pb-pager").first.get_by_role("link", name="下一页 →").click()
    page.wait_for_url("**/source/notices/index/2.html")
    assert "第2/2页" in page.locator("article .pb-pager-count").first.inner_text()
    page.locator("article ul.pb-notice-list").get_by_role("link", name=NOTICE).click()
    page.wait_for_url("**/2026-q4-innovation-voucher.html")

    box = page.locator(".pb-notice-window")
    assert "申报时间：2026年11月5日至2026年12月4日" in box.inner_text().replace(" ", "")
    assert "申报中" in box.locator(".pb-live-status").inner_text()  # recomputed for the pinned day
    assert page.locator(".pb-notice-meta").inner_text().count("明科字〔2026〕33号") == 1
    _no_overflow(page)
    page.screenshot(path=str(SHOTS / f"notice-page-{device}.png"), full_page=True)

    box.get_by_role("link", name="江南省科技创新券").click()
    page.wait_for_url("**/source/programs/innovation-voucher.html")
    window = page.locator("section#window")
    assert "2026年11月5日至2026年12月4日" in window.inner_text()
    assert "2026年第四季度" in window.inner_text()
    assert "申报中" in window.locator(".pb-live-status").inner_text()
    related = page.locator("section#notices ul.pb-notice-list")
    assert NOTICE in related.inner_text()
    related.get_by_role("link", name=NOTICE).click()
    page.wait_for_url("**/2026-q4-innovation-voucher.html")
