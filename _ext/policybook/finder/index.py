"""The finder index (``data/finder.json``): what 政策查找 and 政策匹配 read, and nothing more.

``data/programs.json`` is the full open-data export (clause texts, materials, FAQs …): about
11 MB at 2,000 programs, far too much for a phone that only filters a list. This index is cut
from that export's records, so the two can never disagree. It keeps current programs only
(the pages never show archived ones) and only the fields the scripts read: card, facets, text
query, window (the browser recomputes the status) and eligibility rules.

It is compact without being opaque: rows are arrays whose column names the file itself lists
under ``columns``, and what repeats across programs is stored once in a table and referred to
by position. A rule is a *condition* (text and machine test) cited to a *clause*; a clause is
a label suffix and anchor on a *policy*. ``pb-finder-core.js`` turns the rows back into plain
records. Pure functions, no Sphinx; the output is deterministic (tables in first-use order).
"""

from __future__ import annotations

import json

from ..model.refs import clause_label
from ..model.vocab import WILDCARDS

FINDER_FORMAT = "policybook-finder"
FINDER_VERSION = 1

#: Column names of each table, written into the file as ``columns``.
COLUMNS = {
    "programs": ["id", "url", "title", "aliases", "level", "category", "support_type", "applicants",
                 "industries", "tags", "summary", "funding_summary", "max_amount_yuan",
                 "window_mode", "window_open", "window_close", "rules",
                 # 预计: the current dates are a forecast; the expected next window (its text)
                 "window_forecast", "window_expected",
                 # 免申即享: no application; the finder's facet and the self-check's note read it
                 "no_application"],
    "rules": ["condition", "clause"],
    "conditions": ["text", "fact", "op", "value"],
    "clauses": ["policy", "label", "anchor"],
    "policies": ["label", "url"],
}
ID = "{id}"  # placeholder in ``program_url``


class _Table:
    """Distinct rows in first-use order; ``index`` returns a row's position."""

    def __init__(self) -> None:
        self.rows: list[list] = []
        self._seen: dict[str, int] = {}

    def index(self, row: list) -> int:
        key = json.dumps(row, ensure_ascii=False, sort_keys=True)
        if key not in self._seen:
            self._seen[key] = len(self.rows)
            self.rows.append(row)
        return self._seen[key]


def program_url_template(records: list[dict]) -> str | None:
    """``source/programs/{id}.html``-style pattern most program URLs follow, read off the data."""
    for record in records:
        parts = record["url"].split(record["id"])
        if len(parts) == 2 and ID not in record["url"]:
            return ID.join(parts)
    return None


def _clause(record: dict, policies: _Table, clauses: _Table) -> int:
    """export.clause_record → a clause row on a policy row (label prefix + suffix, URL + anchor)."""
    label, url, number = record["label"], record["url"], record["clause"]
    suffix = clause_label(number) if number else ""
    if not suffix or not label.endswith(suffix):
        suffix = ""
    base, anchor = (url.split("#", 1) + [None])[:2] if url else (None, None)
    policy = policies.index([label[:len(label) - len(suffix)], base])
    return clauses.index([policy, suffix, anchor])


def finder_document(export: dict) -> dict:
    """The index for an export document (:func:`policybook.site.export.programs_document`)."""
    current = [p for p in export["programs"] if not p["archived"]]
    template = program_url_template(current)
    conditions, clauses, policies = _Table(), _Table(), _Table()
    rows = []
    for p in current:
        rules = [[conditions.index([r["text"], r["fact"], r["op"], r["value"]]),
                  _clause(r["clause"], policies, clauses)] for r in p["eligibility"]["rules"]]
        url = None if template and p["url"] == template.replace(ID, p["id"]) else p["url"]
        window = p["window"]
        rows.append([p["id"], url, p["title"], p["aliases"], p["level"], p["category"], p["support_type"],
                     p["applicants"], p["industries"], p["tags"], p["summary"], p["funding"]["summary"],
                     p["funding"]["max_amount_yuan"], window["mode"], window["open"], window["close"], rules,
                     window["forecast"], window["expected"] and window["expected"]["text"],
                     p["no_application"]])
    facts = {key: {k: fact[k] for k in ("kind", "question", "unit", "vocabulary")}
             for key, fact in export["facts"].items()}
    for fact in facts.values():
        # "all" (不限行业) is what a program says to mean every industry, not an answer a reader picks
        wildcard = WILDCARDS.get(fact["vocabulary"] or "")
        if wildcard:
            fact["not_answers"] = [wildcard]
    return {
        "format": FINDER_FORMAT, "version": FINDER_VERSION, "reference_date": export["reference_date"],
        "vocabularies": export["vocabularies"], "vocabulary_order": export["vocabulary_order"],
        "facts": facts, "fact_order": export["fact_order"],
        "columns": COLUMNS, "program_url": template,
        "programs": rows, "conditions": conditions.rows, "clauses": clauses.rows, "policies": policies.rows,
    }


def expand(document: dict) -> list[dict]:
    """Rows back to records shaped like the export's (the subset kept); the scripts do the same.

    For tests and other readers in Python: ``expand(finder_document(export))`` equals the export's
    current programs cut down to those fields.
    """
    def reader(table: str):
        at = {name: i for i, name in enumerate(document["columns"][table])}
        return lambda row: {name: row[i] for name, i in at.items()}

    policy, clause, condition, rule, program = (reader(t) for t in
                                                ("policies", "clauses", "conditions", "rules", "programs"))
    policies = [policy(row) for row in document["policies"]]

    def clause_of(row: list) -> dict:
        c = clause(row)
        owner = policies[c["policy"]]
        url = owner["url"] and (owner["url"] + "#" + c["anchor"] if c["anchor"] else owner["url"])
        return {"label": owner["label"] + c["label"], "url": url}

    clauses = [clause_of(row) for row in document["clauses"]]
    conditions = [condition(row) for row in document["conditions"]]
    records = []
    for row in document["programs"]:
        p = program(row)
        records.append({
            "id": p["id"], "url": p["url"] or document["program_url"].replace(ID, p["id"]),
            "title": p["title"], "aliases": p["aliases"], "level": p["level"], "category": p["category"],
            "support_type": p["support_type"], "no_application": p["no_application"],
            "applicants": p["applicants"], "industries": p["industries"],
            "tags": p["tags"], "summary": p["summary"],
            "funding": {"summary": p["funding_summary"], "max_amount_yuan": p["max_amount_yuan"]},
            "window": {"mode": p["window_mode"], "open": p["window_open"], "close": p["window_close"],
                       "forecast": p["window_forecast"], "expected": p["window_expected"]},
            "eligibility": {"rules": [{**conditions[r["condition"]], "clause": clauses[r["clause"]]}
                                      for r in map(rule, p["rules"])]},
        })
    return records
