"""政策匹配's first view precomputed by the build (issue 22): data/selfcheck-first.json.

Checked here against a direct computation from data/finder.json and data/selfcheck-core.json
(every program's group with nothing answered, its section on each day, the default order); the
browser tests (tests/browser/test_selfcheck_first.py) hold the page it paints to the full path's.
Uses the session's sample site (tests/conftest.py): no build of its own.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from policybook.finder.first import STATUS_RANK, status_on
from policybook.finder.selfcheck_first import (
    FIRST_FORMAT,
    FIRST_PATH,
    HORIZON,
    SHOWN,
    first_document,
    verdict_unanswered,
    with_applicants,
)
from policybook.site.publish import EXPORTS


@pytest.fixture(scope="module")
def files(sample_site) -> dict[str, dict]:
    data = sample_site.outdir / "data"
    names = ("finder.json", "selfcheck-core.json", "selfcheck-first.json")
    return {name: json.loads((data / name).read_text("utf-8")) for name in names}


def test_the_build_writes_the_first_view(files):
    first = files["selfcheck-first.json"]
    assert first == first_document(files["finder.json"], files["selfcheck-core.json"])
    assert (first["format"], first["version"]) == (FIRST_FORMAT, 1) and FIRST_PATH == "data/selfcheck-first.json"
    assert "selfcheck-first.json" in EXPORTS
    days = [d for day in first["days"] for d in _dates(day)]
    start = dt.date.fromisoformat(first["reference_date"])
    assert days == [(start + dt.timedelta(days=n)).isoformat() for n in range(HORIZON)]


def _dates(day):
    at, until = dt.date.fromisoformat(day["from"]), dt.date.fromisoformat(day["until"])
    while at <= until:
        yield at.isoformat()
        at += dt.timedelta(days=1)


def _expected(finder: dict, core: dict, today: str) -> dict:
    """Each section's programs on ``today`` with nothing answered, computed the plain way."""
    cols = finder["columns"]
    programs = [dict(zip(cols["programs"], row, strict=True)) for row in finder["programs"]]
    conditions = [dict(zip(cols["conditions"], row, strict=True)) for row in finder["conditions"]]
    sections: dict[str, list] = {"eligible": [], "needs-info": [], "closed": [], "ineligible": []}

    def key(p):
        status = status_on(p, today)
        date = (p["window_close"] if status == "open" else p["window_open"]) or "9999-12-31"
        return STATUS_RANK[status], date, p["title"].encode("utf-16-be")

    for p in sorted(programs, key=key):
        rules = with_applicants([conditions[pair[0]] for pair in p["rules"] or []], p["applicants"])
        verdicts = [verdict_unanswered(r) for r in rules]
        group = "ineligible" if "unmet" in verdicts else "needs-info" if "unknown" in verdicts else "eligible"
        soon = status_on(p, today) in ("open", "upcoming", "rolling")
        section = group if group == "ineligible" or p["no_application"] or soon else "closed"
        sections[section].append(p)
    matched = [p for s in ("eligible", "needs-info") for p in sections[s] if not p["no_application"]]
    return {"sections": sections, "matched": len(matched),
            "ics": sum(1 for p in matched if core["programs"][p["id"]].get("ics"))}


def test_each_day_holds_the_counts_and_the_first_items_of_the_full_computation(files):
    finder, core, first = files["finder.json"], files["selfcheck-core.json"], files["selfcheck-first.json"]
    ident = first["columns"]["programs"].index("id")
    assert len(first["days"]) >= 2  # the sample's windows open and close within the horizon
    for day in first["days"]:
        for today in _dates(day):
            want = _expected(finder, core, today)
            assert day["counts"] == {s: len(ps) for s, ps in want["sections"].items()}, today
            assert (day["matched"], day["ics"]) == (want["matched"], want["ics"]), today
            for section, shown in day["shown"].items():
                ids = [first["programs"][n][ident] for n in shown]
                assert ids == [p["id"] for p in want["sections"][section][:SHOWN]], (today, section)
    assert sum(day["counts"]["needs-info"] for day in first["days"]) > 0


def test_the_rows_and_rule_tables_decode_as_in_the_finder_index(files):
    """The shown programs' rows, with their rules renumbered into the cut tables, read the same
    conditions and clauses as in data/finder.json; their formulas and next windows are the core's."""
    finder, core, first = files["finder.json"], files["selfcheck-core.json"], files["selfcheck-first.json"]

    def rules_of(doc, row):
        cols = doc["columns"]
        rules = row[cols["programs"].index("rules")] or []
        out = []
        for cond, clause in rules:
            text = doc["conditions"][cond]
            c = doc["clauses"][clause] if 0 <= clause < len(doc["clauses"]) else None
            policy = doc["policies"][c[0]] if c and 0 <= c[0] < len(doc["policies"]) else None
            out.append((text, c and c[1:], policy))
        return out

    ident = finder["columns"]["programs"].index("id")
    rows = {row[ident]: row for row in finder["programs"]}
    assert first["programs"]
    for row in first["programs"]:
        assert rules_of(first, row) == rules_of(finder, rows[row[ident]])
        assert first["extras"][row[ident]] == {k: v for k, v in core["programs"][row[ident]].items() if k != "rules"}
    assert len(json.dumps(first)) < len(json.dumps(finder)) / 2


def test_an_any_rule_without_conditions_is_unmet_as_in_the_browser():
    """pb-match.js: an empty "any" is unmet ([].every is true), so such a program is 不符合 at once."""
    assert verdict_unanswered({"op": "any", "value": []}) == "unmet"
    assert verdict_unanswered({"op": "manual"}) == "manual"
    assert verdict_unanswered({"op": "any", "value": [{"fact": "a", "op": "eq", "value": 1}]}) == "unknown"
    assert with_applicants([], ["enterprise"])[0]["fact"] == "applicant_type"
    assert with_applicants([{"fact": "applicant_type", "op": "in", "value": ["x"]}], ["enterprise"])[0]["value"] == ["x"]
