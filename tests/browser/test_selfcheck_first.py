"""政策匹配's first view precomputed by the build (issue 22): the page a reader sees first, before
the full data is read, is the page the full path shows; then it becomes that page.

The view comes as data/selfcheck-first.js, a deferred script the page runs before pb-selfcheck.js
(no fetch); without it the page fetches data/selfcheck-first.json. The full path is the page with
both answered with 404 (a site built before them). The first view is held on screen by keeping
data/finder-core.json back.
"""

from __future__ import annotations

import json

import pytest

from policybook.finder.selfcheck_first import first_script

from .test_selfcheck_split import ANSWERS, NOON, READY, RESULTS, SELF_CHECK, open_page, until

pytestmark = pytest.mark.browser

FIRST = '[data-pb-finder="selfcheck"][data-pb-first="true"]'
# the first screen: the questions, the counts and texts, the items shown, the checklist's intro
SCREEN = """() => ({
  form: document.querySelector('.pb-selfcheck-form').innerHTML,
  tally: document.querySelector('.pb-selfcheck-tally').textContent,
  jumps: document.querySelector('.pb-selfcheck-jumps').innerHTML,
  lists: [...document.querySelectorAll('.pb-selfcheck-list')].map(l => ({
    hidden: l.hidden, items: [...l.children].map(li => li.outerHTML) })),
  empty: [...document.querySelectorAll('.pb-selfcheck-group .pb-empty')].map(p => p.hidden),
  intro: (document.querySelector('.pb-checklist-intro') || {}).textContent || null,
  ics: document.querySelector('.pb-selfcheck-ics').disabled,
})"""


def no_first_view(page, names=("selfcheck-first.json", "selfcheck-first.js")) -> None:
    for name in names:
        page.route(f"**/data/{name}", lambda route: route.fulfill(status=404, body="not found"))


def data_requests(page) -> list[str]:
    """The names of the data files the page asks for, in order (filled as it runs)."""
    names: list[str] = []
    page.on("request", lambda request: names.append(request.url.split("?")[0].rsplit("/", 1)[-1])
            if "/data/" in request.url else None)
    return names


@pytest.fixture(params=["desktop", "phone"])
def device(request):
    return request.getfixturevalue("page" if request.param == "desktop" else "phone")


def full_path(context, site_url, fragment: str = "") -> dict:
    page = context.new_page()
    try:
        no_first_view(page)
        open_page(page, site_url, fragment)
        page.wait_for_selector(READY + '[data-pb-complete="true"][data-pb-settled="true"]')
        assert page.get_attribute(READY, "data-pb-first") is None
        return {**page.evaluate(RESULTS), "screen": page.evaluate(SCREEN),
                "checklist": page.locator(".pb-checklist").inner_html()}
    finally:
        page.close()


def test_the_first_view_is_the_full_paths_view_then_becomes_it(device, site_url):
    page = device
    reference = full_path(page.context, site_url)
    held = []
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.route("**/data/finder-core.json", lambda route: held.append(route))
    page.clock.set_fixed_time(NOON)
    page.goto(site_url + SELF_CHECK)
    page.wait_for_selector(FIRST)
    assert page.get_attribute(FIRST, "data-pb-ready") is None
    # nothing of the full data before the first view
    until(page, lambda: held, "the full data was not requested after the first view")
    assert not [u for u in requested if u.endswith(("/data/finder.json", "/data/selfcheck.json"))]
    want = reference["screen"]
    if want["intro"] is not None:
        # the checklist (and its intro) is built in idle time after the first view's frame: on a
        # busy machine that comes after the full data was asked for
        page.wait_for_selector(".pb-checklist-intro", state="attached")
    first = page.evaluate(SCREEN)
    # the questions, counts, summary and calendar button as the full path shows them
    assert {k: first[k] for k in ("form", "tally", "jumps", "empty", "intro", "ics")} == \
        {k: want[k] for k in ("form", "tally", "jumps", "empty", "intro", "ics")}
    summary = page.evaluate(RESULTS)
    assert {k: summary[k] for k in ("summary", "total", "calendar", "groups")} == \
        {k: reference[k] for k in ("summary", "total", "calendar", "groups")}
    # each open section's first ten items, the same items as the full path's first ten
    shown = [len(lst["items"]) for lst in first["lists"]]
    assert sum(shown) > 0 and all(n <= 10 for n in shown), shown
    for got, full in zip(first["lists"], want["lists"], strict=True):
        assert got["hidden"] == full["hidden"]
        assert got["items"] == full["items"][:len(got["items"])]
        if not got["hidden"] and len(full["items"]) and got["items"]:
            assert len(got["items"]) == min(10, len(full["items"]))
    page.evaluate("() => document.querySelectorAll('.pb-selfcheck-item').forEach(li => { li.pbSeen = true; })")
    # the full data arrives: the full path's page, the items shown first kept as they were
    held[0].continue_()
    page.wait_for_selector(READY + '[data-pb-complete="true"][data-pb-settled="true"]')
    assert page.evaluate(RESULTS) == {k: v for k, v in reference.items() if k not in ("checklist", "screen")}
    assert page.evaluate(SCREEN) == want
    assert page.locator(".pb-checklist").inner_html() == reference["checklist"]
    kept = page.evaluate("() => [...document.querySelectorAll('.pb-selfcheck-item')].filter(li => li.pbSeen).length")
    assert kept == sum(shown)


# answers pasted into the tab; "write-first": while the first view's answers (none) still wait to
# be written to the URL, and that write runs before the link's hashchange (the order a busy CI
# machine produced: the write replaced the link's fragment, and the page never matched it)
PASTE = {
    "hashchange-first": "f => { location.hash = f; }",
    "write-first": """f => {
      const check = window.PolicybookSelfCheck;
      check.remembering = { profile: check.profile() };
      location.hash = f;
      check.rememberNow();
    }""",
}


@pytest.mark.parametrize("order", PASTE)
def test_an_answer_given_on_the_first_view_is_matched_when_the_data_arrives(page, site_url, order):
    reference = full_path(page.context, site_url, ANSWERS)
    held = []
    page.route("**/data/finder-core.json", lambda route: held.append(route))
    page.clock.set_fixed_time(NOON)
    page.goto(site_url + SELF_CHECK)
    page.wait_for_selector(FIRST)
    page.evaluate(PASTE[order], ANSWERS)
    # the link's answers stay in the URL (in this page's order once its hashchange has run)
    assert sorted(page.evaluate("() => location.hash")[3:].split("&")) == sorted(ANSWERS[3:].split("&"))
    page.wait_for_function("() => document.querySelector('.pb-selfcheck-summary').textContent.startsWith('正在读取全部事项')")
    until(page, lambda: held, "the full data was not requested after the first view")
    held[0].continue_()
    page.wait_for_selector(READY + '[data-pb-complete="true"][data-pb-settled="true"]')
    page.wait_for_function("() => document.querySelector('.pb-selfcheck-summary').textContent.startsWith('已回答')")
    assert page.evaluate(RESULTS) == {k: v for k, v in reference.items() if k not in ("checklist", "screen")}
    assert page.locator(".pb-checklist").inner_html() == reference["checklist"]


def test_answers_in_the_link_or_the_tab_skip_the_first_view(page, site_url):
    """The precomputed view has nothing answered: a link with answers, or answers kept in this
    tab, are matched on the full data before anything is shown."""
    reference = full_path(page.context, site_url, ANSWERS)
    requested = data_requests(page)
    open_page(page, site_url, ANSWERS)
    page.wait_for_selector(READY + '[data-pb-complete="true"][data-pb-settled="true"]')
    assert page.get_attribute(READY, "data-pb-first") is None
    assert "selfcheck-first.json" not in requested  # the script is on the page, its view unused
    assert page.evaluate(RESULTS) == {k: v for k, v in reference.items() if k not in ("checklist", "screen")}
    # the same tab, reloaded without the fragment: the answers come back from sessionStorage
    page.goto(site_url + SELF_CHECK)
    page.wait_for_selector(READY + '[data-pb-settled="true"]')
    assert page.get_attribute(READY, "data-pb-first") is None
    assert page.locator(".pb-selfcheck-summary").text_content().startswith("已回答")


@pytest.mark.parametrize("kind", ["script", "file"])
def test_a_first_view_for_other_dates_is_not_used(page, site_url, built_site, kind):
    """A reader's date outside the view's days (a cached page weeks later): the full path, whether
    the view came as the script or, without it, as the fetched file."""
    doc = json.loads((built_site / "data/selfcheck-first.json").read_text("utf-8"))
    for day in doc["days"]:
        day["from"] = day["until"] = "2020-01-01"
    body = json.dumps(doc, ensure_ascii=False)
    if kind == "script":
        page.route("**/data/selfcheck-first.js", lambda route: route.fulfill(
            status=200, content_type="text/javascript", body=first_script(body)))
    else:
        no_first_view(page, ["selfcheck-first.js"])
        page.route("**/data/selfcheck-first.json",
                   lambda route: route.fulfill(status=200, content_type="application/json", body=body))
    requested = data_requests(page)
    open_page(page, site_url)
    assert page.get_attribute(READY, "data-pb-first") is None
    assert page.locator(".pb-selfcheck-item").count() > 0
    assert ("selfcheck-first.json" in requested) == (kind == "file")


# When the first view went in: before DOMContentLoaded, i.e. before the theme's deferred scripts
# (bootstrap.js, pydata-sphinx-theme.js) and with no fetch to wait for (issue 22).
EARLY = """
(() => {
  window.__pbEarly = { loaded: false, first: null };
  document.addEventListener("DOMContentLoaded", () => { window.__pbEarly.loaded = true; }, { once: true });
  new MutationObserver((records, observer) => {
    if (!document.querySelector('[data-pb-finder="selfcheck"][data-pb-first]')) return;
    window.__pbEarly.first = { before_dom_content_loaded: !window.__pbEarly.loaded,
                               items: document.querySelectorAll(".pb-selfcheck-item").length };
    observer.disconnect();
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-pb-first"] });
})();
"""


def test_the_first_view_comes_from_the_script_before_the_themes_scripts(device, site_url):
    """A plain visit: the view is built as pb-selfcheck.js runs, from data/selfcheck-first.js, with
    no fetch of the JSON file; the full data follows, and an answer is matched as on a fresh page."""
    page = device
    requested = data_requests(page)
    page.add_init_script(EARLY)
    open_page(page, site_url)
    early = page.evaluate("window.__pbEarly.first")
    assert early["before_dom_content_loaded"] is True and early["items"] > 0
    assert "selfcheck-first.js" in requested and "selfcheck-first.json" not in requested
    assert requested.index("selfcheck-first.js") < requested.index("finder-core.json")
    assert page.get_attribute(READY, "data-pb-first") == "true"  # it was the precomputed view
    page.wait_for_selector(READY + '[data-pb-complete="true"][data-pb-settled="true"]')
    # answers still work: the page the link it writes opens on (the full path, nothing precomputed)
    page.select_option("#pb-q-applicant_type-input", "enterprise")
    page.wait_for_function("() => document.querySelector('.pb-selfcheck-summary').textContent.startsWith('已回答')")
    page.wait_for_selector(READY + '[data-pb-settled="true"]')
    fragment = page.evaluate("location.hash")
    assert fragment.startswith("#a:") and "applicant_type=enterprise" in fragment
    reference = full_path(page.context, site_url, fragment)
    assert page.evaluate(RESULTS) == {k: v for k, v in reference.items() if k not in ("checklist", "screen")}


def test_without_the_script_the_file_is_fetched(device, site_url):
    """A page that cannot run data/selfcheck-first.js (missing) still starts from the precomputed
    view, fetched as data/selfcheck-first.json, before the full data."""
    page = device
    no_first_view(page, ["selfcheck-first.js"])
    held = []
    page.route("**/data/finder-core.json", lambda route: held.append(route))
    requested = data_requests(page)
    page.clock.set_fixed_time(NOON)
    page.goto(site_url + SELF_CHECK)
    page.wait_for_selector(FIRST)
    until(page, lambda: held, "the full data was not requested after the first view")
    assert requested.index("selfcheck-first.json") < requested.index("finder-core.json")
    held[0].continue_()
    page.wait_for_selector(READY + '[data-pb-complete="true"][data-pb-settled="true"]')

