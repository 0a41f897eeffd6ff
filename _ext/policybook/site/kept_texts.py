"""Texts a publishing build made, kept beside the doctrees for the next build (issue 22).

A key hashes everything a text is made from, so a kept text is exactly what a fresh build would
make. Only the keys a build used are kept (stale texts never pile up), nothing is written when
they are the ones read, and the file is replaced whole, never left half-written. It lives in the
doctrees folder, never in the sources. A file of another version, or unreadable, is ignored.

The file is a JSON head line, then each text as ``key<TAB>length<LF>text<LF>``: read and written
without escaping or parsing the texts (as one JSON document, the 12 MB of program records at
2,000 programs cost a publishing edit about 0.1 s to decode and encode again).
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
                self.loaded = _parse(self.path.read_bytes().decode("utf-8"), self._head())
            except (OSError, ValueError):
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
        parts = [self._head(), "\n"]
        for key, text in sorted(self.used.items()):
            if "\t" not in key and "\n" not in key:  # never so far (digests): such a text is not kept
                parts += [key, "\t", str(len(text)), "\n", text, "\n"]
        tmp.write_bytes("".join(parts).encode("utf-8"))
        tmp.replace(self.path)

    def _head(self) -> str:
        return json.dumps({"format": FORMAT, "section": self.section, "version": self.version}, sort_keys=True)


FORMAT = "policybook-kept-texts-2"


def _parse(data: str, head: str) -> dict[str, str]:
    """The texts of a file's contents, or ValueError where they are not a whole file of ``head``."""
    first, _, body = data.partition("\n")
    if first != head:
        raise ValueError("another kind or version of file")
    texts: dict[str, str] = {}
    at = 0
    while at < len(body):
        line_end = body.index("\n", at)
        key, length = body[at:line_end].split("\t")
        start = line_end + 1
        end = start + int(length)
        if body[end:end + 1] != "\n":
            raise ValueError("a text cut short")
        texts[key] = body[start:end]
        at = end + 1
    return texts
