"""Texts a publishing build made, kept beside the doctrees for the next build (issue 22).

A key hashes everything a text is made from, so a kept text is exactly what a fresh build would
make. Only the keys a build used are kept (stale texts never pile up), nothing is written when
they are the ones read, and the file is replaced whole, never left half-written. It lives in the
doctrees folder, never in the sources. A file of another version, or unreadable, is ignored.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path


class KeptTexts:
    """Key → text, read once from ``folder/name`` (``folder`` None: nothing is read or kept)."""

    def __init__(self, folder: Path | None, name: str, section: str, version: int) -> None:
        self.path = folder / name if folder is not None else None
        self.section, self.version = section, version
        self.loaded: dict[str, str] = {}
        if self.path is not None:
            try:
                data = json.loads(self.path.read_text("utf-8"))
                if data.get("version") == version and isinstance(data.get(section), dict):
                    self.loaded = data[section]
            except (OSError, ValueError, AttributeError):
                pass
        self.used: dict[str, str] = {}

    def text(self, key: str, make: Callable[[], str]) -> str:
        """The kept text of ``key``, else ``make()``; either way remembered as used."""
        found = self.loaded.get(key)
        if found is None:
            found = make()
        self.used[key] = found
        return found

    def save(self) -> None:
        """Keep the texts this build used (nothing written when they are the ones read)."""
        if self.path is None or self.used == self.loaded:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps({"version": self.version, self.section: dict(sorted(self.used.items()))},
                                  ensure_ascii=False, separators=(",", ":")), "utf-8")
        tmp.replace(self.path)
