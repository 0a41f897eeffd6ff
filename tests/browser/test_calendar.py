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
    entry = page.locator("li.pb-cal-deadline").filter(has=page.locator(".pb-status-open")).first
    title = entry.locator("a.pb-cal-link").inner_text()
    assert "截止" in entry.locator(".pb-cal-date").inner_text()
    assert "申报中" in entry.locator(".pb-status").inner_text()
    data = download(page, entry.locator("a.pb-ics"))
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    events = parse(data).walk("VEVENT")  # the opening and the closing day (and an expected window's)
    assert len(events) >= 2 and all(str(e["SUMMARY"]).startswith(title) for e in events)
    assert any(e.walk("VALARM") for e in events)

    entry.locator("a.pb-cal-link").click()
    assert page.locator("article h1").inner_text().startswith(title)


def test_site_calendar_downloads_with_every_window(site_url, page):
    on_build_date(page)
    page.goto(site_url + "source/calendar.html")
    data = download(page, page.locator(".pb-cal-subscribe a.pb-ics"))
    events = parse(data).walk("VEVENT")
    listed = page.locator("section.pb-cal-month li.pb-cal-item:not(.pb-cal-during)").count()
    assert len(events) >= listed > 0


def test_program_page_offers_its_ics(site_url, page):
    on_build_date(page)
    page.goto(site_url + "source/calendar.html")
    page.locator("section.pb-cal-month a.pb-cal-link").first.click()
    link = page.locator(".pb-ics-link a.pb-ics")
    assert link.inner_text().startswith("加入日历")
    data = download(page, link)
    title = page.locator("article h1").inner_text().rstrip("#").strip()
    events = parse(data).walk("VEVENT")
    assert events and all(str(e["SUMMARY"]).startswith(title) for e in events)


def test_calendar_reads_on_a_phone(site_url, phone):
    phone.goto(site_url + "source/calendar.html")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert phone.locator("section.pb-cal-month h2").first.is_visible()
    assert phone.locator(".pb-cal-subscribe a.pb-ics").is_visible()


def bar_boxes(page) -> list[dict]:
    return page.locator(".pb-yr-bar").evaluate_all(
        "bars => bars.map(b => { const r = b.getBoundingClientRect(); "
        "return {left: r.left, right: r.right, width: r.width, forecast: b.classList.contains('pb-yr-forecast')}; })")


@pytest.mark.parametrize("device", ["phone", "page"])
def test_the_year_view_draws_every_window_and_says_it_in_a_table(site_url, device, request):
    view = request.getfixturevalue(device)
    on_build_date(view)
    view.goto(site_url + "source/calendar.html")
    view.locator("a", has_text="年度申报一览").first.click()
    assert view.locator("article h1").inner_text().startswith("年度申报一览")
    width = 390 if device == "phone" else 1280
    assert view.evaluate("document.documentElement.scrollWidth") <= width
    chart = view.locator(".pb-yr-chart")
    assert chart.get_attribute("aria-hidden") == "true" and chart.locator("a, button, [tabindex]").count() == 0
    track = chart.locator(".pb-yr-track").nth(1).bounding_box()
    boxes = bar_boxes(view)
    assert boxes and any(b["forecast"] for b in boxes) and not all(b["forecast"] for b in boxes)
    for box in boxes:  # every bar visible, inside the twelve months
        assert box["width"] >= 6 and track["x"] - 1 <= box["left"] and box["right"] <= track["x"] + track["width"] + 1
    # forecasts look different: a dashed border, not the solid fill
    solid, hatched = (view.locator(".pb-yr-bar:not(.pb-yr-forecast)").first,
                      view.locator(".pb-yr-bar.pb-yr-forecast").first)
    assert hatched.evaluate("b => getComputedStyle(b).borderTopStyle") == "dashed"
    assert solid.evaluate("b => getComputedStyle(b).borderTopStyle") != "dashed"
    # the table says the same: one row per program on the chart, forecasts marked 预计
    rows = view.locator(".pb-yr-table tbody tr")
    assert rows.count() == chart.locator(".pb-yr-row:not(.pb-yr-head)").count()
    voucher = rows.filter(has_text="江南省科技创新券")
    assert "预计" in voucher.inner_text() and "2027年2月" in voucher.inner_text()
    assert rows.filter(has_text="“小升高”").inner_text().count("2027年1月10日") == 1
    name = view.locator(".pb-yr-name", has_text="江南省科技创新券").first
    assert name.is_visible() and "预计2月" in name.inner_text()


def test_the_year_view_prints_the_table_without_the_chart(site_url, page):
    page.goto(site_url + "source/calendar-year.html")
    page.emulate_media(media="print")
    assert not page.locator(".pb-yr-chart").is_visible()
    assert page.locator(".pb-yr-table").is_visible()


def test_the_finder_marks_forecasts_and_says_when_a_closed_program_opens_next(site_url, page):
    page.clock.set_fixed_time(dt.datetime(2026, 11, 21, 12, tzinfo=CHINA))
    page.goto(site_url + "source/finder.html?status=closed")
    page.wait_for_selector('[data-pb-finder="finder"][data-pb-ready="true"]')
    agri = page.locator('.pb-finder-results > li[data-program="agri-demo-project"]')
    assert agri.locator(".pb-item-detail").inner_text().endswith("下次申报：预计2027年3月开始")
    page.goto(site_url + "source/finder.html?status=upcoming")
    page.wait_for_selector('[data-pb-finder="finder"][data-pb-ready="true"]')
    meta = page.locator('.pb-finder-results > li[data-program="provincial-key-lab"] .pb-item-meta')
    assert meta.locator(".pb-forecast").inner_text() == "预计"  # its dates are a forecast
    confirmed = page.locator('.pb-finder-results > li[data-program="industry-university-cooperation"] .pb-item-meta')
    assert confirmed.locator(".pb-forecast").count() == 0
