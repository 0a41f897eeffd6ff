"""``data/interpretations.json`` and its JSON Schema: the 政策解读 as open data (pure records).

Each record names the policy it explains (id, title, 文号, its standing on the reference date,
its URL) and the clauses explained section by section, each with the URL of that clause in the
original and of the section in the interpretation.
"""

from __future__ import annotations

import datetime as dt

from ..model.interpretation import INTERPRETATION_KINDS
from ..model.lifecycle import STATES, standing
from ..model.refs import clause_anchor, clause_label
from ..site.opendata_schemas import DATE, STRINGS, TEXT, _enum, _obj

FORMAT = "policybook-interpretations"
VERSION = 1


def interpretation_record(entry: dict, policies: dict, clauses: dict, url_for, today: dt.date) -> dict:
    policy = policies.get(entry["policy"]) or {}
    known = clauses.get(entry["policy"], {})
    live = bool(policy) and not policy.get("broken")
    return {
        "id": entry["id"], "title": entry["title"], "kind": entry["kind"], "issuer": entry["issuer"],
        "author": entry.get("author"), "published": entry["published"].isoformat(), "summary": entry["summary"],
        "url": url_for(entry["docname"], None),
        "policy": {"id": entry["policy"], "title": policy.get("title") if live else None,
                   "doc_number": policy.get("doc_number") if live else None,
                   "state": standing(policy, policies, today).state if live else None,
                   "url": url_for(policy["docname"], None) if live else None},
        "clauses": [{"number": number, "label": clause_label(number),
                     "url": url_for(entry["docname"], clause_anchor(number)),
                     "original_url": url_for(policy["docname"], clause_anchor(number)) if live else None}
                    for number in entry.get("explains", ()) if number in known],
    }


def interpretations_document(interpretations: dict, policies: dict, clauses: dict, url_for, site: dict,
                             today: dt.date) -> dict:
    valid = sorted((e for e in interpretations.values() if not e.get("broken")),
                   key=lambda e: (-e["published"].toordinal(), e["id"]))
    return {"format": FORMAT, "version": VERSION, "site": site, "reference_date": today.isoformat(),
            "vocabularies": {INTERPRETATION_KINDS.name: INTERPRETATION_KINDS.labels, STATES.name: STATES.labels},
            "interpretations": [interpretation_record(e, policies, clauses, url_for, today) for e in valid]}


def interpretations_schema() -> dict:
    nullable = {"type": ["string", "null"]}
    record = _obj({
        "id": {"type": "string"}, "title": {"type": "string"}, "kind": _enum(INTERPRETATION_KINDS),
        "issuer": {"type": "string"}, "author": TEXT, "published": DATE, "summary": {"type": "string"},
        "url": {"type": "string"},
        "policy": _obj({"id": {"type": "string"}, "title": nullable, "doc_number": nullable,
                        "state": {"type": ["string", "null"], "enum": [*STATES.ids, None]}, "url": nullable}),
        "clauses": {"type": "array", "items": _obj({"number": {"type": "integer", "minimum": 1},
                                                    "label": {"type": "string"}, "url": {"type": "string"},
                                                    "original_url": nullable})},
    })
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "interpretations.schema.json",
        "title": "Policybook policy interpretations export (政策解读)",
        **_obj({"format": {"const": FORMAT}, "version": {"const": VERSION}, "site": {"type": "object"},
                "reference_date": DATE, "vocabularies": {"type": "object"},
                "interpretations": {"type": "array", "items": record}}),
    }


__all__ = ["FORMAT", "STRINGS", "interpretations_document", "interpretations_schema"]
