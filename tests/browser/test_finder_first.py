"""政策查找's first page precomputed by the build (issue 22) is the page the full path makes.

A page opened without filters on a date ``data/finder-first.json`` covers shows that page at
once (``data-pb-first``) and reads the full index after it is painted (``data-pb-ready``). What
the reader sees at each step (cards, counts, facet and status numbers, which facets show, the
export bar, the URL) must equal what the full path shows, on a phone and on a desktop; the cards
on screen stay the same nodes when the full index takes over (nothing flashes). A reader whose
date the file does not cover, or whose URL carries filters, gets the full path. Input given
before the full index is read is applied once it is.
"""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.browser

FINDER = "source/finder.html"
ROOT = '[data-pb-finder="finder"]'
SETTLED = f'{ROOT}[data-pb-ready="true"]:not([data-pb-pending])'

# What a reader sees of the finder; `window.__pbFirst` keeps it as it stood while the page
# showed the precomputed first page (every card of it in place), and marks those cards.
PROBE = """
(() => {
  const look = window.__pbLook = () => {
    const root = document.querySelector('[data-pb-finder="finder"]');
    const all = (sel, f) => Array.from(root.querySelectorAll(sel), f);
    const more = root.querySelector(".pb-finder-more"), take = root.querySelector(".pb-finder-export");
    const link = root.querySelector(".pb-finder-subscribe");
    return {
      cards: all(".pb-finder-results > li", (li) => li.outerHTML),
      count: root.querySelector("#pb-finder-count").textContent,
      options: all("select option", (o) => o.value + "=" + o.textContent),
      statuses: all(".pb-finder-check", (l) => l.textContent),
      fields: all(".pb-finder-field", (f) => f.hidden),
      more: [more.hidden, more.textContent],
      take: take ? [take.textContent, link.getAttribute("href")] : null,
      summary: root.querySelector(".pb-finder-filters-summary").textContent,
      clear: root.querySelector(".pb-finder-clear").disabled,
      open: root.querySelector(".pb-finder-filters").open,
      search: location.search,
    };
  };
  new MutationObserver(() => {
    const root = document.querySelector('[data-pb-finder="finder"]');
    // cards on the page without the 导出/订阅 bar above them: it would push them down when it came
    if (root && root.querySelector(".pb-finder-results > li") && !root.querySelector(".pb-finder-take")) {
      window.__pbCardsWithoutBar = true;
    }
    const F = window.PolicybookFinder;
    if (window.__pbFirst || !root || !root.hasAttribute("data-pb-first") || root.hasAttribute("data-pb-pending")) return;
    if (!F || !F.preview) return;
    window.__pbFirst = look();
    root.querySelectorAll(".pb-finder-results > li").forEach((li) => { li.__pbFirst = true; });
  }).observe(document, { attributes: true, subtree: true, childList: true });
})();
"""


def settled(page) -> dict:
    page.wait_for_selector(SETTLED, state="attached")
    page.wait_for_function("() => !window.PolicybookFinder.urlPending")
    return page.evaluate("window.__pbLook()")


def open_finder(page, site_url, query: str = "", first: bool = True) -> dict:
    """The settled page (full index in); with ``first=False`` finder-first.json/.js are missing."""
    if not first:
        for name in ("finder-first.json", "finder-first.js"):
            page.route(f"**/data/{name}", lambda route: route.fulfill(status=404, body="missing"))
    page.add_init_script(PROBE)
    page.goto(site_url + FINDER + query)
    return settled(page)


@pytest.fixture(params=["desktop", "phone"])
def device(request):
    return request.getfixturevalue("page" if request.param == "desktop" else "phone")


@pytest.fixture
def other(browser, device):
    """A second page like `device` (same viewport, same date) for the full path."""
    phone = device.viewport_size["width"] < 500
    context = browser.new_context(viewport=device.viewport_size, is_mobile=phone, has_touch=phone)
    page = context.new_page()
    page.clock.set_fixed_time(device.evaluate("() => new Date().toISOString()"))
    yield page
    context.close()


def test_the_precomputed_first_page_is_the_full_paths_page(device, other, site_url):
    after = open_finder(device, site_url)
    first = device.evaluate("window.__pbFirst")
    assert first, "the page did not show the precomputed first page"
    full = open_finder(other, site_url, first=False)
    assert other.evaluate("document.querySelector('[data-pb-first]')") is None
    assert len(first["cards"]) >= 11 and "共" in first["count"]  # more than the first frame's cards
    # the 导出/订阅 bar comes with the first cards, in the same task: never after them (a shift)
    assert not device.evaluate("window.__pbCardsWithoutBar === true")
    assert first == full
    assert after == full
    # the cards shown first are still the same nodes: nothing was put in again
    assert device.evaluate("Array.from(document.querySelectorAll('.pb-finder-results > li'))"
                           ".every((li) => li.__pbFirst)")


def test_a_date_past_the_file_gets_the_full_path(browser, built_site, site_url):
    import json

    days = json.loads((built_site / "data/finder-first.json").read_text("utf-8"))["days"]
    later = dt.date.fromisoformat(days[-1]["until"]) + dt.timedelta(days=1)
    pages = []
    for _ in range(2):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.clock.set_fixed_time(f"{later.isoformat()}T10:00:00+08:00")
        pages.append((context, page))
    try:
        seen = open_finder(pages[0][1], site_url)
        assert pages[0][1].evaluate("document.querySelector('[data-pb-first]')") is None
        assert seen == open_finder(pages[1][1], site_url, first=False)
        assert later.isoformat() not in {d["from"] for d in days}
    finally:
        for context, _page in pages:
            context.close()


@pytest.mark.parametrize("query", ["?status=open", "?category=talent", "?sort=title", "?kw=专利"])
def test_a_url_with_filters_gets_the_full_path(page, browser, site_url, query):
    seen = open_finder(page, site_url, query)
    assert page.evaluate("document.querySelector('[data-pb-first]')") is None
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        other = context.new_page()
        other.clock.set_fixed_time(page.evaluate("() => new Date().toISOString()"))
        assert seen == open_finder(other, site_url, query, first=False)
    finally:
        context.close()


def test_input_before_the_full_index_is_applied_when_it_comes(device, other, site_url):
    page, held = device, []
    page.route("**/data/finder-core.json", lambda route: held.append(route))
    page.add_init_script(PROBE)
    page.goto(site_url + FINDER)
    page.wait_for_selector(f"{ROOT}[data-pb-first]", state="attached")
    page.wait_for_function("() => window.__pbFirst")
    if not page.eval_on_selector(".pb-finder-filters", "d => d.open"):
        page.click(".pb-finder-filters-summary")  # a phone folds the filters away
    page.check("#pb-finder-status-open")  # while the full index is held back
    page.select_option("#pb-finder-category", index=1)
    assert page.get_attribute(ROOT, "data-pb-ready") is None
    while not held:
        page.wait_for_timeout(50)
    for route in held:
        route.continue_()
    seen = settled(page)
    category = page.eval_on_selector("#pb-finder-category", "s => s.value")
    assert seen["search"] == f"?category={category}&status=open"
    full = open_finder(other, site_url, seen["search"], first=False)
    assert {**seen, "open": None} == {**full, "open": None}  # the reader opened the filters on a phone


# When the first page went in: before DOMContentLoaded, i.e. before the theme's deferred scripts
# (bootstrap.js, pydata-sphinx-theme.js) and with no fetch to wait for (issue 22).
EARLY = """
(() => {
  window.__pbEarly = { loaded: false, first: null };
  document.addEventListener("DOMContentLoaded", () => { window.__pbEarly.loaded = true; }, { once: true });
  new MutationObserver((records, observer) => {
    if (!document.querySelector('[data-pb-finder="finder"][data-pb-first]')) return;
    window.__pbEarly.first = { before_dom_content_loaded: !window.__pbEarly.loaded,
                               cards: document.querySelectorAll(".pb-finder-results > li").length };
    observer.disconnect();
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-pb-first"] });
})();
"""


def test_the_first_page_goes_in_before_the_themes_scripts_without_a_fetch(page, site_url):
    fetched = []
    page.on("request", lambda request: fetched.append(request.url.rsplit("/", 1)[-1]))
    page.add_init_script(EARLY)
    page.goto(site_url + FINDER)
    page.wait_for_selector(SETTLED, state="attached")
    early = page.evaluate("window.__pbEarly.first")
    assert early == {"before_dom_content_loaded": True, "cards": 10}
    assert "finder-first.js" in fetched and "finder-first.json" not in fetched
    assert fetched.index("finder-first.js") < fetched.index("finder-core.json")
