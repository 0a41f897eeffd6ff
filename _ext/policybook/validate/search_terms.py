"""The search-terms table's problems, for ``policybook check`` and the build alike."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..model.problems import Problem
from ..model.search_terms import cross_check, empty, load_search_terms


def read_search_terms(root: Path, relative: str, program_names: Iterable[tuple[str, str]] = (),
                      override: bytes | None = None) -> tuple[dict, list[Problem]]:
    """The table at ``root/relative`` (an empty one when the setting is empty or the file is
    absent: the table is optional) and its problems, cross-checked against the programs' names.
    ``override``: the content to check instead of the file's (an unsaved edit)."""
    if not relative:
        return empty(), []
    path = Path(root) / relative
    if override is not None:
        data = override
    elif not path.is_file():
        return empty(), []
    else:
        try:
            data = path.read_bytes()
        except OSError as error:
            return empty(), [Problem(relative, 1, 0, "", f"文件无法读取: {error.strerror}", "file cannot be read",
                                     "确认文件存在并且可以读取", "encoding")]
    loaded = load_search_terms(data, relative)
    problems = list(loaded.problems)
    if loaded.data is None:
        return empty(), problems
    problems.extend(cross_check(loaded.data, loaded.lines, relative, program_names))
    return (empty() if problems else loaded.data), problems


def check_search_terms(root: Path, relative: str, reports: Iterable, overrides: dict[str, bytes] | None = None
                       ) -> list[Problem]:
    """``policybook check``: the table's problems, with the programs the check read (FileReports)."""
    names = [(name, report.entry["id"]) for report in reports
             if report.kind == "program" and report.entry and not report.entry.get("broken")
             for name in [report.entry.get("title", ""), *report.entry.get("aliases", [])] if name]
    return read_search_terms(root, relative, names, (overrides or {}).get(relative))[1]
