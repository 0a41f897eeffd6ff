"""A publicity page built during its 公示期 says 公示结束 in the browser once the end date passes."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.browser

CHINA = dt.timezone(dt.timedelta(hours=8))
PAGE = "source/publicity/tech-contract-subsidy-2026.html"  # 公示期 2026-11-18 to 2026-11-24


def at(page, day: dt.date, hour: int) -> None:
    page.clock.set_fixed_time(dt.datetime(day.year, day.month, day.day, hour, tzinfo=CHINA))


@pytest.mark.parametrize("device", ["page", "phone"])
@pytest.mark.parametrize(("day", "hour", "label"), [
    (dt.date(2026, 11, 21), 10, "公示中"),  # the build date
    (dt.date(2026, 11, 24), 23, "公示中"),  # the end date is included, to midnight in 北京
    (dt.date(2026, 11, 25), 0, "公示结束"),  # no rebuild: the browser's date passed the end date
])
def test_status_follows_the_browsers_date(site_url, request, device, day, hour, label):
    page = request.getfixturevalue(device)
    at(page, day, hour)
    page.goto(site_url + PAGE)
    badge = page.locator(".pb-publicity-header .pb-pub-status").first
    page.wait_for_function("document.querySelector('.pb-publicity-live').dataset.pbStatus !== undefined")
    assert badge.text_content() == label
    assert page.locator(f".pb-pub-status-{'open' if label == '公示中' else 'closed'}").count() >= 2
    # the 公示公告 list says the same
    page.goto(site_url + "source/publicity/index.html")
    page.wait_for_function("document.querySelector('.pb-publicity-live').dataset.pbStatus !== undefined")
    item = page.locator("li.pb-publicity-item").filter(has=page.locator(f"a[href$='{PAGE.rsplit('/', 1)[1]}']"))
    assert item.locator(".pb-pub-status").text_content() == label


def test_phone_shows_the_table_and_the_objection_phone_link(site_url, phone):
    phone.goto(site_url + PAGE)
    tel = phone.locator(".pb-objection a.pb-tel")
    assert tel.get_attribute("href") == "tel:012388000103"
    assert tel.is_visible()
    total = phone.locator("tr.pb-total-row")
    assert "50.7万元" in total.text_content()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1  # no sideways scrolling on a phone
