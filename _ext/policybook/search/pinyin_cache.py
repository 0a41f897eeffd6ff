"""The pinyin table of the last build, kept beside the doctrees (issue 22).

``search/pinyin.json`` depends only on which characters the site's names use; after an edit
they are nearly always the same, and making the table again meant loading pypinyin's
dictionaries (about 0.5 s of CPU) on every publishing build. The table is kept with the exact
set of characters it was made for, so a kept table is exactly what :func:`.pinyin.syllable_table`
would return. Only characters outside the 3,755 common ones change the table.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from .pinyin import common_characters, name_characters, syllable_table

CACHE_FILE = "policybook-search-pinyin.json"
VERSION = 1


def cached_table(names: Iterable[str], doctreedir: Path) -> dict[str, str]:
    """``syllable_table(names)``, from the kept table when the names use the same characters."""
    # the table is made for the common characters and these: only those outside the common set matter
    chars = "".join(sorted(name_characters(names) - set(common_characters())))
    path = doctreedir / CACHE_FILE
    try:
        kept = json.loads(path.read_text("utf-8"))
        if kept.get("version") == VERSION and kept.get("chars") == chars and isinstance(kept.get("table"), dict):
            return kept["table"]
    except (OSError, ValueError, AttributeError):
        pass
    table = syllable_table((), set(chars))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"version": VERSION, "chars": chars, "table": table}, ensure_ascii=False), "utf-8")
    except OSError:
        pass  # a cache: the next build makes the table again
    return table
