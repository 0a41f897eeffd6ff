"""政策匹配 with its data in parts (issue 22): the same page whether data/selfcheck-more.json is late,
has arrived, or the site has only the whole files; and an item brought up to date in place is the
item a fresh page builds.

Each page is compared with one that reads data/finder.json and data/selfcheck.json (the split
files answered with 404: the script's path for a site built before them), as HTML.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

pytestmark = pytest.mark.browser

SELF_CHECK = "source/self-check.html"
NOON = dt.datetime(2026, 11, 21, 12)
READY = '[data-pb-finder="selfcheck"][data-pb-ready="true"]'
# a tech SME that answers part of the questions (test_selfcheck.py's PROFILE, through the link)
ANSWERS = ("#a:applicant_type=enterprise&registered_in_county=1&certifications=tech-sme&industry=electronics"
           "&years_established=5&employees=30&revenue=2000&rd_ratio=4&invention_patents=2&credit_ok=1"
           "&converted_patents=2&rd_expense=180")

# What a reader sees of the results: every item (section, group, verdicts, amounts, text) and the counts.
RESULTS = """() => ({
  summary: document.querySelector('.pb-selfcheck-summary').textContent,
  total: document.querySelector('.pb-selfcheck-total').textContent,
  calendar: document.querySelector('.pb-selfcheck-ics').textContent,
  groups: [...document.querySelectorAll('section.pb-selfcheck-group')].map(s => s.querySelector('[id]').textContent),
  items: [...document.querySelectorAll('.pb-selfcheck-item')].map(li => li.outerHTML),
})"""


def whole_files(page) -> None:
    """The split files are missing: the page reads the whole ones, as before issue 22."""
    for name in ("finder-core.json", "selfcheck-core.json", "selfcheck-more.json", "selfcheck-ics.json",
                 "selfcheck-first.json", "selfcheck-first.js"):
        page.route(f"**/data/{name}", lambda route: route.fulfill(status=404, body="not found"))


def until(page, condition, message: str) -> None:
    """Wait (up to 10 s) for a condition on the Python side, such as a request held by a route."""
    for _ in range(200):
        if condition():
            return
        page.wait_for_timeout(50)
    raise AssertionError(message)


def open_page(page, site_url, fragment: str = "") -> None:
    """Opened, with all its first results (the first ten of a group are shown first, the rest a task later)."""
    page.clock.set_fixed_time(NOON)
    page.goto(site_url + SELF_CHECK + fragment)
    page.wait_for_selector(READY + '[data-pb-settled="true"]')


@pytest.fixture(params=["desktop", "phone"])
def device(request):
    return request.getfixturevalue("page" if request.param == "desktop" else "phone")


@pytest.fixture(scope="module")
def reference(browser, site_url) -> dict:
    """Results and checklist of the page reading the whole files, without and with the answers."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        found = {}
        for fragment in ("", ANSWERS):
            page = context.new_page()  # a new document each time (not a change of fragment)
            whole_files(page)
            open_page(page, site_url, fragment)
            assert page.get_attribute(READY, "data-pb-complete") == "true"
            found[fragment] = {**page.evaluate(RESULTS),
                               "checklist": page.locator(".pb-checklist").inner_html()}
        return found
    finally:
        context.close()


def test_the_first_results_do_not_wait_for_the_checklist_part(device, site_url, reference):
    page = device
    held = []
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.route("**/data/selfcheck-more.json", lambda route: held.append(route))
    open_page(page, site_url)
    assert not [u for u in requested if u.endswith(("/data/finder.json", "/data/selfcheck.json"))]
    assert page.get_attribute(READY, "data-pb-complete") is None
    # unanswered: the same questions and results as the whole files give
    expected = reference[""]
    assert page.evaluate(RESULTS) == {k: v for k, v in expected.items() if k != "checklist"}
    assert page.locator(".pb-selfcheck-q").count() > 5
    checklist = page.locator(".pb-checklist")
    assert "正在加载申报材料和咨询电话" in checklist.text_content()
    # answered while the rest is still on its way: the same results again
    page.evaluate("f => { location.hash = f; }", ANSWERS)
    page.wait_for_function("() => document.querySelector('.pb-selfcheck-summary').textContent.startsWith('已回答')")
    page.wait_for_selector(READY + '[data-pb-settled="true"]')  # each group's first ten, then the rest
    answered = reference[ANSWERS]
    assert page.evaluate(RESULTS) == {k: v for k, v in answered.items() if k != "checklist"}
    assert page.locator(".pb-checklist-table").count() == 0
    # the rest arrives and fills the checklist in
    until(page, lambda: held, "the checklist's part was not requested once the first results were shown")
    assert len(held) == 1
    held[0].continue_()
    page.wait_for_selector(READY + '[data-pb-complete="true"][data-pb-settled="true"]')
    assert page.evaluate(RESULTS) == {k: v for k, v in answered.items() if k != "checklist"}
    assert checklist.inner_html() == answered["checklist"]
    assert checklist.locator(".pb-checklist-table tbody tr").count() > 3


def test_a_missing_checklist_part_leaves_the_results_and_says_so(page, site_url, reference):
    page.route("**/data/selfcheck-more.json", lambda route: route.fulfill(status=404, body="not found"))
    open_page(page, site_url, ANSWERS)
    page.wait_for_selector(READY + '[data-pb-complete="error"][data-pb-settled="true"]')
    answered = reference[ANSWERS]
    assert page.evaluate(RESULTS)["items"] == answered["items"]
    assert "没有加载成功" in page.locator(".pb-checklist").text_content()
    # the calendar's events are a file of their own: 下载申报日历 still works
    assert page.locator(".pb-selfcheck-ics").inner_text() == answered["calendar"]
    with page.expect_download() as info:
        page.locator(".pb-selfcheck-ics").click()
    assert open(info.value.path(), encoding="utf-8").read().startswith("BEGIN:VCALENDAR")


def test_items_brought_up_to_date_in_place_are_the_items_a_fresh_page_builds(page, site_url, reference):
    """Answer one question at a time (each answer updates the items already shown), then compare
    with a page opened with all the answers at once (every item built fresh) and the whole files."""
    open_page(page, site_url)
    page.wait_for_selector(READY + '[data-pb-complete="true"]')
    page.evaluate("() => document.querySelectorAll('.pb-selfcheck-item').forEach(li => { li.pbSeen = true; })")
    parts = ANSWERS[len("#a:"):].split("&")
    for i in range(1, len(parts) + 1):
        page.evaluate("f => { location.hash = f; }", "#a:" + "&".join(parts[:i]))
        page.wait_for_function("n => document.querySelector('.pb-selfcheck-summary').textContent.startsWith(`已回答${n}/`)",
                               arg=i)
    page.wait_for_selector(READY + '[data-pb-settled="true"]')  # the checklist follows the results by a frame
    answered = reference[ANSWERS]
    assert page.evaluate(RESULTS) == {k: v for k, v in answered.items() if k != "checklist"}
    assert page.locator(".pb-checklist").inner_html() == answered["checklist"]
    # items shown before the answers were kept and updated, not built again
    kept = page.evaluate("() => [...document.querySelectorAll('.pb-selfcheck-item')].filter(li => li.pbSeen).length")
    assert kept > 0


def test_the_calendar_button_counts_the_same_before_the_events_arrive(page, site_url, reference):
    held = []
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.route("**/data/selfcheck-ics.json", lambda route: held.append(route))
    open_page(page, site_url, ANSWERS)
    page.wait_for_selector(READY + '[data-pb-complete="true"][data-pb-settled="true"]')
    assert page.locator(".pb-selfcheck-ics").inner_text() == reference[ANSWERS]["calendar"]
    assert page.locator(".pb-selfcheck-ics").is_enabled()
    # the events (most of the self-check's data) are read only for 下载申报日历
    assert not held and not [u for u in requested if u.endswith("/data/selfcheck-ics.json")]
    with page.expect_download() as info:
        page.locator(".pb-selfcheck-ics").click()  # waits for the events, then downloads
        until(page, lambda: held, "the calendar's events were not requested")
        held[0].continue_()
    text = open(info.value.path(), encoding="utf-8").read()
    assert text.startswith("BEGIN:VCALENDAR") and "BEGIN:VEVENT" in text
    # the same file as the whole selfcheck.json gives
    whole = page.context.new_page()
    try:
        whole_files(whole)
        open_page(whole, site_url, ANSWERS)
        with whole.expect_download() as info_whole:
            whole.locator(".pb-selfcheck-ics").click()
        assert open(info_whole.value.path(), encoding="utf-8").read() == text
    finally:
        whole.close()


def test_missing_calendar_events_disable_the_calendar_button_only(page, site_url, reference):
    page.route("**/data/selfcheck-ics.json", lambda route: route.fulfill(status=404, body="not found"))
    open_page(page, site_url, ANSWERS)
    page.wait_for_selector(READY + '[data-pb-complete="true"][data-pb-settled="true"]')
    page.locator(".pb-selfcheck-ics").click()
    page.wait_for_function("() => document.querySelector('.pb-selfcheck-ics').disabled")
    answered = reference[ANSWERS]
    assert page.evaluate(RESULTS)["items"] == answered["items"]
    assert page.locator(".pb-checklist").inner_html() == answered["checklist"]


# One change of the answers, run in the page: the lists right after the script's handler.
# A section off screen keeps the previous answer's items until after the frame: [count, unchanged].
ANSWER_NOW = """values => {
  const lists = [...document.querySelectorAll('.pb-selfcheck-list')];
  const before = lists.map(list => [...list.children]);
  const select = document.querySelector('#pb-q-applicant_type-input');
  for (const value of values) { select.value = value; select.dispatchEvent(new Event('change', { bubbles: true })); }
  return lists.map((list, i) => [list.children.length,
    list.children.length === before[i].length && before[i].every((node, k) => list.children[k] === node)]);
}"""


def test_an_answer_shows_a_screenful_at_once_and_the_rest_after(device, site_url, reference):
    """Each group's first ten items come with the answer's frame, the rest of its fifty a few a task
    after it (a group off screen keeps the last answer's items until after that frame); the page
    then is the one opened with the answers (fresh items, whole files)."""
    page = device
    open_page(page, site_url, ANSWERS.replace("applicant_type=enterprise&", ""))
    page.wait_for_selector(READY + '[data-pb-complete="true"]')
    page.locator("section.pb-selfcheck-group-eligible").scroll_into_view_if_needed()  # a section on screen
    page.wait_for_function("() => window.PolicybookSelfCheck.offScreen.eligible === false")  # observed on screen
    shown = page.evaluate(ANSWER_NOW, ["enterprise"])
    assert all(n <= 10 or unchanged for n, unchanged in shown), shown
    assert shown[0][0] <= 10 and not shown[0][1], shown  # the section on screen: this answer's first ten
    page.wait_for_selector(READY + '[data-pb-settled="true"]')
    answered = reference[ANSWERS]
    assert page.evaluate(RESULTS) == {k: v for k, v in answered.items() if k != "checklist"}
    assert page.locator(".pb-checklist").inner_html() == answered["checklist"]


def test_an_answer_before_the_rest_of_the_last_one_takes_over(page, site_url, reference):
    """Answers in quick succession: the rest of the earlier one is dropped, the page ends as the last
    answer's (the same as a page opened with it)."""
    open_page(page, site_url, ANSWERS.replace("applicant_type=enterprise&", ""))
    page.wait_for_selector(READY + '[data-pb-complete="true"]')
    page.evaluate(ANSWER_NOW, ["individual", "", "enterprise"])
    page.wait_for_selector(READY + '[data-pb-settled="true"]')
    answered = reference[ANSWERS]
    assert page.evaluate(RESULTS) == {k: v for k, v in answered.items() if k != "checklist"}
    assert page.locator(".pb-checklist").inner_html() == answered["checklist"]


def test_a_cached_part_from_another_build_is_not_mixed_in(page, site_url, built_site, reference):
    """selfcheck-core.json of another day's build: the page reads the whole files instead."""
    core = json.loads((built_site / "data/selfcheck-core.json").read_text("utf-8"))
    core["reference_date"] = "2026-01-01"
    body = json.dumps(core, ensure_ascii=False)
    page.route("**/data/selfcheck-core.json",
               lambda route: route.fulfill(status=200, content_type="application/json", body=body))
    open_page(page, site_url, ANSWERS)
    assert page.get_attribute(READY, "data-pb-complete") == "true"
    assert page.evaluate(RESULTS) == {k: v for k, v in reference[ANSWERS].items() if k != "checklist"}
