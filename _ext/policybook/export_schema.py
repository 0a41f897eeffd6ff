"""JSON Schemas for the open-data files (data/programs.json, data/policies.json).

Enums come from the vocabularies, so the schema can never disagree with the data. The format
is versioned (``format`` + ``version``); a change that breaks readers bumps the version.
"""

from __future__ import annotations

from .export import FORMAT_VERSION, POLICIES_FORMAT, PROGRAMS_FORMAT
from .vocab import (
    APPLICANT_TYPES,
    CATEGORIES,
    FACTS,
    INDUSTRIES,
    LEVELS,
    OPERATORS,
    STATUSES,
    SUPPORT_TYPES,
    VALIDITY,
    WINDOW_MODES,
)

DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
NULLABLE_DATE = {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}-\d{2}$"}
TEXT = {"type": ["string", "null"]}
STRINGS = {"type": "array", "items": {"type": "string"}}


def _enum(vocab) -> dict:
    return {"type": "string", "enum": list(vocab.ids)}


def _obj(properties: dict, required: list[str] | None = None) -> dict:
    return {"type": "object", "properties": properties,
            "required": required if required is not None else list(properties),
            "additionalProperties": False}


CLAUSE = _obj({"policy": {"type": "string"}, "clause": {"type": ["integer", "null"]},
               "label": {"type": "string"}, "url": TEXT, "text": TEXT})


def programs_schema() -> dict:
    program = _obj({
        "id": {"type": "string"}, "title": {"type": "string"}, "aliases": STRINGS, "url": {"type": "string"},
        "level": _enum(LEVELS), "category": _enum(CATEGORIES), "support_type": _enum(SUPPORT_TYPES),
        "authority": {"type": "string"},
        "applicants": {"type": "array", "items": _enum(APPLICANT_TYPES)},
        "industries": {"type": "array", "items": _enum(INDUSTRIES)},
        "tags": STRINGS, "summary": TEXT,
        "funding": _obj({"summary": {"type": "string"}, "max_amount_yuan": {"type": "number"},
                         "items": {"type": "array", "items": {"type": "object", "required": ["name", "standard"]}}}),
        "eligibility": _obj({"text": TEXT, "exclusions": {"type": "array", "items": TEXT},
                             "rules": {"type": "array", "items": _obj({
                                 "text": {"type": "string"},
                                 "fact": {"type": ["string", "null"], "enum": [*FACTS, None]},
                                 "op": {"type": "string", "enum": list(OPERATORS)},
                                 "value": {}, "clause": CLAUSE})}}),
        "materials": {"type": "array", "items": _obj({"name": {"type": "string"}, "required": {"type": "boolean"},
                                                        "note": TEXT, "form": TEXT})},
        "process": {"type": "array", "items": _obj({"title": {"type": "string"}, "text": TEXT, "duration": TEXT})},
        "window": _obj({"mode": _enum(WINDOW_MODES), "open": NULLABLE_DATE, "close": NULLABLE_DATE,
                        "next": TEXT, "note": TEXT}),
        "status": _enum(STATUSES), "closing_soon": {"type": "boolean"},
        "processing_time": TEXT, "channels": {"type": "array"},
        "basis": {"type": "array", "items": CLAUSE},
        "contacts": {"type": "array", "items": {"type": "object", "required": ["name"]}},
        "links": {"type": "array"},
        "faq": {"type": "array", "items": _obj({"q": {"type": "string"}, "a": TEXT})},
        "related": STRINGS, "reviewed": DATE,
        "changes": {"type": "array", "items": _obj({"date": DATE, "text": {"type": "string"}})},
        "archived": {"type": "boolean"},
    })
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "programs.schema.json",
        "title": "Policybook programs export",
        **_obj({
            "format": {"const": PROGRAMS_FORMAT}, "version": {"const": FORMAT_VERSION},
            "site": {"type": "object"}, "reference_date": DATE,
            "vocabularies": {"type": "object"}, "facts": {"type": "object"}, "operators": {"type": "object"},
            "vocabulary_order": {"type": "object"}, "fact_order": STRINGS,
            "programs": {"type": "array", "items": program},
        }),
    }


def policies_schema() -> dict:
    policy = _obj({
        "id": {"type": "string"}, "title": {"type": "string"}, "doc_number": TEXT, "issuer": {"type": "string"},
        "level": _enum(LEVELS), "published": DATE, "effective": DATE, "expiry": NULLABLE_DATE,
        "validity": _enum(VALIDITY), "supersedes": STRINGS, "superseded_by": TEXT, "summary": TEXT,
        "source_url": TEXT, "url": {"type": "string"},
        "clauses": {"type": "array", "items": _obj({"number": {"type": "integer"}, "label": {"type": "string"},
                                                     "url": {"type": "string"}, "text": TEXT})},
        "cited_by": STRINGS,
    })
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "policies.schema.json",
        "title": "Policybook policies export",
        **_obj({"format": {"const": POLICIES_FORMAT}, "version": {"const": FORMAT_VERSION},
                "site": {"type": "object"}, "vocabularies": {"type": "object"},
                "policies": {"type": "array", "items": policy}}),
    }
