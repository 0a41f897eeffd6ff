"""Status badges are recomputed in the browser for today in the bureau's zone (China time)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import REFERENCE_DATE

from policybook.model.status import status_label

pytestmark = pytest.mark.browser
# site_url before page: build before Playwright starts (see tests/browser/test_search.py).

CHINA = dt.timezone(dt.timedelta(hours=8))


def at(page, day: dt.date, hour: int = 10) -> None:
    """Fix the browser's clock at ``hour`` o'clock China time on ``day``."""
    page.clock.set_fixed_time(dt.datetime(day.year, day.month, day.day, hour, tzinfo=CHINA))


@pytest.fixture(scope="module")
def programs(built_site):
    return json.loads((built_site / "data/programs.json").read_text("utf-8"))["programs"]


@pytest.fixture(scope="module")
def open_program(programs):
    """The open window that closes first: it is on the home page's 正在申报 list."""
    candidates = [p for p in programs if p["status"] == "open" and p["window"]["close"] and not p["archived"]]
    return min(candidates, key=lambda p: (p["window"]["close"], p["id"]))


def home_badge(page, program):
    item = page.locator("li.pb-item").filter(has=page.locator(f"a[href$='/{program['id']}.html']")).first
    return item, item.locator(".pb-status")


def zh(iso: str) -> str:
    day = dt.date.fromisoformat(iso)
    return f"{day.year}年{day.month}月{day.day}日"


def test_day_after_close_reads_closed_on_program_page_and_lists(site_url, page, open_program):
    close = dt.date.fromisoformat(open_program["window"]["close"])
    at(page, close + dt.timedelta(days=1))
    page.goto(site_url + open_program["url"])
    badges = page.locator(".pb-live-status .pb-status")
    assert badges.count() >= 2
    for text in badges.all_inner_texts():
        assert text == f"已截止 · {zh(open_program['window']['close'])}"
    top = page.locator(".pb-badges .pb-status")
    assert "pb-status-closed" in top.get_attribute("class")
    assert "pb-closing-soon" not in top.get_attribute("class")
    assert "pb-status-open" not in top.get_attribute("class")

    page.goto(site_url)
    item, badge = home_badge(page, open_program)
    assert badge.inner_text() == "已截止"
    assert "pb-item-closed" in item.get_attribute("class")

    page.goto(site_url + "source/calendar.html")
    entry = page.locator("li.pb-cal-item").filter(has=page.locator(f"a[href$='/{open_program['id']}.html']")).first
    assert entry.locator(".pb-status").inner_text().startswith("已截止")


def test_china_date_counts_not_the_browser_zone(site_url, page, open_program):
    close = dt.date.fromisoformat(open_program["window"]["close"])
    # 17:00 UTC on the closing day is already 01:00 the next day in China.
    page.clock.set_fixed_time(dt.datetime(close.year, close.month, close.day, 17, tzinfo=dt.UTC))
    page.goto(site_url + open_program["url"])
    assert page.locator(".pb-badges .pb-status").inner_text().startswith("已截止")


def test_closing_day_says_today_and_is_highlighted(site_url, page, open_program):
    at(page, dt.date.fromisoformat(open_program["window"]["close"]))
    page.goto(site_url + open_program["url"])
    top = page.locator(".pb-badges .pb-status")
    assert top.inner_text() == "申报中 · 今天截止"
    assert "pb-closing-soon" in top.get_attribute("class")


def test_upcoming_window_opens_on_its_first_day(site_url, page, programs):
    upcoming = min((p for p in programs if p["status"] == "upcoming" and not p["archived"]),
                   key=lambda p: (p["window"]["open"], p["id"]))
    opens, closes = (dt.date.fromisoformat(upcoming["window"][k]) for k in ("open", "close"))
    at(page, opens - dt.timedelta(days=1))
    page.goto(site_url + upcoming["url"])
    assert page.locator(".pb-badges .pb-status").inner_text() == f"即将开始 · {zh(upcoming['window']['open'])}开始"
    at(page, opens)
    page.reload()
    left = (closes - opens).days
    top = page.locator(".pb-badges .pb-status")
    assert top.inner_text() == f"申报中 · 剩{left}天"
    assert ("pb-closing-soon" in top.get_attribute("class")) == (left <= 14)


def test_on_the_build_date_the_browser_agrees_with_the_build(site_url, page, built_site):
    """Same rule, same labels: on the reference date nothing changes."""
    at(page, dt.date.fromisoformat(REFERENCE_DATE))
    for path in ("index.html", "source/calendar.html", "source/categories/ip.html"):
        page.route("**/pb-status.js", lambda route: route.abort())
        page.goto(site_url + path)
        built = page.locator(".pb-live-status .pb-status").evaluate_all(
            "els => els.map(e => [e.textContent, e.className])")
        page.unroute("**/pb-status.js")
        page.goto(site_url + path)
        page.wait_for_function("document.documentElement.dataset.pbToday")
        live = page.locator(".pb-live-status .pb-status").evaluate_all(
            "els => els.map(e => [e.textContent, e.className])")
        assert built and live == built, path


def test_program_page_calendar_finder_and_list_agree(site_url, page, open_program):
    """One rule (pb-window.js) behind every badge: for the same program and moment, the program
    page, the calendar and the finder show the same label (all with detail), and the home page's
    list the short one; status.py would say the same."""
    w = open_program["window"]
    window = {"mode": w["mode"], "open": w["open"] and dt.date.fromisoformat(w["open"]),
              "close": dt.date.fromisoformat(w["close"])}
    close = window["close"]
    moments = [dt.datetime.combine(close - dt.timedelta(days=20), dt.time(10), CHINA),
               # still the closing day in UTC (the browser's zone here), already the next day in China
               dt.datetime.combine(close, dt.time(17, 30), dt.UTC)]
    for moment in moments:
        page.clock.set_fixed_time(moment)
        day = moment.astimezone(CHINA).date()
        page.goto(site_url + open_program["url"])
        on_page = page.locator(".pb-badges .pb-status").inner_text()
        page.goto(site_url + "source/calendar.html")
        in_calendar = page.locator("li.pb-cal-item").filter(
            has=page.locator(f"a[href$='/{open_program['id']}.html']")).first.locator(".pb-status").inner_text()
        page.goto(site_url + "source/finder.html?kw=" + open_program["title"])
        page.wait_for_selector('[data-pb-finder="finder"][data-pb-ready="true"]')
        in_finder = page.locator(f'li[data-program="{open_program["id"]}"] .pb-status').inner_text()
        page.goto(site_url)
        listed = home_badge(page, open_program)[1].inner_text()
        assert [on_page, in_calendar, in_finder] == [status_label(window, day, detail=True)] * 3, moment
        assert listed == status_label(window, day), moment
