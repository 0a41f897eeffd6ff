"""The finder's data in two parts (issue 22): what 政策查找 needs for its first results, and the rest.

At 10,000 programs ``data/finder.json`` is about 600 KB gzipped; most of it is the programs'
summaries (read only by the text query) and their eligibility rules (read only by 政策匹配).
``data/finder-core.json`` is the same document (format, columns) with the summaries left
out (``null``) and no rules, so the finder paints its first results after about 40 % of the
bytes; ``data/finder-text.json`` (program id → summary) follows in the background, and a text
query typed before it arrives is matched again when it does. ``data/finder.json`` stays whole
for 政策匹配 and for other readers. Pure functions, no Sphinx.
"""

from __future__ import annotations

CORE_PATH = "data/finder-core.json"
TEXT_PATH = "data/finder-text.json"
TEXT_FORMAT = "policybook-finder-text"


def core_document(finder: dict) -> dict:
    """``finder`` without summaries and rules (same format; ``text`` names the file that has them)."""
    columns = finder["columns"]["programs"]
    summary, rules = columns.index("summary"), columns.index("rules")
    rows = []
    for row in finder["programs"]:
        row = list(row)
        row[summary], row[rules] = None, []
        rows.append(row)
    return {**finder, "programs": rows, "conditions": [], "clauses": [], "policies": [], "text": TEXT_PATH}


def text_document(finder: dict) -> dict:
    """Program id → summary, for the finder's text query."""
    columns = finder["columns"]["programs"]
    ident, summary = columns.index("id"), columns.index("summary")
    return {"format": TEXT_FORMAT, "version": 1,
            "summaries": {row[ident]: row[summary] for row in finder["programs"] if row[summary]}}
