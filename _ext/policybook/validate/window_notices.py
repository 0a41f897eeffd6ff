"""Notices about programs' dated windows that time has overtaken (pure; part of the project check).

Readers of a closed window with no next round see only 已截止, and a forecast whose date has
passed misleads: both are reminders to staff, never errors, and are recomputed on every build.
"""

from __future__ import annotations

import datetime as dt

from ..model import windows
from ..model.problems import Problem
from . import messages


def _scheduled_windows(found):
    """(report, window) of every current program with a scheduled window, in a stable order."""
    for (kind, _id), report in sorted(found.owners.items()):
        program = found.programs.get(_id, report.entry) if kind == "program" else report.entry
        if kind != "program" or program.get("broken") or program.get("archived"):
            continue
        window = program.get("window") or {}
        if window.get("mode") == "scheduled":
            yield report, window


def stale_windows(today: dt.date | None, found) -> list[Problem]:
    """A notice for each current program whose dated window has closed with no next one written:
    time to roll it over (readers see 已截止 and nothing about the next round)."""
    if today is None:
        return []
    notices = []
    for report, window in _scheduled_windows(found):
        if window.get("next") or window.get("expected") or window.get("recurring") \
                or not window.get("close") or window["close"] >= today:
            continue
        line, column = report.lines.get("window.close", 1), report.columns.get("window.close", 0)
        notices.append(Problem(report.path, line, column, "window.close", *messages.stale_window(window["close"]),
                               "stale-window", notice=True))
    return notices


def past_forecasts(today: dt.date | None, found) -> list[Problem]:
    """A notice for a forecast (预计) date that the build date has passed: the notice has come out
    (write the real dates) or the forecast needs moving. The last possible day counts, so
    ``2027-02`` is past only from 1 March."""
    if today is None:
        return []
    notices = []
    for report, window in _scheduled_windows(found):
        candidates = []
        if window.get("forecast") and window.get("open"):
            candidates.append(("window.open", window["open"]))
        if (window.get("expected") or {}).get("open"):
            candidates.append(("window.expected.open", window["expected"]["open"]))
        for path, value in candidates:
            if windows.last_day_of(value) >= today:
                continue
            line, column = report.lines.get(path, 1), report.columns.get(path, 0)
            notices.append(Problem(report.path, line, column, path,
                                   *messages.forecast_past(value, today), "forecast-past", notice=True))
    return notices
