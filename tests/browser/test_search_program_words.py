"""Search at a province's scale (issue 22): program pages out of Pagefind, their words in
``search/words/``. A reader finds a program by words only its body says, as on a site whose
program pages Pagefind indexes, and never fetches Pagefind's data for program pages."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote

import pytest
from sphinx_helpers import Site

from .conftest import REFERENCE_DATE

pytestmark = pytest.mark.browser

APART = {"policybook_search_program_words_from": 0}
# words only a program's body says (a condition, a material, a step, a question), and names
BODY = {"权属清晰": "patent-grant", "贷款合同": "ip-pledge", "网上申报": "national-hightech",
        "实用新型可以申请吗": "patent-grant"}
NAMES = ["高企奖励", "专利资助", "研发费用占比", "知识产权质押贴息"]
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
    for query, program in BODY.items():
        assert apart[query][:1] == [f"{program}.html"], (query, apart[query])
    # What Pagefind answers the words answer too, near the top; not always in the same order:
    # two programs that both say 研发费用占比 tie on the words, where Pagefind prefers the shorter
    # page. Pagefind cuts 专利权|属|清晰 and so misses 权属清晰; bigrams do not.
    for query in queries:
        if county[query]:
            assert county[query][0] in apart[query][:3], (query, apart[query], county[query])
            assert apart[query][0] in county[query], (query, apart[query], county[query])
    assert any("/search/words/" in url for url in fetched)
    assert not any("/pagefind/fragment/" in url for url in fetched) or all(
        "/programs/" not in url for url in fetched)


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
        first.tap()
        page.wait_for_url("**/patent-grant.html")
        assert "专利权属清晰" in page.locator("body").inner_text()
    finally:
        context.close()
    assert not errors, errors


def test_when_the_programs_words_settle_the_first_result_pagefind_is_not_fetched_and_the_page_says_so(servers, page):
    apart_url, _ = servers
    fetched: list[str] = []
    page.context.on("request", lambda request: fetched.append(request.url))
    # 专利: the names alone leave it open; with the programs' words 发明专利授权资助 leads every
    # other page by more than Pagefind could add to one
    page.goto(f"{apart_url}search.html?q={quote('专利')}")
    page.wait_for_function(DONE)
    first = page.locator("#pb-search-results a.pb-search-hit").first.get_attribute("href")
    assert first.endswith("patent-grant.html")
    assert any("/search/words/" in url for url in fetched)
    assert not any("/pagefind/" in url for url in fetched)
    assert "事项按全文" in page.locator("#pb-search-status").inner_text()
    note = page.locator("#pb-search-page .pb-search-fulltext")
    assert note.is_visible() and "政策、指南等页面只查了名称" in note.inner_text()
    note.locator("button").click()
    page.wait_for_function(DONE + " && document.querySelector('#pb-search-page .pb-search-fulltext').hidden")
    assert any(url.endswith("pagefind.js") for url in fetched)
    assert page.locator("#pb-search-results a.pb-search-hit").first.get_attribute("href") == first
