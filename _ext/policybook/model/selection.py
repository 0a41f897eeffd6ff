"""Which programs a list shows, in what order, and what each program cites. Pure logic."""

from __future__ import annotations

import datetime as dt

from .formatting import max_amount_yuan
from .status import window_status
from .vocab import CATEGORIES, LEVELS, SUPPORT_TYPES, Vocab

FILTER_KEYS = ("category", "level", "support_type", "status", "tag", "applicant", "industry")
SORTS = ("title", "deadline", "amount", "level")
#: What a grouped list may be grouped by, and the vocabulary giving the groups' order and names.
GROUPS: dict[str, Vocab] = {"category": CATEGORIES, "level": LEVELS, "support_type": SUPPORT_TYPES}


#: The filters a program states outright, and the field stating each (``status`` depends on the
#: date): what ``matches`` compares and what :class:`ProgramIndex` indexes.
STATED = {"category": "category", "level": "level", "support_type": "support_type",
          "tag": "tags", "applicant": "applicants", "industry": "industries"}


def stated(program: dict, key: str) -> tuple:
    """The values ``program`` states for the filter ``key`` (a field may list several)."""
    value = program.get(STATED[key])
    if value is None:
        return ()
    return tuple(value) if isinstance(value, (list, tuple)) else (value,)


def matches(spec: dict, program: dict, today: dt.date) -> bool:
    """True when ``program`` passes every filter in ``spec`` (each filter may list values)."""
    if program.get("broken"):
        return False
    if program.get("archived") and not spec.get("archived"):
        return False
    for key in FILTER_KEYS:
        wanted = spec.get(key)
        if not wanted:
            continue
        have = {window_status(program["window"], today)} if key == "status" else set(stated(program, key))
        if not have & set(wanted):
            return False
    return True


def _deadline_key(program: dict, today: dt.date):
    status = window_status(program["window"], today)
    rank = {"open": 0, "rolling": 1, "upcoming": 2, "closed": 3}[status]
    date = program["window"].get("close" if status == "open" else "open") or dt.date.max
    return (rank, date, program["title"])


def sort_programs(programs: list[dict], sort: str, today: dt.date) -> list[dict]:
    if sort == "deadline":
        return sorted(programs, key=lambda p: _deadline_key(p, today))
    if sort == "amount":
        return sorted(programs, key=lambda p: (-max_amount_yuan(p["funding"]), p["title"]))
    if sort == "level":
        order = {level: i for i, level in enumerate(LEVELS.ids)}
        return sorted(programs, key=lambda p: (order[p["level"]], p["title"]))
    return sorted(programs, key=lambda p: p["title"])


class ProgramIndex:
    """The programs carrying each value of the indexed filters, so that a list tests only the
    programs that can pass its narrowest filter. A province's site has a guide or a category page
    with a list for every few dozen programs, and each list tested every program: the lists of
    a site cost the square of its size (issue 22)."""

    def __init__(self, programs: dict[str, dict]) -> None:
        self.programs = programs
        self._position = {pid: number for number, pid in enumerate(programs)}
        self._holders: dict[str, dict[str, list[str]]] = {key: {} for key in STATED}
        for pid, program in programs.items():
            if program.get("broken"):
                continue
            for key, holders in self._holders.items():
                for value in stated(program, key):
                    holders.setdefault(value, []).append(pid)

    def candidates(self, spec: dict) -> list[dict]:
        """Programs that may pass ``spec``, in the programs' own order (ties keep it when sorted)."""
        narrowest: set[str] | None = None
        for key, holders in self._holders.items():
            wanted = spec.get(key)
            if not wanted:
                continue
            found = {pid for value in wanted for pid in holders.get(value, ())}
            if narrowest is None or len(found) < len(narrowest):
                narrowest = found
        if narrowest is None:
            return list(self.programs.values())
        return [self.programs[pid] for pid in sorted(narrowest, key=self._position.__getitem__)]


def select(spec: dict, programs: dict[str, dict] | ProgramIndex, today: dt.date) -> list[dict]:
    """The programs a list shows, sorted and cut to its limit. Given a :class:`ProgramIndex`,
    only the programs that can pass are tested; the result is the same."""
    pool = programs.candidates(spec) if isinstance(programs, ProgramIndex) else programs.values()
    chosen = [p for p in pool if matches(spec, p, today)]
    chosen = sort_programs(chosen, spec.get("sort") or "title", today)
    limit = spec.get("limit")
    return chosen[:limit] if limit else chosen


def cited_clauses(program: dict) -> dict[str, set[int]]:
    """policy id → clause numbers the program cites (0 stands for the policy as a whole)."""
    cited: dict[str, set[int]] = {}
    refs = list(program.get("basis", ()))
    refs += [rule["clause"] for rule in program.get("eligibility", {}).get("rules", ())]
    for ref in refs:
        cited.setdefault(ref["policy"], set()).add(ref["clause"] or 0)
    return cited
