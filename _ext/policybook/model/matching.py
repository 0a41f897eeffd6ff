"""Eligibility matching: a company profile against a program's rules. Pure logic.

The self-check page runs the same rules in the browser (``static/pb-match.js``), fed by
the exported records; ``tests/test_matching.py`` drives both with the same cases.

Each rule comes out ``met``, ``unmet``, ``unknown`` (the reader has not answered that question)
or ``manual`` (a person must judge it). A program is ``ineligible`` if any rule is unmet,
``needs-info`` if any is unknown, otherwise ``eligible``; manual conditions are listed as
still to be confirmed, never counted as met. So an answer that contradicts a rule can never
end in ``eligible``: that is the promise the self-check makes (tested as a property).

``op: any`` holds conditions of which one suffices: met if one is met, unmet only when every
one is unmet, else unknown. :func:`estimate` turns a funding formula (rate or amount per unit
of a fact, capped) into 元 for the reader's numbers.
"""

from __future__ import annotations

import math

MET, UNMET, UNKNOWN, MANUAL = "met", "unmet", "unknown", "manual"
ELIGIBLE, NEEDS_INFO, INELIGIBLE = "eligible", "needs-info", "ineligible"


def _answered(have) -> bool:
    return have is not None and have != ""  # an empty list ("none of these") is an answer


def evaluate(rule: dict, profile: dict) -> str:
    op = rule["op"]
    if op == "manual":
        return MANUAL
    if op == "any":
        verdicts = [evaluate(condition, profile) for condition in rule["value"]]
        if MET in verdicts:
            return MET
        return UNMET if all(v == UNMET for v in verdicts) else UNKNOWN
    have = profile.get(rule["fact"])
    if not _answered(have):
        return UNKNOWN
    value = rule["value"]
    if op == "eq":
        ok = have == value
    elif op == "ne":
        ok = have != value
    elif op == "ge":
        ok = have >= value
    elif op == "gt":
        ok = have > value
    elif op == "le":
        ok = have <= value
    elif op == "lt":
        ok = have < value
    elif op == "in":
        ok = have in value
    elif op == "not_in":
        ok = have not in value
    elif op == "has":
        ok = value in have
    elif op == "has_any":
        ok = any(item in have for item in value)
    elif op == "lacks":
        ok = value not in have
    else:
        raise ValueError(f"unknown operator {op!r}")
    return MET if ok else UNMET


def match(rules: list[dict], profile: dict) -> tuple[str, list[str]]:
    """(group, verdict per rule)."""
    verdicts = [evaluate(rule, profile) for rule in rules]
    if UNMET in verdicts:
        return INELIGIBLE, verdicts
    if UNKNOWN in verdicts:
        return NEEDS_INFO, verdicts
    return ELIGIBLE, verdicts


def tested_facts(rules: list[dict]) -> set[str]:
    """Facts the rules test, those inside ``any`` included."""
    facts = set()
    for rule in rules:
        if rule["op"] == "any":
            facts.update(condition["fact"] for condition in rule["value"])
        elif rule["op"] != "manual":
            facts.add(rule["fact"])
    return facts


def with_applicants(rules: list[dict], applicants: list[str]) -> list[dict]:
    """The rules, preceded by "申报对象" (the program's ``applicants``) when no rule asks who applies.

    Without it a reader who said 孵化载体运营机构 or 个人 would be told 符合 for programs only a
    tenant firm can apply for, and a firm for programs only an operator can.
    """
    if not applicants or "applicant_type" in tested_facts(rules):
        return rules
    return [{"fact": "applicant_type", "op": "in", "value": list(applicants), "implicit": True}, *rules]


def estimate(formula: dict, profile: dict) -> int | None:
    """元 a funding formula gives for the profile's number, or None when it is not answered.

    ``formula`` is an exported one: ``fact``, ``fact_yuan`` (元 per unit of the fact's answer:
    10000 for 万元), then ``rate`` (percent of it) or ``amount_yuan`` (per unit), and an optional
    ``max_yuan``. Whole 元, rounded half up, as the browser does.
    """
    have = profile.get(formula["fact"])
    if isinstance(have, bool) or not isinstance(have, int | float) or not math.isfinite(have) or have < 0:
        return None
    if "rate" in formula:
        value = formula["rate"] / 100 * (have * formula["fact_yuan"])
    else:
        value = formula["amount_yuan"] * have
    if "max_yuan" in formula:
        value = min(value, formula["max_yuan"])
    return math.floor(value + 0.5)
