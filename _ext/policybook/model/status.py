"""Application-window status: the same rule at build time and (in JavaScript) in the browser.

A window is ``rolling`` (常年受理), or has open/close dates and is then ``upcoming`` before the
open date, ``open`` from the open date through the close date (inclusive), and ``closed`` after.
The browser's one copy is ``static/pb-window.js``; ``tests/fixtures/status-vectors.json`` holds
both to the same statuses, days left and badge labels.
"""

from __future__ import annotations

import datetime as dt

from .formatting import date_zh
from .vocab import STATUSES

CLOSING_SOON_DAYS = 14


def window_status(window: dict, today: dt.date) -> str:
    if window.get("mode") == "rolling":
        return "rolling"
    opens, closes = window.get("open"), window.get("close")
    if opens and today < opens:
        return "upcoming"
    if closes and today > closes:
        return "closed"
    return "open"


def days_left(window: dict, today: dt.date) -> int | None:
    """Days until the close date for an open window (0 on the last day), else None."""
    if window_status(window, today) != "open" or not window.get("close"):
        return None
    return (window["close"] - today).days


def closing_soon(window: dict, today: dt.date) -> bool:
    left = days_left(window, today)
    return left is not None and left <= CLOSING_SOON_DAYS


def status_label(window: dict, today: dt.date, detail: bool = False) -> str:
    """A status badge's text: 申报中; with ``detail`` also 剩5天 / 今天截止, the close date
    (已截止 · 2026年4月30日) or the open date (即将开始 · 2026年3月1日开始)."""
    status = window_status(window, today)
    label = STATUSES.label(status)
    if not detail:
        return label
    left = days_left(window, today)
    if left is not None:
        return label + (" · 今天截止" if left == 0 else f" · 剩{left}天")
    if status == "closed" and window.get("close"):
        return f"{label} · {date_zh(window['close'])}"
    if status == "upcoming" and window.get("open"):
        return f"{label} · {date_zh(window['open'])}开始"
    return label
