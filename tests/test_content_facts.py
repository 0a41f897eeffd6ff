"""The sample content states real national rules exactly and runs lawful, consistent programs (issue 20).

Each test pins one correction from the domain review: a figure, a document number, a procedure or a
self-check fact that an enterprise would otherwise act on wrongly. They read the source files only
(no build), so they take well under a second.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from policybook.model.loading import load_policy_front_matter, load_program
from policybook.model.status import window_status

REPO = Path(__file__).parent.parent
SOURCE = REPO / "source"
REFERENCE = dt.date(2026, 11, 21)


def text(relative: str) -> str:
    return (SOURCE / relative).read_text("utf-8")


def public_texts() -> dict[str, str]:
    """Every content file a public page is built from."""
    files = [p for p in SOURCE.rglob("*") if p.suffix in (".md", ".yaml") and "_static" not in p.parts]
    return {str(p.relative_to(REPO)): p.read_text("utf-8") for p in sorted(files)}


def compact(value: str) -> str:
    """Text without spaces, so '70 分' and '70分' compare alike."""
    return re.sub(r"\s+", "", value)


@pytest.fixture(scope="module")
def programs() -> dict[str, dict]:
    loaded = [load_program(p.read_bytes(), p.name) for p in sorted((SOURCE / "programs").glob("*.yaml"))]
    assert all(not item.problems for item in loaded)
    return {item.data["id"]: item.data for item in loaded}


@pytest.fixture(scope="module")
def policies() -> dict[str, dict]:
    paths = [p for p in sorted((SOURCE / "policies").glob("*.md")) if p.name != "index.md"]
    loaded = [load_policy_front_matter(p.read_bytes(), p.name) for p in paths]
    assert all(not item.problems for item in loaded)
    return {item.data["id"]: item.data for item in loaded}


# --- 高新技术企业: 工作指引 (国科发火〔2016〕195号) -------------------------------------------------

def test_high_tech_innovation_score_is_above_70():
    for relative in ("policies/natl-high-tech-recognition.md", "programs/high-tech-recognition.yaml",
                     "guides/high-tech-guide.md"):
        assert "70分以上（不含70分）" in compact(text(relative)) or "超过70分" in compact(text(relative)), relative
    for name, body in public_texts().items():
        assert "71分" not in compact(body), name


def test_high_tech_recognition_keeps_its_real_numbers(policies):
    policy = policies["natl-high-tech-recognition"]
    assert policy["doc_number"] == "国科发火〔2016〕32号"
    assert policy["written"] == dt.date(2016, 1, 29)
    assert policy["effective"] == dt.date(2016, 1, 1)
    body = compact(text("policies/natl-high-tech-recognition.md"))
    assert "国科发火〔2016〕195号" in body
    assert "2016年1月1日起" in body and "2025年1月1日" not in body


def test_no_five_year_bar_attributed_to_the_2016_rules():
    """The 五年内不再受理 bar was in the 2008 rules; the 2016 办法 第十九条 only recovers the tax benefit."""
    for name, body in public_texts().items():
        flat = compact(body)
        assert "五年内不再受理" not in flat and "未满五年" not in flat, name
    assert "追缴" in compact(text("policies/natl-high-tech-recognition.md"))


# --- 科技型中小企业: 国科发政〔2017〕115号, 2022 年修订 ------------------------------------------------

def test_tech_sme_evaluation_is_the_real_document(policies):
    policy = policies["natl-tech-sme-evaluation"]
    assert policy["doc_number"] == "国科发政〔2017〕115号"
    assert policy["published"].year == 2017
    body = compact(text("policies/natl-tech-sme-evaluation.md"))
    assert "2024〕71号" not in body
    assert "2022年" in body and "修订" in body


def test_tech_sme_ip_scores_are_the_real_bands():
    body = compact(text("policies/natl-tech-sme-evaluation.md"))
    for band in ("1项及以上Ⅰ类知识产权（30分）", "4项及以上Ⅱ类知识产权（24分）", "3项Ⅱ类知识产权（18分）",
                 "2项Ⅱ类知识产权（12分）", "1项Ⅱ类知识产权（6分）", "没有知识产权（0分）"):
        assert band in body, band


def test_tech_sme_rd_scores_are_two_banded_indicators():
    body = compact(text("policies/natl-tech-sme-evaluation.md"))
    assert "研发费用总额占销售收入总额的比例" in body and "研发费用总额占成本费用支出总额的比例" in body
    for band in ("6%（含）以上（50分）", "2%以下（0分）", "30%（含）以上（50分）", "10%以下（0分）"):
        assert band in body, band


def test_no_invented_tech_sme_scores():
    """26/28 and 10/12/14 were never 科小 bands, and a score of 14 cannot occur for R&D."""
    for relative in ("policies/natl-tech-sme-evaluation.md", "guides/tech-sme-guide.md",
                     "programs/tech-sme-evaluation.yaml", "programs/tech-sme-tax-benefits.yaml"):
        flat = compact(text(relative))
        for wrong in ("26分", "28分", "14分", "最多14分"):
            assert wrong not in flat, (relative, wrong)


# --- 其他国家文件 -------------------------------------------------------------------------------------

def test_tax_documents_keep_their_real_numbers_and_dates(policies):
    deduction = policies["natl-rd-super-deduction"]
    assert deduction["doc_number"] == "财政部 税务总局公告2023年第7号"
    assert deduction["published"] == dt.date(2023, 3, 26) and deduction["effective"] == dt.date(2023, 1, 1)
    assert "再按照实际发生额的100%在税前加计扣除" in compact(text("policies/natl-rd-super-deduction.md"))
    carry = policies["natl-loss-carryforward"]
    assert carry["doc_number"] == "财税〔2018〕76号"
    assert carry["written"] == dt.date(2018, 7, 11) and carry["effective"] == dt.date(2018, 1, 1)
    assert "由5年延长至10年" in compact(text("policies/natl-loss-carryforward.md"))


def test_national_documents_link_no_invented_source(policies):
    """An invented address on a real document would send readers nowhere; state less instead."""
    for policy in policies.values():
        if policy["level"] == "national":
            assert not policy.get("source_url"), policy["id"]


# --- Real article numbers: a clause cited on a program page is the clause in the real document -----

CLAUSE_HEADING = re.compile(r"^## (第[一二三四五六七八九十]+条)", re.M)
NUMERALS = {c: i for i, c in enumerate("一二三四五六七八九", 1)}


def article_number(label: str) -> int:
    """第二十三条 → 23 (the numbers these documents use)."""
    body = label[1:-1]
    if "十" not in body:
        return NUMERALS[body]
    tens, _, units = body.partition("十")
    return (NUMERALS[tens] if tens else 1) * 10 + (NUMERALS[units] if units else 0)


def articles(relative: str) -> dict[int, str]:
    """Each ``## 第N条`` section's text (spaces removed), by its number."""
    source = text(relative)
    found = list(CLAUSE_HEADING.finditer(source))
    return {article_number(m.group(1)): compact(source[m.start():found[i + 1].start() if i + 1 < len(found) else None])
            for i, m in enumerate(found)}


def test_no_national_document_numbers_its_articles_for_the_site_only(policies):
    """A reader who quotes 第六条 to a tax office must be quoting the real 第六条."""
    for policy in policies.values():
        if policy["level"] != "national":
            continue
        flat = compact(text(f"policies/{policy['id']}.md"))
        assert "仅供本站引用" not in flat and "改写的示例文本" not in flat, policy["id"]


def test_high_tech_measures_cite_the_real_articles(policies):
    found = articles("policies/natl-high-tech-recognition.md")
    assert "有效期为三年" in found[9]
    assert "注册成立一年以上" in found[11] and "不低于10%" in found[11] and "不低于60%" in found[11]
    assert "70分以上（不含70分）" in found[11]  # the 工作指引's standard for item (七), named as such
    assert "公示10个工作日" in found[12] and "专家评审" in found[12]
    assert "5月底前" in found[13]
    assert "三个月内" in found[17]
    assert "严重弄虚作假" in found[19] and "累计两年未填报" in found[19]
    assert "国科发火〔2008〕172号" in found[23]
    related = " ".join(policies["natl-high-tech-recognition"].get("related_documents", []))
    assert "国科发火〔2016〕195号" in related and "国家税务总局公告2017年第24号" in related


def test_tech_sme_measures_cite_the_real_articles():
    found = articles("policies/natl-tech-sme-evaluation.md")
    assert "职工总数不超过500人" in found[6] and "不低于60分" in found[6]
    assert "满分100分" in found[7] and "1项及以上Ⅰ类知识产权（30分）" in found[7]
    assert "第六条第（一）～（四）项" in found[8] and "高新技术企业" in found[8]


def test_tax_notices_keep_their_real_items(policies):
    carry = articles("policies/natl-loss-carryforward.md")
    assert sorted(carry) == [1, 2, 3]
    assert "由5年延长至10年" in carry[1] and "国科发火〔2016〕32号" in carry[2] and "2018年1月1日" in carry[3]
    assert "国家税务总局公告2018年第45号" in " ".join(policies["natl-loss-carryforward"]["related_documents"])
    deduction = articles("policies/natl-rd-super-deduction.md")
    assert sorted(deduction) == [1, 2, 3]
    assert "100%" in deduction[1] and "财税〔2015〕119号" in deduction[2] and "同时废止" in deduction[3]
    scope = articles("policies/natl-rd-expense-scope.md")
    assert policies["natl-rd-expense-scope"]["doc_number"] == "财税〔2015〕119号"
    assert "烟草制造业" in scope[4] and "会计核算健全、实行查账征收" in scope[5] and "80%" in scope[2]


def test_incubators_learn_of_their_tax_exemption():
    """财政部 税务总局 科技部 教育部公告2023年第42号: named by its number, with the period it runs."""
    for relative in ("programs/tech-incubator.yaml", "programs/maker-space.yaml"):
        flat = compact(text(relative))
        assert "公告2023年第42号" in flat and "2027年12月31日" in flat and "免征增值税" in flat, relative


# --- 科学技术奖: 国家科学技术奖励条例 (2020年修订) ----------------------------------------------------------

def test_county_award_is_repealed_and_its_program_archived(policies, programs):
    award = policies["county-sci-award-measures"]
    assert award["validity"] == "repealed" and award.get("expiry")
    assert "国家科学技术奖励条例" in text("policies/county-sci-award-measures.md")
    program = programs["county-sci-progress-award"]
    assert program["archived"]
    assert "city-sci-award-recommendation" in program["summary"]


def test_award_recommendation_is_for_the_provincial_award(programs):
    program = programs["city-sci-award-recommendation"]
    assert "江南省科学技术奖" in program["title"]
    assert program["support_type"] == "honor"
    body = text("programs/city-sci-award-recommendation.yaml")
    assert "社会力量设立科学技术奖" in body
    for name, content in public_texts().items():
        if name.endswith(("county-sci-award-measures.md", "county-sci-progress-award.yaml")):
            continue  # the repealed document and the archived program tell the history
        assert "江州市科学技术进步奖" not in content and "市科学技术进步奖每年" not in content, name


# --- 办理程序和名称 ---------------------------------------------------------------------------------

def test_technical_contracts_are_registered_by_the_seller_side():
    for relative in ("programs/tech-contract-subsidy.yaml", "programs/industry-university-cooperation.yaml",
                     "policies/prov-tech-transfer.md"):
        flat = compact(text(relative))
        assert "让与人" in flat and "受托人" in flat, relative
    assert "代为受理登记" not in compact(text("programs/tech-contract-subsidy.yaml"))


def test_patent_transfer_is_registered_and_a_licence_recorded():
    for name, body in public_texts().items():
        flat = compact(body)
        assert "备案的转让" not in flat and "经备案的专利转让" not in flat and "转让或许可给本县企业的，提供在国家知识产权局备案" not in flat, name


def test_dated_terms_are_current():
    for name, body in public_texts().items():
        flat = compact(body)
        assert "国家级重点实验室" not in flat and "国家重点实验室" not in flat, name
        assert "国家级众创空间" not in flat, name
        assert "科学技术局（明湖县知识产权局）" not in flat and "科学技术局知识产权科" not in flat, name
    assert "市场监督管理局（明湖县知识产权局）" in text("programs/patent-subsidy.yaml")
    assert "国家工程技术研究中心" not in compact(text("programs/engineering-center.yaml"))


def test_every_computed_tax_saving_names_the_small_low_profit_rate():
    for name, body in public_texts().items():
        flat = compact(body)
        if re.search(r"少缴(企业所得税)?\d", flat):
            assert "小型微利企业" in flat and "2023年第12号" in flat, name


# --- 自查判断项 ------------------------------------------------------------------------------------

def facts_in(rule: dict):
    yield rule
    yield from rule.get("any", [])


def test_self_check_facts_match_their_condition(programs):
    for program in programs.values():
        for rule in program["eligibility"]["rules"]:
            for part in facts_in(rule):
                fact, wording = part.get("fact"), rule["text"]
                where = (program["id"], wording)
                if fact == "credit_ok":
                    assert "近三年" in wording, where
                if fact == "has_rd_institution":
                    assert not re.search(r"(市|省|省部)级以上|市级|省级", wording), where
                if fact == "tech_staff_ratio":
                    assert "研发人员" not in wording, where


# --- 今天的状态 -------------------------------------------------------------------------------------

def test_tax_benefits_in_force_are_not_shown_as_upcoming_or_closed(programs):
    for program in programs.values():
        if program["support_type"] == "tax" and not program["archived"]:
            assert window_status(program["window"], REFERENCE) in ("open", "rolling"), program["id"]


def test_year_round_activity_subsidy_is_not_closed(programs):
    assert window_status(programs["popsci-activity-subsidy"]["window"], REFERENCE) in ("open", "rolling")


# --- 一致性 --------------------------------------------------------------------------------------

def test_county_measures_applicants_cover_family_farms():
    body = compact(text("policies/county-sci-measures.md"))
    second = body.split("##二、", 1)[1].split("##三、", 1)[0]
    assert "家庭农场" in second and "农民专业合作社" in second


# --- 联系方式 -------------------------------------------------------------------------------------

def test_contact_numbers_are_plainly_fictional():
    """The unassigned area code 0123 makes every number plainly fictional; none uses 555."""
    for name, body in public_texts().items():
        assert not re.search(r"\d{3,4}-555\d", body), name
    phones = {m for body in public_texts().values() for m in re.findall(r"\b0\d{2,3}-\d{7,8}\b", body)}
    assert phones and all(phone.startswith("0123-") for phone in phones), phones


# --- 无替代文件的废止 (lifecycle) ----------------------------------------------------------------------

def test_a_policy_repealed_outright_reads_repealed_from_the_day_after_its_expiry():
    from policybook.model.lifecycle import standing

    award = {"id": "award", "effective": dt.date(2024, 10, 1), "expiry": dt.date(2026, 11, 19), "validity": "repealed"}
    assert standing(award, {}, dt.date(2026, 11, 19)).state == "in-force"
    after = standing(award, {}, dt.date(2026, 11, 21))
    assert after.state == "repealed"
    assert after.describe() == "已废止（2026年11月20日起）"
    assert after.sentence() == "本政策自2026年11月20日起废止"
    lapsed = {**award, "validity": "in-force"}
    assert standing(lapsed, {}, dt.date(2026, 11, 21)).state == "expired"


# --- 公文 style on every public page (built site) ------------------------------------------------------

HANZI = "\u4e00-\u9fff"
INLINE = r"a|span|strong|em|b|i|code|abbr|time|small|mark|sup|sub|bdi|data|wbr"
STYLE_SLIPS = {
    "汉字与数字之间有空格": re.compile(rf"[{HANZI}][ \u00a0]+\d|\d%?[ \u00a0]+[{HANZI}]"),
    "汉字之间用了半角标点": re.compile(rf"[{HANZI}][ \u00a0]*[,;:()][ \u00a0]*[{HANZI}]"
                                       rf"|[{HANZI}][ \u00a0]*\([^()\n]*[{HANZI}][^()\n]*\)|[{HANZI}]:\s"),
}


def page_text(html_text: str) -> str:
    """What a reader sees: no scripts or styles, inline tags joined, blocks and badges apart."""
    import html as html_lib

    text = re.sub(r"<(script|style|template)\b.*?</\1>", "\n", html_text, flags=re.S)
    text = re.sub(r'<span class="[^"]*\bsd-badge\b[^"]*"[^>]*>(.*?)</span>', r"\n\1\n", text)
    text = re.sub(rf"</?(?:{INLINE})\b[^>]*>", "", text)
    text = re.sub(r"<[^>]+>", "\n", text)
    return html_lib.unescape(text)


def test_public_pages_write_numbers_and_punctuation_in_gongwen_style(sample_site):
    """20万元 and 2025年3月1日 without spaces, ，。：；（） between Hanzi: content and generated text."""
    slips = []
    for page in sorted(Path(sample_site.outdir).rglob("*.html")):
        text = page_text(page.read_text("utf-8"))
        for name, pattern in STYLE_SLIPS.items():
            for found in pattern.finditer(text):
                context = text[max(0, found.start() - 10):found.end() + 10].replace("\n", "⏎")
                slips.append(f"{page.relative_to(sample_site.outdir)}: {name}: {context}")
    assert slips == [], "\n".join(slips[:40])


# --- 若干措施 / 意见: parts numbered 一、 keep their clause anchors ------------------------------------------

def test_part_headings_number_like_articles():
    from policybook.model.refs import leading_part_number

    assert leading_part_number("十六、申报和审核") == 16
    assert leading_part_number("第十六条 申报和审核") is None
    assert leading_part_number("（一）县级备案") is None


def test_measures_are_numbered_in_parts_and_still_cited_by_clause(sample_site):
    for name in ("county-sci-measures", "county-sci-measures-2021", "city-sci-innovation-measures"):
        body = text(f"policies/{name}.md")
        assert "## 一、" in body and "## 第一条" not in body, name
    page = (Path(sample_site.outdir) / "source/policies/county-sci-measures.html").read_text("utf-8")
    assert re.search(r'<section class="[^"]*pb-clause[^"]*" id="clause-16"', page) or 'id="clause-16"' in page
    program = (Path(sample_site.outdir) / "source/programs/high-tech-first-reward.html").read_text("utf-8")
    assert "county-sci-measures.html#clause-16" in program


def test_one_term_for_the_tech_sme_number():
    """入库登记编号, never 入库编号 or 科小编号: one thing, one name."""
    for name, body in public_texts().items():
        flat = compact(body)
        assert "入库编号" not in flat and "科小”编号" not in flat and "科小编号" not in flat, name
