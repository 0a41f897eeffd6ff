"""An enterprise reader clicks from the home page to a program and on to its legal basis."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_home_to_program_to_policy_clause(page, site_url):
    page.goto(site_url)
    first = page.locator(".pb-item-title a").first
    title = first.inner_text()
    first.click()
    assert page.locator("article h1").inner_text().startswith(title)
    for heading in ("支持标准", "申报条件", "申报材料", "申报流程", "申报时间", "政策依据", "咨询方式"):
        assert page.get_by_role("heading", name=heading).is_visible(), heading
    cite = page.locator("#eligibility .pb-cite a").first  # above the conditions, or under one
    href = cite.get_attribute("href")
    cite.click()
    anchor = href.split("#", 1)[1]
    assert page.url.endswith("#" + anchor)
    assert page.locator(f"[id='{anchor}']").is_visible()


def test_program_page_reads_on_a_phone(phone, site_url):
    phone.goto(site_url)
    phone.locator(".pb-item-title a").first.click()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways on a phone ({width}px)"
    assert phone.locator(".pb-badges .pb-status").is_visible()


def test_long_list_pages_through_with_the_pager(page, site_url):
    page.goto(site_url + "source/categories/index.html")
    first_page = page.locator(".pb-groups .pb-item-title a").all_inner_texts()
    assert page.locator(".pb-pager-count").first.inner_text().endswith("第1/2页")
    page.locator(".pb-pager-next").first.click()
    assert page.url.endswith("source/categories/index/2.html")
    assert page.locator("article h1").inner_text().startswith("全部事项（第2页）")
    second_page = page.locator(".pb-groups .pb-item-title a").all_inner_texts()
    assert second_page and not set(first_page) & set(second_page)
    # live status badges work there too, and the links lead to the programs
    assert page.locator(".pb-live-status .pb-status").first.is_visible()
    title = second_page[0]
    page.locator(".pb-groups .pb-item-title a").first.click()
    assert page.locator("article h1").inner_text().startswith(title)
    page.go_back()
    page.locator(".pb-pager-back a").click()
    assert page.url.endswith("source/categories/index.html")
