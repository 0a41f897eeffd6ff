"""A program's conditions that cite one clause say so once (issue 22: every page ≤ 40 KB).

高新技术企业认定 cited 《高新技术企业认定管理办法》第十一条 under each of its eight conditions:
eight identical lines on a phone, 2.6 KB of the page. The clause most of the conditions share is
stated once above the list; a condition citing another clause keeps its own line; every
condition keeps its 自检项.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from policybook.model.rules import shared_clause


def _rule(policy: str, clause: int) -> dict:
    return {"clause": {"policy": policy, "clause": clause}}


@pytest.mark.parametrize(("clauses", "expected"), [
    ([("a", 11)] * 8, ("a", 11)),
    ([("a", 3), ("a", 3), ("a", 3), ("a", 4)], ("a", 3)),
    ([("a", 3), ("a", 3), ("b", 3)], ("a", 3)),
    ([("a", 3), ("a", 3), ("a", 4), ("a", 4)], None),  # no majority: each keeps its line
    ([("a", 3), ("a", 3), ("a", 4), ("a", 5), ("a", 6)], None),
    ([("a", 3)], None),  # one condition: its line is already the only one
    ([("a", 3), ("a", 4)], None),
    ([], None),
])
def test_the_clause_most_conditions_share(clauses, expected):
    shared = shared_clause([_rule(p, c) for p, c in clauses])
    assert (None if shared is None else (shared["policy"], shared["clause"])) == expected


@pytest.fixture(scope="module")
def site(sample_site) -> Path:
    return Path(sample_site.outdir)


def _page(site: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((site / f"source/programs/{name}.html").read_text("utf-8"), "html.parser")


def _text(node) -> str:
    return " ".join(node.get_text(" ").split())


def test_one_clause_for_all_conditions_is_named_once(site):
    page = _page(site, "high-tech-recognition")
    section = page.select_one("#eligibility")
    lead = section.select_one(".pb-rules-basis")
    assert _text(lead).startswith("以下8项条件均依据")
    assert lead.select_one("a")["href"] == "../policies/natl-high-tech-recognition.html#clause-11"
    rules = section.select(".pb-rule")
    assert len(rules) == 8
    assert not [r for r in rules if "依据" in _text(r)]
    # what an enterprise can check itself is still said under each condition
    assert _text(rules[0].select_one(".pb-cite")) == "自检项：成立年限"
    assert rules[3].select_one(".pb-cite") is None and rules[3].select_one(".pb-manual")
    assert len(section.select('a[href$="#clause-11"]')) == 2  # the staff's own text, then the lead


def test_a_condition_citing_another_clause_keeps_its_line(site):
    page = _page(site, "county-sci-plan-project")
    section = page.select_one("#eligibility")
    lead = section.select_one(".pb-rules-basis")
    assert _text(lead).startswith("以下条件除单独注明的以外，均依据")
    rules = section.select(".pb-rule")
    own = [r for r in rules if "依据：" in _text(r)]
    assert len(rules) == 5 and len(own) == 1
    shared = lead.select_one("a")["href"]
    assert own[0].select_one(".pb-cite a")["href"] != shared


def test_conditions_without_a_shared_clause_cite_each_line(site):
    page = _page(site, "tech-transfer-income-tax")  # four conditions, four clauses
    section = page.select_one("#eligibility")
    assert section.select_one(".pb-rules-basis") is None
    assert all("依据：" in _text(r.select_one(".pb-cite")) for r in section.select(".pb-rule"))
