"""政策查找 results taken away: 导出 gives the rows and columns shown as CSV, 订阅此筛选 the closest feed."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
from urllib.parse import urlencode, urljoin

import feedparser
import pytest

pytestmark = pytest.mark.browser

FINDER = "source/finder.html"
DAY = dt.datetime(2026, 11, 21, 12, 0)  # conftest.REFERENCE_DATE
HEADER = ["事项名称", "申报状态", "层级", "类别", "支持内容", "截止时间", "网址"]
FEED_FACETS = [("level", "level"), ("category", "category"), ("support", "support_type"),
               ("applicant", "applicants")]  # the finder's order, which breaks ties
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="module")
def programs(built_site) -> list[dict]:
    export = json.loads((built_site / "data" / "programs.json").read_text("utf-8"))
    return [p for p in export["programs"] if not p["archived"]]


def values(program: dict, field: str) -> list[str]:
    return program[field] if isinstance(program[field], list) else [program[field]]


def random_filters(seed: int, programs: list[dict], words: bool = True) -> dict:
    """Facets drawn from values programs have (so results are rarely empty), some left open.

    ``words=False`` leaves the keyword out: the keyword box re-ranks the list when the site
    search answers, a moment after the page is ready (pb-finder.js askSearch)."""
    rng = random.Random(seed)
    chosen = {}
    for key, field in FEED_FACETS:
        if rng.random() < 0.45:
            chosen[key] = rng.choice(sorted({v for p in programs for v in values(p, field)}))
    if rng.random() < 0.4:
        chosen["status"] = ",".join(rng.sample(["open", "upcoming", "rolling", "closed"], rng.randint(1, 3)))
    if rng.random() < 0.3 and words:
        chosen["kw"] = rng.choice(["专利", "企业", "补助", "认定"])
    return chosen


def open_finder(page, site_url, filters: dict) -> None:
    page.clock.set_fixed_time(DAY)
    page.goto(site_url + FINDER + ("?" + urlencode(filters) if filters else ""))
    page.wait_for_selector('[data-pb-finder="finder"][data-pb-ready="true"]')


def shown_rows(page) -> list[list[str]]:
    """What each result card shows: title, status badge (and 预计 when the dates are a forecast),
    level, category, support · deadline, link."""
    # the cards below the first screen follow the first paint (pb-finder.js renderRest)
    page.wait_for_selector('[data-pb-finder="finder"]:not([data-pb-pending])', state="attached")
    return page.locator(".pb-finder-results > li").evaluate_all("""items => items.map(li => {
        const badges = [...li.querySelectorAll('.pb-item-meta .sd-badge:not(.pb-forecast)')].map(b => b.textContent);
        const forecast = li.querySelector('.pb-item-meta .pb-forecast');
        const link = li.querySelector('.pb-item-title a');
        return [link.textContent, badges[0] + (forecast ? `（${forecast.textContent}）` : ''), badges[1], badges[2],
                li.querySelector('.pb-item-detail').textContent, link.href];
    })""")


def exported(page) -> list[list[str]]:
    with page.expect_download() as download:
        page.locator(".pb-finder-export").click()
    raw = open(download.value.path(), "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM, so that Excel reads Chinese"
    assert download.value.suggested_filename.endswith(".csv")
    return list(csv.reader(io.StringIO(raw[3:].decode("utf-8"), newline="")))


def check_export_equals_screen(page) -> int:
    rows = shown_rows(page)
    button = page.locator(".pb-finder-export")
    assert button.inner_text() == f"导出{len(rows)}项（CSV表格）"
    if not rows:
        assert button.is_disabled()
        return 0
    table = exported(page)
    assert table[0] == HEADER
    body = table[1:]
    assert len(body) == len(rows)
    for cells, (title, status, level, category, detail, href) in zip(body, rows, strict=True):
        assert cells[:4] == [title, status, level, category]
        assert " · ".join(filter(None, cells[4:6])) == detail  # the card's detail line, in two columns
        assert cells[6] == href and href.startswith("http")
    return len(rows)


@pytest.mark.parametrize("seed", [2, 3, 4, 6, 13, 19])
def test_csv_rows_equal_the_rows_shown_for_random_filters(page, site_url, programs, seed):
    filters = random_filters(seed, programs, words=False)
    open_finder(page, site_url, filters)
    check_export_equals_screen(page)


def test_csv_on_a_phone_after_filtering_by_tap(browser, site_url, programs):
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        open_finder(page, site_url, {})
        page.locator(".pb-finder-filters-summary").tap()
        page.locator("#pb-finder-category").select_option("ip")
        assert check_export_equals_screen(page) == sum(p["category"] == "ip" for p in programs)
        box = page.locator(".pb-finder-export").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390 and box["height"] >= 44  # on screen, tappable
    finally:
        context.close()


def test_csv_cells_that_look_like_formulas_are_neutralised(page, site_url):
    open_finder(page, site_url, {})
    page.evaluate("""() => {
        const f = window.PolicybookFinder, r = f.found[0];
        r.program.title = '=HYPERLINK("http://evil.example","x")';
        r.program.funding.summary = '+1 "quoted", @SUM(A1)';
    }""")
    first = exported(page)[1]
    assert first[0] == "'=HYPERLINK(\"http://evil.example\",\"x\")"
    assert first[4] == "'+1 \"quoted\", @SUM(A1)"


def expected_feed(filters: dict, programs: list[dict]) -> str:
    best = None
    for key, field in FEED_FACETS:
        if key in filters:
            n = sum(filters[key] in values(p, field) for p in programs)
            if best is None or n < best[0]:
                best = (n, key, filters[key])
    if best is None:
        return "feeds/all.atom"
    return f"feeds/{best[2]}.atom" if best[1] == "category" else f"feeds/{best[1]}/{best[2]}.atom"


@pytest.mark.parametrize("seed", [7, 9, 14])
def test_subscribe_points_to_the_closest_feed(page, site_url, built_site, programs, seed):
    filters = random_filters(seed, programs)
    open_finder(page, site_url, filters)
    link = page.locator(".pb-finder-subscribe")
    want = expected_feed(filters, programs)
    assert link.get_attribute("data-feed") == want
    assert link.evaluate("a => a.href") == urljoin(site_url, want)
    feed = feedparser.parse((built_site / want).read_bytes())
    assert not feed.bozo
    note = page.locator(".pb-finder-subscribe-note").inner_text()
    assert note.startswith("用 RSS 阅读器订阅")
    if "kw" in filters:
        assert "关键词" in note  # says which filters the feed does not follow


def test_subscribe_follows_the_filters_as_they_change(page, site_url, programs):
    open_finder(page, site_url, {})
    link = page.locator(".pb-finder-subscribe")
    assert link.get_attribute("data-feed") == "feeds/all.atom"
    assert "全部事项和政策" in page.locator(".pb-finder-subscribe-note").inner_text()
    page.locator("#pb-finder-support").select_option("tax")
    assert link.get_attribute("data-feed") == "feeds/support/tax.atom"
    assert "支持方式为“税收优惠”" in page.locator(".pb-finder-subscribe-note").inner_text()


def test_a_facet_that_tells_no_programs_apart_is_not_offered(page, site_url, programs):
    """行业: while at most one industry is declared (the rest say 不限行业), the facet stays hidden,
    and a link that names an industry filters nothing."""
    declared = {i for p in programs for i in p["industries"] if i != "all"}
    open_finder(page, site_url, {"industry": "electronics"})
    field = page.locator(".pb-finder-field", has=page.locator("#pb-finder-industry"))
    if len(declared) >= 2:
        assert field.is_visible()
        return
    assert field.is_hidden()
    assert len(shown_rows(page)) == len(programs)
    assert "industry" not in page.url
