"""A compact pickled form of :class:`~.files.FileReport`, decoded only where it is read.

Every build loads and writes Sphinx's environment, which holds one report per document. Two of
its parts are large and rarely read: the field path → line / column tables of each YAML file
(read only to locate a problem found across files) and the cross-file references (read once
by the project check). Pickled as plain dicts and dataclass instances they were about a third
of the environment. Here the tables become one string of paths plus two arrays of numbers, and
the references plain tuples; each is decoded on first access (``FileReport.__getattr__``), so
a build that never looks pays nothing but the smaller pickle. The pickle names :func:`restore`,
which older code lacks: it then fails to load the environment and Sphinx starts a fresh one.
"""

from __future__ import annotations

from array import array

SEP = "\x00"  # between field paths; a path holding it is kept as a plain dict
POSITIONS = "_packed_positions"  # (paths joined by SEP, lines as int32 bytes, columns as int32 bytes)
REFS = "_packed_refs"  # tuple of each reference's field values, in order
# (packed refs, the references decoded from them): a build reads every report's references for
# the cross-file check, and packing them all again was most of the environment's packing
UNPACKED_FROM = "_refs_unpacked_from"


def pack(state: dict, ref_type) -> dict:
    """The report's ``__dict__`` as it is pickled: positions and references packed if possible."""
    state = dict(state)
    if "lines" in state and "columns" in state:
        packed = _pack_positions(state["lines"], state["columns"])
        if packed is not None:
            del state["lines"], state["columns"]
            state[POSITIONS] = packed
    refs = state.get("refs")
    packed, decoded = state.pop(UNPACKED_FROM, (None, ()))
    if packed is not None and type(refs) is list and len(refs) == len(decoded) and all(
            ref is old for ref, old in zip(refs, decoded, strict=True)):  # the same (frozen) references as decoded
        state[REFS] = packed
        del state["refs"]
    elif refs and type(refs) is list and all(type(ref) is ref_type for ref in refs):
        state[REFS] = tuple(tuple(ref.__dict__.values()) for ref in refs)
        del state["refs"]
    return state


def restore(cls, state: dict):
    """A report from its pickled state (the packed parts stay packed until read)."""
    report = cls.__new__(cls)
    report.__dict__.update(state)
    return report


def unpack(report, name: str, ref_type):
    """Decode the packed part ``name`` of ``report`` into its attribute (called once)."""
    state = report.__dict__
    if name in ("lines", "columns") and POSITIONS in state:
        state["lines"], state["columns"] = _unpack_positions(state.pop(POSITIONS))
        return state[name]
    if name == "refs" and REFS in state:
        packed = state.pop(REFS)
        state["refs"] = [ref_type(*values) for values in packed]
        state[UNPACKED_FROM] = (packed, tuple(state["refs"]))
        return state["refs"]
    raise AttributeError(f"{type(report).__name__!r} object has no attribute {name!r}")


def _pack_positions(lines, columns) -> tuple[str, bytes, bytes] | None:
    if type(lines) is not dict or type(columns) is not dict or not lines:
        return None
    keys = list(lines)
    if list(columns) != keys or any(SEP in key for key in keys):
        return None
    values = (*lines.values(), *columns.values())
    if any(type(value) is not int for value in values):
        return None
    try:
        return SEP.join(keys), array("i", lines.values()).tobytes(), array("i", columns.values()).tobytes()
    except OverflowError:
        return None


def _unpack_positions(packed: tuple[str, bytes, bytes]) -> tuple[dict, dict]:
    text, line_bytes, column_bytes = packed
    keys = text.split(SEP)
    lines, columns = array("i"), array("i")
    lines.frombytes(line_bytes)
    columns.frombytes(column_bytes)
    return dict(zip(keys, lines.tolist(), strict=True)), dict(zip(keys, columns.tolist(), strict=True))
