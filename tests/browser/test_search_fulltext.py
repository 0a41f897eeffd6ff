"""Search at a province's scale (issue 22): our own full text (``search/fulltext/``) instead of
Pagefind. A reader finds a program by words only its body says, a policy by a clause's words,
as on a site Pagefind indexes, and never fetches anything of Pagefind."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote

import pytest
from sphinx_helpers import Site

from .conftest import REFERENCE_DATE

pytestmark = pytest.mark.browser

APART = {"policybook_search_fulltext_from": 0}
# words only a page's body says (a program's condition, material, step, question; a clause)
BODY = {"权属清晰": "patent-grant", "贷款合同": "ip-pledge", "网上申报": "national-hightech",
        "实用新型可以申请吗": "patent-grant", "利息的百分之五十": "ip-measures"}
NAMES = ["高企奖励", "专利资助", "研发费用占比", "知识产权质押贴息", "patent-grant"]  # and an id
DONE = ("document.getElementById('pb-search-status').textContent"
        " && document.getElementById('pb-search-status').textContent.indexOf('正在搜索') !== 0"
        " && !document.querySelector('#pb-search-results[aria-busy]')")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    """(url of the site built with program pages apart, url of the same site as a county builds it)."""
    apart = Site(tmp_path_factory.mktemp("apart")).build(fresh=True, confoverrides=APART)
    county = Site(tmp_path_factory.mktemp("county")).build(fresh=True)
    assert apart.warnings == "" and county.warnings == ""
    running, urls = [], []
    for out in (apart.app.outdir, county.app.outdir):
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(out)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        running.append(server)
        urls.append(f"http://127.0.0.1:{server.server_address[1]}/")
    yield urls
    for server in running:
        server.shutdown()


def _first_results(browser, url: str, queries) -> tuple[dict, list[str]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.clock.set_fixed_time(f"{REFERENCE_DATE}T10:00:00+08:00")
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    fetched: list[str] = []
    context.on("request", lambda request: fetched.append(request.url))
    page.goto(url + "search.html")
    page.wait_for_function("() => window.policybookSearch && window.policybookSearch.search")
    found = {}
    for query in queries:
        found[query] = page.evaluate("""async (q) => {
          const r = await window.policybookSearch.search(q, 10, { fullText: true });
          return (r.hits || []).map((h) => new URL(h.url, document.baseURI).pathname.split('/').pop());
        }""", query)
    context.close()
    assert not errors, errors
    return found, fetched


def test_a_program_is_found_by_its_body_words_as_pagefind_found_it(servers, browser):
    apart_url, county_url = servers
    queries = [*BODY, *NAMES]
    apart, fetched = _first_results(browser, apart_url, queries)
    county, _ = _first_results(browser, county_url, queries)
    for query, program in {**BODY, "patent-grant": "patent-grant"}.items():
        assert apart[query][:1] == [f"{program}.html"], (query, apart[query])
    # What Pagefind answers the words answer too, near the top; not always in the same order:
    # two programs that both say 研发费用占比 tie on the words, where Pagefind prefers the shorter
    # page. Pagefind cuts 专利权|属|清晰 and so misses 权属清晰; bigrams do not.
    for query in queries:
        if county[query]:
            assert county[query][0] in apart[query][:3], (query, apart[query], county[query])
            assert apart[query][0] in county[query], (query, apart[query], county[query])
    assert any("/search/fulltext/" in url for url in fetched)
    assert not any("/pagefind" in url for url in fetched)


def test_on_a_phone_the_reader_taps_the_program_found_by_a_condition(servers, browser):
    apart_url, _ = servers
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.clock.set_fixed_time(f"{REFERENCE_DATE}T10:00:00+08:00")
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(f"{apart_url}search.html?q={quote('权属清晰')}")
        page.wait_for_function(DONE)
        first = page.locator("#pb-search-results a.pb-search-hit").first
        assert "发明专利授权资助" in first.inner_text()
        # its status badge, from the window fetched with its address (search/shown/)
        assert first.locator(".pb-search-state").inner_text().strip()
        first.tap()
        page.wait_for_url("**/patent-grant.html")
        assert "专利权属清晰" in page.locator("body").inner_text()
    finally:
        context.close()
    assert not errors, errors


def test_the_full_text_button_searches_our_own_full_text(servers, page):
    apart_url, _ = servers
    fetched: list[str] = []
    page.context.on("request", lambda request: fetched.append(request.url))
    page.goto(f"{apart_url}search.html?q={quote('专利资助')}")  # an alias: the names settle it
    page.wait_for_function(DONE)
    first = page.locator("#pb-search-results a.pb-search-hit").first.get_attribute("href")
    assert first.endswith("patent-grant.html")
    note = page.locator("#pb-search-page .pb-search-fulltext")
    assert note.is_visible() and not any("/search/fulltext/" in url for url in fetched)
    note.locator("button").click()
    page.wait_for_function(DONE + " && document.querySelector('#pb-search-page .pb-search-fulltext').hidden")
    assert any("/search/fulltext/" in url for url in fetched)
    assert not any("/pagefind" in url for url in fetched)
    assert page.locator("#pb-search-results a.pb-search-hit").first.get_attribute("href") == first


def test_when_a_programs_address_cannot_be_fetched_the_other_results_still_show(servers, page):
    apart_url, _ = servers
    page.route("**/search/shown/**", lambda route: route.abort())
    page.goto(f"{apart_url}search.html?q={quote('专利资助')}")
    page.wait_for_function(DONE)
    hrefs = page.locator("#pb-search-results a.pb-search-hit").evaluate_all("l => l.map(a => a.getAttribute('href'))")
    assert hrefs and not any("/programs/" in h for h in hrefs)  # the guide and the policies that say it
    assert "未能加载" not in page.locator("#pb-search-status").inner_text()
