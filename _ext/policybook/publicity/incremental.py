"""Exact incremental builds for publicity lists (as :mod:`policybook.doctree.incremental`).

An edited (added, removed) publicity list re-writes its own page (Sphinx re-reads it), the
pages showing every list (公示公告 and 年度数据: :data:`.nodes.ALL`, :data:`.nodes.DATA`) and the page of the program
whose results it adds to (the old program too, when the list moved). A program whose title
changed re-writes the pages that name it beside its results; a new build date re-writes every
page that shows a publicity status.
"""

from __future__ import annotations

from ..state import state
from .nodes import ALL, DATA, results_key


def pages_to_rewrite(app, env) -> list[str]:
    domain = env.domains["policybook"]
    build = state(app)
    changed = [entry for entries in build.before.values() for kind, _key, entry in entries if kind == "publicity"]
    programs = [entry for entries in build.before.values() for kind, _key, entry in entries if kind == "program"]
    for docname in build.read:
        for kind, _key, entry in domain.entries_of(docname):
            (changed if kind == "publicity" else programs if kind == "program" else []).append(entry)
    keys = {results_key(entry["program"]) for entry in changed if entry.get("program")}
    if changed:
        keys.update((ALL, DATA))
    listed = {entry.get("program") for entry in domain.data.get("publicity", {}).values()}
    if any(program.get("id") in listed for program in programs):
        keys.add(DATA)  # its title is shown beside its numbers
    affected: set[str] = set()
    last = domain.data.get("publicity_date")
    domain.data["publicity_date"] = build.today
    if last is not None and last != build.today:
        keys.add(ALL)
        affected.update(entry["docname"] for entry in domain.data.get("publicity", {}).values())
    for docname, shown in domain.data["shows"].items():
        if keys.intersection(shown):
            affected.add(docname)
    return sorted(affected - build.read)
