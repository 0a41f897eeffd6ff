"""JSON Schemas for the open-data files (data/programs.json, data/policies.json, data/finder.json).

Enums come from the vocabularies, so the schema can never disagree with the data. The format
is versioned (``format`` + ``version``); a change that breaks readers bumps the version.
"""

from __future__ import annotations

from ..finder.index import COLUMNS, FINDER_FORMAT, FINDER_VERSION
from ..model.lifecycle import STATES
from ..model.schema import INDEX_NUMBER_PATTERN
from ..model.vocab import (
    APPLICANT_TYPES,
    CATEGORIES,
    FACTS,
    INDUSTRIES,
    LEVELS,
    OPERATORS,
    STATUSES,
    SUPPORT_TYPES,
    TOPICS,
    VALIDITY,
    WINDOW_MODES,
)
from .export import FORMAT_VERSION, POLICIES_FORMAT, PROGRAMS_FORMAT

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
        "no_application": {"type": "boolean"}, "no_application_note": TEXT,
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
                        "forecast": {"type": "boolean"},
                        "expected": {"anyOf": [{"type": "null"}, _obj({
                            "open": DATE, "close": NULLABLE_DATE, "open_month": {"type": "boolean"},
                            "close_month": {"type": "boolean"}, "text": {"type": "string"}, "note": TEXT})]},
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
        "id": {"type": "string"}, "title": {"type": "string"},
        "index_number": {"type": ["string", "null"], "pattern": f"^{INDEX_NUMBER_PATTERN}$"},
        "topic": {"type": ["string", "null"], "enum": [*TOPICS.ids, None]},
        "doc_number": TEXT, "issuer": {"type": "string"},
        "level": _enum(LEVELS), "written": NULLABLE_DATE, "published": DATE, "effective": DATE, "expiry": NULLABLE_DATE,
        "validity": _enum(VALIDITY), "state": _enum(STATES), "supersedes": STRINGS, "superseded_by": TEXT,
        "subject_terms": STRINGS, "summary": TEXT, "related_documents": STRINGS,
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
                "site": {"type": "object"}, "vocabularies": {"type": "object"}, "reference_date": DATE,
                "policies": {"type": "array", "items": policy}}),
    }


def _row(table: str, cells: dict) -> dict:
    """A row of the finder index: an array whose items are the table's columns, in order."""
    assert list(cells) == COLUMNS[table], f"finder schema out of step with finderindex.COLUMNS[{table!r}]"
    return {"type": "array", "prefixItems": list(cells.values()), "minItems": len(cells), "items": False}


def finder_schema() -> dict:
    """data/finder.json: rows described by the file's own ``columns`` (see finderindex.py)."""
    index = {"type": "integer", "minimum": 0}
    program = _row("programs", {
        "id": {"type": "string"}, "url": TEXT, "title": {"type": "string"}, "aliases": STRINGS,
        "level": _enum(LEVELS), "category": _enum(CATEGORIES), "support_type": _enum(SUPPORT_TYPES),
        "applicants": {"type": "array", "items": _enum(APPLICANT_TYPES)},
        "industries": {"type": "array", "items": _enum(INDUSTRIES)}, "tags": STRINGS, "summary": TEXT,
        "funding_summary": {"type": "string"}, "max_amount_yuan": {"type": "number"},
        "window_mode": _enum(WINDOW_MODES), "window_open": NULLABLE_DATE, "window_close": NULLABLE_DATE,
        "rules": {"type": "array", "items": _row("rules", {"condition": index, "clause": index})},
        "window_forecast": {"type": "boolean"}, "window_expected": TEXT,
        "no_application": {"type": "boolean"},
    })
    condition = _row("conditions", {"text": {"type": "string"},
                                    "fact": {"type": ["string", "null"], "enum": [*FACTS, None]},
                                    "op": {"type": "string", "enum": list(OPERATORS)}, "value": {}})
    clause = _row("clauses", {"policy": index, "label": {"type": "string"}, "anchor": TEXT})
    policy = _row("policies", {"label": {"type": "string"}, "url": TEXT})
    fact = _obj({"kind": {"type": "string"}, "question": {"type": "string"}, "unit": TEXT, "vocabulary": TEXT,
                 # vocabulary values that are not answers (industry 'all' = 不限行业: matches every answer)
                 "not_answers": STRINGS},
                ["kind", "question", "unit", "vocabulary"])
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "finder.schema.json",
        "title": "Policybook finder index (current programs, the fields the finder and self-check read)",
        **_obj({
            "format": {"const": FINDER_FORMAT}, "version": {"const": FINDER_VERSION}, "reference_date": DATE,
            "vocabularies": {"type": "object"}, "vocabulary_order": {"type": "object"},
            "facts": {"type": "object", "additionalProperties": fact}, "fact_order": STRINGS,
            "columns": {"const": COLUMNS},
            "program_url": {"type": ["string", "null"], "pattern": r"\{id\}"},
            "programs": {"type": "array", "items": program},
            "conditions": {"type": "array", "items": condition},
            "clauses": {"type": "array", "items": clause},
            "policies": {"type": "array", "items": policy},
        }),
    }
