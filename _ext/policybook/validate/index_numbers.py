"""索引号 is unique across policies: a catalogue number names one document.

Government information-disclosure catalogues give each document one 索引号; two policy files
with the same one are a copying mistake (often a new version made from the old file). Only the
whole project can tell, so ``policybook check`` and the build both run this with the same reports.
"""

from __future__ import annotations

from ..model.problems import Problem
from . import messages
from .files import FileReport


def duplicate_index_numbers(entries: dict[tuple[str, str], FileReport]) -> list[Problem]:
    """索引号 is unique across policies (a catalogue number names one document): the second file
    (by path) that repeats one is told which file has it. ``entries``: (kind, id) → its file."""
    owners: dict[str, FileReport] = {}  # 索引号 → the first file with it
    problems = []
    for (kind, _id), report in sorted(entries.items(), key=lambda item: item[1].path):
        number = report.entry.get("index_number") if kind == "policy" and not report.entry.get("broken") else None
        if not number:
            continue
        owner = owners.setdefault(number, report)
        if owner is report:
            continue
        line, column = report.lines.get("index_number", 1), report.columns.get("index_number", 0)
        problems.append(Problem(report.path, line, column, "index_number",
                                *messages.duplicate_index_number(number, owner.path), "duplicate-index-number"))
    return problems
