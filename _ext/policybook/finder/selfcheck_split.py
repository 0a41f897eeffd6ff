"""政策匹配's data in two parts (issue 22): what its questions and first results need, and the rest.

At 10,000 programs the page read ``data/finder.json`` and ``data/selfcheck.json`` (1.6 MB gzipped)
before showing a question. Its first view needs the program cards, which ``data/finder-core.json``
(:mod:`.split`) already holds for 政策查找, plus each program's eligibility rules, funding
formulas (questions and 预计可享), next expected window and whether it has calendar events.
``data/selfcheck-core.json`` holds exactly those extras, keyed by program id, with the rules as
row references into the same condition, clause and policy tables ``finder.json`` uses; the page
puts them back into the core rows and decodes the result like ``finder.json``.
``data/selfcheck-more.json`` holds the rest of what the 申报准备清单 shows (materials, contacts,
channels, 办理时限), read after the first results. ``data/selfcheck-ics.json`` holds the VEVENT text
and the VCALENDAR head and tail, read only when a reader asks for 下载申报日历: at 10,000 programs
they are 13 of the 18 MB that parsing kept answers waiting for (issue 22). ``data/finder.json`` and ``data/selfcheck.json`` stay whole for other readers. Both new
files are the page's internal format, like the finder's. Pure functions, no Sphinx.
"""

from __future__ import annotations

CORE_PATH = "data/selfcheck-core.json"
MORE_PATH = "data/selfcheck-more.json"
ICS_PATH = "data/selfcheck-ics.json"
CORE_FORMAT = "policybook-selfcheck-core"
MORE_FORMAT = "policybook-selfcheck-more"
ICS_FORMAT = "policybook-selfcheck-ics"
VERSION = 1

#: Entry keys of ``selfcheck.json`` the first results need (the rest go to the ``more`` file).
FIRST = ("formulas", "next")
#: ... and those only 下载申报日历 needs (the ``ics`` file).
EVENTS = ("ics",)


def core_document(finder: dict, selfcheck: dict) -> dict:
    """Rules, formulas, next window and an ``ics`` flag for every program ``finder`` lists."""
    columns = finder["columns"]["programs"]
    ident, rules = columns.index("id"), columns.index("rules")
    extras = selfcheck["programs"]
    programs = {}
    for row in finder["programs"]:
        entry = {"rules": row[rules]}
        extra = extras.get(row[ident], {})
        entry.update({key: extra[key] for key in FIRST if key in extra})
        if extra.get("ics"):
            entry["ics"] = True
        programs[row[ident]] = entry
    return {"format": CORE_FORMAT, "version": VERSION, "reference_date": finder["reference_date"],
            "more": MORE_PATH, "calendar": "calendar" in selfcheck,
            "columns": {t: finder["columns"][t] for t in ("rules", "conditions", "clauses", "policies")},
            "conditions": finder["conditions"], "clauses": finder["clauses"], "policies": finder["policies"],
            "programs": programs}


def more_document(selfcheck: dict) -> dict:
    """The checklist data: ``selfcheck.json`` without what the core and the ics files have."""
    programs = {pid: {key: value for key, value in entry.items() if key not in FIRST + EVENTS}
                for pid, entry in selfcheck["programs"].items()}
    return {"format": MORE_FORMAT, "version": VERSION, "reference_date": selfcheck["reference_date"],
            "programs": programs}


def ics_document(selfcheck: dict) -> dict:
    """下载申报日历's data: each program's VEVENT text and the VCALENDAR head and tail around them."""
    programs = {pid: entry["ics"] for pid, entry in selfcheck["programs"].items() if entry.get("ics")}
    document = {"format": ICS_FORMAT, "version": VERSION, "reference_date": selfcheck["reference_date"],
                "programs": programs}
    if "calendar" in selfcheck:
        document["calendar"] = selfcheck["calendar"]
    return document
