"""Writes ``data/interpretations.json`` and its schema after a build (like :mod:`policybook.site.publish`)."""

from __future__ import annotations

import json
from pathlib import Path

from ..site.deferred import skip_in_preview
from ..site.export import dumps
from ..site.publish import site_info, up_to_date, url_maker, write_if_changed
from ..state import state
from .export import interpretations_document, interpretations_schema

DATA = "interpretations.json"
SCHEMA = "interpretations.schema.json"


def export_interpretations(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir) / "data"
    if up_to_date(app, out / DATA) and (out / SCHEMA).exists():
        return
    if skip_in_preview(app, out / DATA):
        return
    domain = app.env.domains["policybook"]
    document = interpretations_document(domain.data.get("interpretations", {}), domain.policies, domain.clauses,
                                        url_maker(app.builder), site_info(app), state(app).today)
    write_if_changed(out / DATA, dumps(document))
    write_if_changed(out / SCHEMA, json.dumps(interpretations_schema(), ensure_ascii=False, indent=1,
                                              sort_keys=True) + "\n")
