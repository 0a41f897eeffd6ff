"""政策查找's first page of results, precomputed by the build (issue 22: first results ≤ 1.5 s).

At 10,000 programs a phone spends most of a second decoding and preparing every record before
it can show the first ten. What a reader sees first, on a page opened without filters, depends
on nothing but the data and the reader's date: the first ``PAGE`` programs in the default order
(申报状态, then the dates, then the name), the total, the facet counts and the status counts.
``data/finder-first.json`` holds those for each date from the build date over ``HORIZON`` days,
grouped into ranges of days on which they do not change (a status changes on an open date and
on the day after a close date). The page paints it when the reader's date is in a range and
its URL carries no filters, and prepares the full index after the paint; any other reader gets
the full path as before. The cards' texts (剩N天 …) are made in the browser for the reader's
date, so only the order and the numbers are precomputed here.

Mirrors ``pb-finder.js`` exactly (facet values, the wildcard, the tallies, usefulness, the
comparator: titles in UTF-16 code unit order like JavaScript's ``<``); the browser tests hold
the two to the same page. Pure functions, no Sphinx.

``data/finder-first.js`` carries the same document as a deferred script the finder page lists
before ``pb-finder.js``: the page is built as that script runs, before the theme's deferred
scripts (bootstrap.js, pydata-sphinx-theme.js) and the load event. Fetched, the file's answer
came only after them, ≈ 0.5 s later on a phone at 10,000 programs (issue 22).
"""

from __future__ import annotations

import datetime as dt
import re

from .data_script import data_script

FIRST_PATH = "data/finder-first.json"
FIRST_SCRIPT_PATH = "data/finder-first.js"  # the same, for the page to run (first_script)
FIRST_FORMAT = "policybook-finder-first"
PAGE = 50  # pb-finder.js PAGE: the cards of a page of results
HORIZON = 14  # days from the build date the file covers
STATUS_RANK = {"open": 0, "rolling": 1, "upcoming": 2, "closed": 3}  # pb-finder-core.js
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")

#: pb-finder.js FACETS: URL key → the program's values (industry: "all" when none is named).
FACETS = (
    ("level", lambda p: [p["level"]]),
    ("category", lambda p: [p["category"]]),
    ("support", lambda p: [p["support_type"]]),
    ("application", lambda p: ["no" if p["no_application"] else "yes"]),
    ("applicant", lambda p: p["applicants"] or []),
    ("industry", lambda p: p["industries"] or ["all"]),
)
WILDCARD = {"industry": "all"}


def first_script(text: str) -> str:
    """``data/finder-first.js`` for the text of ``data/finder-first.json`` (finder/data_script.py)."""
    return data_script(text, "PolicybookFinderFirst")


def _day(text) -> str | None:
    """An ISO date string, or None for a missing or malformed one (pb-window.js dayNumber)."""
    return text if isinstance(text, str) and ISO.match(text) else None


def status_on(window: dict, today: str) -> str:
    """pb-window.js status: ISO strings compare like the dates they name."""
    if window["window_mode"] == "rolling":
        return "rolling"
    opens, closes = _day(window["window_open"]), _day(window["window_close"])
    if opens is not None and today < opens:
        return "upcoming"
    if closes is not None and today > closes:
        return "closed"
    return "open"


def _programs(finder: dict) -> list[dict]:
    columns = finder["columns"]["programs"]
    return [dict(zip(columns, row, strict=True)) for row in finder["programs"]]


def _order_key(p: dict, status: str, title: bytes) -> tuple:
    """pb-finder-core.js deadlineKey + compareTitle (a stable sort keeps ties in data order);
    ``title``: the title already encoded (:func:`title_keys`)."""
    date = (p["window_close"] if status == "open" else p["window_open"]) or "9999-12-31"
    return STATUS_RANK[status], date, title


def title_keys(programs: list[dict]) -> list[bytes]:
    """Each title in UTF-16 code unit order (JavaScript's ``<``), made once for all the days."""
    return [p["title"].encode("utf-16-be") for p in programs]


def facet_counts(programs: list[dict]) -> tuple[dict, dict]:
    """(counts, useful) of the page without filters: evaluate's tallies and usefulFacets."""
    counts, useful = {}, {}
    for key, values_of in FACETS:
        tally: dict[str, int] = {}
        wild, seen = 0, set()
        for p in programs:
            values = values_of(p)
            seen.update(v for v in values if v != WILDCARD.get(key))
            if key in WILDCARD and WILDCARD[key] in values:
                wild += 1
                continue
            for value in values:
                tally[value] = tally.get(value, 0) + 1
        if wild:
            tally["*"] = wild
        counts[key], useful[key] = tally, len(seen) >= 2
    return counts, useful


def _view(programs: list[dict], statuses: list[str], titles: list[bytes]) -> tuple[list[int], dict]:
    """The first PAGE programs' positions in the default order, and the status counts, for the
    programs' ``statuses`` on one day (``titles``: each program's title in UTF-16 order)."""
    order = sorted(range(len(programs)), key=lambda n: _order_key(programs[n], statuses[n], titles[n]))
    tally: dict[str, int] = {}
    for status in statuses:
        tally[status] = tally.get(status, 0) + 1
    return order[:PAGE], tally


def first_document(core: dict, horizon: int = HORIZON) -> dict:
    """``data/finder-first.json`` for a core document (finder/split.py) built on its reference date.

    ``days``: ranges ``[from, until]`` (inclusive) with the ids shown first (as positions in
    ``programs``, which holds only the rows shown on some day) and the status counts.
    """
    programs = _programs(core)
    start = dt.date.fromisoformat(core["reference_date"])
    kept: dict[int, int] = {}  # position in core → position in this file
    days: list[dict] = []
    titles = title_keys(programs)
    statuses_before = None
    for offset in range(horizon):
        today = (start + dt.timedelta(days=offset)).isoformat()
        statuses = [status_on(p, today) for p in programs]
        # the view depends on the day only through the statuses: sort again only when one changed
        if statuses != statuses_before:
            order, status = _view(programs, statuses, titles)
            statuses_before = statuses
        if days and days[-1]["core"] == order and days[-1]["status"] == status:
            days[-1]["until"] = today
            continue
        days.append({"from": today, "until": today, "core": order, "status": status})
    for day in days:
        day["order"] = [kept.setdefault(n, len(kept)) for n in day.pop("core")]
    rows = [None] * len(kept)
    for n, at in kept.items():
        rows[at] = core["programs"][n]
    counts, useful = facet_counts(programs)
    return {
        "format": FIRST_FORMAT, "version": 1, "reference_date": core["reference_date"],
        "vocabularies": core["vocabularies"], "vocabulary_order": core["vocabulary_order"],
        "columns": core["columns"], "program_url": core["program_url"],
        "total": len(programs), "counts": counts, "useful": useful, "days": days, "programs": rows,
    }
