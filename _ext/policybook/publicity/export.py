"""Publicity lists as open data (``data/publicity.json`` and its JSON Schema) and feed entries.

Pure: the same records for the open-data file, the Atom feeds and the tests. Amounts are given
in 元 (``amount_yuan``) whatever unit a list was written in, so readers can add them up.
"""

from __future__ import annotations

import datetime as dt

from ..model.publicity import KINDS, STATUS_LABELS, round_label, status, total_yuan, yuan
from ..model.vocab import AMOUNT_UNITS

FORMAT = "policybook-publicity"
VERSION = 1
DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
TEXT = {"type": ["string", "null"]}


def record(publicity: dict, programs: dict, url_for, today: dt.date) -> dict:
    program = programs.get(publicity["program"]) or {}
    objection = publicity["objection"]
    return {
        "id": publicity["id"], "title": publicity["title"], "url": url_for(publicity["docname"], None),
        "program": publicity["program"], "program_title": program.get("title"),
        "kind": publicity["kind"], "year": int(publicity["year"]), "round": round_label(publicity),
        "issuer": publicity["issuer"],
        "period": {"start": publicity["period"]["start"].isoformat(), "end": publicity["period"]["end"].isoformat()},
        "status": status(publicity, today),
        "objection": {"contact": objection["contact"], "phone": objection["phone"], "address": objection["address"],
                      "email": objection.get("email"), "how": objection["how"]},
        "amount_unit": publicity.get("amount_unit", "yuan"),
        "entries": [{"unit": e["unit"], "project": e.get("project"), "amount": e["amount"],
                     "amount_yuan": yuan(publicity, e["amount"]), "note": e.get("note")}
                    for e in publicity["entries"]],
        "count": len(publicity["entries"]), "total_yuan": total_yuan(publicity),
    }


def publicity_document(lists: dict, programs: dict, url_for, today: dt.date, site: dict) -> dict:
    valid = sorted((p for p in lists.values() if not p.get("broken")), key=lambda p: p["id"])
    return {"format": FORMAT, "version": VERSION, "site": site, "reference_date": today.isoformat(),
            "vocabularies": {"kind": KINDS.labels, "status": STATUS_LABELS, "unit": AMOUNT_UNITS.labels},
            "publicity": [record(p, programs, url_for, today) for p in valid]}


def _obj(properties: dict, required: list[str] | None = None) -> dict:
    return {"type": "object", "properties": properties, "required": required or list(properties),
            "additionalProperties": False}


def publicity_schema() -> dict:
    number = {"type": "number", "minimum": 0}
    entry = _obj({"unit": {"type": "string"}, "project": TEXT, "amount": number, "amount_yuan": number, "note": TEXT})
    item = _obj({
        "id": {"type": "string"}, "title": {"type": "string"}, "url": {"type": "string"},
        "program": {"type": "string"}, "program_title": TEXT,
        "kind": {"enum": list(KINDS.ids)}, "year": {"type": "integer"}, "round": {"type": "string"},
        "issuer": {"type": "string"}, "period": _obj({"start": DATE, "end": DATE}),
        "status": {"enum": list(STATUS_LABELS)},
        "objection": _obj({"contact": {"type": "string"}, "phone": {"type": "string"}, "address": {"type": "string"},
                           "email": TEXT, "how": {"type": "string"}}),
        "amount_unit": {"enum": list(AMOUNT_UNITS.ids)},
        "entries": {"type": "array", "minItems": 1, "items": entry},
        "count": {"type": "integer", "minimum": 1}, "total_yuan": number,
    })
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "publicity.schema.json",
            "title": "Policybook publicity lists export (公示)",
            **_obj({"format": {"const": FORMAT}, "version": {"const": VERSION}, "site": {"type": "object"},
                    "reference_date": DATE, "vocabularies": {"type": "object"},
                    "publicity": {"type": "array", "items": item}})}


def feed_entries(lists: dict, programs: dict, base_url: str, url_for, facet: str | None = None,
                 value: str | None = None) -> list[dict]:
    """A new publicity list is news: one entry on its first day, in the site feed and in the
    feed of its program's category."""
    from ..site.feeds import _tag

    found = []
    for publicity in lists.values():
        program = programs.get(publicity.get("program")) or {}
        if publicity.get("broken") or (facet is not None and not (facet == "category"
                                                                  and program.get("category") == value)):
            continue
        start = publicity["period"]["start"]
        found.append({
            "id": _tag(base_url, f"publicity/{publicity['id']}", start),
            "title": f"公示：{publicity['title']}",
            "updated": start,
            "link": base_url + url_for(publicity["docname"], None),
            "summary": f"{KINDS.label(publicity['kind'])}，{len(publicity['entries'])}项，公示期"
                       f"{start.isoformat()}至{publicity['period']['end'].isoformat()}",
            "category": program.get("category", "policy") if facet is None else value,
        })
    return found
