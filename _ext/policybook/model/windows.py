"""Every application window of a program: the current one, and the expected next one.

A program's ``window`` holds the current round (``open``/``close``; ``forecast: true`` when those
dates are themselves 预计), and optionally the next round as ``expected`` (forecast dates, a day
``2027-02-15`` or only a month ``2027-02``) or as a ``recurring`` rule (every year 03-01 to 04-30,
every quarter 02-01 to 02-31). A rule gives the first round after the current one. Calendars,
the year view, the program page and the exports all read :func:`windows` so they agree.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from dataclasses import dataclass

from .formatting import date_zh
from .vocab import Vocab

RECURRENCES = Vocab("recurrence", {  # window.recurring.every (not exported: rounds are expanded)
    "year": "每年",
    "quarter": "每季度",
})
STEP_MONTHS = {"year": 12, "quarter": 3}


@dataclass(frozen=True)
class Span:
    """One window: first and last day (inclusive). A month-precision end is the whole month."""

    role: str  # "current" or "expected": part of the window's identity (calendar UIDs)
    open: dt.date
    close: dt.date | None  # None: the end is not known yet
    forecast: bool = False  # 预计
    open_month: bool = False  # only the month of the opening is known
    close_month: bool = False
    note: str = ""

    def months(self) -> list[tuple[int, int]]:
        """(year, month) of every month the window touches (only the opening month if no end)."""
        last = self.close or self.open
        out, year, month = [], self.open.year, self.open.month
        while (year, month) <= (last.year, last.month):
            out.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out


def last_day(year: int, month: int) -> int:
    return _calendar.monthrange(year, month)[1]


def first_day_of(value) -> dt.date:
    """A day, or the first day of a month written ``YYYY-MM``."""
    if isinstance(value, dt.date):
        return value
    year, month = (int(part) for part in value.split("-"))
    return dt.date(year, month, 1)


def last_day_of(value) -> dt.date:
    """A day, or the last day of a month written ``YYYY-MM``."""
    if isinstance(value, dt.date):
        return value
    year, month = (int(part) for part in value.split("-"))
    return dt.date(year, month, last_day(year, month))


def month_day(text: str, year: int, month_shift: int = 0) -> dt.date:
    """``MM-DD`` in ``year`` (shifted by whole months); a day past the month's end is its last day,
    so ``02-31`` every quarter is the last day of February, May, August and November."""
    month, day = (int(part) for part in text.split("-"))
    index = year * 12 + month - 1 + month_shift
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day, last_day(year, month)))


def occurrence(rule: dict, year: int, step: int) -> tuple[dt.date, dt.date]:
    """The ``step``-th round of a rule counted from January of ``year`` (a close before the open
    in the calendar year means the round ends in the next year: 12-10 to 01-10)."""
    shift = step * STEP_MONTHS[rule["every"]]
    opens = month_day(rule["open"], year, shift)
    closes = month_day(rule["close"], year, shift)
    if closes < opens:
        closes = month_day(rule["close"], year, shift + 12)
    return opens, closes


def next_occurrence(rule: dict, after: dt.date) -> tuple[dt.date, dt.date]:
    """The first round of a rule that opens after ``after``."""
    per_year = 12 // STEP_MONTHS[rule["every"]]
    step = 0
    while True:
        opens, closes = occurrence(rule, after.year - 1, step)
        if opens > after:
            return opens, closes
        step += 1
        if step > per_year * 3:  # cannot happen for a valid rule; never loop forever
            raise ValueError(rule)


def current(window: dict) -> Span | None:
    if window.get("mode") == "rolling" or not window.get("open") or not window.get("close"):
        return None
    return Span("current", window["open"], window["close"], forecast=bool(window.get("forecast")))


def expected(window: dict, today: dt.date | None = None) -> Span | None:
    """The next round after the current one: written (``expected``) or from ``recurring`` (the
    first round after the current close; ``today`` only matters for a window without one)."""
    if window.get("mode") == "rolling":
        return None
    written = window.get("expected")
    if written and written.get("open"):
        close = written.get("close")
        return Span("expected", first_day_of(written["open"]), last_day_of(close) if close else None,
                    forecast=True, open_month=not isinstance(written["open"], dt.date),
                    close_month=bool(close) and not isinstance(close, dt.date), note=written.get("note", ""))
    rule = window.get("recurring")
    if rule and rule.get("every") and rule.get("open") and rule.get("close"):
        after = window.get("close") or today or dt.date.min
        opens, closes = next_occurrence(rule, after)
        return Span("expected", opens, closes, forecast=True)
    return None


def windows(window: dict, today: dt.date) -> list[Span]:
    """The current window (if dated) and the expected next one (if known), in that order."""
    return [span for span in (current(window), expected(window, today)) if span is not None]


def _point(day: dt.date, month_only: bool) -> str:
    return f"{day.year}年{day.month}月" if month_only else date_zh(day)


def span_text(span: Span, mark: bool = True) -> str:
    """预计2027年2月 / 预计2027年2月1日至2027年2月28日 / 2026年11月5日至2026年12月4日
    (without 预计 when ``mark`` is false: a badge says it)."""
    prefix = "预计" if span.forecast and mark else ""
    opens = _point(span.open, span.open_month)
    if span.close is None:
        return f"{prefix}{opens}开始"
    closes = _point(span.close, span.close_month)
    if span.open_month and span.close_month and span.open.replace(day=1) == span.close.replace(day=1):
        return f"{prefix}{opens}"
    return f"{prefix}{opens}至{closes}"


def day_text(day: dt.date, month_only: bool) -> str:
    """A calendar entry's day: 1月10日, or 2月 (日期待定)."""
    return f"{day.month}月" if month_only else f"{day.month}月{day.day}日"
