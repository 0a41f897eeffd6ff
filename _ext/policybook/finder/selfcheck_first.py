"""政策匹配's first results, precomputed by the build (issue 22: first results ≤ 1.5 s).

At 10,000 programs the page decoded and matched every record before it showed a question
(3.3 s on a phone). With nothing answered, what it shows first depends only on the data and the
reader's date: every rule is 未填写 (or 需人工审核), so each program's group follows from its
rules alone, and its section and place from its window status on that day. The first screen
shows the questions, each section's count and the first ``SHOWN`` items of the open sections,
the summary, the 申报准备清单's count and the calendar button's count.
``data/selfcheck-first.json`` holds those for each date from the build date over ``HORIZON``
days (ranges of days on which they do not change), with the records of the programs shown,
in ``data/finder.json``'s row format. The page paints it when the reader's date is in a range
and no answers are in its URL or in this tab's storage, then reads the full data and takes
over from it (the items already shown stay as they are); any other reader gets the full path.

Mirrors ``pb-match.js`` (``withApplicants``, ``testedFacts``, the verdicts of an empty profile)
and ``pb-selfcheck.js`` (sections, near misses first, the checklist's and calendar's programs);
the order is :mod:`.first`'s (``pb-finder-core.js``'s comparator). The browser tests hold the
precomputed view to the full path's, phone and desktop. Pure functions, no Sphinx.

``data/selfcheck-first.js`` carries the same document as a deferred script the self-check page
lists before ``pb-selfcheck.js`` (finder/data_script.py), so the first view is built as that
script runs, before the theme's deferred scripts and the load event, as 政策查找's is
(finder/first.py); the JSON file stays for a page that does not run the script.
"""

from __future__ import annotations

import datetime as dt

from ..model.matching import tested_facts
from .data_script import data_script
from .first import _order_key, status_on, title_keys

FIRST_PATH = "data/selfcheck-first.json"
FIRST_SCRIPT_PATH = "data/selfcheck-first.js"  # the same, for the page to run (first_script)
FIRST_GLOBAL = "PolicybookSelfCheckFirst"  # what it sets, read by pb-selfcheck.js
FIRST_FORMAT = "policybook-selfcheck-first"
VERSION = 1
SHOWN = 10  # pb-selfcheck.js FIRST: the items a section shows in the first frame
HORIZON = 14  # days from the build date the file covers
SOON = ("open", "upcoming", "rolling")  # pb-selfcheck.js SOON
SECTIONS = ("eligible", "needs-info", "closed", "ineligible")  # pb-selfcheck.js GROUPS
SHOWN_SECTIONS = ("eligible", "needs-info", "ineligible")  # "closed" is folded: no items at first


def first_script(text: str) -> str:
    """``data/selfcheck-first.js`` for the text of ``data/selfcheck-first.json``."""
    return data_script(text, FIRST_GLOBAL)


def _records(finder: dict) -> list[dict]:
    """The finder rows as dicts, their rules as condition dicts (pb-finder-core.js decodeIndex)."""
    cols = finder["columns"]
    conditions = [dict(zip(cols["conditions"], row, strict=True)) for row in finder["conditions"]]
    rule_at = {name: i for i, name in enumerate(cols["rules"])}
    out = []
    for row in finder["programs"]:
        p = dict(zip(cols["programs"], row, strict=True))
        p["_rules"] = [conditions[pair[rule_at["condition"]]] for pair in (p["rules"] or [])]
        out.append(p)
    return out


def with_applicants(rules: list[dict], applicants: list | None) -> list[dict]:
    """pb-match.js withApplicants: 申报对象 as a first rule when no rule asks who applies."""
    if not applicants or "applicant_type" in tested_facts(rules):
        return rules
    return [{"fact": "applicant_type", "op": "in", "value": list(applicants)}, *rules]


def verdict_unanswered(rule: dict) -> str:
    """pb-match.js evaluate with nothing answered."""
    if rule["op"] == "manual":
        return "manual"
    if rule["op"] == "any":
        verdicts = [verdict_unanswered(c) for c in rule["value"]]
        if "met" in verdicts:
            return "met"
        return "unmet" if all(v == "unmet" for v in verdicts) else "unknown"
    return "unknown"


def group(verdicts: list[str]) -> str:
    """pb-match.js group."""
    if "unmet" in verdicts:
        return "ineligible"
    return "needs-info" if "unknown" in verdicts else "eligible"


def _view(programs: list[dict], verdicts: list[list[str]], extras: dict, statuses: list[str],
          titles: list[bytes]) -> dict:
    """pb-selfcheck.js sort and update for an empty profile on a day the programs have
    ``statuses``: sections' counts, the first SHOWN of each (positions in ``programs``), the
    checklist's and the calendar's counts (``titles``: :func:`.first.title_keys`)."""
    order = sorted(range(len(programs)), key=lambda n: _order_key(programs[n], statuses[n], titles[n]))
    sections: dict[str, list[int]] = {s: [] for s in SECTIONS}
    near, far = [], []
    for n in order:
        p, found = programs[n], group(verdicts[n])
        if found == "ineligible":
            (near if verdicts[n].count("unmet") == 1 else far).append(n)
            continue
        soon = statuses[n] in SOON
        sections["closed" if not p["no_application"] and not soon else found].append(n)
    sections["ineligible"] = near + far
    matched = [n for s in ("eligible", "needs-info") for n in sections[s] if not programs[n]["no_application"]]
    return {
        "counts": {s: len(sections[s]) for s in SECTIONS},
        "shown": {s: sections[s][:SHOWN] for s in SHOWN_SECTIONS},
        "matched": len(matched),
        "ics": sum(1 for n in matched if extras.get(programs[n]["id"], {}).get("ics")),
    }


def _subset(finder: dict, rows: list) -> dict:
    """``rows`` with the rule tables cut to what they use (indexes renumbered)."""
    cols = finder["columns"]
    rules_col = cols["programs"].index("rules")
    cond_col, clause_col = cols["rules"].index("condition"), cols["rules"].index("clause")
    policy_col = cols["clauses"].index("policy")
    conditions: dict[int, int] = {}
    clauses: dict[int, int] = {}
    policies: dict[int, int] = {}
    out_rows = []
    for row in rows:
        row = list(row)
        pairs = []
        for pair in row[rules_col] or []:
            pair = list(pair)
            pair[cond_col] = conditions.setdefault(pair[cond_col], len(conditions))
            if pair[clause_col] is not None and 0 <= pair[clause_col] < len(finder["clauses"]):
                pair[clause_col] = clauses.setdefault(pair[clause_col], len(clauses))
            else:
                pair[clause_col] = -1  # no clause: pb-finder-core.js reads clauses[-1] as none
            pairs.append(pair)
        row[rules_col] = pairs if row[rules_col] is not None else None
        out_rows.append(row)
    clause_rows = []
    for old in sorted(clauses, key=clauses.get):
        clause = list(finder["clauses"][old])
        if clause[policy_col] is not None and 0 <= clause[policy_col] < len(finder["policies"]):
            clause[policy_col] = policies.setdefault(clause[policy_col], len(policies))
        else:
            clause[policy_col] = -1
        clause_rows.append(clause)
    return {
        "programs": out_rows,
        "conditions": [finder["conditions"][old] for old in sorted(conditions, key=conditions.get)],
        "clauses": clause_rows,
        "policies": [finder["policies"][old] for old in sorted(policies, key=policies.get)],
    }


def first_document(finder: dict, core: dict, horizon: int = HORIZON) -> dict:
    """``data/selfcheck-first.json`` from ``data/finder.json`` and ``data/selfcheck-core.json``.

    ``days``: ranges ``[from, until]`` (inclusive) with each section's count, the programs shown
    first (positions in ``programs``, which holds only the rows shown on some day), and the
    counts of the checklist's and the calendar's programs. ``asked``: the facts some program's
    rules or formulas read (the questions, before the page keeps those it knows).
    """
    programs = _records(finder)
    extras = {pid: {k: v for k, v in entry.items() if k != "rules"} for pid, entry in core["programs"].items()}
    rules = [with_applicants(p["_rules"], p["applicants"]) for p in programs]
    verdicts = [[verdict_unanswered(r) for r in rs] for rs in rules]
    asked: set[str] = set()
    for p, rs in zip(programs, rules, strict=True):
        asked |= tested_facts(rs)
        asked.update(f["fact"] for f in extras.get(p["id"], {}).get("formulas", []))
    start = dt.date.fromisoformat(finder["reference_date"])
    kept: dict[int, int] = {}  # position in finder → position in this file
    days: list[dict] = []
    titles = title_keys(programs)
    statuses_before = None
    for offset in range(horizon):
        today = (start + dt.timedelta(days=offset)).isoformat()
        statuses = [status_on(p, today) for p in programs]
        # the view depends on the day only through the statuses: work it out again only when one changed
        if statuses != statuses_before:
            view = _view(programs, verdicts, extras, statuses, titles)
            statuses_before = statuses
        if days and all(days[-1][k] == view[k] for k in view):
            days[-1]["until"] = today
            continue
        days.append({"from": today, "until": today, **view})
    for day in days:
        day["shown"] = {s: [kept.setdefault(n, len(kept)) for n in ns] for s, ns in day["shown"].items()}
    rows = [None] * len(kept)
    for n, at in kept.items():
        rows[at] = finder["programs"][n]
    ids = [row[finder["columns"]["programs"].index("id")] for row in rows]
    return {
        "format": FIRST_FORMAT, "version": VERSION, "reference_date": finder["reference_date"],
        "vocabularies": finder["vocabularies"], "vocabulary_order": finder["vocabulary_order"],
        "facts": finder.get("facts", {}), "fact_order": finder.get("fact_order"),
        "columns": {t: finder["columns"][t] for t in ("programs", "rules", "conditions", "clauses", "policies")},
        "program_url": finder.get("program_url"), "calendar": core.get("calendar", False),
        "asked": sorted(asked), "days": days,
        **_subset(finder, rows),
        "extras": {pid: extras.get(pid, {}) for pid in ids},
    }
