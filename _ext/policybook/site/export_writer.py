"""``data/programs.json`` from kept record texts (issue 22): the same bytes, without re-making or
re-serialising the records that did not change.

The document's frame (format, vocabularies …) is serialised on its own with a placeholder where
the records go, and the records' texts (:mod:`.record_cache`) are spliced in: ``json.dumps``
with sorted keys writes a list's items one after the other, so the result is byte for byte
what :func:`.export.dumps` writes for the whole document.
"""

from __future__ import annotations

import json
from pathlib import Path

from .export import dumps, programs_document
from .record_cache import ProgramReads, RecordCache, program_texts

_HOLE = "\x00policybook-records\x00"
_HOLE_JSON = json.dumps([_HOLE])


def splice(frame: dict, key: str, texts: list[str]) -> str:
    """``dumps({**frame, key: records})`` given the records' texts."""
    text = dumps({**frame, key: [_HOLE]})
    at = text.index(_HOLE_JSON)
    return text[:at] + "[" + ",".join(texts) + "]" + text[at + len(_HOLE_JSON):]


def programs_export(programs: dict, policies: dict, clauses: dict, url_for, today, site: dict,
                    doctreedir: str | None) -> tuple[dict, str, list[str]]:
    """The programs document, its text and its records' keys (:mod:`.record_cache`, in the
    document's order); records kept in ``doctreedir`` are reused."""
    folder = Path(doctreedir) if doctreedir else None
    cache, reads = RecordCache(folder), ProgramReads(folder)
    keys, texts = program_texts(programs, policies, clauses, url_for, today, cache, reads)
    frame = programs_document({}, policies, clauses, url_for, today, site)
    cache.save()
    reads.save()
    document = {**frame, "programs": json.loads("[" + ",".join(texts) + "]")}
    return document, splice(frame, "programs", texts), keys
