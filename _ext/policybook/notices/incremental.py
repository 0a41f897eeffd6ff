"""Exact incremental builds for notices: an edited notice re-writes its own page (Sphinx),
the pages listing notices, every program it names or named, and pages showing those programs'
status (lists matching them, pages linking them)."""

from __future__ import annotations

from ..model.selection import matches
from ..state import state


def _named(entry: dict) -> set[str]:
    return {*(entry.get("programs") or []), *(o["program"] for o in entry.get("opens") or [] if isinstance(o, dict))}


def pages_to_rewrite(app, env) -> list[str]:
    domain = env.domains["policybook"]
    build = state(app)
    changed = [entry for entries in build.before.values() for kind, _key, entry in entries if kind == "notice"]
    changed += [entry for docname in build.read for kind, _key, entry in domain.entries_of(docname)
                if kind == "notice"]
    if not changed:
        return []
    affected = set(domain.data.get("notice_lists", {}))
    program_ids = set().union(*(_named(entry) for entry in changed))
    opened = {o["program"] for entry in changed for o in entry.get("opens") or [] if isinstance(o, dict)}
    programs = [domain.programs[key] for key in program_ids if key in domain.programs]
    affected.update(program["docname"] for program in programs)
    keys = {f"program:{key}" for key in opened}
    affected.update(docname for docname, shown in domain.data["shows"].items() if keys.intersection(shown))
    today = build.today
    for docname, specs in domain.data["lists"].items():
        # the status before the edit is not kept: a list that filters on status shows the program
        # if it matches on everything else (its status may have come or gone with the notice)
        if any(not spec.get("policies") and matches({k: v for k, v in spec.items() if k != "status"},
                                                    domain.programs[key], today)
               for spec in specs for key in opened if key in domain.programs):
            affected.add(docname)
    return sorted(affected - build.read)
