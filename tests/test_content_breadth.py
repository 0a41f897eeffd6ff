"""Issue 20, breadth: the programs and policies the seed reports show (科技计划项目, 星创天地, 科普惠农兴村,
农技协, 乡村振兴科技帮扶, 技术合同认定登记, national tax items) and the institution page.

National figures are checked against the policy texts they come from, and each rule against the
clause it cites, so a later edit that drifts from the document fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from policybook.model.loading import load_policy_front_matter, load_program
from policybook.model.refs import leading_clause_number

REPO = Path(__file__).parent.parent
NEW_PROGRAMS = ["county-sci-plan-project", "sci-plan-midterm-check", "sci-plan-acceptance",
                "superior-sci-plan-recommendation", "star-innovation-base", "popsci-benefit-farmers",
                "rural-tech-association", "rural-tech-aid", "tech-contract-registration", "tech-transfer-income-tax",
                "tech-contract-vat-exemption", "venture-capital-tax-credit", "achievement-reward-iit"]
NEW_POLICIES = ["county-sci-plan-measures", "county-rural-sci-measures", "prov-tech-contract-registration",
                "natl-eit-law", "natl-eit-regulations", "natl-tech-transfer-eit", "natl-vat-tech-exemption",
                "natl-venture-capital-tax", "natl-achievement-reward-iit"]


def _program(pid: str) -> dict:
    loaded = load_program((REPO / f"source/programs/{pid}.yaml").read_bytes(), f"{pid}.yaml")
    assert not loaded.problems
    return loaded.data


def _policy(pid: str) -> tuple[dict, dict[int, str]]:
    """Front matter and {clause number: clause text}."""
    raw = (REPO / f"source/policies/{pid}.md").read_bytes()
    loaded = load_policy_front_matter(raw, f"{pid}.md")
    assert not loaded.problems
    clauses: dict[int, str] = {}
    current = None
    for line in raw.decode("utf-8").splitlines():
        if line.startswith("## "):
            current = leading_clause_number(line[3:])
            clauses[current] = ""
        elif current is not None:
            clauses[current] += line
    return loaded.data, clauses


def _clause(ref: dict) -> str:
    return _policy(ref["policy"])[1][ref["clause"]]


def test_counts_reach_the_issue_bar():
    programs = [load_program(p.read_bytes(), p.name).data for p in (REPO / "source/programs").glob("*.yaml")]
    policies = [p for p in (REPO / "source/policies").glob("*.md") if p.stem != "index"]
    assert len([p for p in programs if not p["archived"]]) >= 45
    assert len(policies) >= 20


@pytest.mark.parametrize(("policy", "doc_number", "phrases"), [
    ("natl-eit-law", None, {27: ["符合条件的技术转让所得"], 31: ["按投资额的一定比例抵扣应纳税所得额"]}),
    ("natl-eit-regulations", "中华人民共和国国务院令第512号",
     {90: ["不超过500万元的部分，免征企业所得税", "超过500万元的部分，减半征收"], 97: ["投资额的70%", "2年以上"]}),
    ("natl-tech-transfer-eit", "财税〔2010〕111号",
     {2: ["5年以上（含5年）全球独占许可使用权"], 3: ["认定登记"], 4: ["100%的关联方"]}),
    ("natl-vat-tech-exemption", "财税〔2016〕36号附件3", {1: ["（二十六）", "同一张发票", "免征增值税"]}),
    ("natl-venture-capital-tax", "财税〔2018〕55号", {1: ["投资额的70%", "满2年（24个月"], 2: ["不低于20%"]}),
    ("natl-achievement-reward-iit", "财税〔2018〕58号", {1: ["减按50%", "工资、薪金所得"], 5: ["三年（36个月）"]}),
])
def test_national_figures_are_in_the_named_documents(policy, doc_number, phrases):
    meta, clauses = _policy(policy)
    assert meta["level"] == "national" and "摘录" in meta["title"]
    assert meta.get("doc_number") == doc_number
    for number, wanted in phrases.items():
        for phrase in wanted:
            assert phrase in clauses[number], (policy, number, phrase)


def test_tax_programs_state_the_national_figures():
    assert "500万元以内免征" in _program("tech-transfer-income-tax")["funding"]["summary"]
    assert "37.5万元" in _program("tech-transfer-income-tax")["funding"]["note"]  # 300 × 25% × 50%
    assert _program("venture-capital-tax-credit")["funding"]["items"][0]["rate"] == 70
    assert _program("achievement-reward-iit")["funding"]["items"][0]["rate"] == 50
    for pid in ("tech-transfer-income-tax", "tech-contract-vat-exemption", "venture-capital-tax-credit",
                "achievement-reward-iit"):
        program = _program(pid)
        assert (program["level"], program["support_type"], program["window"]["mode"]) == ("national", "tax", "rolling")


@pytest.mark.parametrize(("program", "rule", "phrase"), [
    ("tech-contract-registration", 0, "受托人"),
    ("tech-contract-registration", 0, "所在地区的技术合同登记机构"),
    ("tech-contract-registration", 2, "口头形式"),
    ("tech-transfer-income-tax", 0, "居民企业"),
    ("tech-transfer-income-tax", 2, "全球独占许可使用权"),
    ("tech-contract-vat-exemption", 1, "同一张发票"),
    ("venture-capital-tax-credit", 2, "研发费用总额占成本费用支出的比例不低于20%"),
    ("achievement-reward-iit", 3, "三年（36个月）"),
    ("county-sci-plan-project", 4, "不超过2项"),
    ("county-sci-plan-project", 0, "在本县注册登记"),
    ("superior-sci-plan-recommendation", 0, "在本县注册登记"),
    ("sci-plan-acceptance", 1, "3个月内"),
    ("star-innovation-base", 2, "100亩"),
    ("popsci-benefit-farmers", 2, "三年内只能获得一次"),
    ("rural-tech-association", 2, "会员不少于30户"),
    ("rural-tech-aid", 0, "家庭农场"),
])
def test_each_rule_cites_a_clause_that_says_it(program, rule, phrase):
    cited = _program(program)["eligibility"]["rules"][rule]
    assert phrase in _clause(cited["clause"]), (program, cited["text"])


def test_self_check_facts_only_where_they_match_the_condition():
    used = {(pid, rule.get("fact")) for pid in NEW_PROGRAMS for rule in _program(pid)["eligibility"]["rules"]
            if rule.get("fact")}
    assert used == {
        ("county-sci-plan-project", "registered_in_county"), ("county-sci-plan-project", "credit_ok"),
        ("superior-sci-plan-recommendation", "registered_in_county"),
        ("star-innovation-base", "applicant_type"), ("star-innovation-base", "registered_in_county"),
        ("tech-contract-registration", "registered_in_county"), ("tech-transfer-income-tax", "applicant_type"),
    }


HANZI_SPACE_DIGIT = re.compile(r"[\u4e00-\u9fff] +[0-9]|[0-9] +[\u4e00-\u9fff]")


@pytest.mark.parametrize("path", [f"source/programs/{p}.yaml" for p in NEW_PROGRAMS]
                         + [f"source/policies/{p}.md" for p in NEW_POLICIES] + ["source/about.md"])
def test_new_pages_are_written_in_gongwen_style_with_plainly_fictional_phones(path):
    text = (REPO / path).read_text("utf-8")
    assert not HANZI_SPACE_DIGIT.search(text), HANZI_SPACE_DIGIT.search(text)
    assert "555" not in text
    assert ", " not in re.sub(r"\[[^\]]*\]|https?://\S+|value: .*", "", text.split("---", 2)[-1])


def test_institution_page_is_linked_from_the_footer_and_the_site_map(sample_site):
    out = Path(sample_site.outdir)
    home = BeautifulSoup((out / "index.html").read_text("utf-8"), "html.parser")
    assert [a["href"] for a in home.select(".pb-footer-links a") if a.get_text() == "机构职能"] == ["source/about.html"]
    site_map = (out / "source/sitemap.html").read_text("utf-8")
    assert 'href="about.html"' in site_map
    about = BeautifulSoup((out / "source/about.html").read_text("utf-8"), "html.parser")
    rows = about.select("table tbody tr")
    assert len(rows) == 5 and all(re.fullmatch(r"0123-687\d{4}", row.select("td")[-1].get_text()) for row in rows)
    # a reader on a phone taps the number to call
    assert all(row.select_one('td:last-child a[href^="tel:0123-687"]') for row in rows)
    text = about.get_text()
    assert "监督投诉" in text and "12345" in text and "示例" in text
