"""The VEVENT blocks of the last build, kept beside the doctrees, so an edit re-serialises only
the events that changed (icalendar's line folding was 2 s of a publishing build at N = 2,000).

A block is keyed by a hash of its :class:`.ics.Event` and the build date (:func:`.ics.event_text`):
the same key always gives the same bytes, so a cached block is exactly what icalendar would
write. Only the blocks this build used are kept, so the file does not grow with removed events.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..state import state

CACHE_FILE = "policybook-ics-cache.json"
VERSION = 1


class Cache(dict):
    """Key → VEVENT text, remembering which keys this build used."""

    def __init__(self, data: dict) -> None:
        super().__init__(data)
        self.used: set[str] = set()
        self.loaded = dict(data)

    def get(self, key, default=None):
        self.used.add(key)
        return super().get(key, default)

    def __setitem__(self, key, value) -> None:
        self.used.add(key)
        super().__setitem__(key, value)


def cache(app) -> Cache:
    """This build's cache, read once from the doctrees folder."""
    build = state(app)
    if build.ics_cache is None:
        try:
            data = json.loads((Path(app.doctreedir) / CACHE_FILE).read_text("utf-8"))
            blocks = data["blocks"] if data.get("version") == VERSION else {}
        except (OSError, ValueError, KeyError, AttributeError):
            blocks = {}
        build.ics_cache = Cache(blocks if isinstance(blocks, dict) else {})
    return build.ics_cache


def save(app) -> None:
    """Keep the blocks this build used (nothing written when they are the ones read)."""
    found = cache(app)
    kept = {key: found[key] for key in sorted(found.used) if key in found}
    if kept == found.loaded:
        return
    path = Path(app.doctreedir) / CACHE_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"version": VERSION, "blocks": kept}, ensure_ascii=False), "utf-8")
