"""Eligibility matching: a company profile against a program's rules. Pure logic.

The self-check page runs the same rules in the browser (``static/pb-match.js``), fed by
the exported records; ``tests/test_matching.py`` drives both with the same cases.

Each rule comes out ``met``, ``unmet``, ``unknown`` (the reader has not answered that question)
or ``manual`` (a person must judge it). A program is ``ineligible`` if any rule is unmet,
``needs-info`` if any is unknown, otherwise ``eligible``; manual conditions are listed as
still to be confirmed, never counted as met.
"""

from __future__ import annotations

MET, UNMET, UNKNOWN, MANUAL = "met", "unmet", "unknown", "manual"
ELIGIBLE, NEEDS_INFO, INELIGIBLE = "eligible", "needs-info", "ineligible"


def evaluate(rule: dict, profile: dict) -> str:
    op = rule["op"]
    if op == "manual":
        return MANUAL
    have = profile.get(rule["fact"])
    if have is None or have == "":  # not answered; an empty list ("none of these") is an answer
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
