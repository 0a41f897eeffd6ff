"""How a notice's window (``opens``) combines with a program's own ``window``. Pure.

The rule, written once here and in the handbook:

* A notice window is the official announcement of one round. For each program, the notice
  window that opens last is the program's *current* window, unless the program's own window
  opens after it closes (the YAML already describes a later round): then the notice is history.
* The current notice window replaces the program's ``open``/``close`` (and its ``forecast``
  flag: announced dates are not forecast). An ``expected`` next round that does not start after
  the notice window closes was this round's forecast, and is dropped. ``recurring`` still says
  when the round after it comes.
* Two notice windows of one program that overlap, a notice window that overlaps the program's
  own announced (not forecast) window, and a notice window on a program that takes no
  applications (常年受理, 免申即享, 已停止执行) are errors (:mod:`policybook.validate.notices`).
"""

from __future__ import annotations

import datetime as dt

from . import windows
from .formatting import date_zh


def openings(notices: dict[str, dict]) -> dict[str, list[dict]]:
    """program id → its notice windows, oldest first; each with the notice's id, title and docname."""
    found: dict[str, list[dict]] = {}
    for notice in notices.values():
        if notice.get("broken"):
            continue
        for index, opening in enumerate(notice.get("opens", [])):
            found.setdefault(opening["program"], []).append(
                {**opening, "notice": notice["id"], "title": notice["title"], "index": index,
                 "docname": notice.get("docname", "")})
    for items in found.values():
        items.sort(key=lambda o: (o["opens"], o["closes"], o["notice"], o["index"]))
    return found


def current_opening(window: dict, items: list[dict]) -> dict | None:
    """The notice window that is the program's current one, or None (see the module's rule)."""
    if not items or window.get("mode") != "scheduled":
        return None
    latest = items[-1]
    own_open = window.get("open")
    if own_open and not window.get("forecast") and own_open > latest["closes"]:
        return None
    return latest


def combined(window: dict, opening: dict) -> dict:
    """The program's window with the notice's round in place of its own dates."""
    out = {**window, "open": opening["opens"], "close": opening["closes"], "forecast": False}
    expected = out.get("expected")
    if expected and windows.first_day_of(expected["open"]) <= opening["closes"]:
        out.pop("expected")
    return out


def overlay(programs: dict[str, dict], notices: dict[str, dict]) -> dict[str, dict]:
    """Programs as readers see them: each opened program a copy with the combined window and
    ``notice_window`` (the opening shown on its page). Entries without a notice are unchanged."""
    if not notices:
        return programs
    by_program = openings(notices)
    out = dict(programs)
    for program_id, items in by_program.items():
        program = programs.get(program_id)
        if program is None or program.get("broken") or program.get("archived") or program.get("no_application"):
            continue
        opening = current_opening(program.get("window") or {}, items)
        if opening is None:
            continue
        out[program_id] = {**program, "window": combined(program["window"], opening),
                           "notice_window": {key: opening[key] for key in
                                             ("notice", "title", "docname", "round", "opens", "closes")}
                           | ({"note": opening["note"]} if opening.get("note") else {})}
    return out


def overlaps(first: dict, second: dict) -> bool:
    return first["opens"] <= second["closes"] and second["opens"] <= first["closes"]


def newest_first(notices: list[dict]) -> list[dict]:
    """Notices as lists show them: newest first, then by id (stable for equal dates)."""
    return sorted(notices, key=lambda n: (-n["published"].toordinal(), n["id"]))


def span_zh(opens: dt.date, closes: dt.date) -> str:
    """申报时间 as the notice box writes it: 2027年3月1日至2027年4月30日."""
    return f"{date_zh(opens)}至{date_zh(closes)}"
