"""Yearly roll-over: the next round of each scheduled program whose window has passed (pure).

``policybook rollover YEAR`` asks this module what to propose; the command writes it. For each
program (not archived, ``mode: scheduled``) whose ``window.close`` is before the build date, the
next round comes from the window's own forecast data (:mod:`policybook.model.windows`):

* ``recurring`` (every year 03-01 to 04-30): the first round after the current one, exact days;
* ``expected`` with days (``open: 2027-03-01``): those days;
* ``expected`` with only a month (``open: 2027-03``): last round's days moved into that month
  (a window of 2026-03-01 to 2026-04-30 becomes 2027-03-01 to 2027-04-30), since a window on the
  page needs days; the proposal says so and stays marked 预计 (``forecast: true``).

A program with no forecast, or whose next round is not in YEAR, is listed for a person instead.
A program whose round is announced by a notice (``opens`` in 通知公告, :mod:`policybook.model.notices`)
is never rolled: its dates live in the notice, and writing them into the program would repeat them
(an error). It is listed as settled, or for a person if nothing says when its next round comes.
Nothing here is written: the command shows every proposal as a diff and writes only on request.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from . import windows
from .formatting import date_zh
from .notices import combined, current_opening, openings

YEARS = range(2000, 2101)  # what YEAR may be (application windows are this century's)


@dataclass(frozen=True)
class Proposal:
    """The next round of one program, or why a person has to write it (``problem``)."""

    path: str
    title: str
    line: int | None  # window.close, where a person looks
    old_open: dt.date | None
    old_close: dt.date
    new_open: dt.date | None = None
    new_close: dt.date | None = None
    source: str = ""  # how the dates were found, in Chinese
    problem: str = ""  # set when nothing is proposed
    stale_note: bool = False  # window.note describes the round that has passed
    settled: bool = False  # a notice announces the dates: nothing to do (``problem`` says which)

    @property
    def place(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


def shift_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months (the 31st becomes the month's last day where it has none)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, windows.last_day(year, month + 1)))


def _months_between(earlier: dt.date, later: dt.date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def _from_month(window: dict, written: dict) -> tuple[dt.date, dt.date, str]:
    """Last round's days moved into the expected month (and clamped to an expected close month)."""
    start = windows.first_day_of(written["open"])
    months = _months_between(window["open"], start)
    opens, closes = shift_months(window["open"], months), shift_months(window["close"], months)
    close = written.get("close")
    if close is not None and isinstance(close, dt.date):
        closes = close
    elif close is not None and not (windows.first_day_of(close) <= closes <= windows.last_day_of(close)):
        closes = windows.last_day_of(close)
    return opens, closes, f"window.expected 只写到月份 ({written['open']}), 日期沿用上一轮"


def next_round(window: dict, today: dt.date) -> tuple[dt.date, dt.date, str] | str:
    """(open, close, how) of the round after the current one, or why there is none to propose."""
    written = window.get("expected")
    if written and written.get("open"):
        if isinstance(written["open"], dt.date):
            close = written.get("close")
            if not isinstance(close, dt.date):
                return f"window.expected 只写了开始日期 {written['open']}, 没有截止日期, 请按通知填写"
            return written["open"], close, "按 window.expected"
        if not window.get("open"):
            return "本轮没有开始日期 (window.open), 无法沿用上一轮的日期"
        return _from_month(window, written)
    span = windows.expected(window, today)
    if span is not None and span.close is not None:
        return span.open, span.close, "按 window.recurring"
    hint = f" (window.next: {window['next']})" if window.get("next") else ""
    return f"没有预计的下次申报时间{hint}: 请按通知填写 open/close, 或写 window.expected / window.recurring"


def plan(reports: Iterable, year: int, today: dt.date) -> tuple[list[Proposal], list[Proposal]]:
    """(proposals, for a person): every scheduled, not archived program whose window has passed.

    ``reports`` are duck-typed FileReports (``kind``, ``path``, ``entry``, ``lines``)."""
    reports = sorted(reports, key=lambda r: r.path)
    announced = openings({r.entry["id"]: r.entry for r in reports
                          if r.kind == "notice" and r.entry and not r.entry.get("broken")})
    proposals, manual = [], []
    for report in reports:
        entry = report.entry
        if report.kind != "program" or not entry or entry.get("broken") or entry.get("archived"):
            continue
        window = entry.get("window") or {}
        opening = current_opening(window, announced.get(entry.get("id"), []))
        if opening is not None:
            manual.append(_announced(report, entry, window, opening, today))
            continue
        close = window.get("close")
        if window.get("mode") != "scheduled" or not isinstance(close, dt.date) or close >= today:
            continue
        base = dict(path=report.path, title=entry["title"], line=report.lines.get("window.close"),
                    old_open=window.get("open"), old_close=close, stale_note=bool(window.get("note")))
        found = next_round(window, today)
        if isinstance(found, str):
            manual.append(Proposal(**base, problem=found))
        elif found[0].year != year:
            manual.append(Proposal(**base, problem=f"下一轮预计在 {found[0].isoformat()} 开始, 不在 {year} 年, 这次不滚动"))
        else:
            proposals.append(Proposal(**base, new_open=found[0], new_close=found[1], source=found[2]))
    return proposals, manual


def _announced(report, entry: dict, window: dict, opening: dict, today: dt.date) -> Proposal:
    """A program whose current round a notice announces: settled, or for a person when that round
    has passed and nothing forecasts the next (then the next notice, not the program, gets dates)."""
    merged = combined(window, opening)
    notice = f"通知公告《{opening['title']}》"
    span = f"{opening['round']} {date_zh(opening['opens'])}至{date_zh(opening['closes'])}"
    base = dict(path=report.path, title=entry["title"], line=report.lines.get("window.close") or report.lines.get("window"),
                old_open=merged["open"], old_close=merged["close"])
    if merged["close"] >= today:
        return Proposal(**base, settled=True, problem=f"申报期由{notice}公布 ({span}), 事项文件不用改")
    found = next_round(merged, today)
    if isinstance(found, str):
        return Proposal(**base, problem=f"上一轮 ({span}) 由{notice}公布, 没有预计的下次申报时间: 请写 "
                                        "window.expected 或 window.recurring; 下一轮的通知发布后, 把日期写在"
                                        "通知的 opens 里, 不要写进事项的 open/close")
    return Proposal(**base, settled=True,
                    problem=f"上一轮 ({span}) 由{notice}公布, 页面已按 window.expected / window.recurring "
                            "显示下一轮的预计时间; 下一轮的通知发布后, 把日期写在通知的 opens 里")


def change_text(proposal: Proposal, year: int) -> str:
    """The ``changes`` entry written with a proposal (at most 200 characters, as the schema says)."""
    return (f"申报期滚动到{year}年，预计{proposal.new_open.isoformat()}至{proposal.new_close.isoformat()}"
            f"（{proposal.source}）；通知发布后核对日期，并删除 forecast")
