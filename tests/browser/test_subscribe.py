"""订阅更新: the feeds and calendars are visible links on the pages readers visit, and 如何订阅 explains them."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest

pytestmark = pytest.mark.browser

# page → the subscription files it must offer (besides the help page)
PAGES = {
    "index.html": ["feeds/all.atom", "calendar/all.ics"],
    "source/calendar.html": ["feeds/all.atom", "calendar/all.ics"],
    "source/categories/ip.html": ["feeds/ip.atom", "feeds/all.atom"],
    "source/programs/high-tech-recognition.html": ["feeds/high-tech.atom", "calendar/high-tech-recognition.ics"],
    "source/programs/patent-subsidy.html": ["feeds/ip.atom", "calendar/all.ics"],  # 常年受理: no own dates
}


@pytest.mark.parametrize("path", list(PAGES))
def test_pages_show_their_feeds_and_calendars(site_url, page, path):
    page.goto(site_url + path)
    box = page.locator(".pb-subscribe")
    box.scroll_into_view_if_needed()
    assert box.is_visible() and "订阅更新" in box.inner_text()
    links = box.locator("ul.pb-subscribe-links a")
    hrefs = [urljoin(page.url, a.get_attribute("href")) for a in links.all()]
    assert hrefs == [site_url + target for target in PAGES[path]]
    for link in links.all():
        assert link.is_visible() and link.inner_text().strip()
    for href in hrefs:  # each file exists and is what it says
        response = page.request.get(href)
        assert response.ok, href
        body = response.text()
        assert ("<feed" in body) if href.endswith(".atom") else body.startswith("BEGIN:VCALENDAR"), href
    help_link = box.locator("a.pb-subscribe-help")
    assert help_link.is_visible() and help_link.inner_text() == "如何订阅"
    assert urljoin(page.url, help_link.get_attribute("href")) == site_url + "source/subscribe.html"


def test_the_help_page_is_in_the_navigation_and_explains_both(site_url, page):
    page.goto(site_url)
    nav_link = page.locator("nav.bd-docs-nav a", has_text="如何订阅")
    assert nav_link.is_visible()
    nav_link.click()
    page.wait_for_url("**/source/subscribe.html")
    text = page.locator("article").inner_text()
    for words in ("RSS 阅读器", "复制链接", ".ics", "苹果手机", "安卓手机", "Outlook", "导入"):
        assert words in text, words
    for target in ("feeds/all.atom", "calendar/all.ics"):
        link = page.locator(f"article a[href$='{target}']").first
        assert link.is_visible()
        assert page.request.get(urljoin(page.url, link.get_attribute("href"))).ok


def test_the_box_fits_a_phone(site_url, phone):
    phone.goto(site_url + "source/programs/high-tech-recognition.html")
    box = phone.locator(".pb-subscribe")
    box.scroll_into_view_if_needed()
    assert box.is_visible()
    bounds = box.bounding_box()
    assert bounds["x"] >= 0 and bounds["x"] + bounds["width"] <= 390
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
