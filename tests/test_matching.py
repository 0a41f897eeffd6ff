"""The matching rules' operators, one by one, how verdicts group a program, funding estimates,
and the self-check's promise as a property: an answer that contradicts a rule never yields 符合."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policybook.model.loading import load_program
from policybook.model.matching import (
    ELIGIBLE,
    INELIGIBLE,
    NEEDS_INFO,
    estimate,
    evaluate,
    match,
    with_applicants,
)
from policybook.model.vocab import FACTS, OPERATORS_BY_KIND

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

# op: any (发明专利 1 件以上, 或其他知识产权 5 件以上): one met suffices; unmet only if all are
ANY = {"op": "any", "value": [{"fact": "invention_patents", "op": "ge", "value": 1},
                              {"fact": "ip_count", "op": "ge", "value": 5}]}
ANY_CASES = [
    ({"invention_patents": 1}, "met"),
    ({"invention_patents": 0, "ip_count": 5}, "met"),
    ({"invention_patents": 0, "ip_count": 4}, "unmet"),
    ({"invention_patents": 0}, "unknown"),
    ({}, "unknown"),
]

# funding formulas as exported (元): rate of a 万元 answer, or an amount per unit; capped
RD = {"fact": "rd_increase", "fact_yuan": 10000, "rate": 10, "max_yuan": 500000}
PATENTS = {"fact": "converted_patents", "fact_yuan": 1, "amount_yuan": 5000, "max_yuan": 50000}
ESTIMATES = [
    (RD, {"rd_increase": 50}, 50000),
    (RD, {"rd_increase": 800}, 500000),
    (RD, {"rd_increase": 0.015}, 15),
    (RD, {"rd_increase": 0.0015}, 2),  # 1.5 元 rounds half up
    (RD, {}, None),
    (RD, {"rd_increase": -3}, None),
    (PATENTS, {"converted_patents": 3}, 15000),
    (PATENTS, {"converted_patents": 12}, 50000),
    ({"fact": "converted_patents", "fact_yuan": 1, "amount_yuan": 5000}, {"converted_patents": 12}, 60000),
]

# "申报对象": added when no rule asks who applies
APPLICANT_CASES = [
    (["carrier-operator"], {"applicant_type": "enterprise"}, INELIGIBLE),
    (["carrier-operator"], {"applicant_type": "carrier-operator"}, ELIGIBLE),
    (["carrier-operator"], {}, NEEDS_INFO),
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


@pytest.mark.parametrize(("profile", "expected"), ANY_CASES)
def test_any_needs_one(profile, expected):
    assert evaluate(ANY, profile) == expected


@pytest.mark.parametrize(("formula", "profile", "expected"), ESTIMATES)
def test_estimate(formula, profile, expected):
    assert estimate(formula, profile) == expected


@pytest.mark.parametrize(("applicants", "profile", "expected"), APPLICANT_CASES)
def test_applicants_decide_when_no_rule_asks(applicants, profile, expected):
    rules = with_applicants([{"op": "manual"}], applicants)
    assert match(rules, profile)[0] == expected
    asking = [{"fact": "applicant_type", "op": "in", "value": ["enterprise"]}]
    assert with_applicants(asking, applicants) == asking  # the program's own rule decides


def vectors() -> dict:
    return {
        "evaluate": [{"rule": {"fact": f, "op": o, "value": v}, "profile": {} if h is None else {f: h}, "expected": e}
                     for f, o, v, h, e in CASES] + [{"rule": ANY, "profile": p, "expected": e} for p, e in ANY_CASES],
        "estimate": [{"formula": f, "profile": p, "expected": e} for f, p, e in ESTIMATES],
        "applicants": [{"applicants": a, "profile": p, "expected": e} for a, p, e in APPLICANT_CASES],
    }


def test_shared_vectors_match_python():
    """The browser's evaluator is tested against these same vectors (tests/browser)."""
    assert json.loads(VECTORS.read_text("utf-8")) == json.loads(json.dumps(vectors())), \
        "run python tests/test_matching.py to rewrite the vectors"


def write_vectors() -> None:  # pragma: no cover - run by hand when the cases change
    VECTORS.write_text(json.dumps(vectors(), ensure_ascii=False, indent=1) + "\n", "utf-8")


# --- the promise, as a property -----------------------------------------------------------------

REPO = Path(__file__).parent.parent
SAMPLE_RULES = [load_program(path.read_bytes(), path.name).data
                for path in sorted((REPO / "source" / "programs").glob("*.yaml"))]


def _answer(fact):
    if fact.kind == "bool":
        return st.booleans()
    if fact.kind == "number":
        return st.one_of(st.integers(0, 30000), st.floats(0, 100, allow_nan=False))
    if fact.kind == "enum":
        return st.sampled_from(fact.vocab.ids)
    return st.lists(st.sampled_from(fact.vocab.ids), unique=True, max_size=3)


PROFILES = st.fixed_dictionaries({}, optional={fact.id: _answer(fact) for fact in FACTS.values()})


def _condition(fact_id: str):
    fact = FACTS[fact_id]
    ops = st.sampled_from(OPERATORS_BY_KIND[fact.kind])
    if fact.kind == "bool":
        values = st.booleans()
    elif fact.kind == "number":
        values = st.integers(0, 100)
    else:
        values = st.sampled_from(fact.vocab.ids)
    def build(op, value):
        if op in ("in", "not_in", "has_any"):
            value = [value]
        return {"fact": fact_id, "op": op, "value": value}
    return st.builds(build, ops, values)


CONDITIONS = st.sampled_from(list(FACTS)).flatmap(_condition)
RULES = st.lists(st.one_of(CONDITIONS, st.just({"op": "manual"}),
                           st.lists(CONDITIONS, min_size=2, max_size=3).map(lambda c: {"op": "any", "value": c})),
                 min_size=1, max_size=6)


def _holds(condition: dict, have) -> bool:
    """What a condition says, written apart from matching.evaluate (the oracle)."""
    op, value = condition["op"], condition["value"]
    tests = {
        "eq": lambda: have == value, "ne": lambda: have != value, "ge": lambda: have >= value,
        "gt": lambda: have > value, "le": lambda: have <= value, "lt": lambda: have < value,
        "in": lambda: have in value, "not_in": lambda: have not in value, "has": lambda: value in have,
        "has_any": lambda: bool(set(value) & set(have)), "lacks": lambda: value not in have,
    }
    return tests[op]()


def _contradicted(rule: dict, profile: dict) -> bool:
    """The reader's explicit answers rule this condition out."""
    if rule["op"] == "manual":
        return False
    conditions = rule["value"] if rule["op"] == "any" else [rule]
    return all(c["fact"] in profile and not _holds(c, profile[c["fact"]]) for c in conditions)


@settings(max_examples=300, derandomize=True, database=None, deadline=None)
@given(RULES, PROFILES)
def test_a_contradicted_rule_never_yields_eligible(rules, profile):
    group, _ = match(rules, profile)
    if any(_contradicted(rule, profile) for rule in rules):
        assert group == INELIGIBLE
    else:
        assert group in (ELIGIBLE, NEEDS_INFO)


@settings(max_examples=300, derandomize=True, database=None, deadline=None)
@given(PROFILES)
def test_no_sample_program_contradicts_an_answer_with_eligible(profile):
    """The same over every sample program's real rules, with its 申报对象."""
    for program in SAMPLE_RULES:
        rules = with_applicants(program["eligibility"]["rules"], program["applicants"])
        group, _ = match(rules, profile)
        if any(_contradicted(rule, profile) for rule in rules):
            assert group == INELIGIBLE, program["id"]


if __name__ == "__main__":  # pragma: no cover
    write_vectors()
