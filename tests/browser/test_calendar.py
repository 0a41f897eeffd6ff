"""申报日历: a reader finds an open window by month and downloads it into a calendar."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import REFERENCE_DATE

pytestmark = pytest.mark.browser
# site_url before page: build before Playwright starts (see tests/browser/test_search.py).

CHINA = dt.timezone(dt.timedelta(hours=8))


def on_build_date(page) -> None:
    day = dt.date.fromisoformat(REFERENCE_DATE)
    page.clock.set_fixed_time(dt.datetime(day.year, day.month, day.day, 10, tzinfo=CHINA))


def parse(data: bytes):
    icalendar = pytest.importorskip(
        "icalendar", reason="icalendar (test extra, pinned in requirements.lock) is needed to parse .ics files")
    return icalendar.Calendar.from_ical(data)


def download(page, link) -> bytes:
    with page.expect_download() as info:
        link.click()
    return open(info.value.path(), "rb").read()


def test_calendar_page_lists_an_open_window_and_its_ics_downloads(site_url, page):
    on_build_date(page)
    page.goto(site_url)
    page.locator("nav a", has_text="申报日历").first.click()
    assert page.locator("article h1").inner_text().startswith("申报日历")
    entry = page.locator("li.pb-cal-item").filter(has=page.locator(".pb-status-open")).first
    title = entry.locator("a.pb-cal-link").inner_text()
    assert "截止" in entry.locator(".pb-cal-date").inner_text()
    assert "申报中" in entry.locator(".pb-status").inner_text()
    data = download(page, entry.locator("a.pb-ics"))
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    [event] = parse(data).walk("VEVENT")
    assert str(event["SUMMARY"]).startswith(title)

    entry.locator("a.pb-cal-link").click()
    assert page.locator("article h1").inner_text().startswith(title)


def test_site_calendar_downloads_with_every_window(site_url, page):
    on_build_date(page)
    page.goto(site_url + "source/calendar.html")
    data = download(page, page.locator(".pb-cal-subscribe a.pb-ics"))
    events = parse(data).walk("VEVENT")
    listed = page.locator("section.pb-cal-month li.pb-cal-item").count()
    assert len(events) >= listed > 0


def test_program_page_offers_its_ics(site_url, page):
    on_build_date(page)
    page.goto(site_url + "source/calendar.html")
    page.locator("section.pb-cal-month a.pb-cal-link").first.click()
    link = page.locator(".pb-ics-link a.pb-ics")
    assert link.inner_text().startswith("加入日历")
    data = download(page, link)
    [event] = parse(data).walk("VEVENT")
    assert str(event["SUMMARY"]).startswith(page.locator("article h1").inner_text().rstrip("#").strip())


def test_calendar_reads_on_a_phone(site_url, phone):
    phone.goto(site_url + "source/calendar.html")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert phone.locator("section.pb-cal-month h2").first.is_visible()
    assert phone.locator(".pb-cal-subscribe a.pb-ics").is_visible()
