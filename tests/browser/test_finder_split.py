"""政策查找 starts from data/finder-core.json and reads the summaries after (issue 22)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from policybook.finder.index import expand
from policybook.finder.split import core_document, text_document

pytestmark = pytest.mark.browser

FINDER = "source/finder.html"
NOON = dt.datetime.combine(dt.date(2026, 11, 21), dt.time(12, 0))


@pytest.fixture(scope="module")
def finder(built_site) -> dict:
    return json.loads((built_site / "data/finder.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def summary_term(finder) -> tuple[str, str]:
    """(a few characters of one program's summary that no title, alias or tag has, that program)."""
    records = expand(finder)
    names = "\n".join(t for p in records for t in [p["title"], *p["aliases"], *p["tags"]])
    for p in records:
        text = p["summary"] or ""
        for start in range(len(text) - 4):
            term = text[start:start + 4]
            if term.isalnum() and term not in names:
                return term, p["id"]
    pytest.skip("no summary-only term in the sample")


def test_the_two_parts_hold_what_the_whole_index_holds(built_site, finder):
    core = json.loads((built_site / "data/finder-core.json").read_text("utf-8"))
    text = json.loads((built_site / "data/finder-text.json").read_text("utf-8"))
    assert core == core_document(finder) and text == text_document(finder)
    whole = expand(finder)
    for record, short in zip(whole, expand(core), strict=True):
        assert short["summary"] is None and short["eligibility"]["rules"] == []
        assert {**short, "summary": record["summary"], "eligibility": record["eligibility"]} == record
        assert text["summaries"].get(record["id"]) == (record["summary"] or None)
    assert len(json.dumps(core, ensure_ascii=False)) < 0.7 * len(json.dumps(finder, ensure_ascii=False))


def test_first_results_come_from_the_core_file(page, site_url):
    loaded: list[str] = []
    page.on("request", lambda request: loaded.append(request.url))
    page.clock.set_fixed_time(NOON)
    page.goto(site_url + FINDER)
    page.wait_for_selector('[data-pb-finder="finder"][data-pb-text="true"]')
    assert any(u.endswith("/data/finder-core.json") for u in loaded), loaded
    assert any(u.endswith("/data/finder-text.json") for u in loaded), loaded
    assert not any(u.endswith("/data/finder.json") for u in loaded)


def test_a_query_typed_before_the_summaries_arrive_is_matched_again(page, site_url, summary_term):
    term, program = summary_term
    held = []
    page.route("**/data/finder-text.json", lambda route: held.append(route))
    page.clock.set_fixed_time(NOON)
    # the summaries are asked for once the first results are painted
    with page.expect_request("**/data/finder-text.json"):
        page.goto(site_url + FINDER)
        page.wait_for_selector('[data-pb-finder="finder"][data-pb-ready="true"]')
    page.locator("#pb-finder-q").fill(term)
    page.wait_for_function("t => window.PolicybookFinder.state.q === t", arg=term)
    assert page.get_attribute('[data-pb-finder="finder"]', "data-pb-text") is None
    page.wait_for_selector('[data-pb-finder="finder"]:not([data-pb-pending])', state="attached")
    assert program not in page.locator(".pb-finder-results > li").evaluate_all("l => l.map(x => x.dataset.program)")
    assert held, "the summaries were not requested"
    # the search's answer first (it does not answer 建有研发 well: only a summary says it); the
    # words as typed stay in charge, so the summaries still find the program when they come
    page.wait_for_selector(f'[data-pb-finder="finder"][data-pb-ranked="{term}"]', state="attached")
    held[0].continue_()
    page.wait_for_selector('[data-pb-finder="finder"][data-pb-text="true"]')
    page.wait_for_function("p => !!document.querySelector(`.pb-finder-results > li[data-program='${p}']`)", arg=program)


def test_a_page_opened_with_a_query_waits_for_the_summaries(page, site_url, summary_term):
    term, program = summary_term
    page.clock.set_fixed_time(NOON)
    page.goto(site_url + FINDER + "?kw=" + term)
    page.wait_for_selector('[data-pb-finder="finder"][data-pb-ready="true"]')
    page.wait_for_selector('[data-pb-finder="finder"]:not([data-pb-pending])', state="attached")
    shown = page.locator(".pb-finder-results > li").evaluate_all("l => l.map(x => x.dataset.program)")
    assert program in shown
