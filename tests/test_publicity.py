"""公示 (publicity lists): the format and its checks, the pages, 年度数据, open data, incremental builds."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup
from sphinx_helpers import Site

from policybook.cli.check import check
from policybook.model.publicity import holidays_in, program_limit_yuan, status, working_days
from policybook.publicity.annual import figures
from policybook.publicity.export import publicity_schema

HERE = Path(__file__).parent
ROOT = HERE / "roots" / "test-publicity"
LIST = "source/publicity/hightech-2026.md"
REPO = HERE.parent


# --- the rules -----------------------------------------------------------------------------------

def test_working_days_count_monday_to_friday():
    assert working_days(dt.date(2026, 11, 18), dt.date(2026, 11, 24)) == 5  # Wed → Tue
    assert working_days(dt.date(2026, 11, 21), dt.date(2026, 11, 22)) == 0  # a weekend
    assert working_days(dt.date(2026, 11, 24), dt.date(2026, 11, 18)) == 0


def test_working_days_leave_out_public_holidays_and_count_adjusted_working_weekends():
    # 2026: 国庆节 10月1日至7日 放假, 10月10日 (Saturday) 上班 (国务院办公厅 2026 年部分节假日安排)
    assert working_days(dt.date(2026, 9, 30), dt.date(2026, 10, 9)) == 3  # 9月30日, 10月8日, 10月9日
    assert working_days(dt.date(2026, 10, 8), dt.date(2026, 10, 13)) == 5  # Thu, Fri, Sat 10日 (调休), Mon, Tue
    assert working_days(dt.date(2026, 2, 13), dt.date(2026, 2, 24)) == 3  # 春节: 13日, 14日 (Saturday, 调休), 24日
    assert holidays_in(dt.date(2026, 9, 30), dt.date(2026, 10, 9)) == ["国庆节"]
    # a year the holiday table does not cover yet counts Monday to Friday (lenient), and says nothing
    assert working_days(dt.date(2031, 10, 1), dt.date(2031, 10, 7)) == 5
    assert holidays_in(dt.date(2031, 10, 1), dt.date(2031, 10, 7)) == []


def test_status_follows_the_period_end_date_inclusive():
    publicity = {"period": {"start": dt.date(2026, 11, 18), "end": dt.date(2026, 11, 24)}}
    assert [status(publicity, dt.date(2026, 11, d)) for d in (17, 18, 24, 25)] == [
        "upcoming", "open", "open", "closed"]


def test_program_limit_is_the_largest_cap_and_none_without_one():
    assert program_limit_yuan({"funding": {"items": [{"amount": 20, "unit": "wan"}, {"max": 5000}]}}) == 200_000
    assert program_limit_yuan({"funding": {"items": [{"amount": 20, "unit": "wan"}, {"rate": 10}]}}) is None


# --- check: each mistake is a located Chinese message --------------------------------------------

MISTAKES = {
    "end before start": (("  end: 2026-11-24", "  end: 2026-11-10"),
                         f"{LIST}:10:8: period.end: 公示结束日期 2026-11-10 早于开始日期 2026-11-18", "date-order"),
    "too short": (("  end: 2026-11-24", "  end: 2026-11-20"),
                  f"{LIST}:10:8: period.end: 公示期 2026-11-18 至 2026-11-20 只有 3 个工作日, 少于 5 个工作日",
                  "publicity-period"),
    "over a holiday": (("  start: 2026-11-18\n  end: 2026-11-24", "  start: 2026-09-30\n  end: 2026-10-09"),
                       f"{LIST}:10:8: period.end: 公示期 2026-09-30 至 2026-10-09 只有 3 个工作日"
                       " (其间有国庆节假期), 少于 5 个工作日", "publicity-period"),
    "too long": (("  end: 2026-11-24", "  end: 2027-01-24"),
                 f"{LIST}:10:8: period.end: 公示期 2026-11-18 至 2027-01-24 长达 68 天, 超过 30 天", "publicity-period"),
    "unknown program": (("program: hightech-reward", "program: hightech-rewards"),
                        f"{LIST}:4:10: program: 未找到编号为 'hightech-rewards' 的申报事项", "unknown-program"),
    "year and dates": (("year: 2026", "year: 2024"), f"{LIST}:6:7: year: 年度 2024 与公示日期 2026-11-18 不一致",
                       "publicity-year"),
    "round names another year": (("round: 2026年度", "round: 2025年度"),
                                 f"{LIST}:7:8: round: 批次 '2025年度' 写的是2025年, 但 year 是 2026", "publicity-year"),
    "duplicate unit": (("测试乙电子有限公司", "测试甲科技有限公司"),
                       f"{LIST}:21:5: entries[1]: 测试甲科技有限公司 重复列出 (第一次是第 1 项)", "duplicate-entry"),
    "empty entries": (("entries:\n  - unit: 测试甲科技有限公司\n    amount: 20\n  - unit: 测试乙电子有限公司\n"
                       "    amount: 20\n    note: 首次认定\n", "entries: []\n"),
                      f"{LIST}:18:10: entries: 公示名单是空的", "empty-entries"),
    "over the program's limit": (("    amount: 20\n  - unit: 测试乙", "    amount: 25\n  - unit: 测试乙"),
                                 f"{LIST}:20:13: entries[0].amount: 测试甲科技有限公司 的金额 25万元 超过事项"
                                 "“高新技术企业首次认定奖励”每项最高 20万元", "over-limit"),
    "unknown form": (("form: application.docx", "form: missing.docx"),
                     f"{LIST}:26:11: attachments[0].form: 找不到表格文件 'missing.docx'", "form-missing"),
}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("publicity-check") / "project"
    shutil.copytree(ROOT, root)
    return root


def test_the_test_root_has_no_problems(project):
    assert [str(p) for p in check(project).problems if not p.notice] == []


@pytest.mark.parametrize("name", list(MISTAKES))
def test_each_mistake_is_a_located_chinese_message(project, name):
    (old, new), expected, code = MISTAKES[name]
    text = (project / LIST).read_text("utf-8")
    assert old in text
    problems = [p for p in check(project, {LIST: text.replace(old, new).encode()}).problems if not p.notice]
    assert any(str(p).startswith(expected) and p.code == code for p in problems), [str(p) for p in problems]
    assert all(p.hint for p in problems if p.file == LIST)


# --- pages ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("publicity-site"), "test-publicity")
    result = site.build()
    assert "WARNING" not in result.warnings, result.warnings
    return result


def test_publicity_page_shows_status_objection_entries_and_total(built):
    page = built.html("source/publicity/hightech-2026")
    live = page.select_one(".pb-publicity-header .pb-publicity-live")
    assert (live["data-pb-start"], live["data-pb-end"]) == ("2026-11-18", "2026-11-24")
    assert live.get_text() == "公示中"  # built for 2026-11-21
    meta = page.select_one("dl.pb-publicity-meta").get_text(" ", strip=True)
    assert "公示期 ： 2026年11月18日至2026年11月24日" in meta and "高新技术企业首次认定奖励" in meta
    objection = page.select_one(".pb-objection")
    assert objection.select_one("a.pb-tel")["href"] == "tel:07975550123"
    assert "测试县人民路1号" in objection.get_text()
    rows = [[td.get_text(strip=True) for td in tr.select("td")] for tr in page.select("table.pb-publicity-table tbody tr")]
    assert rows == [["1", "测试甲科技有限公司", "—", "20万元", ""], ["2", "测试乙电子有限公司", "—", "20万元", "首次认定"],
                    ["", "合计（2项）", "", "40万元", ""]]
    assert "pb-total-row" in page.select("table.pb-publicity-table tbody tr")[-1]["class"]
    assert page.select_one(".pb-attachments a")["href"].endswith("application.docx")
    assert any("pb-publicity.js" in s.get("src", "") for s in page.select("script"))


def test_ended_list_says_publicity_ended(built):
    assert built.html("source/publicity/hightech-2025").select_one(".pb-pub-status").get_text() == "公示结束"


def test_program_page_lists_its_past_results_with_count_and_total(built):
    page = built.html("source/programs/hightech-reward")
    section = page.select_one("section#past-results")
    assert section.select_one("h2").get_text(strip=True).startswith("往年立项 / 获奖名单")
    rows = [[td.get_text(strip=True) for td in tr.select("td")] for tr in section.select("tbody tr")]
    assert [row[:4] for row in rows] == [["2026年度", "立项公示", "2项", "40万元"], ["2025年度", "立项公示", "3项", "50万元"]]
    assert section.select_one("td a")["href"].endswith("publicity/hightech-2026.html")
    assert built.html("source/programs/ip-pledge").select_one("section#past-results") is None


def test_list_page_is_newest_first_with_status(built):
    items = built.html("source/publicity/index").select("li.pb-publicity-item")
    assert [i.select_one(".pb-item-title").get_text(strip=True)[:6] for i in items] == ["2026年度", "2025年度"]
    assert [i.select_one(".pb-pub-status").get_text() for i in items] == ["公示中", "公示结束"]


def test_annual_data_draws_accessible_svg_with_the_numbers_in_a_table(built):
    page = built.html("source/data")
    charts = page.select("svg.pb-chart")
    assert len(charts) == 3
    for svg in charts:
        assert svg["role"] == "img"
        title, desc = svg.select_one("title"), svg.select_one("desc")
        assert svg["aria-labelledby"] == f"{title['id']} {desc['id']}"
    tables = page.select("table.pb-chart-table")
    cells = [[[td.get_text(strip=True) for td in tr.select("td")] for tr in t.select("tbody tr")] for t in tables]
    assert cells[0] == [["2025年", "50万元"], ["2026年", "40万元"]]  # 20+20+10 and 20+20 万元
    assert cells[2] == [["2025年", "3家"], ["2026年", "2家"]]
    bars = [t.get_text() for t in charts[0].select("text")]
    assert bars == ["2025年", "50万元", "2026年", "40万元"]


def test_chart_text_is_escaped():
    from policybook.publicity.charts import Bar, bar_chart

    svg = bar_chart("x", "<b>&", "d", [Bar("<script>", 1, "1&2")])
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "1&amp;2" in svg and "&lt;b&gt;&amp;" in svg


# --- the sample site: content, open data, feed, search ------------------------------------------

def test_sample_lists_are_valid_and_one_is_open_on_the_pinned_date(sample_site):
    data = json.loads((Path(sample_site.outdir) / "data" / "publicity.json").read_text("utf-8"))
    jsonschema.validate(data, publicity_schema())
    schema = json.loads((Path(sample_site.outdir) / "data" / "publicity.schema.json").read_text("utf-8"))
    assert schema == json.loads(json.dumps(publicity_schema()))
    lists = data["publicity"]
    assert len(lists) >= 4 and {p["year"] for p in lists} >= {2024, 2025, 2026}
    assert [p["id"] for p in lists if p["status"] == "open"] == ["tech-contract-subsidy-2026"]
    assert all(p["total_yuan"] == sum(e["amount_yuan"] for e in p["entries"]) for p in lists)


def test_the_page_contents_lead_to_past_results(sample_site):
    """The section is filled in at write time, after Sphinx made the page's 目录: it is there too."""
    def contents(name):
        page = BeautifulSoup((Path(sample_site.outdir) / f"source/programs/{name}.html").read_text("utf-8"),
                             "html.parser")
        return [a["href"] for a in page.select("#pst-page-toc-nav a")]

    toc = contents("tech-contract-subsidy")
    assert toc[toc.index("#basis") + 1] == "#past-results"
    assert "#past-results" not in contents("patent-subsidy")


def test_sample_annual_data_matches_the_lists(sample_site):
    domain = sample_site.env.domains["policybook"]
    found = figures(list(domain.data["publicity"].values()), domain.programs)
    page = BeautifulSoup((Path(sample_site.outdir) / "source" / "data.html").read_text("utf-8"), "html.parser")
    years = [[td.get_text(strip=True) for td in tr.select("td")] for tr in page.select("table.pb-chart-table")[2].select("tbody tr")]
    assert years == [[f"{y}年", f"{found.units[y]}家"] for y in found.years]
    feed = (Path(sample_site.outdir) / "feeds" / "all.atom").read_text("utf-8")
    assert "公示：2026年度技术合同交易补助拟补助名单公示" in feed
    index = (REPO / "index.md").read_text("utf-8")
    assert "source/publicity/index" in index and "source/data" in index
    search = json.loads((Path(sample_site.outdir) / "search" / "index.json").read_text("utf-8"))
    found = [e for e in search["entries"] if e["kind"] == "publicity"]
    assert len(found) == len(domain.data["publicity"]) and search["kinds"]["publicity"] == "公示"
    listed = next(e for e in found if e["url"].endswith("tech-contract-subsidy-2026.html"))
    assert "明湖星联科技有限公司" in [search["words"][k] for k in listed["keys"]]  # found by its units


# --- incremental builds --------------------------------------------------------------------------

ALL_PUBLICITY = ["source/data", "source/publicity/hightech-2025", "source/publicity/hightech-2026",
                 "source/publicity/index"]


def test_editing_a_publicity_list_rewrites_exactly_what_shows_it(tmp_path):
    site = Site(tmp_path, "test-publicity")
    site.build()
    assert site.build().written == []  # no change, nothing written
    site.edit("source/publicity/hightech-2025.md", "amount: 100000", "amount: 150000")
    result = site.build()
    assert result.read == ["source/publicity/hightech-2025"]
    # "index" is Sphinx's own doing: its toctree includes the re-written 公示公告 page
    assert result.written == ["index", "source/data", "source/programs/hightech-reward",
                              "source/publicity/hightech-2025", "source/publicity/index"]
    assert "55万元" in result.html("source/programs/hightech-reward").select_one("#past-results").get_text()
    assert "55万元" in result.html("source/data").select_one("table.pb-chart-table").get_text()


def test_moving_a_list_to_another_program_rewrites_both_program_pages(tmp_path):
    site = Site(tmp_path, "test-publicity")
    site.build()
    site.edit("source/publicity/hightech-2025.md", "program: hightech-reward", "program: patent-grant")
    site.edit("source/publicity/hightech-2025.md", "amount: 200000", "amount: 5000")
    site.edit("source/publicity/hightech-2025.md", "amount: 100000", "amount: 4000")
    result = site.build()
    assert {"source/programs/hightech-reward", "source/programs/patent-grant"} <= set(result.written)
    assert result.html("source/programs/patent-grant").select_one("#past-results") is not None


def test_a_new_build_date_rewrites_pages_showing_a_publicity_status(tmp_path):
    site = Site(tmp_path, "test-publicity")
    site.build()
    later = site.build(confoverrides={"policybook_reference_date": "2026-11-25"})
    assert set(ALL_PUBLICITY) - {"source/data"} <= set(later.written)
    assert "source/data" not in later.written  # the numbers do not depend on the date
    assert later.html("source/publicity/hightech-2026").select_one(".pb-pub-status").get_text() == "公示结束"


def test_program_title_change_refreshes_the_annual_data(tmp_path):
    site = Site(tmp_path, "test-publicity")
    site.build()
    site.edit("source/programs/hightech-reward.yaml", "title: 高新技术企业首次认定奖励", "title: 高企首次认定奖励")
    result = site.build()
    assert "source/data" in result.written
    assert re.search("高企首次认定奖励", result.html("source/data").select("table.pb-chart-table")[1].get_text())


def test_new_publicity_template_filled_in_passes_check(tmp_path, capsys):
    from policybook.cli import main

    root = tmp_path / "project"
    shutil.copytree(ROOT, root)
    assert main(["--root", str(root), "new", "publicity", "hightech-2027"]) == 0
    path = root / "source/publicity/hightech-2027.md"
    text = path.read_text("utf-8")
    assert "id: hightech-2027" in text
    assert {p.field for p in check(root).problems if p.file.endswith("hightech-2027.md")} >= {"title", "program", "period.end"}
    for old, new in (("title:\n", "title: 2027年度奖励名单公示\n"), ("program:\n", "program: hightech-reward\n"),
                     ("year:\n", "year: 2027\n"), ("  start:\n", "  start: 2027-11-15\n"), ("  end:\n", "  end: 2027-11-19\n"),
                     ("  contact:\n", "  contact: 高新技术科\n"), ("  phone:\n", "  phone: 0797-5550123\n"),
                     ("  address:\n", "  address: 测试县人民路1号\n"), ("  - unit:\n", "  - unit: 测试甲科技有限公司\n"),
                     ("    amount:\n", "    amount: 20\n")):
        text = text.replace(old, new, 1)
    path.write_text(text, "utf-8")
    assert [str(p) for p in check(root).problems if not p.notice] == []


def test_build_reports_what_check_reports(tmp_path):
    site = Site(tmp_path, "test-publicity")
    site.edit(LIST, "    amount: 20\n  - unit: 测试乙", "    amount: 25\n  - unit: 测试乙")
    site.edit("source/publicity/hightech-2025.md", "  end: 2025-11-21", "  end: 2025-11-19")
    expected = [str(p) for p in check(site.src).problems if not p.notice]
    assert len(expected) == 2
    warnings = site.build().warnings
    for problem in expected:
        location, text = problem.split(": ", 1)
        assert f"{location}: WARNING: {text}" in warnings, (problem, warnings)
    # the broken list says what is wrong instead of its table; the other one is still published
    broken = site.build().html("source/publicity/hightech-2025")
    assert "本公示的数据有误" in broken.get_text() and broken.select_one("table.pb-publicity-table") is None


def test_text_from_a_list_is_escaped_everywhere(tmp_path):
    site = Site(tmp_path, "test-publicity")
    site.edit(LIST, "  - unit: 测试甲科技有限公司\n", "  - unit: <script>alert(1)</script>&\"甲\"\n"
              "    project: <img src=x onerror=alert(2)>\n")
    site.edit(LIST, "  address: 测试县人民路1号", "  address: <b onmouseover=alert(3)>地址</b>")
    result = site.build()
    for page in ("source/publicity/hightech-2026", "source/publicity/index", "source/data",
                 "source/programs/hightech-reward"):
        html = (result.app.outdir / f"{page}.html").read_text("utf-8")
        assert "<script>alert" not in html and "<img src=x" not in html and "<b onmouseover" not in html, page
    page = result.html("source/publicity/hightech-2026")
    assert "<script>alert(1)</script>&\"甲\"" in page.select_one("table.pb-publicity-table").get_text()
    data = json.loads((result.app.outdir / "data" / "publicity.json").read_text("utf-8"))
    units = [e["unit"] for p in data["publicity"] for e in p["entries"]]
    assert "<script>alert(1)</script>&\"甲\"" in units


def test_editor_schema_of_publicity_is_current_and_accepts_the_sample_lists():
    import yaml

    from policybook import editor
    from policybook.model.loading import split_front_matter

    assert (editor.SCHEMA_DIR / "publicity.schema.json").read_text("utf-8") == editor.render("publicity")
    schema = json.loads(editor.render("publicity"))
    loader = type("EditorLoader", (yaml.SafeLoader,), {})
    loader.yaml_implicit_resolvers = {k: [(t, r) for t, r in v if t != "tag:yaml.org,2002:timestamp"]
                                      for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    lists = sorted(p for p in (REPO / "source/publicity").glob("*.md") if p.name != "index.md")
    assert len(lists) >= 4
    for path in lists:
        block, _offset = split_front_matter(path.read_text("utf-8"))
        jsonschema.validate(yaml.load(block, loader), schema)


def test_a_units_total_counts_against_a_per_unit_ceiling():
    from policybook.validate.files import FileReport
    from policybook.validate.publicity import publicity_problems

    program = {"id": "p", "title": "技术交易补助",
               "funding": {"summary": "单户每年最高 50 万元", "items": [{"rate": 10, "max": 50, "unit": "wan"}]}}
    entries = [{"unit": "甲", "amount": 30}, {"unit": "乙", "amount": 40}, {"unit": "甲", "amount": 25}]
    report = FileReport("x.md", "x", "publicity", {"program": "p", "amount_unit": "wan", "entries": entries},
                        lines={"entries[2].amount": 9})
    found = publicity_problems([report], {"p": program})
    assert [(p.line, p.field, p.code) for p in found] == [(9, "entries[2].amount", "over-limit")]
    assert "甲 在本名单中合计 55万元" in found[0].message
    award = {**program, "funding": {"summary": "一等奖 5 万元", "items": [{"amount": 5, "unit": "wan"}]}}
    entries[:] = [{"unit": "甲", "amount": 5}, {"unit": "甲", "amount": 5}]  # two projects of one unit
    assert publicity_problems([report], {"p": award}) == []
