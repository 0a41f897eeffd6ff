"""Application-window status: the same rule at build time and (in JavaScript) in the browser.

A window is ``rolling`` (常年受理), or has open/close dates and is then ``upcoming`` before the
open date, ``open`` from the open date through the close date (inclusive), and ``closed`` after.
"""

from __future__ import annotations

import datetime as dt
import os
import time

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


def reference_date(configured: str = "") -> dt.date:
    """The date statuses are computed for: explicit config, else SOURCE_DATE_EPOCH, else today.

    Builds are reproducible only when the date is pinned, so the date is always shown on pages.
    """
    if configured:
        return dt.date.fromisoformat(configured)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.fromtimestamp(time.time())
