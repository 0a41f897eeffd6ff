"""A reader types a Chinese query without spaces, or a program's short name, and gets the program."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import quote

import pytest

pytestmark = pytest.mark.browser
REPO = Path(__file__).parent.parent.parent
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
# The names answer at once and Pagefind's full text refines the list (aria-busy meanwhile):
# these wait for the final list.
DIALOG_RESULTS = "#pb-search-dialog-results:not([aria-busy]) a.pb-search-hit"
PAGE_RESULTS = "#pb-search-results:not([aria-busy]) a.pb-search-hit"


def open_dialog_and_search(page, query: str):
    page.keyboard.press("Control+k")
    field = page.locator("#pst-search-dialog input[name=q]")
    field.wait_for(state="visible")
    field.fill(query)
    page.locator(DIALOG_RESULTS).first.wait_for()
    return field


@pytest.mark.parametrize("query", list(EXPECTED), ids=IDS)
def test_header_search_returns_the_program_first(site_url, page, query):
    page.goto(site_url + "source/guides/getting-started.html")
    open_dialog_and_search(page, query)
    first = page.locator(DIALOG_RESULTS).first
    assert first.get_attribute("href").endswith(f"/source/programs/{EXPECTED[query]}.html"), \
        page.locator(DIALOG_RESULTS).all_inner_texts()[:3]
    assert first.locator(".pb-search-kind").inner_text() == "事项"


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


def result_rows(page) -> dict[str, dict]:
    """Each result as page path (under the site) → its kind label and state badge; every page of
    results (the search page shows ten at a time: 显示更多结果)."""
    more = page.locator("#pb-search-more")
    while more.is_visible():
        count = page.locator(PAGE_RESULTS).count()
        more.click()
        page.wait_for_function(f"document.querySelectorAll('#pb-search-results a.pb-search-hit').length > {count}"
                               " || document.getElementById('pb-search-more').hidden")
    rows = page.evaluate("""Array.from(document.querySelectorAll('#pb-search-results a.pb-search-hit')).map(a => ({
        href: a.getAttribute('href'),
        kind: (a.querySelector('.pb-search-kind') || {}).textContent || '',
        state: a.querySelector('.pb-search-state') ? a.querySelector('.pb-search-state').textContent : null,
        classes: a.querySelector('.pb-search-state') ? a.querySelector('.pb-search-state').className : ''}))""")
    return {row["href"].split("/source/", 1)[-1].removesuffix(".html"): row for row in rows}


def status_on(program_id: str, day: dt.date) -> str:
    """The status a program's page badge says on ``day`` (policybook.model.status), for its window
    as readers see it: with the round a notice opened (policybook.model.notices)."""
    from policybook.model.loading import load_notice_front_matter, load_program
    from policybook.model.notices import overlay
    from policybook.model.status import status_label

    path = REPO / f"source/programs/{program_id}.yaml"
    notices = {}
    for notice_path in sorted((REPO / "source/notices").glob("*.md")):
        notice = load_notice_front_matter(notice_path.read_bytes(), notice_path.name).data
        if notice is not None:
            notices[notice["id"]] = notice
    program = overlay({program_id: load_program(path.read_bytes(), path.name).data}, notices)[program_id]
    return status_label(program["window"], day, False)


def test_results_say_what_they_are_and_where_they_stand(site_url, page):
    """A program with its status today, policies with their standing (the repealed 2021 measures
    and a 通知), a guide: each row names its kind; the state is the one the pages show."""
    page.goto(f"{site_url}search.html?q={quote('高新技术企业')}")
    page.locator(PAGE_RESULTS).first.wait_for()
    rows = result_rows(page)
    program = rows["programs/high-tech-recognition"]
    assert program["kind"] == "事项"
    assert program["state"] == status_on("high-tech-recognition", dt.date(2026, 11, 21))  # the pinned clock
    assert "pb-search-state-status-" in program["classes"]
    assert [rows["policies/county-sci-measures-2021"][key] for key in ("kind", "state")] == ["政策", "已废止"]
    assert "pb-search-state-repealed" in rows["policies/county-sci-measures-2021"]["classes"]
    assert [rows["policies/county-sci-measures"][key] for key in ("kind", "state")] == ["政策", "现行有效"]
    assert [rows["guides/high-tech-guide"][key] for key in ("kind", "state")] == ["指南", None]
    assert [rows["interpretations/county-sci-measures-tujie"][key] for key in ("kind", "state")] == ["解读", None]
    for row in rows.values():
        assert row["kind"] in ("事项", "政策", "通知", "指南", "栏目", "解读", "公示"), row
        assert row["kind"] not in ("事项", "政策") or row["state"], row
    page.goto(f"{site_url}search.html?q={quote('农业农村科技')}")
    page.locator(PAGE_RESULTS).first.wait_for()
    assert [result_rows(page)["categories/agriculture"][key] for key in ("kind", "state")] == ["栏目", None]
    page.goto(f"{site_url}search.html?q={quote('亏损')}")
    page.locator(PAGE_RESULTS).first.wait_for()
    notice = result_rows(page)["policies/natl-loss-carryforward"]  # 关于延长……亏损结转年限的通知
    assert [notice[key] for key in ("kind", "state")] == ["通知", "现行有效"]


def test_a_program_state_is_for_today_not_the_build_day(site_url, page):
    """The site was built for 2026-11-21 (即将开始: the 2027 round a notice opened); a reader on
    2027-04-15 sees 申报中."""
    day = dt.date(2027, 4, 15)
    page.clock.set_fixed_time(f"{day.isoformat()}T10:00:00+08:00")
    page.goto(f"{site_url}search.html?q={quote('高新技术企业认定')}")
    page.locator(PAGE_RESULTS).first.wait_for()
    row = result_rows(page)["programs/high-tech-recognition"]
    assert row["kind"] == "事项" and row["state"] == status_on("high-tech-recognition", day)
    assert status_on("high-tech-recognition", day) != status_on("high-tech-recognition", dt.date(2026, 11, 21))


@pytest.mark.parametrize("query", ["工作人员", "明府发〔2021〕15号", "字段说明", "部署"])
def test_staff_pages_are_not_found(site_url, page, query):
    """The staff documentation is not on the public site: no result leads under docs/."""
    page.goto(f"{site_url}search.html?q={quote(query)}")
    page.locator("#pb-search-status").filter(has_text="结果").or_(
        page.locator("#pb-search-status").filter(has_text="没有找到")).wait_for()
    hrefs = [a.get_attribute("href") for a in page.locator(PAGE_RESULTS).all()]
    assert not any("/docs/" in href for href in hrefs), hrefs
