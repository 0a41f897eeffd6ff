"""An enterprise reader clicks from the home page to a program and on to its legal basis."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_home_to_program_to_policy_clause(page, site_url):
    page.goto(site_url)
    first = page.locator(".pb-group .pb-item-title a").first
    title = first.inner_text()
    first.click()
    assert page.locator("article h1").inner_text().startswith(title)
    for heading in ("支持标准", "申报条件", "申报材料", "申报流程", "申报时间", "政策依据", "咨询方式"):
        assert page.get_by_role("heading", name=heading).is_visible(), heading
    cite = page.locator(".pb-rule .pb-cite a").first
    href = cite.get_attribute("href")
    cite.click()
    anchor = href.split("#", 1)[1]
    assert page.url.endswith("#" + anchor)
    assert page.locator(f"[id='{anchor}']").is_visible()


def test_program_page_reads_on_a_phone(phone, site_url):
    phone.goto(site_url)
    phone.locator(".pb-group .pb-item-title a").first.click()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways on a phone ({width}px)"
    assert phone.locator(".pb-badges .pb-status").is_visible()
