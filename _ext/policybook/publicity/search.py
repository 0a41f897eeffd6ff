"""Publicity lists in the site search: an enterprise finds the lists that name it."""

from __future__ import annotations

from ..model.publicity import KINDS, round_label


def publicity_entries(declared: list[tuple[str, str, dict]], programs: dict, url: str) -> list[dict]:
    """The search index entry of a publicity page: its title, program and the units it lists."""
    found = []
    for kind, _key, publicity in declared:
        if kind != "publicity" or publicity.get("broken"):
            continue
        program = programs.get(publicity["program"]) or {}
        units = list(dict.fromkeys(entry["unit"] for entry in publicity["entries"]))[:40]
        found.append({"kind": "publicity", "title": publicity["title"], "url": url,
                      "keys": [program.get("title", publicity["program"]), *units],
                      "text": f"{round_label(publicity)}{KINDS.label(publicity['kind'])}，{len(publicity['entries'])}项"})
    return found
