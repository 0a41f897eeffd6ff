"""政策匹配's split data (issue 22): data/selfcheck-core.json, data/selfcheck-more.json and
data/selfcheck-ics.json hold, between them and data/finder-core.json, exactly what data/finder.json and
data/selfcheck.json hold for the page.

Uses the session's sample site (tests/conftest.py): no build of its own.
"""

from __future__ import annotations

import copy
import json

import pytest

from policybook.finder.index import expand
from policybook.finder.selfcheck_split import (
    CORE_FORMAT,
    CORE_PATH,
    ICS_FORMAT,
    ICS_PATH,
    MORE_FORMAT,
    MORE_PATH,
    core_document,
    ics_document,
    more_document,
)
from policybook.finder.split import core_document as finder_core
from policybook.site.publish import EXPORTS


@pytest.fixture(scope="module")
def files(sample_site) -> dict[str, dict]:
    data = sample_site.outdir / "data"
    names = ("finder.json", "finder-core.json", "selfcheck.json", "selfcheck-core.json", "selfcheck-more.json",
             "selfcheck-ics.json")
    return {name: json.loads((data / name).read_text("utf-8")) for name in names}


def join(cards: dict, core: dict) -> dict:
    """What pb-selfcheck.js's joinCore does: the core rows with their rules and the rule tables."""
    rules = cards["columns"]["programs"].index("rules")
    ident = cards["columns"]["programs"].index("id")
    rows = []
    for row in cards["programs"]:
        row = list(row)
        row[rules] = core["programs"][row[ident]]["rules"]
        rows.append(row)
    return {**cards, "programs": rows, "columns": {**cards["columns"], **core["columns"]},
            "conditions": core["conditions"], "clauses": core["clauses"], "policies": core["policies"]}


def test_the_build_writes_both_files_from_the_whole_ones(files):
    assert files["selfcheck-core.json"] == core_document(files["finder.json"], files["selfcheck.json"])
    assert files["selfcheck-more.json"] == more_document(files["selfcheck.json"])
    assert files["selfcheck-ics.json"] == ics_document(files["selfcheck.json"])
    assert {"selfcheck-core.json", "selfcheck-more.json", "selfcheck-ics.json"} <= set(EXPORTS)
    core, more, ics = files["selfcheck-core.json"], files["selfcheck-more.json"], files["selfcheck-ics.json"]
    assert (core["format"], core["version"], more["format"], more["version"]) == (CORE_FORMAT, 1, MORE_FORMAT, 1)
    assert (ics["format"], ics["version"]) == (ICS_FORMAT, 1) and ICS_PATH == "data/selfcheck-ics.json"
    assert core["more"] == MORE_PATH and CORE_PATH == "data/selfcheck-core.json"
    assert core["reference_date"] == more["reference_date"] == ics["reference_date"] == files["finder.json"]["reference_date"]


def test_cards_and_core_decode_to_the_whole_index(files):
    """Every record the page matches on is the one data/finder.json gives (rules and clauses too)."""
    joined = join(files["finder-core.json"], files["selfcheck-core.json"])
    whole = expand(files["finder.json"])
    assert len(whole) > 20 and any(r["eligibility"]["rules"] for r in whole)
    for record, short in zip(whole, expand(joined), strict=True):
        # finder-core.json leaves the summaries out; the self-check shows none
        assert short["summary"] is None
        assert {**short, "summary": record["summary"]} == record


def test_core_more_and_ics_hold_what_selfcheck_json_holds(files):
    whole, core, more = files["selfcheck.json"], files["selfcheck-core.json"], files["selfcheck-more.json"]
    ics = files["selfcheck-ics.json"]
    assert set(core["programs"]) == {row[0] for row in files["finder.json"]["programs"]} >= set(whole["programs"])
    assert set(more["programs"]) == set(whole["programs"])
    for pid, entry in whole["programs"].items():
        first = {k: v for k, v in core["programs"][pid].items() if k not in ("rules", "ics")}
        events = {"ics": ics["programs"][pid]} if pid in ics["programs"] else {}
        assert {**first, **more["programs"][pid], **events} == entry, pid
        # the first results say how many matched programs have calendar events (下载申报日历（.ics，N个事项）)
        assert core["programs"][pid].get("ics", False) is bool(entry.get("ics")), pid
        assert not {"materials", "contacts", "channels", "processing_time", "ics"} & set(first), pid
        # the checklist's part leaves the events to the file 下载申报日历 reads
        assert "ics" not in more["programs"][pid], pid
    assert set(ics["programs"]) == {pid for pid, entry in whole["programs"].items() if entry.get("ics")}
    assert core["calendar"] is True and ics["calendar"] == whole["calendar"] and "calendar" not in more
    assert any("formulas" in e for e in core["programs"].values()) and any("next" in e for e in core["programs"].values())
    assert any(e.get("ics") for e in core["programs"].values())


def test_the_first_part_is_a_fraction_of_the_whole_files(files):
    size = lambda doc: len(json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode())  # noqa: E731
    first = size(files["finder-core.json"]) + size(files["selfcheck-core.json"])
    assert first < 0.6 * (size(files["finder.json"]) + size(files["selfcheck.json"]))


def test_a_site_without_a_calendar_or_formulas():
    finder = {"reference_date": "2026-11-21", "columns": {
        "programs": ["id", "rules"], "rules": ["condition", "clause"], "conditions": ["text", "fact", "op", "value"],
        "clauses": ["policy", "label", "anchor"], "policies": ["label", "url"]},
        "programs": [["a", [[0, 0]]], ["b", []]], "conditions": [["x", "f", "eq", 1]],
        "clauses": [[0, "", None]], "policies": [["《p》", None]]}
    selfcheck = {"reference_date": "2026-11-21", "programs": {"a": {"materials": [], "contacts": [], "channels": [],
                                                                    "processing_time": None}}}
    before = copy.deepcopy(selfcheck)
    core, more, ics = core_document(finder, selfcheck), more_document(selfcheck), ics_document(selfcheck)
    assert core["calendar"] is False and "calendar" not in more and "calendar" not in ics
    assert ics["programs"] == {}
    assert core["programs"] == {"a": {"rules": [[0, 0]]}, "b": {"rules": []}}
    assert more["programs"] == selfcheck["programs"] and selfcheck == before  # pure


def test_finder_core_is_unchanged_by_the_split(files):
    """政策匹配 reuses 政策查找's file (one download for a reader of both pages): still the finder's."""
    assert files["finder-core.json"] == finder_core(files["finder.json"])


def test_the_checklist_part_is_a_fraction_of_selfcheck_json(files):
    """Parsed after the first results while a reader may be answering: without the calendar's events."""
    size = lambda doc: len(json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode())  # noqa: E731
    assert size(files["selfcheck-more.json"]) < 0.6 * size(files["selfcheck.json"])
