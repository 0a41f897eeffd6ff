"""Edits to a program file through ruamel.yaml's round-trip mode: comments, key order,
quoting and untouched lines stay as they were.

A file is edited only when loading and dumping it unchanged gives back every byte (the
indentation is found by trying the usual layouts); otherwise :class:`NotFaithful` says so and
the staff member edits that file by hand. A replaced value keeps its quoting style, a
replaced list stays a flow ``[a, b]`` or block list, and a new key goes where the schema
puts it among its siblings.
"""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import ScalarString
from ruamel.yaml.util import load_yaml_guess_indent

_BOM = "\ufeff"


class NotFaithful(Exception):
    """ruamel.yaml would rewrite lines nobody edited in this file."""


class Document:
    """One program file, loaded for round-trip edits."""

    def __init__(self, data: bytes):
        text = data.decode("utf-8")
        self.bom = text.startswith(_BOM)
        text = text.removeprefix(_BOM)
        self.crlf = "\r\n" in text
        self.original = text.replace("\r\n", "\n") if self.crlf else text
        self.yaml: YAML | None = None
        _, self._sequence, self._offset = load_yaml_guess_indent(self.original)
        self._checked = False
        self.data: Any = _yaml(2, self._sequence or 2, self._offset or 0).load(self.original)

    @property
    def faithful(self) -> bool:
        """Whether some usual layout dumps the unedited file back byte for byte (checked
        once, before the first edit: dumping every file only to read it would be slow)."""
        if not self._checked:
            self._checked = True
            for mapping in (2, 4):
                candidate = _yaml(mapping, self._sequence or 2, self._offset or 0)
                loaded = candidate.load(self.original)
                if _dump(candidate, loaded) == self.original:
                    self.yaml, self.data = candidate, loaded
                    break
        return self.yaml is not None

    def set(self, parts: list[str | int], order: list[str], value: Any) -> None:
        """Set (or, for None, remove) the value at ``parts``; its parent must exist."""
        if not self.faithful:
            raise NotFaithful
        parent = self.data
        for part in parts[:-1]:
            parent = parent[part]
        key = parts[-1]
        if value is None:
            if isinstance(parent, dict) and key in parent:
                del parent[key]
            return
        if isinstance(parent, dict) and key not in parent:
            parent.insert(_position(parent, key, order), key, _new(value))
            return
        parent[key] = _replaced(parent[key], value)

    def text(self) -> bytes:
        if not self.faithful or self.yaml is None:
            raise NotFaithful
        text = _dump(self.yaml, self.data)
        if self.crlf:
            text = text.replace("\n", "\r\n")
        return ((_BOM if self.bom else "") + text).encode("utf-8")


def _yaml(mapping: int, sequence: int, offset: int) -> YAML:
    yaml = YAML()  # round-trip
    yaml.preserve_quotes = True
    yaml.width = 100_000  # never fold a long line
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _dump(yaml: YAML, data: Any) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _position(parent: CommentedMap, key: str, order: list[str]) -> int:
    """After the last existing key the schema puts before ``key`` (at the end if unknown)."""
    if key not in order:
        return len(parent)
    before = set(order[:order.index(key)])
    keys = list(parent)
    last = max((index for index, existing in enumerate(keys) if existing in before), default=-1)
    return last + 1


def _new(value: Any) -> Any:
    if isinstance(value, list):
        seq = CommentedSeq(value)
        seq.fa.set_flow_style()
        return seq
    return value


def _replaced(old: Any, new: Any) -> Any:
    if isinstance(old, CommentedSeq) and isinstance(new, list):
        styled = [_replaced(old[index], item) if index < len(old) else item for index, item in enumerate(new)]
        while len(old) > len(styled):
            del old[-1]
        for index, item in enumerate(styled):
            if index < len(old):
                old[index] = item
            else:
                old.append(item)
        return old
    if isinstance(old, ScalarString) and isinstance(new, str):
        return type(old)(new)  # keep quotes or the block style
    return new
