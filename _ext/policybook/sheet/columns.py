"""Which program fields the sheet carries, one column each, read from the program schema.

A column is named by its field path (``window.close``, ``funding.items[0].amount``); the
header shows the schema's Chinese label with the path in brackets, and import finds columns
by that path, so staff may reorder or hide columns. Long texts and structures (summary,
eligibility, materials, process, FAQ) stay in the YAML files: a cell is no place for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..model.fields import Bool, Date, Enum, Number, Str
from ..model.schema import PROGRAM
from ..model.shapes import Field, ListOf, Obj
from ..model.vocab import Vocab

TOP = ("id", "title", "aliases", "level", "category", "support_type", "authority", "applicants",
       "industries", "tags", "funding.summary")
ITEM_KEYS = ("name", "amount", "min", "max", "rate", "unit")
WINDOW = ("window.mode", "window.open", "window.close", "window.next", "processing_time")
CONTACT_KEYS = ("name", "person", "phone", "email", "address", "hours")
TAIL = ("reviewed", "archived")

_PART = re.compile(r"([A-Za-z_]+)(?:\[(\d+)\])?")
_HEADER_PATH = re.compile(r"\(([A-Za-z_][A-Za-z0-9_.\[\]]*)\)\s*$")


@dataclass(frozen=True)
class Column:
    """One sheet column: the field it edits and how its cells are written."""

    path: str
    label: str  # Chinese, e.g. 截止日期 or 支持标准 2·最高金额
    kind: str  # id, text, list, enum, enum-list, date, number, bool
    vocab: Vocab | None = None

    @property
    def header(self) -> str:
        marker = "·只读" if self.kind == "id" else ""
        return f"{self.label}{marker} ({self.path})"

    @property
    def parts(self) -> list[str | int]:
        return split_path(self.path)


def split_path(path: str) -> list[str | int]:
    """``funding.items[0].amount`` → ``['funding', 'items', 0, 'amount']``."""
    parts: list[str | int] = []
    for piece in path.split("."):
        match = _PART.fullmatch(piece)
        if not match:
            raise ValueError(path)
        parts.append(match[1])
        if match[2] is not None:
            parts.append(int(match[2]))
    return parts


def path_of_header(header: Any) -> str | None:
    """The field path written in brackets at the end of a header, or None."""
    match = _HEADER_PATH.search(str(header or "").strip())
    return match[1] if match else None


def field_at(path: str) -> Field:
    """The schema field a path names (list indexes skipped)."""
    shape: Any = PROGRAM
    found = None
    for part in split_path(path):
        if isinstance(part, int):
            continue
        while isinstance(shape, ListOf):
            shape = shape.item
        found = shape.by_name[part]
        shape = found.type
    assert found is not None
    return found


def key_order(parts: list[str | int]) -> list[str]:
    """The schema's key order of the mapping at ``parts`` (where a new key is inserted)."""
    shape: Any = PROGRAM
    for part in parts:
        if isinstance(part, int):
            continue
        while isinstance(shape, ListOf):
            shape = shape.item
        shape = shape.by_name[part].type
    while isinstance(shape, ListOf):
        shape = shape.item
    return [f.name for f in shape.fields] if isinstance(shape, Obj) else []


def _kind(field: Field, path: str) -> tuple[str, Vocab | None]:
    kind = field.type
    if path == "id":
        return "id", None
    if isinstance(kind, ListOf):
        return ("enum-list", kind.item.vocab) if isinstance(kind.item, Enum) else ("list", None)
    if isinstance(kind, Enum):
        return "enum", kind.vocab
    if isinstance(kind, Date):
        return "date", None
    if isinstance(kind, Number):
        return "number", None
    if isinstance(kind, Bool):
        return "bool", None
    assert isinstance(kind, Str), path
    return "text", None


def column(path: str, label: str | None = None) -> Column:
    field = field_at(path)
    kind, vocab = _kind(field, path)
    return Column(path, label or field.label, kind, vocab)


def columns_for(programs: list[dict]) -> list[Column]:
    """The columns for these programs (raw YAML data): a funding item's or a contact's
    columns for as many items as the longest list has, and only the keys some program uses."""
    found = [column(path) for path in TOP]
    found += _repeated(programs, "funding.items", ITEM_KEYS, "支持标准")
    found += [column(path) for path in WINDOW]
    found += _repeated(programs, "contacts", CONTACT_KEYS, "联系方式")
    found += [column(path) for path in TAIL]
    return found


def _repeated(programs: list[dict], path: str, keys: tuple[str, ...], name: str) -> list[Column]:
    lists = [get(program, split_path(path)) for program in programs]
    lists = [items for items in lists if isinstance(items, list)]
    longest = max((len(items) for items in lists), default=0)
    found = []
    for index in range(longest):
        used = {key for items in lists if len(items) > index and isinstance(items[index], dict)
                for key in items[index]}
        for key in keys:
            if key == "name" or key in used:
                sub = f"{path}[{index}].{key}"
                found.append(column(sub, f"{name} {index + 1}·{field_at(sub).label}"))
    return found


MISSING: Any = type("Missing", (), {"__repr__": lambda self: "MISSING"})()
"""What :func:`get` returns when the list item or group holding the field does not exist."""


def get(data: Any, parts: list[str | int]) -> Any:
    """The raw value at ``parts``: None when the key is absent, MISSING when its parent is."""
    for depth, part in enumerate(parts):
        last = depth == len(parts) - 1
        if isinstance(part, int):
            if not isinstance(data, list) or part >= len(data):
                return MISSING
            data = data[part]
        elif isinstance(data, dict):
            if part not in data:
                return None if last else MISSING
            data = data[part]
        else:
            return MISSING
    return data
