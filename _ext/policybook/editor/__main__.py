"""``python -m policybook.editor [DIR]``: write the editor JSON Schemas (default: this package)."""

import sys
from pathlib import Path

from . import SCHEMA_DIR, write

for path in write(Path(sys.argv[1]) if len(sys.argv) > 1 else SCHEMA_DIR):
    print(path)
