"""A reader types a Chinese query without spaces, or a program's short name, and gets the program."""

from __future__ import annotations

from urllib.parse import quote

import pytest

pytestmark = pytest.mark.browser
# Tests ask for site_url before page: the site is built before Playwright starts, so processes
# a build forks (sphinx-sitemap's multiprocessing Manager) do not hold the driver's pipes open.

# Query → the program it must return first (sample content in source/programs/).
EXPECTED = {
    "知识产权资助": "patent-subsidy",  # an alias, typed without spaces
    "发明专利资助": "patent-subsidy",
    "高新技术企业认定": "high-tech-recognition",  # the title
    "科技成果转化贷款": "tech-transfer-loan",
    "创新券": "innovation-voucher",
    "高企": "high-tech-recognition",  # abbreviations from the YAML aliases
    "科小": "tech-sme-evaluation",
    "双百计划": "double-hundred-plan",
}
IDS = [f"{i}-{program}" for i, program in enumerate(EXPECTED.values())]
DIALOG_RESULTS = "#pb-search-dialog-results a.pb-search-hit"
PAGE_RESULTS = "#pb-search-results a.pb-search-hit"


def open_dialog_and_search(page, query: str):
    page.keyboard.press("Control+k")
    field = page.locator("#pst-search-dialog input[name=q]")
    field.wait_for(state="visible")
    field.fill(query)
    page.locator(DIALOG_RESULTS).first.wait_for()
    return field


@pytest.mark.parametrize("query", list(EXPECTED), ids=IDS)
def test_header_search_returns_the_program_first(site_url, page, query):
    page.goto(site_url + "docs/getting-started.html")
    open_dialog_and_search(page, query)
    first = page.locator(DIALOG_RESULTS).first
    assert first.get_attribute("href").endswith(f"/source/programs/{EXPECTED[query]}.html"), \
        page.locator(DIALOG_RESULTS).all_inner_texts()[:3]
    assert first.locator(".pb-search-kind").inner_text() == "申报事项"


@pytest.mark.parametrize("query", list(EXPECTED), ids=IDS)
def test_search_page_returns_the_program_first(site_url, page, query):
    page.goto(f"{site_url}search.html?q={quote(query)}")
    page.locator(PAGE_RESULTS).first.wait_for()
    assert page.locator(PAGE_RESULTS).first.get_attribute("href").endswith(f"/{EXPECTED[query]}.html")
    assert page.locator("#pb-search-input").input_value() == query
    assert "条结果" in page.locator("#pb-search-status").inner_text()


def test_search_button_opens_the_dialog_and_keyboard_reaches_the_result(site_url, page):
    page.goto(site_url)
    page.locator(".search-button__button:visible").first.click()
    field = page.locator("#pst-search-dialog input[name=q]")
    assert field.is_visible() and field.get_attribute("placeholder").startswith("搜索")
    field.fill("创新券")
    page.locator(DIALOG_RESULTS).first.wait_for()
    field.press("ArrowDown")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused.endswith("/innovation-voucher.html")
    page.keyboard.press("Enter")
    page.wait_for_url("**/innovation-voucher.html")
    assert "科技创新券" in page.locator("article h1").inner_text()


def test_enter_in_the_dialog_opens_the_search_page(site_url, page):
    page.goto(site_url)
    field = open_dialog_and_search(page, "贷款贴息")
    field.press("Enter")
    page.wait_for_url("**/search.html?q=*")
    page.locator(PAGE_RESULTS).first.wait_for()
    assert page.locator("#pb-search-input").input_value() == "贷款贴息"


def test_excerpts_highlight_matches_and_never_inject_markup(site_url, page):
    page.goto(f"{site_url}search.html?q={quote('研发费用')}")
    page.locator(PAGE_RESULTS).first.wait_for()
    assert page.locator("#pb-search-results mark").count() > 0
    tags = page.evaluate("""Array.from(document.querySelectorAll('#pb-search-results *'))
                            .map(e => e.tagName.toLowerCase())""")
    assert set(tags) <= {"li", "a", "span", "mark"}


def test_no_result_says_so(site_url, page):
    page.goto(f"{site_url}search.html?q={quote('量子引力火星殖民')}")
    status = page.locator("#pb-search-status")
    status.filter(has_text="没有找到").wait_for()
    assert page.locator(PAGE_RESULTS).count() == 0


def test_search_reads_on_a_phone(site_url, phone):
    phone.goto(site_url)
    phone.keyboard.press("Control+k")
    field = phone.locator("#pst-search-dialog input[name=q]")
    field.fill("高企")
    phone.locator(DIALOG_RESULTS).first.wait_for()
    box = phone.locator("#pst-search-dialog").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
