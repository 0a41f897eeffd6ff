"""Write the editor JSON Schemas derived from :mod:`policybook.schema`.

Run ``python -m policybook.jsonschema`` after changing the schema; a test fails while the
committed files differ from what the schema declares, so they can never drift.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .schema import to_json_schema

SCHEMA_DIR = Path(__file__).parent / "schemas"


def render(kind: str) -> str:
    return json.dumps(to_json_schema(kind), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def write(directory: Path = SCHEMA_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in ("program", "policy"):
        path = directory / f"{kind}.schema.json"
        path.write_text(render(kind), "utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write(Path(sys.argv[1]) if len(sys.argv) > 1 else SCHEMA_DIR):
        print(path)
