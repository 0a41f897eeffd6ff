"""Supersession cycles: a policy that (through others) replaces itself, or is replaced in a loop."""

from __future__ import annotations

from ..model.problems import Problem
from .files import FileReport


def cycles(report: FileReport, found) -> list[Problem]:
    def get(key: str) -> dict | None:
        entry = found.policies.get(key)
        return None if entry is None or entry.get("broken") else entry

    if found.owners.get(("policy", report.entry_id)) is not report:
        return []
    problems = []
    for field_path, message in supersession_problems(report.entry, get):
        line, column = report.lines.get(field_path, 1), report.columns.get(field_path, 1)
        text, gloss, hint = message
        problems.append(Problem(report.path, line, column, field_path, text, gloss, hint, "cycle"))
    return problems


def supersedes_cycle(get, start: str, old: str) -> list[str]:
    """``[start, old, …, start]`` when ``old`` (transitively) supersedes ``start``, else []."""
    paths, seen = [[start, old]], {old}
    while paths:
        path = paths.pop()
        if path[-1] == start:
            return path
        entry = get(path[-1])
        for older in (entry.get("supersedes", []) if entry else []):
            if older == start or older not in seen:
                seen.add(older)
                paths.append([*path, older])
    return []


def superseded_by_cycle(get, start: str) -> list[str]:
    """``[start, …, start]`` when following superseded_by comes back to ``start``, else []."""
    chain, seen = [start], {start}
    current = (get(start) or {}).get("superseded_by")
    while current is not None and get(current) is not None:
        chain.append(current)
        if current == start:
            return chain
        if current in seen:
            return []  # a loop that does not pass through start: reported from its own members
        seen.add(current)
        current = get(current).get("superseded_by")
    return []


def supersession_problems(policy: dict, get) -> list[tuple[str, tuple[str, str, str]]]:
    """Cycles in a policy's supersedes / superseded_by, as (field path, message)."""
    found = []
    for index_, old in enumerate(policy.get("supersedes", [])):
        if get(old) is not None and (cycle := supersedes_cycle(get, policy["id"], old)):
            found.append((f"supersedes[{index_}]",
                          (f"政策替代关系形成循环: {' → '.join(cycle)}", "supersession cycle",
                           "检查 supersedes, 政策不能替代自己, 旧政策也不能再替代新政策")))
    if policy.get("superseded_by") and (cycle := superseded_by_cycle(get, policy["id"])):
        found.append(("superseded_by",
                      (f"政策替代关系形成循环: {' → '.join(cycle)}", "supersession cycle",
                       "检查 superseded_by, 新政策不能再被旧政策替代")))
    return found


