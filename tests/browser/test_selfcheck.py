"""政策匹配 in a browser: questions from the export's facts, matching.py's verdicts, privacy,
three enterprises' results on phone and desktop, amounts, what is missing, the answers in the
link and the printed 申报准备清单."""

from __future__ import annotations

import copy
import datetime as dt
import json
import random
import unicodedata
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from policybook.finder.index import finder_document
from policybook.finder.selfcheck_split import core_document, more_document
from policybook.finder.split import core_document as finder_core
from policybook.model.matching import match, with_applicants
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
    "eligible": ["patent-subsidy", "tech-sme-tax-benefits"],
    "needs-info": ["high-tech-recognition", "xiao-sheng-gao", "engineering-center", "rd-investment-subsidy"],
    "ineligible": ["high-tech-first-reward", "agri-demo-project", "community-science-outreach"],
}
SECTIONS = ("eligible", "needs-info", "closed", "ineligible")
SOON = {"open", "upcoming", "rolling"}


def python_group(program: dict, profile: dict) -> str:
    return match(with_applicants(program["eligibility"]["rules"], program["applicants"]), profile)[0]


def python_section(program: dict, profile: dict) -> str:
    """Where the page should list it: closed windows apart, unless 不符合 or 免申即享 (no window to miss)."""
    group = python_group(program, profile)
    closed = program["status"] not in SOON and not program["no_application"]
    return "closed" if group != "ineligible" and closed else group


@pytest.fixture(scope="module")
def export(built_site) -> dict:
    return json.loads((built_site / "data" / "programs.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def programs(export) -> list[dict]:
    return [p for p in export["programs"] if not p["archived"]]


def open_check(page, site_url):
    page.clock.set_fixed_time(dt.datetime(2026, 11, 21, 12))
    page.goto(site_url + SELF_CHECK)
    # with every item of the first results (the first ten a group come first) and the checklist's part,
    # read after them (test_selfcheck_split.py: the page before those)
    page.wait_for_selector('[data-pb-finder="selfcheck"][data-pb-ready="true"][data-pb-settled="true"]'
                           '[data-pb-complete="true"]')


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
    # each group's first ten items come with the answer, the rest of its fifty a few a task after
    page.wait_for_selector('[data-pb-finder="selfcheck"][data-pb-settled="true"]')


def settled(page) -> None:
    """After an answer: a group off screen is brought up to date a task after the answer's frame."""
    page.wait_for_selector('[data-pb-finder="selfcheck"][data-pb-settled="true"]')


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
    got = page.evaluate("vs => vs.map(v => PolicybookMatch.evaluate(v.rule, v.profile))", vectors["evaluate"])
    assert got == [v["expected"] for v in vectors["evaluate"]]
    got = page.evaluate("vs => vs.map(v => PolicybookMatch.estimate(v.formula, v.profile))", vectors["estimate"])
    assert got == [v["expected"] for v in vectors["estimate"]]
    got = page.evaluate("vs => vs.map(v => PolicybookMatch.match(PolicybookMatch.withApplicants("
                        "[{op: 'manual'}], v.applicants), v.profile)[0])", vectors["applicants"])
    assert got == [v["expected"] for v in vectors["applicants"]]
    # grouping, as in test_matching.test_grouping
    rules = [{"fact": "registered_in_county", "op": "eq", "value": True},
             {"fact": "rd_ratio", "op": "ge", "value": 3}, {"op": "manual"}]
    for profile in ({"registered_in_county": True, "rd_ratio": 4}, {"registered_in_county": True},
                    {"registered_in_county": False}, {}):
        assert page.evaluate("([r, p]) => PolicybookMatch.match(r, p)", [rules, profile]) == list(match(rules, profile))
    assert page.evaluate("() => { try { PolicybookMatch.evaluate({fact: 'x', op: 'nope', value: 1}, {x: 1}); }"
                         " catch (e) { return e.message; } }") == 'unknown operator "nope"'


def random_profile(rng: random.Random, export: dict) -> dict:
    """Any answers to any subset of the questions (set facts may be "none of these")."""
    profile = {}
    for fact_id, info in export["facts"].items():
        if rng.random() < .35:
            continue
        kind, values = info["kind"], list(export["vocabularies"].get(info["vocabulary"] or "", {}))
        if kind == "bool":
            profile[fact_id] = rng.random() < .5
        elif kind == "number":
            profile[fact_id] = rng.choice([0, 1, 3, 5, 10, 30, 500, 2000, 20000, rng.uniform(0, 50)])
        elif kind == "enum":
            profile[fact_id] = rng.choice(values)
        else:
            profile[fact_id] = rng.sample(values, rng.randint(0, 2))
    return profile


def test_the_page_groups_every_program_as_python_does_for_random_answers(page, site_url, export, programs):
    """300 seeded profiles over the real programs (their 申报对象 included): the browser's groups equal
    matching.py's, so the property test of tests/test_matching.py holds for the page too."""
    open_check(page, site_url)
    rng = random.Random(18)
    profiles = [random_profile(rng, export) for _ in range(300)]
    got = page.evaluate("""ps => { const c = window.PolicybookSelfCheck;
        return ps.map(p => c.programs.map(x => PolicybookMatch.match(c.rulesOf[x.id], p)[0])); }""", profiles)
    order = page.evaluate("() => window.PolicybookSelfCheck.programs.map(p => p.id)")
    by_id = {p["id"]: p for p in programs}
    for profile, groups_ in zip(profiles, got, strict=True):
        assert groups_ == [python_group(by_id[pid], profile) for pid in order], profile


def test_answers_in_sequence_re_match_as_a_fresh_match_would(page, site_url, export):
    """An answer evaluates again only the rules reading a changed fact, each distinct rule once
    (issue 22): after each of 100 seeded profiles in a row, every program's group and verdicts
    (c.results, by position in c.programs: [program, verdicts, group]) equal a fresh M.match's."""
    open_check(page, site_url)
    rng = random.Random(22)
    profiles = [random_profile(rng, export) for _ in range(100)] + [{}]
    wrong = page.evaluate("""ps => { const c = window.PolicybookSelfCheck, wrong = [];
        ps.forEach((p, n) => { c.sort(p); c.programs.forEach((x, k) => {
          const [program, verdicts, group] = c.results[k];
          if (program !== x || JSON.stringify([group, verdicts]) !== JSON.stringify(PolicybookMatch.match(c.rulesOf[x.id], p))) wrong.push([n, x.id]);
        }); });
        return wrong; }""", profiles)
    assert wrong == []


def test_the_programs_order_is_the_deadline_comparators(page, site_url):
    """setData orders by one string a program (issue 22): the same order as C.deadlineKey and
    C.compareDeadlineKeys (status, date, title in UTF-16 order, data order for ties), for the real
    programs and for made-up ones: same dates and titles, titles that are prefixes of others or start
    with characters below and above the digits, missing and malformed dates, archived ones."""
    open_check(page, site_url)
    mismatch = page.evaluate("""() => {
        const C = window.PolicybookFinderCore, c = window.PolicybookSelfCheck, today = c.today;
        const reference = (programs) => programs.filter((p) => !p.archived)
          .map((p) => ({ p, key: C.deadlineKey(p, today) }))
          .sort((a, b) => C.compareDeadlineKeys(a.key, b.key, a.p, b.p)).map((e) => e.p);
        const ordered = (programs) => {
          const fake = Object.create(Object.getPrototypeOf(c));
          fake.today = today;
          fake.setData({ programs, vocabularies: {} }, null, true);
          return fake.programs;
        };
        const wrong = [];
        if (ordered(c.data.programs).some((p, i) => p !== reference(c.data.programs)[i])) wrong.push("real");
        const titles = ["a", "a ", "a!", "a0", "ab", "", "\u0001", "政策", "政策A", "政", "Z", "~", "a"];
        const dates = [null, "", "2026-11-21", "2026-11-2", "2026-11-21x", "2026-12-01", "2025-01-01", "9999-12-31", "bad"];
        const programs = [];
        let n = 0;
        for (const mode of ["fixed", "rolling"]) for (const open of dates) for (const close of dates) for (const title of titles) {
          n += 1;
          if (n % 3) continue;  // a third of them, ~600, still every kind
          programs.push({ id: "p" + n, title, archived: n % 41 === 0,
                          window: { mode, open, close }, eligibility: { rules: [] }, applicants: [] });
        }
        const got = ordered(programs), want = reference(programs);
        if (got.length !== want.length || got.some((p, i) => p !== want[i])) wrong.push("made-up");
        return wrong;
    }""")
    assert mismatch == []


def test_questions_are_the_facts_the_rules_use_in_declared_order(page, site_url, export, programs):
    open_check(page, site_url)
    used = {c["fact"] for p in programs for r in with_applicants(p["eligibility"]["rules"], p["applicants"])
            for c in (r["value"] if r["op"] == "any" else [r]) if r["op"] != "manual"}
    used |= {item["fact"] for p in programs for item in p["funding"]["items"] if item.get("fact")}
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
    python = {p["id"]: python_group(p, PROFILE) for p in programs}
    assert {pid: g for g, ids in got.items() for pid in ids} == python
    archived = [p["id"] for p in export["programs"] if p["archived"]]
    assert archived and not set(archived) & {pid for ids in got.values() for pid in ids}

    sections = {name: [p["id"] for p in programs if python_section(p, PROFILE) == name] for name in SECTIONS}
    summary = page.locator(".pb-selfcheck-summary").inner_text()
    assert f"符合{len(sections['eligible'])}项" in summary and f"不符合{len(sections['ineligible'])}项" in summary
    for name, title in (("eligible", "符合"), ("needs-info", "需补充信息"), ("closed", "本期已截止"), ("ineligible", "不符合")):
        region = page.get_by_role("region", name=f"{title}（{len(sections[name])}）")
        assert region.count() == 1
        assert region.locator(".pb-selfcheck-item").evaluate_all("xs => xs.map(x => x.dataset.program)") \
            == [pid for pid in page.evaluate("() => window.PolicybookSelfCheck.programs.map(p => p.id)")
                if pid in sections[name]] or name == "ineligible"

    by_id = {p["id"]: p for p in programs}
    # ineligible: the unmet rule is named, and every rule is listed with its verdict and clause
    item = page.locator('.pb-selfcheck-item[data-program="high-tech-first-reward"]')
    unmet = [r for r in by_id["high-tech-first-reward"]["eligibility"]["rules"] if r["fact"] == "certifications"][0]
    assert unmet["text"] in item.locator(".pb-selfcheck-reason").inner_text()
    item.locator("summary").click()
    rules = item.locator(".pb-selfcheck-rules > li")
    program = by_id["high-tech-first-reward"]
    assert rules.count() == len(with_applicants(program["eligibility"]["rules"], program["applicants"]))
    assert rules.first.inner_text().startswith("满足 申报对象为企业")  # its 申报对象, cited to the program page
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
    expected = ["需人工审核" if r["op"] == "manual" else "满足" for r in
                with_applicants(by_id["patent-subsidy"]["eligibility"]["rules"], by_id["patent-subsidy"]["applicants"])]
    assert verdicts == expected and "需人工审核" in verdicts
    for pid in got["eligible"]:
        for rule, verdict in zip(with_applicants(by_id[pid]["eligibility"]["rules"], by_id[pid]["applicants"]),
                                 page.locator(f'.pb-selfcheck-item[data-program="{pid}"] .pb-rule').evaluate_all(
                                     "rs => rs.map(r => r.dataset.verdict)"), strict=True):
            assert verdict == ("manual" if rule["op"] == "manual" else "met")

    # the clause link leads to the clause
    clause = page.locator('.pb-selfcheck-item[data-program="patent-subsidy"] .pb-selfcheck-rules .pb-cite a').nth(1)
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
    settled(page)
    assert item.get_attribute("data-group") == "ineligible"  # [] lacks tech-sme
    page.locator("#pb-q-certifications-tech-sme").check()
    settled(page)
    assert not page.locator("#pb-q-certifications-__none__").is_checked()
    assert item.get_attribute("data-group") == "eligible"
    page.locator("#pb-q-certifications-tech-sme").uncheck()
    settled(page)
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
        settled(page)
        for pid in everyone:
            group = page.locator(f'.pb-selfcheck-item[data-program="{pid}"]').get_attribute("data-group")
            assert group == unanswered[pid], (industry, pid)
    agri = page.locator('.pb-selfcheck-item[data-program="agri-demo-project"]')
    page.locator("#pb-q-industry-input").select_option("electronics")
    settled(page)
    assert agri.get_attribute("data-group") == "ineligible"  # its rule asks for agriculture


def test_nothing_entered_leaves_the_browser(page, site_url, export):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    open_check(page, site_url)
    page.wait_for_load_state("networkidle")
    origin = urlparse(site_url).netloc
    assert all(urlparse(url).netloc == origin for url in requests), requests
    # the cards (shared with 政策查找), the rules and formulas, then the checklist's part (issue 22)
    for name in ("finder-core.json", "selfcheck-core.json", "selfcheck-more.json"):
        assert sum(url.endswith("data/" + name) for url in requests) == 1, name
    assert not [url for url in requests if url.endswith(("data/finder.json", "data/selfcheck.json"))]
    assert not [url for url in requests if url.endswith("data/programs.json")]  # the full export: not needed
    before = len(requests)
    fill(page, PROFILE, export)
    page.wait_for_timeout(500)
    # nothing but the favicon, which Chromium fetches again when the link's fragment (#a:…, the
    # answers, never sent) changes; the answers are in no request
    assert {urlparse(url).path for url in requests[before:]} <= {"/_static/favicon.svg"}, requests[before:]
    assert not [url for url in requests if "#" in url or "rd_ratio" in url]
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
    assert urlparse(page.url).fragment == ""  # and the answers left the link


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
    assert "已回答4/" in page.locator(".pb-selfcheck-summary").inner_text()


def test_reads_on_a_phone(phone, site_url, export):
    phone.clock.set_fixed_time(dt.datetime(2026, 11, 21, 12))
    phone.goto(site_url + SELF_CHECK)
    phone.wait_for_selector('[data-pb-ready="true"]')
    fill(phone, PROFILE, export)
    phone.locator('.pb-selfcheck-item[data-program="high-tech-first-reward"] summary').tap()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways on a phone ({width}px)"


def fulfil(body: str):
    """A route handler answering with this JSON."""
    return lambda route: route.fulfill(status=200, content_type="application/json", body=body)


def test_two_thousand_programs_show_fifty_per_group_with_more_on_request(page, site_url, built_site, export, programs):
    big = copy.deepcopy(export)
    big["programs"] = []
    for i in range(2000):
        p = copy.deepcopy(programs[i % len(programs)])
        p["id"], p["title"] = f"{p['id']}-{i}", f"{p['title']} 第{i}号"
        big["programs"].append(p)
    finder = finder_document(big)
    extra = json.loads((built_site / "data" / "selfcheck.json").read_text("utf-8"))
    extra["programs"] = {p["id"]: extra["programs"][p["id"].rsplit("-", 1)[0]] for p in big["programs"]
                         if p["id"].rsplit("-", 1)[0] in extra["programs"]}
    for name, doc in (("finder-core", finder_core(finder)), ("selfcheck-core", core_document(finder, extra)),
                      ("selfcheck-more", more_document(extra))):
        page.route(f"**/data/{name}.json", fulfil(json.dumps(doc, ensure_ascii=False)))
    open_check(page, site_url)
    fill(page, PROFILE, export)
    python = dict.fromkeys(SECTIONS, 0)
    for p in big["programs"]:
        python[python_section(p, PROFILE)] += 1
    # the checklist, built a slice a task at this size: a row for each program to prepare for
    to_prepare = sum(1 for p in big["programs"] if not p["archived"] and not p["no_application"]
                     and python_section(p, PROFILE) in ("eligible", "needs-info"))
    assert page.locator(".pb-checklist-table tbody tr").count() == to_prepare > 200
    materials = page.locator(".pb-checklist-material strong").evaluate_all("xs => xs.map(x => x.textContent)")
    assert materials and len(materials) == len(set(materials))
    page.locator(".pb-selfcheck-collapsed > summary").click()  # the collapsed group, opened
    for group, title in (("eligible", "符合"), ("needs-info", "需补充信息"), ("closed", "本期已截止"), ("ineligible", "不符合")):
        section = page.locator(f'section[data-group="{group}"]')
        assert section.locator("h3").inner_text() == f"{title}（{python[group]}）"  # counts cover every program
        assert section.locator(".pb-selfcheck-item").count() == min(50, python[group])
    group = max(python, key=python.get)
    assert python[group] > 100
    section = page.locator(f'section[data-group="{group}"]')
    more = section.locator(".pb-selfcheck-more")
    assert more.inner_text().endswith(f"（还有{python[group] - 50}项）")
    more.click()
    assert section.locator(".pb-selfcheck-item").count() == 100
    assert page.evaluate("g => document.activeElement.closest('li') === "
                         "document.querySelectorAll(`section[data-group='${g}'] .pb-selfcheck-item`)[50]", group)
    # every item shown agrees with matching.py
    shown = section.locator(".pb-selfcheck-item").evaluate_all("items => items.map(li => li.dataset.program)")
    by_id = {p["id"]: p for p in big["programs"]}
    assert all(python_section(by_id[pid], PROFILE) == group for pid in shown)


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


# --- issue 18: three enterprises, a self-check they can trust and act on -------------------------

SOFTWARE = {  # a 30-person software firm, 科技型中小企业, not yet 高企
    "applicant_type": "enterprise", "registered_in_county": True, "certifications": ["tech-sme"],
    "industry": "electronics", "years_established": 6, "employees": 30, "revenue": 3000, "rd_ratio": 6,
    "tech_staff_ratio": 40, "invention_patents": 2, "ip_count": 12, "has_rd_institution": False,
    "credit_ok": True, "rd_expense": 180, "converted_patents": 2,
}
AGRICULTURE = {  # an agricultural company with none of the qualifications
    "applicant_type": "enterprise", "registered_in_county": True, "certifications": [],
    "industry": "agriculture", "years_established": 8, "employees": 60, "revenue": 5000, "rd_ratio": 1.5,
    "invention_patents": 0, "ip_count": 3, "credit_ok": True,
}
PHD_FOUNDER = {  # a returning PhD who founded a biotech company this year
    "applicant_type": "enterprise", "registered_in_county": True, "certifications": [],
    "industry": "bio-medicine", "years_established": 0, "employees": 5, "revenue": 0,
    "invention_patents": 3, "ip_count": 3, "credit_ok": True,
}
OPERATOR_ONLY = {"maker-space", "tech-incubator"}
RESEARCHERS = {"tech-commissioner"}
# section → programs that must be there (the rest are compared with matching.py as a whole)
PROFILES = {
    "software": (SOFTWARE, {
        # high-tech-recognition's 2026 round has closed, but a notice opened its 2027 round: not 已截止
        "eligible": {"patent-subsidy", "xiao-sheng-gao", "innovation-voucher", "tech-loan-interest-subsidy",
                     "tech-transfer-loan", "tech-sme-tax-benefits", "high-tech-recognition"},
        # rd-investment-subsidy's window has closed, but it is 免申即享: nothing to miss, never 本期已截止
        "closed": set(),
        "ineligible": OPERATOR_ONLY | RESEARCHERS | {"agri-demo-project", "high-tech-first-reward",
                                                       "engineering-center"},
    }),
    "agriculture": (AGRICULTURE, {
        "eligible": {"tech-sme-evaluation", "rd-super-deduction"},
        "closed": {"agri-demo-project"},
        "ineligible": OPERATOR_ONLY | RESEARCHERS | {"innovation-voucher", "tech-loan-interest-subsidy",
                                                       "tech-transfer-loan", "xiao-sheng-gao", "engineering-center",
                                                       "patent-subsidy"},
    }),
    "phd-founder": (PHD_FOUNDER, {
        "eligible": {"tech-sme-evaluation", "productivity-center-services", "policy-consultation", "patent-subsidy"},
        "closed": {"double-hundred-plan", "talent-entrepreneurship-contest"},
        "ineligible": OPERATOR_ONLY | RESEARCHERS | {"innovation-voucher", "tech-loan-interest-subsidy",
                                                       "tech-transfer-loan", "xiao-sheng-gao"},
    }),
}


def sections(page) -> dict[str, set[str]]:
    found = page.locator(".pb-selfcheck-item").evaluate_all(
        "items => items.map(li => [li.dataset.section, li.dataset.program])")
    result: dict[str, set[str]] = {name: set() for name in SECTIONS}
    for section, program in found:
        result[section].add(program)
    return result


@pytest.mark.parametrize("device", ["desktop", "phone"])
@pytest.mark.parametrize("name", sorted(PROFILES))
def test_three_enterprises_get_the_expected_groups(request, device, name, site_url, export, programs):
    page = request.getfixturevalue("page" if device == "desktop" else "phone")
    open_check(page, site_url)
    profile, expected = PROFILES[name]
    fill(page, profile, export)
    got = sections(page)
    for section, ids in expected.items():
        assert ids <= got[section], (section, ids - got[section])
    assert got == {section: {p["id"] for p in programs if python_section(p, profile) == section}
                   for section in SECTIONS}
    # what can be applied for now or soon comes first; closed ones are folded away
    order = page.locator("section.pb-selfcheck-group").evaluate_all("ss => ss.map(s => s.dataset.group)")
    assert order == ["eligible", "needs-info", "closed", "ineligible"]
    closed = page.locator(".pb-selfcheck-group-closed details.pb-selfcheck-collapsed")
    assert closed.get_attribute("open") is None and not closed.locator(".pb-selfcheck-item").first.is_visible()
    closed.locator("> summary").click()
    assert closed.locator(".pb-selfcheck-item").first.is_visible()
    for text in closed.locator(".pb-selfcheck-item").all_inner_texts():  # with the next expected window
        assert "下次申报：" in text
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"page scrolls sideways ({width}px)"


def test_an_explicit_answer_is_never_contradicted_by_eligible(page, site_url, export):
    """The issue's wrong 符合: 以上都没有 and the voucher and the two loans that need 科小 or 高企."""
    open_check(page, site_url)
    fill(page, {"applicant_type": "enterprise", "registered_in_county": True, "certifications": [],
                "credit_ok": True}, export)
    for pid in ("innovation-voucher", "tech-loan-interest-subsidy", "tech-transfer-loan"):
        item = page.locator(f'.pb-selfcheck-item[data-program="{pid}"]')
        assert item.get_attribute("data-group") == "ineligible", pid
        assert "差一项" in item.locator(".pb-selfcheck-reason").inner_text()
    # a 创业团队 needs no 科小 number for the voucher
    page.locator("#pb-q-applicant_type-input").select_option("team")
    settled(page)
    voucher = page.locator('.pb-selfcheck-item[data-program="innovation-voucher"]')
    assert voucher.get_attribute("data-group") == "eligible"
    # a tenant firm is not the operator of the space it rents in, nor a researcher
    page.locator("#pb-q-applicant_type-input").select_option("enterprise")
    settled(page)
    for pid in OPERATOR_ONLY | RESEARCHERS:
        assert page.locator(f'.pb-selfcheck-item[data-program="{pid}"]').get_attribute("data-group") == "ineligible"
    page.locator("#pb-q-applicant_type-input").select_option("carrier-operator")
    settled(page)
    for pid in OPERATOR_ONLY:
        assert page.locator(f'.pb-selfcheck-item[data-program="{pid}"]').get_attribute("data-group") == "eligible"
    assert page.locator('.pb-selfcheck-item[data-program="patent-subsidy"]').get_attribute("data-group") == "ineligible"


def test_amounts_with_their_clause_and_a_total(page, site_url, export):
    open_check(page, site_url)
    fill(page, SOFTWARE, export)
    patents = page.locator('.pb-selfcheck-item[data-program="patent-subsidy"] .pb-selfcheck-estimate')
    assert patents.get_attribute("data-yuan") == "10000"  # 2 converted patents × 5,000 元
    assert "约1万元" in patents.inner_text() and "第四条" in patents.locator("a").inner_text()
    xsg = page.locator('.pb-selfcheck-item[data-program="xiao-sheng-gao"] .pb-selfcheck-estimate')
    assert xsg.get_attribute("data-yuan") == "180000"  # 10% of 180 万元, under the 50 万元 cap
    total = page.locator(".pb-selfcheck-total").inner_text()
    assert "约19万元" in total and "未计入" in total
    # the cap applies; an unanswered number says what to fill in, with the question linked
    page.locator("#pb-q-rd_expense-input").fill("900")
    page.locator(".pb-selfcheck-form button[type=submit]").click()
    settled(page)  # a group off screen is brought up to date a task after the answer's frame
    assert xsg.get_attribute("data-yuan") == "500000"
    page.locator("#pb-q-converted_patents-input").fill("")
    page.locator(".pb-selfcheck-form button[type=submit]").click()
    settled(page)
    assert patents.get_attribute("data-yuan") == ""
    assert "后可以估算" in patents.inner_text()
    patents.locator("a", has_text=export["facts"]["converted_patents"]["question"]).click()
    assert page.evaluate("document.activeElement.id") == "pb-q-converted_patents-input"
    # where the funding is not a formula of the reader's numbers, it says so
    voucher = page.locator('.pb-selfcheck-item[data-program="innovation-voucher"] .pb-selfcheck-amount')
    assert "不能按贵单位填写的数字估算" in voucher.inner_text()


def test_what_would_make_me_eligible(page, site_url, export, programs):
    open_check(page, site_url)
    fill(page, PHD_FOUNDER, export)
    by_id = {p["id"]: p for p in programs}
    # a near miss names its one failing condition and the clause, and comes first among 不符合
    voucher = page.locator('.pb-selfcheck-item[data-program="innovation-voucher"]')
    reason = voucher.locator(".pb-selfcheck-reason")
    rule = [r for r in by_id["innovation-voucher"]["eligibility"]["rules"] if r["op"] == "any"][0]
    assert "差一项" in reason.inner_text() and rule["text"] in reason.inner_text()
    assert reason.locator(".pb-cite a").inner_text() == rule["clause"]["label"]
    ineligible = page.locator('section[data-group="ineligible"] .pb-selfcheck-item')
    firsts = ineligible.evaluate_all("xs => xs.map(x => x.querySelector('.pb-selfcheck-reason').innerText)")
    near = [("差一项" in text) for text in firsts]
    assert near == sorted(near, reverse=True)  # near misses first
    # 需补充信息: each missing fact, linked to its question, with its clause
    needs = page.locator('section[data-group="needs-info"] .pb-selfcheck-item').first
    missing = needs.locator(".pb-selfcheck-need")
    assert missing.count() >= 1
    assert missing.first.locator("a").count() == 2  # the question and the clause


def test_the_answers_live_in_the_link_and_restore_the_same_result(browser, page, site_url, export):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    open_check(page, site_url)
    fill(page, SOFTWARE, export)
    url = page.url
    assert "#a:" in url and "applicant_type=enterprise" in url
    assert not [r for r in requests if "applicant_type" in r or "#" in r]  # a fragment is never sent
    shown = sections(page)
    total = page.locator(".pb-selfcheck-total").inner_text()
    # 复制链接 copies exactly this link
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page.get_by_role("button", name="复制链接").click()
    page.wait_for_function("() => document.querySelector('.pb-selfcheck-copied').textContent !== ''")
    assert page.evaluate("navigator.clipboard.readText()") == url
    assert "链接已复制" in page.locator(".pb-selfcheck-copied").inner_text()
    # opened elsewhere (no sessionStorage there): the same answers and the same result
    other = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        fresh = other.new_page()
        fresh.clock.set_fixed_time(dt.datetime(2026, 11, 21, 12))
        fresh.goto(url)
        fresh.wait_for_selector('[data-pb-ready="true"][data-pb-settled="true"]')
        assert sections(fresh) == shown
        assert fresh.locator(".pb-selfcheck-total").inner_text() == total
        assert fresh.locator("#pb-q-rd_expense-input").input_value() == "180"
        assert fresh.locator("#pb-q-certifications-tech-sme").is_checked()
        assert fresh.locator("#pb-q-has_rd_institution-false").is_checked()
        assert json.loads(fresh.evaluate("sessionStorage.getItem('policybook:self-check')")) == SOFTWARE
        # a jump to a group scrolls there and keeps the answers in the link
        fresh.get_by_role("link", name="不符合", exact=False).first.click()
        assert fresh.url == url
        # a link pasted into the same tab; unknown questions and impossible values are dropped
        fresh.goto(site_url + SELF_CHECK + "#a:employees=-3&nope=1&industry=%3Cscript%3E&certifications=tech-sme,x")
        fresh.wait_for_function("() => !document.querySelector('#pb-q-rd_expense-input').value")
        assert fresh.evaluate("window.PolicybookSelfCheck.profile()") == {"certifications": ["tech-sme"]}
        assert "#a:certifications=tech-sme" in fresh.url
    finally:
        other.close()


def test_the_checklist_prints_on_a4(page, site_url, export, tmp_path):
    pypdf = pytest.importorskip("pypdf")
    open_check(page, site_url)
    fill(page, SOFTWARE, export)
    page.wait_for_selector('[data-pb-settled="true"]')  # the checklist follows the results by a frame
    checklist = page.locator(".pb-checklist")
    # off screen the browser leaves it out of layout (content-visibility), so it has no rendered text
    # (innerText) until the reader scrolls to it
    checklist.scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('.pb-checklist').innerText.includes('申报材料')")
    # 免申即享 programs are paid without an application: nothing to prepare (test_no_application.py)
    matched = page.locator('section[data-group="eligible"] .pb-selfcheck-item:not(:has(.pb-selfcheck-no-application)), '
                           'section[data-group="needs-info"] .pb-selfcheck-item:not(:has(.pb-selfcheck-no-application))').count()
    assert checklist.locator(".pb-checklist-table tbody tr").count() == matched
    materials = checklist.locator(".pb-checklist-material strong").all_inner_texts()
    assert len(materials) == len(set(materials))  # merged: each material once
    shared = checklist.locator(".pb-checklist-material", has_text="高新技术企业证书或科技型中小企业入库登记编号")
    assert "科技成果转化贷款" in shared.inner_text() and "科技金融贷款贴息" in shared.inner_text()
    assert checklist.locator(".pb-checklist-contacts").inner_text().count("明湖县科学技术局高新技术科：0123-88000101") == 1
    pdf = tmp_path / "checklist.pdf"
    page.pdf(path=str(pdf), format="A4")
    reader = pypdf.PdfReader(str(pdf))
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - 595.3) < 2 and abs(float(box.height) - 841.9) < 2  # A4 in points
    text = unicodedata.normalize("NFKC", "".join(p.extract_text() for p in reader.pages)).replace(" ", "")
    assert "申报准备清单" in text and "2026年11月30日截止" in text and "0123-88000101" in text.replace("\n", "")
    assert "贵单位情况" not in text and "逐条核对" not in text  # the questionnaire and results stay on screen


def test_one_calendar_of_the_matched_windows(page, site_url, built_site, export):
    """下载申报日历: the calendar writer's own events (UIDs, alarms) of the matched programs, one file."""
    icalendar = pytest.importorskip("icalendar")
    open_check(page, site_url)
    fill(page, SOFTWARE, export)
    free = {p["id"] for p in export["programs"] if p["no_application"]}  # 免申即享: no window to remind of
    matched = [pid for pid in page.locator('section[data-group="eligible"] .pb-selfcheck-item, '
                                           'section[data-group="needs-info"] .pb-selfcheck-item').evaluate_all(
        "xs => xs.map(x => x.dataset.program)") if pid not in free]
    assert free & set(page.locator(".pb-selfcheck-item").evaluate_all("xs => xs.map(x => x.dataset.program)"))
    with page.expect_download() as info:
        page.locator(".pb-selfcheck-ics").click()
    download = info.value
    assert download.suggested_filename.endswith(".ics")
    cal = icalendar.Calendar.from_ical(Path(download.path()).read_bytes())
    got = sorted(str(e["UID"]) for e in cal.walk("VEVENT"))
    expected = []
    for pid in matched:
        own = built_site / "calendar" / f"{pid}.ics"
        if own.is_file():
            expected += [str(e["UID"]) for e in icalendar.Calendar.from_ical(own.read_bytes()).walk("VEVENT")]
    assert got == sorted(expected) and got  # the rolling ones have no window to remind of
    assert cal.walk("VALARM"), "closing days carry their alarms"
    assert str(cal["X-WR-CALNAME"]) == "政策匹配结果 申报时间"
