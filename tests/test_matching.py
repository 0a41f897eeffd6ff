"""The matching rules' operators, one by one, and how verdicts group a program."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policybook.model.matching import ELIGIBLE, INELIGIBLE, NEEDS_INFO, evaluate, match

VECTORS = Path(__file__).parent / "fixtures" / "matching-vectors.json"

CASES = [
    # (fact, op, value, profile value, expected)
    ("registered_in_county", "eq", True, True, "met"),
    ("registered_in_county", "eq", True, False, "unmet"),
    ("rd_ratio", "ge", 3, 3, "met"),
    ("rd_ratio", "ge", 3, 2.9, "unmet"),
    ("rd_ratio", "gt", 3, 3, "unmet"),
    ("employees", "le", 500, 500, "met"),
    ("employees", "lt", 500, 500, "unmet"),
    ("revenue", "eq", 0, 0, "met"),
    ("revenue", "ne", 0, 0, "unmet"),
    ("industry", "eq", "electronics", "electronics", "met"),
    ("industry", "ne", "electronics", "electronics", "unmet"),
    ("industry", "in", ["electronics", "bio-medicine"], "bio-medicine", "met"),
    ("industry", "not_in", ["electronics", "bio-medicine"], "bio-medicine", "unmet"),
    ("certifications", "has", "high-tech", ["tech-sme", "high-tech"], "met"),
    ("certifications", "has", "high-tech", [], "unmet"),
    ("certifications", "has_any", ["high-tech", "tech-sme"], ["tech-sme"], "met"),
    ("certifications", "has_any", ["high-tech", "tech-sme"], ["specialized"], "unmet"),
    ("certifications", "lacks", "high-tech", [], "met"),
    ("certifications", "lacks", "high-tech", ["high-tech"], "unmet"),
    ("rd_ratio", "ge", 3, None, "unknown"),
    ("industry", "eq", "electronics", "", "unknown"),
]


@pytest.mark.parametrize(("fact", "op", "value", "have", "expected"), CASES)
def test_operator(fact, op, value, have, expected):
    profile = {} if have is None else {fact: have}
    assert evaluate({"fact": fact, "op": op, "value": value}, profile) == expected


def test_manual_is_never_met():
    assert evaluate({"op": "manual"}, {"anything": True}) == "manual"


def test_grouping():
    rules = [{"fact": "registered_in_county", "op": "eq", "value": True},
             {"fact": "rd_ratio", "op": "ge", "value": 3},
             {"op": "manual"}]
    assert match(rules, {"registered_in_county": True, "rd_ratio": 4}) == (ELIGIBLE, ["met", "met", "manual"])
    assert match(rules, {"registered_in_county": True}) == (NEEDS_INFO, ["met", "unknown", "manual"])
    assert match(rules, {"registered_in_county": False}) == (INELIGIBLE, ["unmet", "unknown", "manual"])


def test_shared_vectors_match_python():
    """The browser's evaluator is tested against these same vectors (tests/browser)."""
    vectors = json.loads(VECTORS.read_text("utf-8"))
    assert len(vectors) == len(CASES)
    for vector in vectors:
        assert evaluate(vector["rule"], vector["profile"]) == vector["expected"], vector


def write_vectors() -> None:  # pragma: no cover - run by hand when CASES change
    vectors = [{"rule": {"fact": f, "op": o, "value": v}, "profile": {} if h is None else {f: h}, "expected": e}
               for f, o, v, h, e in CASES]
    VECTORS.write_text(json.dumps(vectors, ensure_ascii=False, indent=1) + "\n", "utf-8")


if __name__ == "__main__":  # pragma: no cover
    write_vectors()
