"""The query layer (static/pb-query.js) in Node: how it reads what enterprises type.

A small index (the shape policybook.search.entries writes, with the real pinyin table and the
sample site's search terms) and the readers' ways of asking: questions, everyday words, typos
and homophones, pinyin, amounts, 文号 typed loosely, things the bureau does not run. The whole
sample site is measured in the browser by tests/browser/test_search_eval.py; this file pins the
behaviours one by one, fast. Without Node the test is skipped loudly, unless
``POLICYBOOK_REQUIRE_BROWSER=1`` (CI installs nodejs with npm).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from policybook.model.search_terms import load_search_terms
from policybook.search.pinyin import reading, syllable_table

TESTS = Path(__file__).parent
REPO = TESTS.parent
ENGINE = REPO / "_ext/policybook/static/pb-query.js"
HARNESS = TESTS / "query_engine.js"


def program(pid, title, aliases=(), keys=(), text="", amounts=(), archived=False):
    entry = {"kind": "program", "id": pid, "title": title, "url": f"p/{pid}.html", "names": list(aliases),
             "keys": list(keys), "text": text, "amounts": list(amounts), "window": "rolling||"}
    if archived:
        entry["archived"] = True
    return entry


ENTRIES = [
    program("patent", "专利资助", ["知识产权资助", "发明专利资助"], ["专利", "补助", "知识产权"], "每件 5000 元", [5000, 20000]),
    program("voucher", "江南省科技创新券", ["创新券", "科技创新券"], ["检验检测", "研发设计"], "企业每年最高 30 万元", [300000]),
    program("hightech", "高新技术企业认定", ["高企认定", "高企"], ["高企", "资格认定", "税收优惠"], "企业所得税减按 15% 征收"),
    program("reward", "高新技术企业首次认定奖励", ["高企奖励"], ["高企", "奖励"], "首次认定 20 万元", [200000]),
    program("contest", "江南省高层次人才创业大赛", ["人才创业大赛"], ["人才", "创业"], "省级 10 万元至 100 万元", [100000, 1000000]),
    program("private", "民营科技企业认定奖励", ["民营科技企业奖励"], ["奖励"], "已停止", [20000], archived=True),
    program("loan", "科技金融贷款贴息", ["贷款贴息"], ["贷款贴息", "融资"], "按利息 50% 贴息", [300000]),
    program("rdtax", "研发费用加计扣除", ["加计扣除", "研发费用税前加计扣除", "研发加计扣除"], ["税收优惠", "汇算清缴", "研发投入"],
            "研发费用按100%加计扣除"),
    program("transfer", "技术转让所得免征、减征企业所得税", ["技术转让所得税减免", "技术转让免税", "技术转让所得减半"],
            ["税收优惠", "汇算清缴", "成果转化"], "500万元以内免征，超过部分减半征收", [5000000]),
    program("rdgrant", "企业研发投入后补助", ["研发投入奖补", "研发后补助", "研发费用补助"], ["资金资助"],
            "按研发费用增量的10%补助，最高50万元", [500000]),
    {"kind": "policy", "id": "ip-measures", "title": "明湖县知识产权资助和奖励办法", "url": "x/ip-measures.html",
     "docnum": "明科字〔2025〕12号", "keys": ["明湖县科学技术局"], "text": "县级知识产权资助", "state": "现行有效"},
    {"kind": "policy", "id": "old-measures", "title": "明湖县鼓励科技创新若干意见", "url": "x/old-measures.html",
     "docnum": "明府发〔2021〕15号", "keys": ["明湖县人民政府"], "text": "已废止", "state": "已废止", "inactive": True},
    {"kind": "guide", "title": "高企申报指南", "url": "g/hightech-guide.html", "keys": ["高企为什么没通过", "准备材料"]},
    # a 解读 carries its policy's 文号 (interpretations/search.py): found by it, but it is not that document
    {"kind": "interpretation", "id": "ip-measures-jiedu", "title": "图解《明湖县知识产权资助和奖励办法》",
     "url": "i/ip-measures-jiedu.html", "names": ["明湖县知识产权资助和奖励办法图解"], "docnum": "明科字〔2025〕12号",
     "keys": ["发明专利资助标准", "明湖县科学技术局", "图解"], "text": "一图看懂专利资助"},
]


@pytest.fixture(scope="module")
def engine():
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        if os.environ.get("POLICYBOOK_REQUIRE_BROWSER") == "1":
            pytest.fail("Node.js is required in CI (tests/query_engine.js)")
        pytest.skip("Node.js not installed: the query layer is tested in the browser tests only")
    terms = load_search_terms((REPO / "source/search-terms.yaml").read_bytes(), "source/search-terms.yaml")
    assert terms.data is not None, [p.text() for p in terms.problems]
    entries = [dict(e) for e in ENTRIES]
    names = [n for e in entries for n in [e["title"], *e.get("names", [])]]
    for entry in entries:
        spoken = [reading(n) for n in [entry["title"], *entry.get("names", [])]]
        if any(spoken):
            entry["py"] = spoken
    doc = {"format": "policybook-search-index", "version": 2, "terms": terms.data, "entries": entries,
           "pinyin": syllable_table(names)}

    def run(*queries: str) -> dict[str, dict]:
        result = subprocess.run([node, str(HARNESS), str(ENGINE)], input=json.dumps({"doc": doc, "queries": queries}),
                                capture_output=True, text=True, encoding="utf-8", timeout=60, check=True)
        return {r["query"]: r for r in json.loads(result.stdout)}

    return run


def top(result: dict) -> str:
    return result["ranked"][0]["url"].split("/")[-1].removesuffix(".html") if result["ranked"] else ""


def test_question_words_are_dropped_and_their_intent_kept(engine):
    got = engine("高新技术企业奖励多少钱", "专利资助怎么申请", "请问有没有创新券")
    assert got["高新技术企业奖励多少钱"]["words"] == ["高新技术企业奖励"] and got["高新技术企业奖励多少钱"]["intents"] == ["money"]
    assert top(got["高新技术企业奖励多少钱"]) == "reward"
    assert got["专利资助怎么申请"]["words"] == ["专利资助"] and "apply" in got["专利资助怎么申请"]["intents"]
    assert got["请问有没有创新券"]["words"] == ["创新券"] and top(got["请问有没有创新券"]) == "voucher"


def test_filler_characters_go_only_at_the_ends_of_words(engine):
    got = engine("个人可以申请吗", "高企证书到期了", "我要了解高企")
    assert got["个人可以申请吗"]["words"] == ["个人"]  # 个人 is a word, not 个 + 人
    assert got["高企证书到期了"]["words"] == ["高企证书到期"]  # 到期 keeps its 到; 了 goes
    assert got["我要了解高企"]["words"] == ["了解高企"] or got["我要了解高企"]["words"] == ["高企"]


def test_everyday_words_find_the_bureau_terms(engine):
    got = engine("专利补贴", "高企认证", "贷款补贴", "研发补贴")
    assert top(got["专利补贴"]) == "patent" and got["专利补贴"]["ranked"][0]["answers"]
    assert top(got["高企认证"]) == "hightech"
    assert top(got["贷款补贴"]) == "loan"  # a phrase synonym: 贷款补贴 is 贷款贴息


def test_typos_and_homophones(engine):
    got = engine("科技创薪券", "科技创新卷", "高新技术企叶认定", "专利姿助")
    for query, want in [("科技创薪券", "voucher"), ("科技创新卷", "voucher"), ("高新技术企叶认定", "hightech"),
                        ("专利姿助", "patent")]:
        assert top(got[query]) == want, got[query]
        assert got[query]["ranked"][0]["answers"], got[query]


def test_pinyin_full_spaced_and_initials(engine):
    got = engine("gaoqi", "gao qi", "GXJSQYRD", "zhuanli zizhu", "chuangxinquan")
    assert top(got["gaoqi"]) == "hightech" and top(got["gao qi"]) == "hightech"
    assert top(got["GXJSQYRD"]) == "hightech"
    assert top(got["zhuanli zizhu"]) == "patent"
    assert top(got["chuangxinquan"]) == "voucher"


def test_tax_relief_in_general_words_goes_to_what_the_other_words_name(engine):
    """减免企业所得税 / 抵税 after other words is like 补贴: the other words say which relief."""
    got = engine("研发费用减免企业所得税", "研发费用抵税", "技术转让减免企业所得税", "减免企业所得税")
    assert top(got["研发费用减免企业所得税"]) == "rdtax", got["研发费用减免企业所得税"]
    assert top(got["研发费用抵税"]) == "rdtax"
    assert top(got["技术转让减免企业所得税"]) == "transfer"
    assert top(got["减免企业所得税"]) == "transfer"  # alone, the words are the whole question


@pytest.mark.parametrize("typed", ["明科字〔2025〕12号", "明科字2025 12号", "明科字[2025]12号", "明科字（2025）12",
                                   "明科字2025年第12号", "明科字〔2025〕12", "2025年12号"])
def test_a_docnum_typed_loosely_finds_its_document(engine, typed):
    got = engine(typed)[typed]
    assert got["docnum"]["year"] == "2025" and got["docnum"]["number"] == "12", got
    assert top(got) == "ip-measures" and got["ranked"][0]["answers"], got


# The most Pagefind's full text adds to a result (pb-search.js, combine: 0.3 + 0.25 × cover).
FULL_TEXT_BONUS_MAX = 0.55


@pytest.mark.parametrize("typed", ["明科字〔2025〕12号", "明科字2025 12号"])
def test_a_docnum_finds_the_document_before_its_interpretation(engine, typed):
    """A 解读 quotes its policy's 文号 (often more times than the policy itself), so the full text
    must not be able to lift it above the document that bears the number."""
    ranked = engine(typed)[typed]["ranked"]
    urls = [r["url"] for r in ranked]
    assert urls[:2] == ["x/ip-measures.html", "i/ip-measures-jiedu.html"], ranked
    assert ranked[0]["score"] - ranked[1]["score"] > FULL_TEXT_BONUS_MAX, ranked
    assert ranked[1]["answers"], ranked  # still listed as an answer, right after


def test_an_unknown_docnum_still_finds_its_issuer(engine):
    got = engine("明科字〔2024〕3号")["明科字〔2024〕3号"]
    assert top(got) == "ip-measures"


def test_amounts_find_the_programs_that_pay_them(engine):
    got = engine("20万元", "5000元 专利", "30万")
    assert top(got["20万元"]) == "reward" and got["20万元"]["amount"] == 200000
    assert top(got["5000元 专利"]) == "patent"
    assert {r["url"] for r in got["30万"]["ranked"][:2]} == {"p/voucher.html", "p/loan.html"}


def test_stopped_programs_and_repealed_policies_rank_below_live_ones(engine):
    got = engine("企业认定奖励", "科技创新意见")
    urls = [r["url"] for r in got["企业认定奖励"]["ranked"]]
    assert urls.index("p/reward.html") < urls.index("p/private.html")
    assert got["科技创新意见"]["ranked"][0]["url"] == "x/old-measures.html"  # still found when it is what is asked


def test_programs_come_first_for_money_questions(engine):
    got = engine("知识产权资助")["知识产权资助"]
    assert top(got) == "patent"  # not the policy of the same name


def test_what_the_bureau_does_not_run_is_referred_not_guessed(engine):
    got = engine("专精特新小巨人", "人才公寓申请", "企业上市奖励")
    assert got["专精特新小巨人"]["referral"] and "工业和信息化" in got["专精特新小巨人"]["referral"]
    # 人才 and 奖励 are the site's words, 公寓 and 上市 are not: nothing answers these
    assert not any(r["answers"] for r in got["人才公寓申请"]["ranked"]), got["人才公寓申请"]
    assert not any(r["answers"] for r in got["企业上市奖励"]["ranked"]), got["企业上市奖励"]


def test_runs_of_characters_are_cut_into_the_sites_words(engine):
    got = engine("检测费补贴", "引进博士补贴")
    assert got["检测费补贴"]["pieces"] == ["检测", "费", "补贴"]
    assert got["引进博士补贴"]["pieces"][-1] == "补贴"


def test_a_guide_answers_the_question_its_sections_name(engine):
    got = engine("高企为什么没通过")["高企为什么没通过"]
    assert "g/hightech-guide.html" in [r["url"] for r in got["ranked"][:3]]


def test_readings_written_beside_the_pinyin_table_rank_as_in_the_entries():
    """search/pinyin.json carries the names' readings (issue 22: they left search/index.json,
    which every query fetches): the engine given them with the table ranks as with them in the
    entries. 银行 and 长江 are read in context (hang, chang), not as the table's usual xing, zhang."""
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        pytest.skip("Node.js not installed")
    terms = load_search_terms((REPO / "source/search-terms.yaml").read_bytes(), "source/search-terms.yaml").data
    entries = [dict(e) for e in ENTRIES] + [program("bank", "银行贷款贴息", ["银行贴息"]),
                                             program("river", "长江人才计划", ["长江学者"])]
    names = [n for e in entries for n in [e["title"], *e.get("names", [])]]
    readings = {}
    for number, entry in enumerate(entries):
        spoken = [reading(n) for n in [entry["title"], *entry.get("names", [])]]
        if any(spoken):
            readings[str(number)] = spoken
    queries = ["yinhang daikuan", "yhdktx", "changjiang rencai", "cjrcjh", "gaoqi", "科技创薪券"]

    def ranked(doc: dict) -> dict:
        ran = subprocess.run([node, str(HARNESS), str(ENGINE)], input=json.dumps({"doc": doc, "queries": queries}),
                             capture_output=True, text=True, encoding="utf-8", timeout=60, check=True)
        return {r["query"]: r["ranked"] for r in json.loads(ran.stdout)}

    base = {"format": "policybook-search-index", "version": 3, "terms": terms, "pinyin": syllable_table(names)}
    split = ranked({**base, "entries": entries, "readings": readings})
    inline = ranked({**base, "entries": [{**e, "py": readings[str(i)]} if str(i) in readings else e
                                         for i, e in enumerate(entries)]})
    assert set(readings) >= {str(len(entries) - 2), str(len(entries) - 1)}
    assert split == inline
    assert split["yhdktx"][0]["url"] == "p/bank.html" and split["cjrcjh"][0]["url"] == "p/river.html"
