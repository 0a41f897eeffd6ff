"""The staff-kept search terms (source/search-terms.yaml): read into the search index, never a
page, checked with located Chinese messages by ``policybook check`` and the build alike, and
rebuilt exactly (an edit rewrites the index only; no change writes nothing)."""

from __future__ import annotations

import json

from sphinx_helpers import Site

from policybook.cli.check import check

TABLE = """\
# 示例
synonyms:
  - [补贴, 资助, 补助]
stopwords: [麻烦]
referrals:
  - terms: [专精特新]
    text: 专精特新由经济和信息化局负责。
    contact: 县经信局 0123-5550188
"""


def index_of(result) -> dict:
    return json.loads((result.app.outdir / "search/index.json").read_text("utf-8"))


def test_the_table_reaches_the_index_and_is_never_a_page(tmp_path):
    site = Site(tmp_path)
    site.write("source/search-terms.yaml", TABLE)
    first = site.build(fresh=True)
    assert "search-terms" not in first.warnings
    terms = index_of(first)["terms"]
    assert terms["synonyms"] == [["补贴", "资助", "补助"]] and terms["stopwords"] == ["麻烦"]
    assert terms["referrals"][0]["terms"] == ["专精特新"]
    assert "source/search-terms" not in first.app.env.all_docs
    assert not (first.app.outdir / "source/search-terms.html").exists()
    assert check(site.src).problems == []  # not a stray file either


def test_an_edited_table_rewrites_the_index_only(tmp_path):
    site = Site(tmp_path)
    site.write("source/search-terms.yaml", TABLE)
    site.build(fresh=True)
    index = site.src / "_build/html/search/index.json"
    site.edit("source/search-terms.yaml", "[补贴, 资助, 补助]", "[补贴, 资助, 补助, 奖补]")
    second = site.build()
    assert second.read == [] and second.written == []
    assert index_of(second)["terms"]["synonyms"] == [["补贴", "资助", "补助", "奖补"]]
    stamp = index.stat().st_mtime_ns
    third = site.build()
    assert third.written == [] and index.stat().st_mtime_ns == stamp  # no change: nothing written


def test_mistakes_are_located_in_chinese_by_check_and_build(tmp_path):
    site = Site(tmp_path)
    site.write("source/search-terms.yaml", TABLE)
    site.build(fresh=True)
    site.write("source/search-terms.yaml", TABLE.replace("[补贴, 资助, 补助]", "[补贴，资助]"))
    report = check(site.src)
    [problem] = report.problems
    assert (problem.file, problem.line, problem.code) == ("source/search-terms.yaml", 3, "keyboard")
    assert "中文标点" in problem.message and "[补贴, 资助]" in problem.hint
    result = site.build()
    assert "source/search-terms.yaml:3" in result.warnings and "中文标点" in result.warnings
    assert index_of(result)["terms"]["synonyms"] == []  # a broken table is not used, never half-read


def test_a_referral_may_not_hide_a_program_of_the_site(tmp_path):
    site = Site(tmp_path)
    site.write("source/search-terms.yaml", TABLE.replace("terms: [专精特新]", "terms: [专精特新, 专利资助]"))
    [problem] = check(site.src).problems
    assert (problem.line, problem.code, problem.field) == (6, "search-term", "referrals[0].terms[1]")
    assert "专利资助" in problem.message and "patent-grant" in problem.message


def test_groups_and_lists_are_checked(tmp_path):
    site = Site(tmp_path)
    site.write("source/search-terms.yaml", "synonyms:\n  - [补贴, 补助]\n  - [补助, 奖励]\n  - [孤零零]\n"
                                           "stopwords: [补贴]\nreferrals:\n  - terms: [小巨人]\n")
    found = {(p.line, p.code) for p in check(site.src).problems}
    assert (3, "duplicate-item") in found  # 补助 in two groups
    assert (4, "min-items") in found  # a group of one word
    assert (5, "duplicate-item") in found  # a stopword that is also a synonym
    assert any(code == "missing" for _, code in found)  # a referral without its text
