"""A policy's standing follows its dates: in force until its successor takes effect, not before."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sphinx_helpers import Site

from policybook.model.lifecycle import standing

D = dt.date
OLD = {"id": "old", "effective": D(2019, 2, 1), "expiry": D(2027, 12, 31), "validity": "repealed", "superseded_by": "new"}
NEW = {"id": "new", "effective": D(2027, 1, 1), "validity": "in-force", "supersedes": ["old"]}
POLICIES = {"old": OLD, "new": NEW}


@pytest.mark.parametrize(("policy", "today", "state"), [
    (NEW, D(2026, 12, 31), "pending"),  # published, not in force yet
    (NEW, D(2027, 1, 1), "in-force"),
    (OLD, D(2026, 12, 31), "in-force"),  # its successor is not in force yet: it still is
    (OLD, D(2027, 1, 1), "repealed"),
    ({**OLD, "validity": "amended"}, D(2027, 1, 1), "amended"),
    ({"id": "x", "effective": D(2020, 1, 1), "expiry": D(2025, 12, 31), "validity": "in-force"}, D(2026, 1, 1), "expired"),
    ({"id": "x", "effective": D(2020, 1, 1), "expiry": D(2025, 12, 31), "validity": "in-force"}, D(2025, 12, 31), "in-force"),
])
def test_standing_on_a_day(policy, today, state):
    assert standing(policy, POLICIES, today).state == state


def test_the_day_it_changed_is_said():
    assert standing(OLD, POLICIES, D(2027, 3, 1)).describe() == "已废止（2027年1月1日起）"
    assert standing(NEW, POLICIES, D(2026, 6, 1)).describe() == "尚未施行（2027年1月1日起施行）"


def plain(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


@pytest.fixture
def site(tmp_path) -> Site:
    """ip-measures is replaced by a new policy taking effect on 2027-01-01; a guide cites the old."""
    site = Site(tmp_path)
    site.edit("source/policies/ip-measures.md", "validity: in-force\n",
              "validity: amended\nsuperseded_by: ip-measures-2027\n")
    site.write("source/policies/ip-measures-2027.md", "---\nid: ip-measures-2027\ntitle: 测试县知识产权资助办法（2027年修订）\n"
               "issuer: 测试县科学技术局\nlevel: county\npublished: 2026-12-01\neffective: 2027-01-01\n"
               "validity: in-force\nsupersedes: [ip-measures]\n---\n\n# 测试县知识产权资助办法（2027年修订）\n\n"
               "## 第一条 适用范围\n\n本办法适用于本县企业。\n\n## 第二条 发明专利\n\n每件资助五千元。\n")
    site.write("docs/history.md", "---\norphan: true\n---\n\n# 沿革\n\n资助标准见 {policy}`ip-measures#2`。\n")
    return site


def test_a_citation_turns_into_a_flag_when_the_successor_takes_effect(site):
    before = site.build(confoverrides={"policybook_reference_date": "2026-12-31"})
    assert "inactive-policy" not in plain(before.warnings + before.app.status.getvalue())
    page = before.html("source/policies/ip-measures").select_one(".pb-validity").get_text()
    assert page == "现行有效"
    assert before.html("source/policies/ip-measures-2027").select_one(".pb-validity").get_text() == \
        "尚未施行（2027年1月1日起施行）"

    after = site.build(confoverrides={"policybook_reference_date": "2027-01-02"})
    # the program's legal basis must be in force: an error, naming the successor
    warnings = plain(after.warnings)
    assert re.search(r"patent-grant\.yaml:\d+:\d+: WARNING: basis\[0\]: 引用了已修订（2027年1月1日起）的政策 'ip-measures' "
                     r".*提示: 改为引用替代它的政策 'ip-measures-2027'", warnings)
    # prose may tell history: a notice, and the page marks the citation
    status = plain(after.app.status.getvalue())
    assert re.search(r"docs/history\.md:7:\d+: 提示 \(不影响发布\): .*引用了已修订（2027年1月1日起）的政策 'ip-measures'", status)
    assert after.html("docs/history").select_one(".pb-cite-state").get_text() == "（已修订）"
    old = after.html("source/policies/ip-measures")
    assert old.select_one(".pb-validity").get_text() == "已修订（2027年1月1日起）"
    assert old.select_one(".pb-superseded").get_text().strip() == \
        "本政策自2027年1月1日起修订，现行规定见《测试县知识产权资助办法（2027年修订）》。"
    # a new date re-writes the pages showing the policy, without re-reading anything
    assert after.read == []
    assert {"source/policies/ip-measures", "docs/history", "source/policies/ip-measures-2027"} <= set(after.written)


def test_policy_list_filters_on_the_standing_of_the_day(site):
    site.write("docs/in-force.md", "---\norphan: true\n---\n\n# 现行\n\n```{policy-list}\n:validity: in-force\n```\n")
    result = site.build(confoverrides={"policybook_reference_date": "2027-01-02"})
    titles = [a.get_text() for a in result.html("docs/in-force").select(".pb-policy-list a")]
    assert "《测试县知识产权资助办法（2027年修订）》" in titles
    assert "《测试县知识产权资助办法》" not in titles and "《测试县专利资助暂行办法》" not in titles
