"""Pagefind's full text is fetched only when a query needs it (issue 22: bytes of the first query):
the names and keywords answer first; a list they settle says the body text was not searched and
offers 在全部正文中查找."""

from __future__ import annotations

from urllib.parse import quote

import pytest

pytestmark = pytest.mark.browser
SETTLED = "明科字〔2025〕12号"  # a 文号: the policy that bears it, by the names layer alone
OPEN = "没有房产抵押能贷款吗"  # the names alone do not answer it well
MANY = "高新技术企业奖励多少钱"  # settled by the names, with more than a page of results
DONE = ("document.getElementById('pb-search-status').textContent"
        " && document.getElementById('pb-search-status').textContent.indexOf('正在搜索') !== 0"
        " && !document.querySelector('#pb-search-results[aria-busy]')")
NOTE = "#pb-search-page .pb-search-fulltext"


def _pagefind_requests(page) -> list[str]:
    found: list[str] = []
    page.context.on("request", lambda request: found.append(request.url) if "/pagefind/" in request.url else None)
    return found


def _search(page, site_url: str, query: str) -> None:
    page.goto(f"{site_url}search.html?q={quote(query)}")
    page.wait_for_function(DONE)


def test_focusing_the_field_fetches_the_names_not_pagefind(site_url, page):
    pagefind = _pagefind_requests(page)
    with page.expect_response(lambda r: r.url.endswith("search/index.json")):
        page.goto(f"{site_url}index.html")
        page.keyboard.press("Control+k")
        page.locator("#pst-search-dialog input[name=q]").wait_for(state="visible")
    page.wait_for_timeout(300)
    assert pagefind == []


def test_a_query_the_names_settle_fetches_no_full_text_and_says_so(site_url, page):
    pagefind = _pagefind_requests(page)
    _search(page, site_url, SETTLED)
    assert page.locator("#pb-search-results a.pb-search-hit").first.get_attribute("href").endswith(".html")
    assert pagefind == []
    note = page.locator(NOTE)
    assert note.is_visible()
    assert "未在正文中查找" in note.inner_text()
    assert "按名称和关键词" in page.locator("#pb-search-status").inner_text()


def test_the_button_searches_the_full_text_and_keeps_the_first_result(site_url, page):
    pagefind = _pagefind_requests(page)
    _search(page, site_url, SETTLED)
    first = page.locator("#pb-search-results a.pb-search-hit").first.get_attribute("href")
    page.locator(NOTE + " button").click()
    page.wait_for_function(DONE + " && document.querySelector('#pb-search-page .pb-search-fulltext').hidden")
    assert any(url.endswith("pagefind.js") for url in pagefind)
    assert page.locator("#pb-search-results a.pb-search-hit").first.get_attribute("href") == first
    assert "按名称和关键词" not in page.locator("#pb-search-status").inner_text()
    assert page.evaluate("document.activeElement.getAttribute('href')") == first


def test_a_query_the_names_leave_open_searches_the_full_text(site_url, page):
    pagefind = _pagefind_requests(page)
    _search(page, site_url, OPEN)
    assert any(url.endswith("pagefind.js") for url in pagefind)
    assert page.locator(NOTE).is_hidden()


def test_more_results_search_the_full_text(site_url, page):
    pagefind = _pagefind_requests(page)
    _search(page, site_url, MANY)
    assert pagefind == [] and page.locator(NOTE).is_visible()
    first = [a.get_attribute("href") for a in page.locator("#pb-search-results a.pb-search-hit").all()]
    page.locator("#pb-search-more").click()
    page.wait_for_function("document.querySelectorAll('#pb-search-results a.pb-search-hit').length > 10")
    now = [a.get_attribute("href") for a in page.locator("#pb-search-results a.pb-search-hit").all()]
    assert now[:len(first)] == first and len(now) == len(set(now))
    assert any(url.endswith("pagefind.js") for url in pagefind)
    assert page.locator(NOTE).is_hidden()

