"""A list looks only at the programs that can pass its narrowest filter (``ProgramIndex``), and
shows exactly what testing every program shows: same programs, same order, same cut."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from policybook.model.loading import load_program
from policybook.model.selection import SORTS, STATED, ProgramIndex, select, stated

ROOT = Path(__file__).parent.parent
TODAY = dt.date(2026, 11, 21)


def _programs() -> dict[str, dict]:
    programs = {}
    for path in sorted((ROOT / "source" / "programs").glob("*.yaml")):
        loaded = load_program(path.read_bytes(), path.relative_to(ROOT).as_posix())
        if loaded.data is not None:
            programs[loaded.data["id"]] = loaded.data
    # a broken entry and an archived one, which lists skip unless asked
    first = next(iter(programs.values()))
    programs["broken-one"] = {**first, "id": "broken-one", "broken": True}
    programs["archived-one"] = {**first, "id": "archived-one", "archived": True, "title": "已停止的事项"}
    return programs


PROGRAMS = _programs()
INDEX = ProgramIndex(PROGRAMS)


def _values(key: str) -> list[str]:
    found = {value for program in PROGRAMS.values() for value in stated(program, key)}
    return sorted(found) + ["没有这个值"]


SPECS = st.fixed_dictionaries({}, optional={
    **{key: st.lists(st.sampled_from(_values(key)), min_size=1, max_size=3) for key in STATED},
    "status": st.lists(st.sampled_from(["open", "upcoming", "rolling", "closed"]), min_size=1, max_size=2),
    "archived": st.booleans(),
    "sort": st.sampled_from(SORTS),
    "limit": st.integers(0, 5),
})


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(SPECS)
def test_the_index_selects_what_testing_every_program_selects(spec):
    assert [p["id"] for p in select(spec, INDEX, TODAY)] == [p["id"] for p in select(spec, PROGRAMS, TODAY)]


def test_the_index_tests_only_the_programs_of_the_narrowest_filter():
    category = PROGRAMS[next(iter(PROGRAMS))]["category"]
    pool = INDEX.candidates({"category": [category], "level": ["national", "provincial", "municipal", "district"]})
    assert pool and len(pool) < len(PROGRAMS) - 2
    assert all(p["category"] == category and not p.get("broken") for p in pool)
    assert len(INDEX.candidates({})) == len(PROGRAMS)
