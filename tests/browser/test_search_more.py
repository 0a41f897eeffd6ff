"""The search page shows ten results at a time and fetches Pagefind's excerpts for those only
(issue 22: bytes per query); 显示更多结果 adds the next ten below the ones already read."""

from __future__ import annotations

from urllib.parse import quote

import pytest

pytestmark = pytest.mark.browser
PAGE_RESULTS = "#pb-search-results:not([aria-busy]) a.pb-search-hit"
QUERY = "科技"  # answered by most pages of the sample site


def _fragments(page) -> list[str]:
    found: list[str] = []
    page.context.on("request", lambda request: found.append(request.url)
                    if request.url.endswith(".pf_fragment") else None)
    return found


def test_first_page_fetches_excerpts_for_what_it_shows(site_url, page):
    fragments = _fragments(page)
    page.goto(f"{site_url}search.html?q={quote(QUERY)}")
    page.locator(PAGE_RESULTS).first.wait_for()
    more = page.locator("#pb-search-more")
    more.wait_for(state="visible")
    assert page.locator(PAGE_RESULTS).count() == 10
    status = page.locator("#pb-search-status").inner_text()
    assert "显示前10条" in status, status
    assert len(set(fragments)) <= 14, len(set(fragments))  # the ten shown and four more, not 34


def test_more_results_follow_the_ones_shown(site_url, page):
    page.goto(f"{site_url}search.html?q={quote(QUERY)}")
    page.locator(PAGE_RESULTS).first.wait_for()
    first = [a.get_attribute("href") for a in page.locator(PAGE_RESULTS).all()]
    page.locator("#pb-search-more").click()
    page.wait_for_function("document.querySelectorAll('#pb-search-results a.pb-search-hit').length > 10")
    now = [a.get_attribute("href") for a in page.locator(PAGE_RESULTS).all()]
    assert now[:10] == first and len(now) == len(set(now)) and 10 < len(now) <= 20
    # the keyboard lands on the first new result, where the reader goes on reading
    assert page.evaluate("document.activeElement.getAttribute('href')") == now[10]
    assert f"显示前{len(now)}条" in page.locator("#pb-search-status").inner_text() or \
        page.locator("#pb-search-more").is_hidden()


def test_a_new_query_starts_again_at_ten(site_url, page):
    page.goto(f"{site_url}search.html?q={quote(QUERY)}")
    page.locator(PAGE_RESULTS).first.wait_for()
    page.locator("#pb-search-more").click()
    page.wait_for_function("document.querySelectorAll('#pb-search-results a.pb-search-hit').length > 10")
    page.locator("#pb-search-input").fill("高新技术企业")
    page.locator("#pb-search-input").press("Enter")
    page.wait_for_function("document.querySelectorAll('#pb-search-results a.pb-search-hit').length <= 10 && "
                           "!document.querySelector('#pb-search-results[aria-busy]')")
    assert page.locator(PAGE_RESULTS).count() <= 10


def test_the_button_is_hidden_without_javascript(built_site):
    html = (built_site / "search.html").read_text("utf-8")
    assert 'id="pb-search-more"' in html and 'type="button" hidden' in html
