"""政策匹配 in a browser: questions from the export's facts, matching.py's verdicts, privacy."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from policybook.finder.index import finder_document
from policybook.model.matching import match
from policybook.model.vocab import FACTS

pytestmark = pytest.mark.browser

SELF_CHECK = "source/self-check.html"
VECTORS = Path(__file__).parent.parent / "fixtures" / "matching-vectors.json"

# A tech SME in the county (sample content): ip_count, tech_staff_ratio and has_rd_institution
# are left unanswered on purpose.
PROFILE = {
    "applicant_type": "enterprise",
    "registered_in_county": True,
    "certifications": ["tech-sme"],
    "industry": "electronics",
    "years_established": 5,
    "employees": 30,
    "revenue": 2000,
    "rd_ratio": 4,
    "invention_patents": 2,
    "credit_ok": True,
}
EXPECTED = {
    "eligible": ["patent-subsidy", "tech-sme-tax-benefits", "rd-investment-subsidy"],
    "needs-info": ["high-tech-recognition", "xiao-sheng-gao", "engineering-center"],
    "ineligible": ["high-tech-first-reward", "agri-demo-project", "community-science-outreach"],
}


@pytest.fixture(scope="module")
def export(built_site) -> dict:
    return json.loads((built_site / "data" / "programs.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def programs(export) -> list[dict]:
    return [p for p in export["programs"] if not p["archived"]]


def open_check(page, site_url):
    page.clock.set_fixed_time(dt.datetime(2026, 11, 21, 12))
    page.goto(site_url + SELF_CHECK)
    page.wait_for_selector('[data-pb-finder="selfcheck"][data-pb-ready="true"]')


def fill(page, profile: dict, export: dict) -> None:
    """Answer through the controls, as a reader would."""
    for fact, value in profile.items():
        kind = export["facts"][fact]["kind"]
        if kind == "bool":
            page.locator(f"#pb-q-{fact}-{'true' if value else 'false'}").check()
        elif kind == "number":
            page.locator(f"#pb-q-{fact}-input").fill(str(value))
        elif kind == "enum":
            page.locator(f"#pb-q-{fact}-input").select_option(value)
        elif kind == "set":
            if not value:
                page.locator(f"#pb-q-{fact}-__none__").check()
            for item in value:
                page.locator(f"#pb-q-{fact}-{item}").check()
    page.locator(".pb-selfcheck-form button[type=submit]").click()


def groups(page) -> dict[str, list[str]]:
    found = page.locator(".pb-selfcheck-item").evaluate_all(
        "items => items.map(li => [li.dataset.group, li.dataset.program])")
    result: dict[str, list[str]] = {"eligible": [], "needs-info": [], "ineligible": []}
    for group, program in found:
        result[group].append(program)
    return result


def test_evaluator_passes_the_shared_vectors(page, site_url):
    """The same vectors as tests/test_matching.py, through window.PolicybookMatch."""
    open_check(page, site_url)
    vectors = json.loads(VECTORS.read_text("utf-8"))
    got = page.evaluate("vs => vs.map(v => PolicybookMatch.evaluate(v.rule, v.profile))", vectors)
    assert got == [v["expected"] for v in vectors]
    # grouping, as in test_matching.test_grouping
    rules = [{"fact": "registered_in_county", "op": "eq", "value": True},
             {"fact": "rd_ratio", "op": "ge", "value": 3}, {"op": "manual"}]
    for profile in ({"registered_in_county": True, "rd_ratio": 4}, {"registered_in_county": True},
                    {"registered_in_county": False}, {}):
        assert page.evaluate("([r, p]) => PolicybookMatch.match(r, p)", [rules, profile]) == list(match(rules, profile))
    assert page.evaluate("() => { try { PolicybookMatch.evaluate({fact: 'x', op: 'nope', value: 1}, {x: 1}); }"
                         " catch (e) { return e.message; } }") == 'unknown operator "nope"'


def test_questions_are_the_facts_the_rules_use_in_declared_order(page, site_url, export, programs):
    open_check(page, site_url)
    used = {r["fact"] for p in programs for r in p["eligibility"]["rules"] if r["op"] != "manual"}
    expected = [fact for fact in FACTS if fact in used]
    asked = page.locator(".pb-selfcheck-q").evaluate_all("qs => qs.map(q => q.id.replace(/^pb-q-/, ''))")
    assert asked == expected
    for fact in expected:
        info, block = export["facts"][fact], page.locator(f"#pb-q-{fact}")
        assert info["question"] in block.inner_text()
        if info["kind"] == "bool":
            assert block.evaluate("b => b.tagName") == "FIELDSET"
            assert block.get_by_role("radio").count() == 3
            assert block.get_by_label("不确定").is_checked()
        elif info["kind"] == "number":
            control = page.get_by_label(info["question"] + (f"（{info['unit']}）" if info["unit"] else ""), exact=True)
            assert control.get_attribute("type") == "number"
        elif info["kind"] == "enum":
            options = block.locator("option").all_inner_texts()
            assert options[0] == "不确定"
            assert options[1:] == [export["vocabularies"][info["vocabulary"]][v] for v in
                                   page.locator(f"#pb-q-{fact}-input option").evaluate_all(
                                       "os => os.slice(1).map(o => o.value)")]
        elif info["kind"] == "set":
            labels = block.locator("label").all_inner_texts()
            assert labels[-1] == "以上都没有"
            assert set(labels[:-1]) == set(export["vocabularies"][info["vocabulary"]].values())


def test_a_tech_sme_gets_three_groups_with_reasons_and_clauses(page, site_url, export, programs):
    open_check(page, site_url)
    fill(page, PROFILE, export)
    got = groups(page)
    for group, ids in EXPECTED.items():
        assert set(ids) <= set(got[group]), (group, got[group])
    # the page agrees with matching.py on every current program; archived ones are not shown
    python = {p["id"]: match(p["eligibility"]["rules"], PROFILE)[0] for p in programs}
    assert {pid: g for g, ids in got.items() for pid in ids} == python
    archived = [p["id"] for p in export["programs"] if p["archived"]]
    assert archived and not set(archived) & {pid for ids in got.values() for pid in ids}

    summary = page.locator(".pb-selfcheck-summary").inner_text()
    assert f"符合 {len(got['eligible'])} 项" in summary and f"不符合 {len(got['ineligible'])} 项" in summary
    for group, title in (("eligible", "符合"), ("needs-info", "需补充信息"), ("ineligible", "不符合")):
        region = page.get_by_role("region", name=f"{title}（{len(got[group])}）")
        assert region.count() == 1

    by_id = {p["id"]: p for p in programs}
    # ineligible: the unmet rule is named, and every rule is listed with its verdict and clause
    item = page.locator('.pb-selfcheck-item[data-program="high-tech-first-reward"]')
    unmet = [r for r in by_id["high-tech-first-reward"]["eligibility"]["rules"] if r["fact"] == "certifications"][0]
    assert unmet["text"] in item.locator(".pb-selfcheck-reason").inner_text()
    item.locator("summary").click()
    rules = item.locator(".pb-selfcheck-rules > li")
    assert rules.count() == len(by_id["high-tech-first-reward"]["eligibility"]["rules"])
    row = rules.filter(has_text=unmet["text"])
    assert row.locator(".pb-verdict").inner_text() == "不满足"
    link = row.locator(".pb-cite a")
    assert link.inner_text() == unmet["clause"]["label"]
    assert urljoin(page.url, link.get_attribute("href")) == urljoin(site_url, unmet["clause"]["url"])

    # needs-info: the unanswered questions link back to the questionnaire
    item = page.locator('.pb-selfcheck-item[data-program="xiao-sheng-gao"]')
    ask = item.locator(".pb-selfcheck-reason a")
    assert export["facts"]["ip_count"]["question"] in ask.all_inner_texts()
    ask.filter(has_text=export["facts"]["ip_count"]["question"]).click()
    assert page.evaluate("document.activeElement.id") == "pb-q-ip_count-input"

    # eligible: manual conditions are 需人工审核, never 满足
    item = page.locator('.pb-selfcheck-item[data-program="patent-subsidy"]')
    item.locator("summary").click()
    assert "需人工审核" in item.locator("summary").inner_text()
    verdicts = item.locator(".pb-selfcheck-rules .pb-verdict").all_inner_texts()
    expected = ["需人工审核" if r["op"] == "manual" else "满足" for r in by_id["patent-subsidy"]["eligibility"]["rules"]]
    assert verdicts == expected and "需人工审核" in verdicts
    for pid in got["eligible"]:
        for rule, verdict in zip(by_id[pid]["eligibility"]["rules"],
                                 page.locator(f'.pb-selfcheck-item[data-program="{pid}"] .pb-rule').evaluate_all(
                                     "rs => rs.map(r => r.dataset.verdict)"), strict=True):
            assert verdict == ("manual" if rule["op"] == "manual" else "met")

    # the clause link leads to the clause
    clause = page.locator('.pb-selfcheck-item[data-program="patent-subsidy"] .pb-cite a').first
    anchor = clause.get_attribute("href").split("#", 1)[1]
    clause.click()
    page.wait_for_url(f"**#{anchor}")
    assert page.locator(f"[id='{anchor}']").is_visible()


def test_none_of_these_is_an_answer(page, site_url, export):
    open_check(page, site_url)
    item = page.locator('.pb-selfcheck-item[data-program="tech-sme-tax-benefits"]')
    fill(page, {"applicant_type": "enterprise"}, export)
    assert item.get_attribute("data-group") == "needs-info"  # certifications unknown
    page.locator("#pb-q-certifications-__none__").check()
    assert item.get_attribute("data-group") == "ineligible"  # [] lacks tech-sme
    page.locator("#pb-q-certifications-tech-sme").check()
    assert not page.locator("#pb-q-certifications-__none__").is_checked()
    assert item.get_attribute("data-group") == "eligible"
    page.locator("#pb-q-certifications-tech-sme").uncheck()
    assert item.get_attribute("data-group") == "needs-info"


def test_all_industries_is_not_an_answer(page, site_url, export, programs):
    """不限行业 ("all") is what a program says to mean every industry, not a reader's industry: it is
    not offered, and a program open to all industries stays where it is whichever one is picked."""
    open_check(page, site_url)
    options = page.locator("#pb-q-industry-input option").evaluate_all("os => os.map(o => o.value)")
    industries = export["vocabularies"]["industry"]
    assert options == ["", *[v for v in options[1:] if v in industries and v != "all"]]
    assert set(options[1:]) == set(industries) - {"all"}
    assert "不限行业" not in page.locator("#pb-q-industry").inner_text()
    everyone = [p["id"] for p in programs if p["industries"] == ["all"]]
    assert everyone
    fill(page, {"applicant_type": "enterprise"}, export)
    unanswered = {pid: page.locator(f'.pb-selfcheck-item[data-program="{pid}"]').get_attribute("data-group")
                  for pid in everyone}
    for industry in ("electronics", "agriculture"):
        page.locator("#pb-q-industry-input").select_option(industry)
        for pid in everyone:
            group = page.locator(f'.pb-selfcheck-item[data-program="{pid}"]').get_attribute("data-group")
            assert group == unanswered[pid], (industry, pid)
    agri = page.locator('.pb-selfcheck-item[data-program="agri-demo-project"]')
    page.locator("#pb-q-industry-input").select_option("electronics")
    assert agri.get_attribute("data-group") == "ineligible"  # its rule asks for agriculture


def test_nothing_entered_leaves_the_browser(page, site_url, export):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    open_check(page, site_url)
    page.wait_for_load_state("networkidle")
    origin = urlparse(site_url).netloc
    assert all(urlparse(url).netloc == origin for url in requests), requests
    assert sum(url.endswith("data/finder.json") for url in requests) == 1
    assert not [url for url in requests if url.endswith("data/programs.json")]  # the full export: not needed
    before = len(requests)
    fill(page, PROFILE, export)
    page.wait_for_timeout(500)
    assert requests[before:] == []
    # the theme keeps its light/dark choice there; nothing of ours
    assert set(page.evaluate("Object.keys(localStorage)")) <= {"mode", "theme"}
    assert page.evaluate("document.cookie") == ""
    # kept for this tab only, so a visit to a program page and back keeps the answers
    saved = json.loads(page.evaluate("sessionStorage.getItem('policybook:self-check')"))
    assert saved == PROFILE
    page.reload()
    page.wait_for_selector('[data-pb-ready="true"]')
    assert page.locator("#pb-q-rd_ratio-input").input_value() == "4"
    assert page.locator("#pb-q-certifications-tech-sme").is_checked()
    page.get_by_role("button", name="重新填写").click()
    assert page.evaluate("sessionStorage.getItem('policybook:self-check')") in (None, "{}")
    assert page.locator("#pb-q-rd_ratio-input").input_value() == ""
    assert page.locator("#pb-q-registered_in_county-unsure").is_checked()


def test_keyboard_only(page, site_url):
    open_check(page, site_url)
    page.locator("#pb-q-applicant_type-input").focus()
    page.keyboard.press("ArrowDown")  # 企业, the first type
    assert page.locator("#pb-q-applicant_type-input").input_value() != ""
    page.keyboard.press("Tab")  # into the radio group, at its checked radio (不确定)
    assert page.evaluate("document.activeElement.id") == "pb-q-registered_in_county-unsure"
    page.keyboard.press("ArrowLeft")  # 否
    page.keyboard.press("ArrowLeft")  # 是
    assert page.locator("#pb-q-registered_in_county-true").is_checked()
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.checked") is True
    page.locator("#pb-q-rd_ratio-input").focus()
    page.keyboard.type("4")
    page.keyboard.press("Enter")  # submits: focus moves to the results
    assert page.evaluate("document.activeElement.id") == "pb-selfcheck-results-title"
    assert "已回答 4 / " in page.locator(".pb-selfcheck-summary").inner_text()


def test_reads_on_a_phone(phone, site_url, export):
    phone.clock.set_fixed_time(dt.datetime(2026, 11, 21, 12))
    phone.goto(site_url + SELF_CHECK)
    phone.wait_for_selector('[data-pb-ready="true"]')
    fill(phone, PROFILE, export)
    phone.locator('.pb-selfcheck-item[data-program="high-tech-first-reward"] summary').tap()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways on a phone ({width}px)"


def test_two_thousand_programs_show_fifty_per_group_with_more_on_request(page, site_url, export, programs):
    big = copy.deepcopy(export)
    big["programs"] = []
    for i in range(2000):
        p = copy.deepcopy(programs[i % len(programs)])
        p["id"], p["title"] = f"{p['id']}-{i}", f"{p['title']} 第{i}号"
        big["programs"].append(p)
    index = json.dumps(finder_document(big), ensure_ascii=False)
    page.route("**/data/finder.json", lambda route: route.fulfill(status=200, content_type="application/json", body=index))
    open_check(page, site_url)
    fill(page, PROFILE, export)
    python = {"eligible": 0, "needs-info": 0, "ineligible": 0}
    for p in big["programs"]:
        python[match(p["eligibility"]["rules"], PROFILE)[0]] += 1
    for group, title in (("eligible", "符合"), ("needs-info", "需补充信息"), ("ineligible", "不符合")):
        section = page.locator(f'section[data-group="{group}"]')
        assert section.locator("h3").inner_text() == f"{title}（{python[group]}）"  # counts cover every program
        assert section.locator(".pb-selfcheck-item").count() == min(50, python[group])
    group = max(python, key=python.get)
    assert python[group] > 100
    section = page.locator(f'section[data-group="{group}"]')
    more = section.locator(".pb-selfcheck-more")
    assert more.inner_text().endswith(f"（还有 {python[group] - 50} 项）")
    more.click()
    assert section.locator(".pb-selfcheck-item").count() == 100
    assert page.evaluate("g => document.activeElement.closest('li') === "
                         "document.querySelectorAll(`section[data-group='${g}'] .pb-selfcheck-item`)[50]", group)
    # every item shown agrees with matching.py
    shown = section.locator(".pb-selfcheck-item").evaluate_all("items => items.map(li => li.dataset.program)")
    by_id = {p["id"]: p for p in big["programs"]}
    assert all(match(by_id[pid]["eligibility"]["rules"], PROFILE)[0] == group for pid in shown)


def test_without_javascript_the_category_pages_are_offered(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site_url + SELF_CHECK)
        fallback = page.locator(".pb-finder-fallback")
        assert fallback.is_visible() and "申报条件" in fallback.inner_text()
        assert fallback.locator("a").count() >= 12
    finally:
        context.close()


def test_no_serious_accessibility_violations(page, site_url, export):
    axe = pytest.importorskip("axe_playwright_python.sync_playwright",
                              reason="axe-playwright-python is not installed: accessibility scan skipped")
    open_check(page, site_url)
    fill(page, PROFILE, export)
    page.evaluate("document.querySelectorAll('.pb-selfcheck-details').forEach(d => d.open = true)")
    results = axe.Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, results.generate_report()
