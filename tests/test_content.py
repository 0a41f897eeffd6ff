"""The bundled sample site's integrity: enough content, every facet used, nothing dangling."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from policybook.cli.check import check
from policybook.model.loading import load_policy_front_matter, load_program
from policybook.model.status import window_status
from policybook.model.vocab import CATEGORIES, LEVELS

REPO = Path(__file__).parent.parent
REFERENCE = dt.date(2026, 11, 21)


@pytest.fixture(scope="module")
def programs() -> list[dict]:
    loaded = [load_program(p.read_bytes(), p.name) for p in sorted((REPO / "source/programs").glob("*.yaml"))]
    assert all(not item.problems for item in loaded)
    return [item.data for item in loaded]


@pytest.fixture(scope="module")
def policies() -> list[dict]:
    paths = [p for p in sorted((REPO / "source/policies").glob("*.md")) if p.name != "index.md"]
    loaded = [load_policy_front_matter(p.read_bytes(), p.name) for p in paths]
    assert all(not item.problems for item in loaded)
    return [item.data for item in loaded]


def test_counts(programs, policies):
    active = [p for p in programs if not p["archived"]]
    assert len(active) >= 30
    assert len(policies) >= 12
    guides = [p for p in (REPO / "source/guides").glob("*.md") if p.stem != "index"]
    assert len(guides) >= 5
    staff = [p for p in (REPO / "docs").glob("*.md") if p.stem != "index"]
    assert len(staff) >= 6


def test_every_category_and_level_used(programs, policies):
    assert {p["category"] for p in programs} >= set(list(CATEGORIES.ids)[:8])
    assert len({p["category"] for p in programs}) >= 8
    assert {p["level"] for p in programs} == set(LEVELS.ids)
    assert {p["level"] for p in policies} == set(LEVELS.ids)


def test_every_category_has_a_section_page():
    for category in CATEGORIES.ids:
        assert (REPO / f"source/categories/{category}.md").is_file(), category


def test_every_program_has_a_clause_cited_rule(programs):
    for program in programs:
        cited = [r for r in program["eligibility"]["rules"] if r["clause"]["clause"] is not None]
        assert cited, program["id"]


def test_windows_cover_every_status(programs):
    statuses = [window_status(p["window"], REFERENCE) for p in programs if not p["archived"]]
    assert {"open", "upcoming", "closed", "rolling"} <= set(statuses)
    closing_soon = [p for p in programs if window_status(p["window"], REFERENCE) == "open"
                    and (p["window"]["close"] - REFERENCE).days <= 14]
    assert len(closing_soon) >= 2


def test_dates_are_consistent(programs, policies):
    for program in programs:
        window = program["window"]
        if window.get("open") and window.get("close"):
            assert window["open"] <= window["close"], program["id"]
        assert program["reviewed"] <= REFERENCE + dt.timedelta(days=1), program["id"]
        for change in program.get("changes", []):
            assert change["date"] <= program["reviewed"] + dt.timedelta(days=1), program["id"]
    for policy in policies:
        # (tax policies may take effect retroactively, before publication; that is allowed)
        assert policy["published"] <= REFERENCE, policy["id"]
        if policy.get("expiry"):
            assert policy["effective"] <= policy["expiry"], policy["id"]


def test_repealed_policy_is_superseded_and_not_cited_by_active_programs(programs, policies):
    repealed = [p for p in policies if p["validity"] == "repealed"]
    assert repealed
    by_id = {p["id"]: p for p in policies}
    for old in repealed:
        if old.get("superseded_by") is None:  # repealed outright (county award under the 2020 条例): dated
            assert old.get("expiry"), old["id"]
        else:
            assert old["superseded_by"] in by_id
            assert old["id"] in by_id[old["superseded_by"]].get("supersedes", [])
        citing = [p["id"] for p in programs if not p["archived"]
                  and any(ref["policy"] == old["id"] for ref in p["basis"])]
        assert citing == [], citing


def test_no_dangling_references_or_other_problems(monkeypatch):
    monkeypatch.setenv("POLICYBOOK_DATE", "2026-11-21")  # the date the sample content is written for
    report = check(REPO)
    assert [str(p) for p in report.problems if not p.notice] == []
    notices = sorted(f"{p.file}:{p.code}" for p in report.problems if p.notice)
    assert notices == ["source/guides/ip-subsidy-guide.md:inactive-policy",
                       "source/programs/patent-subsidy.yaml:inactive-policy"]  # history, told in prose


def test_one_fictional_county_throughout():
    """Phone numbers use the unassigned 0123 area code (plainly fictional; issue 20: no "555"); the county is 明湖县."""
    import re

    texts = [p.read_text("utf-8") for p in (REPO / "source").rglob("*") if p.suffix in (".yaml", ".md")]
    texts += [p.read_text("utf-8") for p in (REPO / "docs").glob("*.md")]
    phones = {m for text in texts for m in re.findall(r"\b0\d{2,3}-\d{7,8}\b", text)}
    assert phones and all(phone.startswith("0123-") for phone in phones), phones
    assert any("明湖县" in text for text in texts)


def test_handbook_required_fields_match_the_schema():
    """The handbook's hand-written overview must not drift from the schema it summarises."""
    import re

    from policybook.model.schema import PROGRAM

    text = (REPO / "docs/staff-handbook.md").read_text("utf-8")
    section = text.split("### 必填字段", 1)[1].split("###", 1)[0]
    listed = re.findall(r"^\| `([a-z_]+)` \|", section, re.MULTILINE)
    assert listed == [f.name for f in PROGRAM.fields if f.required]
    for category in CATEGORIES.ids:
        assert f"`{category}`" in text, category
