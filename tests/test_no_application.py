"""免申即享 (no_application): the flag is checked, shown on pages and lists, and exported.

A program the bureau pays from data it already holds has no application: no materials, no
申报中 / 已截止 status. The sample site has two (高企首次认定奖励, 研发投入后补助).
"""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
from bs4 import BeautifulSoup
from sphinx_helpers import Site

from policybook.finder.index import expand
from policybook.model.codes import CODES
from policybook.model.loading import load_program_text
from policybook.site.opendata_schemas import finder_schema, programs_schema

SAMPLE_FREE = {"high-tech-first-reward", "rd-investment-subsidy"}
MATERIALS = "materials:\n  - name: 高企证书\n"


def problems(text: str) -> list[str]:
    return [str(p) for p in load_program_text(text, "hightech-reward.yaml").problems]


@pytest.fixture
def reward(rootdir) -> str:
    return (rootdir / "test-basic/source/programs/hightech-reward.yaml").read_text("utf-8")


def test_a_no_application_program_needs_no_materials(reward):
    text = reward.replace(MATERIALS, "").replace("authority:", "no_application: true\nauthority:")
    assert problems(text) == []
    assert problems(text.replace("no_application: true\n", "no_application: true\n"
                                 "no_application_note: 依据省认定名单比对后拨付\n")) == []


def test_materials_on_a_no_application_program_are_a_located_error(reward):
    text = reward.replace("authority:", "no_application: true\nauthority:")
    [found] = problems(text)
    line = text.splitlines().index("materials:") + 2  # the list under the key
    assert found.startswith(f"hightech-reward.yaml:{line}:")
    assert "免申即享的事项不需要企业提交申报材料" in found and "删除 materials" in found
    assert "no-application" in CODES


def test_a_payment_note_without_the_flag_is_a_located_error(reward):
    text = reward.replace("authority:", "no_application_note: 按统计数据比对\nauthority:")
    [found] = problems(text)
    line = text.splitlines().index("no_application_note: 按统计数据比对") + 1
    assert found.startswith(f"hightech-reward.yaml:{line}:") and "no_application: true" in found


def test_other_programs_still_need_materials(reward):
    [found] = problems(reward.replace(MATERIALS, ""))
    assert "缺少必填字段 'materials' (申报材料)" in found and "no_application: true" in found


# -- the sample site ---------------------------------------------------------------------------

def html(site, docname: str) -> BeautifulSoup:
    return BeautifulSoup((site.outdir / f"{docname}.html").read_text("utf-8"), "html.parser")


def test_program_page_shows_the_badge_instead_of_a_status(sample_site):
    page = html(sample_site, "source/programs/high-tech-first-reward")
    badges = page.select_one(".pb-badges")
    assert badges.select_one(".pb-no-application").get_text() == "免申即享"
    # 申报中 / 已截止 would mislead: no live status anywhere on the page
    assert not page.select("[data-pb-status], .pb-status")
    materials = page.select_one("section#materials")
    assert "无需提交申报材料" in materials.get_text() and not materials.select(".pb-materials li")
    assert page.select_one("section#process h2").get_text().startswith("兑现流程")
    assert "自动比对 → 公示 → 拨付" in page.select_one("section#process").get_text()
    window = page.select_one("section#window")
    assert window.select_one("h2").get_text().startswith("兑现时间")
    assert "兑现依据：依据省高新技术企业认定管理机构公布的认定名单" in window.get_text()
    assert "当前状态" not in window.get_text() and "申报渠道" not in window.get_text()
    # a program with an application keeps its status
    other = html(sample_site, "source/programs/high-tech-recognition")
    assert not other.select(".pb-no-application") and other.select_one(".pb-badges [data-pb-status], .pb-badges .pb-status")


def test_lists_show_the_badge_and_no_deadline(sample_site):
    page = html(sample_site, "source/categories/high-tech")
    [item] = [li for li in page.select(".pb-program-list li")
              if li.select_one(".pb-program-link").get_text() == "高新技术企业首次认定奖励"]
    meta = item.select_one(".pb-item-meta")
    assert meta.select_one(".pb-no-application") and "无需申报，符合条件直接兑现" in meta.get_text()
    assert "截止" not in meta.get_text()


def test_exports_carry_the_flag_and_validate(sample_site):
    data = sample_site.outdir / "data"
    programs = json.loads((data / "programs.json").read_text("utf-8"))
    jsonschema.validate(programs, programs_schema())
    free = {p["id"] for p in programs["programs"] if p["no_application"]}
    assert free == SAMPLE_FREE
    by_id = {p["id"]: p for p in programs["programs"]}
    assert by_id["rd-investment-subsidy"]["materials"] == []
    assert "研发统计数据" in by_id["rd-investment-subsidy"]["no_application_note"]
    assert by_id["patent-subsidy"]["no_application_note"] is None
    finder = json.loads((data / "finder.json").read_text("utf-8"))
    jsonschema.validate(finder, finder_schema())
    assert {r["id"] for r in expand(finder) if r["no_application"]} == SAMPLE_FREE
    assert finder["vocabularies"]["application"] == {"no": "免申即享", "yes": "需要申报"}


def test_the_calendar_leaves_them_out(sample_site):
    """申报日历 lists windows to apply in: 免申即享 has none (its dates are the bureau's comparison)."""
    out = sample_site.outdir
    page = html(sample_site, "source/programs/high-tech-first-reward")
    assert not page.select(".pb-ics-link")  # no 加入日历 / 提醒我下次申报
    assert not (out / "calendar/high-tech-first-reward.ics").exists()
    icalendar = pytest.importorskip("icalendar")
    summaries = [str(e["SUMMARY"]) for e in
                 icalendar.Calendar.from_ical((out / "calendar/all.ics").read_bytes()).walk("VEVENT")]
    assert summaries and not [s for s in summaries if "高新技术企业首次认定奖励" in s or "研发投入后补助" in s]
    calendar = html(sample_site, "source/calendar").get_text()
    assert "高新技术企业首次认定奖励" not in calendar and "企业研发投入后补助" not in calendar


def test_sample_policy_clause_says_so(sample_site):
    text = html(sample_site, "source/policies/county-sci-measures").get_text()
    assert re.search(r"本措施“三、高新技术企业奖励”和“四、研发投入后补助”规定的奖励和补助实行“免申即享”，企业无需申报", text)


def test_turning_the_flag_on_rewrites_the_page_and_its_lists_only(tmp_path):
    site = Site(tmp_path)
    site.build()
    site.edit("source/programs/hightech-reward.yaml", "materials:\n  - name: 高企证书\n", "no_application: true\n")
    result = site.build()
    assert result.read == ["source/programs/hightech-reward"]
    # the same pages as any edit of the program (test_incremental.py): its lists and backlinks
    assert result.written == ["docs/guide", "index", "source/policies/hightech-measures",
                              "source/programs/hightech-reward"]
    assert result.html("source/programs/hightech-reward").select(".pb-badges .pb-no-application")
