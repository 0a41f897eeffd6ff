"""pypinyin's dictionaries kept beside the doctrees, so that a new name is read without loading
them (issue 22: importing pypinyin costs about 0.2 s of CPU, and a publishing build that renamed
one program paid it for that one name). No Sphinx.

The store holds, for each character, its entry in pypinyin's character dictionary and every
phrase of its phrase dictionary that starts with it. New names are then read by pypinyin's own
code, imported for the moment with both dictionaries cut to the names' characters: its
segmentation asks only whether a part of a name is a phrase or starts one, and every such phrase
starts with a character of the name, so the cut dictionaries give the same answers as the whole
ones (``tests/test_search_pinyin.py`` compares them). A build that loaded pypinyin anyway (the
first one, which reads every name) writes the store, once per pypinyin version.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import types
from collections.abc import Callable, Iterable
from contextlib import closing
from importlib import metadata
from pathlib import Path

STORE = "policybook-pinyin-store.sqlite"
FORMAT = 1


def version() -> str:
    """What the dictionaries depend on: pypinyin's version and its switches (read without importing it)."""
    switches = [name for name in ("PYPINYIN_NO_PHRASES", "PYPINYIN_NO_DICT_COPY") if os.environ.get(name)]
    return json.dumps([FORMAT, metadata.version("pypinyin"), switches])


def _loaded() -> list[str]:
    return [name for name in sys.modules if name == "pypinyin" or name.startswith("pypinyin.")]


def save(folder: Path) -> None:
    """Write the store from the pypinyin this process has loaded (nothing if it has none, or
    the store is there for this version)."""
    if "pypinyin.constants" not in sys.modules or cut_dictionaries(folder, "") is not None:
        return
    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT

    by_first: dict[str, dict[str, list]] = {}
    for phrase, readings in PHRASES_DICT.items():
        by_first.setdefault(phrase[:1], {})[phrase] = readings
    # written by the first build of every site: one encoder for 42,000 rows, none for the
    # characters that start no phrase (json.dumps made an encoder a row: half of the 0.2 s)
    encode = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode
    chars = sorted({chr(code) for code in PINYIN_DICT} | {first for first in by_first if first})
    rows = [(char, PINYIN_DICT.get(ord(char)), encode(by_first[char]) if char in by_first else "{}") for char in chars]
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / (STORE + ".tmp")
    tmp.unlink(missing_ok=True)
    with closing(sqlite3.connect(tmp)) as db, db:
        # a new file put in place only when complete (tmp.replace below): no journal needed
        db.execute("PRAGMA journal_mode=OFF")
        db.execute("PRAGMA synchronous=OFF")
        db.execute("CREATE TABLE meta (version TEXT)")
        db.execute("INSERT INTO meta VALUES (?)", (version(),))
        db.execute("CREATE TABLE chars (char TEXT PRIMARY KEY, pinyin TEXT, phrases TEXT)")
        db.executemany("INSERT INTO chars VALUES (?, ?, ?)", rows)
    tmp.replace(folder / STORE)


def cut_dictionaries(folder: Path, chars: Iterable[str]) -> tuple[dict[int, str], dict[str, list]] | None:
    """(character dictionary, phrase dictionary) cut to ``chars``, or None without a store of this version."""
    path = folder / STORE
    if not path.is_file():
        return None
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            if db.execute("SELECT version FROM meta").fetchone() != (version(),):
                return None
            wanted = sorted(set(chars))
            pinyin: dict[int, str] = {}
            phrases: dict[str, list] = {}
            for start in range(0, len(wanted), 500):
                part = wanted[start:start + 500]
                query = f"SELECT char, pinyin, phrases FROM chars WHERE char IN ({','.join('?' * len(part))})"
                for char, reading, starting in db.execute(query, part):
                    if reading is not None:
                        pinyin[ord(char)] = reading
                    phrases.update(json.loads(starting))
            return pinyin, phrases
    except (sqlite3.Error, ValueError, TypeError):
        return None


def with_cut_pypinyin(pinyin: dict[int, str], phrases: dict[str, list], work: Callable[[Callable], object]):
    """``work(lazy_pinyin)`` with pypinyin imported on the cut dictionaries, then forgotten (a
    later import loads the whole ones). None, without calling ``work``, if pypinyin is loaded."""
    if _loaded():
        return None
    sys.modules["pypinyin.pinyin_dict"] = _module("pypinyin.pinyin_dict", pinyin_dict=pinyin)
    sys.modules["pypinyin.phrases_dict"] = _module("pypinyin.phrases_dict", phrases_dict=phrases)
    try:
        from pypinyin import lazy_pinyin

        return work(lazy_pinyin)
    finally:
        for name in _loaded():
            del sys.modules[name]


def _module(name: str, **values) -> types.ModuleType:
    module = types.ModuleType(name)
    module.__dict__.update(values)
    return module
