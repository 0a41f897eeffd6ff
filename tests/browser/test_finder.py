"""政策查找 in a browser: facets, text query, status for today, URL state, keyboard, phone, speed."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from urllib.parse import parse_qs, urljoin, urlparse

import pytest

from policybook.finder.index import finder_document
from policybook.finder.split import core_document, text_document
from policybook.model.status import window_status

pytestmark = pytest.mark.browser

FINDER = "source/finder.html"
NOON = dt.time(12, 0)
BUILD_DAY = dt.date(2026, 11, 21)  # conftest.REFERENCE_DATE


@pytest.fixture(scope="module")
def export(built_site) -> dict:
    return json.loads((built_site / "data" / "programs.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def programs(export) -> list[dict]:
    return [p for p in export["programs"] if not p["archived"]]


def open_finder(page, site_url, query: str = "", day: dt.date = BUILD_DAY):
    page.clock.set_fixed_time(dt.datetime.combine(day, NOON))
    page.goto(site_url + FINDER + query)
    page.wait_for_selector('[data-pb-finder="finder"][data-pb-ready="true"]')


def shown(page) -> list[str]:
    # the cards below the first screen follow the first paint (pb-finder.js renderRest)
    page.wait_for_selector('[data-pb-finder="finder"]:not([data-pb-pending])', state="attached")
    return page.locator(".pb-finder-results > li").evaluate_all("items => items.map(li => li.dataset.program)")


def url_query(page) -> dict[str, list[str]]:
    """The filters in the address bar, once the page has written them (after painting the results)."""
    page.wait_for_function("() => !window.PolicybookFinder.urlPending")
    return parse_qs(page.evaluate("location.search").removeprefix("?"))


def count_text(page) -> str:
    return page.locator("#pb-finder-count").inner_text()


def window(program: dict) -> dict:
    w = program["window"]
    return {"mode": w["mode"], "open": w["open"] and dt.date.fromisoformat(w["open"]),
            "close": w["close"] and dt.date.fromisoformat(w["close"])}


def answered(page, term: str) -> list[str]:
    """The program ids the site search's query layer answers ``term`` with, best first: what the
    finder's keyword box shows (pb-search.js rankPrograms), once the finder has asked it."""
    page.wait_for_selector(f'[data-pb-finder="finder"][data-pb-ranked="{term}"]')
    urls = page.evaluate("t => window.policybookSearch.rankPrograms(t).then(a => a.ranked.map(h => h.url))", term)
    return [url.rsplit("/", 1)[-1].removesuffix(".html") for url in urls]


def test_filters_narrow_the_list_and_survive_a_reload(page, site_url, programs):
    open_finder(page, site_url)
    assert sorted(shown(page)) == sorted(p["id"] for p in programs)  # archived programs are not listed
    assert count_text(page) == f"共{len(programs)}项事项"

    page.select_option("#pb-finder-category", "ip")
    page.select_option("#pb-finder-level", "county")
    expected = sorted(p["id"] for p in programs if p["category"] == "ip" and p["level"] == "county")
    assert 0 < len(expected) < len(programs)
    assert sorted(shown(page)) == expected
    assert count_text(page) == f"找到{len(expected)}项符合条件的事项"
    assert url_query(page) == {"category": ["ip"], "level": ["county"]}

    page.reload()
    page.wait_for_selector('[data-pb-ready="true"]')
    assert page.locator("#pb-finder-category").input_value() == "ip"
    assert page.locator("#pb-finder-level").input_value() == "county"
    assert sorted(shown(page)) == expected

    page.get_by_role("button", name="清除筛选").first.click()
    assert sorted(shown(page)) == sorted(p["id"] for p in programs)
    assert url_query(page) == {}


def test_a_shared_link_restores_every_filter(page, site_url, programs):
    open_finder(page, site_url, "?support=grant&applicant=enterprise&industry=electronics&amount=100000&status=open,rolling")
    def wanted(p):
        return (p["support_type"] == "grant" and "enterprise" in p["applicants"]
                and ({"electronics", "all"} & set(p["industries"]))
                and p["funding"]["max_amount_yuan"] >= 100000
                and window_status(window(p), BUILD_DAY) in ("open", "rolling"))
    expected = sorted(p["id"] for p in programs if wanted(p))
    assert expected and sorted(shown(page)) == expected
    assert page.locator("#pb-finder-amount").input_value() == "100000"
    assert page.locator("#pb-finder-status-open").is_checked()
    assert page.locator("#pb-finder-status-rolling").is_checked()
    assert not page.locator("#pb-finder-status-closed").is_checked()
    # facet options show how many programs each value would leave
    option = page.locator("#pb-finder-support option[value=grant]").inner_text()
    assert option == f"资金资助（{len(expected)}）"
    # unknown values in a hand-edited link are dropped, not obeyed
    open_finder(page, site_url, "?category=no-such&status=bogus&amount=7")
    assert len(shown(page)) == len(programs)
    assert url_query(page) == {}


def test_facet_counts_say_what_each_choice_would_leave(page, site_url, programs):
    """Each option counts the programs every *other* filter lets through, with that option chosen."""
    open_finder(page, site_url, "?category=ip&status=open,rolling&kw=资助")
    state = {"category": "ip", "status": {"open", "rolling"}}
    text = set(answered(page, "资助"))

    def keep(p, skip):
        return ((skip == "category" or p["category"] == state["category"])
                and (skip == "status" or window_status(window(p), BUILD_DAY) in state["status"])
                and p["id"] in text)

    def options(select):
        return dict(page.locator(f"{select} option").evaluate_all(
            "os => os.filter(o => o.value).map(o => [o.value, o.textContent])"))

    levels = options("#pb-finder-level")
    assert levels and all(text.endswith(f"（{sum(1 for p in programs if keep(p, None) and p['level'] == v)}）")
                          for v, text in levels.items()), levels
    categories = options("#pb-finder-category")
    assert all(text.endswith(f"（{sum(1 for p in programs if keep(p, 'category') and p['category'] == v)}）")
               for v, text in categories.items()), categories
    industries = options("#pb-finder-industry")  # a program open to every industry counts for each
    assert all(text.endswith(f"（{sum(1 for p in programs if keep(p, None) and {v, 'all'} & set(p['industries']))}）")
               for v, text in industries.items()), industries
    for status in ("open", "upcoming", "rolling", "closed"):
        expected = sum(1 for p in programs if keep(p, "status") and window_status(window(p), BUILD_DAY) == status)
        assert page.locator(f"label[for=pb-finder-status-{status}]").inner_text().endswith(f"（{expected}）")
    assert 0 < len(shown(page)) == sum(1 for p in programs if keep(p, None))
    assert sorted(shown(page)) == sorted(p["id"] for p in programs if keep(p, None))


@pytest.mark.parametrize(("term", "must_find"), [
    ("知识产权", ["ip-pledge-financing", "patent-subsidy"]),  # title, and alias 知识产权资助
    ("高企", ["high-tech-recognition"]),                      # alias
    ("科小", ["tech-sme-evaluation"]),                        # alias
    ("ＧＢ/T", ["ip-standard-certification"]),                 # full-width letters, alias GB/T 29490
])
def test_text_query_matches_titles_aliases_summaries_and_tags(page, site_url, programs, term, must_find):
    """The keyword box is the site search's query layer: the programs it answers, in its order."""
    open_finder(page, site_url)
    page.locator("#pb-finder-q").fill(term)
    ranked = answered(page, term)
    found = shown(page)
    live = {p["id"] for p in programs}
    assert found == [i for i in ranked if i in live]
    assert set(must_find) <= set(found)
    assert url_query(page)["kw"] == [term]


@pytest.mark.parametrize(("term", "must_find"), [
    ("软件", ["high-tech-recognition"]),                      # only in the conditions' text (软件著作权)
    ("博士", ["double-hundred-plan"]),                         # only in the conditions' text
    ("20万", ["engineering-center"]),                          # an amount, not a word
    ("专利补贴", ["patent-subsidy"]),                           # the reader's word for 资助
    ("gaoqi", ["high-tech-recognition"]),                     # pinyin
])
def test_everyday_words_find_programs(page, site_url, term, must_find):
    open_finder(page, site_url)
    page.locator("#pb-finder-q").fill(term)
    answered(page, term)
    found = shown(page)
    assert found and set(must_find) <= set(found), found
    assert found[0] == must_find[0] or term in ("软件", "博士", "20万"), found


def test_no_match_says_so_and_offers_to_clear(page, site_url, programs):
    open_finder(page, site_url, "?kw=量子引力火星殖民")
    answered(page, "量子引力火星殖民")
    assert shown(page) == []
    assert page.locator(".pb-finder-empty").is_visible()
    assert count_text(page) == "找到0项符合条件的事项"
    page.locator(".pb-finder-empty button").click()
    assert len(shown(page)) == len(programs)


def test_status_is_recomputed_in_the_browser_for_today(page, site_url, programs):
    """The export says 申报中 for the build day; days later the page says 已截止 by itself."""
    candidates = [p for p in programs if p["status"] == "open" and p["window"]["close"]]
    assert candidates, "sample content has no open scheduled program"
    program = candidates[0]
    close = dt.date.fromisoformat(program["window"]["close"])

    day = close + dt.timedelta(days=1)
    open_finder(page, site_url, "?status=closed", day=day)
    item = page.locator(f'.pb-finder-results > li[data-program="{program["id"]}"]')
    # the badge reads as on the program page (pb-window.js, status.status_label with detail)
    assert item.locator(".pb-status").inner_text() == f"已截止 · {close.year}年{close.month}月{close.day}日"
    assert "pb-item-closed" in item.get_attribute("class")
    # every badge agrees with status.py for that day
    statuses = page.locator(".pb-finder-results .pb-status").evaluate_all(
        "bs => bs.map(b => [b.closest('li').dataset.program, [...b.classList].find(c => /^pb-status-/.test(c))])")
    by_id = {p["id"]: p for p in programs}
    assert statuses and all(cls == "pb-status-" + window_status(window(by_id[pid]), day) for pid, cls in statuses)
    open_finder(page, site_url, "?status=open", day=day)
    assert program["id"] not in shown(page)

    day = close - dt.timedelta(days=2)
    open_finder(page, site_url, f"?kw={program['title']}", day=day)
    badge = page.locator(f'li[data-program="{program["id"]}"] .pb-status')
    assert badge.inner_text() == "申报中 · 剩2天"
    assert "pb-closing-soon" in badge.get_attribute("class")
    assert f"{day.year}年{day.month}月{day.day}日" in page.locator(".pb-finder-asof").inner_text()


def test_keyboard_only(page, site_url, programs):
    open_finder(page, site_url)
    page.locator("#pb-finder-q").focus()
    page.keyboard.press("Tab")  # the 筛选条件 summary
    page.keyboard.press("Tab")  # 层级
    page.keyboard.press("Tab")  # 类别
    assert page.evaluate("document.activeElement.id") == "pb-finder-category"
    first = page.locator("#pb-finder-category option").nth(1).get_attribute("value")
    page.keyboard.press("ArrowDown")
    assert page.locator("#pb-finder-category").input_value() == first
    assert sorted(shown(page)) == sorted(p["id"] for p in programs if p["category"] == first)
    assert url_query(page) == {"category": [first]}

    for _ in range(30):  # on through the remaining controls to the first result
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('pb-program-link')"):
            break
    else:
        pytest.fail("Tab never reached a result link")
    href = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/" + href.split("/")[-1])
    assert page.locator("article h1").is_visible()


def test_status_checkboxes_and_clear_with_keyboard(page, site_url, programs):
    open_finder(page, site_url)
    page.locator("#pb-finder-status-upcoming").focus()
    page.keyboard.press("Space")
    expected = sorted(p["id"] for p in programs if window_status(window(p), BUILD_DAY) == "upcoming")
    assert sorted(shown(page)) == expected
    page.locator(".pb-finder-clear").focus()
    page.keyboard.press("Enter")
    assert len(shown(page)) == len(programs)
    assert page.evaluate("document.activeElement.id") == "pb-finder-q"


def test_reads_on_a_phone(phone, site_url, programs):
    phone.clock.set_fixed_time(dt.datetime.combine(BUILD_DAY, NOON))
    phone.goto(site_url + FINDER)
    phone.wait_for_selector('[data-pb-ready="true"]')
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways on a phone ({width}px)"
    # filters fold away so the first results are on the first screen
    assert not phone.locator("#pb-finder-category").is_visible()
    box = phone.locator(".pb-finder-results .pb-program-link").first.bounding_box()
    assert box and box["y"] < 844
    phone.locator(".pb-finder-filters > summary").tap()
    phone.select_option("#pb-finder-category", "ip")
    assert sorted(shown(phone)) == sorted(p["id"] for p in programs if p["category"] == "ip")
    assert phone.locator(".pb-finder-filters > summary").inner_text() == "筛选条件（已选1项）"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


def test_two_thousand_programs(page, site_url, export):
    big = copy.deepcopy(export)
    real = [p for p in export["programs"] if not p["archived"]]
    big["programs"] = []
    for i in range(2000):
        p = copy.deepcopy(real[i % len(real)])
        p["id"], p["title"] = f"{p['id']}-{i}", f"{p['title']} 第{i}号"
        big["programs"].append(p)
    index = finder_document(big)
    # the finder starts from the core file and reads the summaries after (finder/split.py)
    def serve(doc):
        body = json.dumps(doc, ensure_ascii=False)
        return lambda route: route.fulfill(status=200, content_type="application/json", body=body)

    for name, doc in (("finder", index), ("finder-core", core_document(index)), ("finder-text", text_document(index))):
        page.route(f"**/data/{name}.json", serve(doc))
    open_finder(page, site_url)
    assert count_text(page) == "共2000项事项"
    page.wait_for_selector('[data-pb-finder="finder"]:not([data-pb-pending])', state="attached")
    assert page.locator(".pb-finder-results > li").count() == 50
    # how fast filtering is at this size is measured by `make bench`, not asserted here
    q = page.locator("#pb-finder-q")
    q.fill("专利")
    assert int(re.search(r"\d+", count_text(page))[0]) < 2000
    q.fill("")
    more = page.locator(".pb-finder-more")
    assert more.inner_text() == "显示更多（还有1950项）"
    more.click()
    assert page.locator(".pb-finder-results > li").count() == 100
    # keyboard readers land on the first new result
    assert page.evaluate("document.activeElement.closest('li') === document.querySelectorAll('.pb-finder-results > li')[50]")


def test_loads_the_finder_index_not_the_full_export(page, site_url, programs):
    """The page needs the finder index only (its first page precomputed, as a script the page runs,
    finder/first.py; its core, then the summaries, finder/split.py); data/programs.json (the open
    data) stays unread."""
    requests: list[str] = []
    page.on("request", lambda request: requests.append(urlparse(request.url).path))
    open_finder(page, site_url)
    page.wait_for_selector('[data-pb-finder="finder"][data-pb-text="true"]')
    assert [path for path in requests if "/data/" in path] == [
        "/data/finder-first.js", "/data/finder-core.json", "/data/finder-text.json"]
    # the cards read from the index match the export: link, badges, amount
    by_id = {p["id"]: p for p in programs}
    page.wait_for_selector('[data-pb-finder="finder"]:not([data-pb-pending])', state="attached")
    cards = page.locator(".pb-finder-results > li").evaluate_all(
        "items => items.map(li => [li.dataset.program, li.querySelector('a').getAttribute('href'),"
        " li.querySelector('.pb-item-detail').textContent])")
    assert len(cards) == len(programs)
    for pid, href, detail in cards:
        assert urljoin(page.url, href) == urljoin(site_url, by_id[pid]["url"])
        assert detail.startswith(by_id[pid]["funding"]["summary"])


def test_a_bad_index_keeps_the_fallback(page, site_url):
    """An index of another format or version, or missing a column, is refused, not half-read."""
    def serve(text):
        return lambda route: route.fulfill(status=200, content_type="application/json", body=text)

    page.route("**/data/finder*.json", lambda route: route.continue_())
    for body in ({"format": "policybook-programs", "version": 1, "programs": []},
                 {"format": "policybook-finder", "version": 2, "programs": []},
                 {"format": "policybook-finder", "version": 1, "programs": [], "columns": {}}):
        page.unroute("**/data/finder*.json")
        page.route("**/data/finder*.json", serve(json.dumps(body)))  # the core file and the whole index
        page.goto(site_url + FINDER)
        page.wait_for_selector('[data-pb-ready="error"]')
        assert page.locator(".pb-finder-fallback a").first.is_visible()


def test_without_javascript_the_category_pages_are_offered(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site_url + FINDER)
        fallback = page.locator(".pb-finder-fallback")
        assert fallback.is_visible()
        links = fallback.locator("a")
        assert links.count() >= 12
        fallback.get_by_role("link", name="知识产权").click()
        assert page.locator("article h1").inner_text().startswith("知识产权")
        assert page.locator(".pb-program-list li").count() > 0
    finally:
        context.close()


def test_data_failure_keeps_the_fallback(page, site_url):
    page.route("**/data/finder*.json", lambda route: route.fulfill(status=404, body="gone"))
    page.goto(site_url + FINDER)
    page.wait_for_selector('[data-pb-ready="error"]')
    assert page.get_by_role("alert").is_visible()
    assert page.locator(".pb-finder-fallback a").first.is_visible()


def test_no_serious_accessibility_violations(page, site_url):
    axe = pytest.importorskip("axe_playwright_python.sync_playwright",
                              reason="axe-playwright-python is not installed: accessibility scan skipped")
    open_finder(page, site_url, "?category=ip")
    results = axe.Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, results.generate_report()
