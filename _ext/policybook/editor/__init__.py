"""JSON Schemas for editors (VS Code completion and hover help), derived from the content schema.

``program.schema.json``, ``policy.schema.json``, ``notice.schema.json``, ``publicity.schema.json`` and ``interpretation.schema.json`` in this folder are generated from
:mod:`policybook.model.schema`: run ``python -m policybook.editor`` after changing it. A test
fails while the committed files differ from what the schema declares, so they never drift.
(The JSON Schemas of the open-data files are another thing: :mod:`policybook.site.opendata_schemas`.)
"""

from __future__ import annotations

import json
from pathlib import Path

from ..model.schema import to_json_schema

SCHEMA_DIR = Path(__file__).parent
KINDS = ("program", "policy", "notice", "publicity", "interpretation")


def render(kind: str) -> str:
    return json.dumps(to_json_schema(kind), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def write(directory: Path = SCHEMA_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS:
        path = directory / f"{kind}.schema.json"
        path.write_text(render(kind), "utf-8")
        written.append(path)
    return written
