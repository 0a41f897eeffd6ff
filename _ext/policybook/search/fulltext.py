"""Full-text search of our own at a province's scale (issue 22): ``search/fulltext/<k>.json``.

Pagefind's cost for a reader's first full-text query grows with the pages it indexes: its page
metadata (a hash per page) and the posting lists of common words (企业 is on nearly every page)
are fetched whole: about 780 KB at 10,000 programs, 375 KB of it Pagefind's even with program
pages left out. From ``search_fulltext_from`` programs on, Pagefind does not run; every page's
words are indexed here instead: for every pair of adjacent characters (a bigram, as the query
layer reads text) the entries of ``search/index.json`` whose page has it, in files chosen by the
bigram's hash, about 2 KB each. A query fetches one small file per bigram of its words. A
program's words are its data's (every string with Chinese in it: what its page says); another
page's are its source's.

Pure: no Sphinx. ``pb-query.js`` and ``pb-search.js`` read the same hash and encoding.
"""

from __future__ import annotations

import base64
import json
import os
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from .pinyin import CJK, squash

FOLDER = "search/fulltext"
FORMAT = "policybook-fulltext"
VERSION = 1
TARGET_SHARD_BYTES = 2048  # about what a query's bigram costs: a handful of them per query
MAX_SHARDS = 4096


def program_text(program: dict) -> str:
    """What a program page says, from its data: every string with Chinese in it (names, summary,
    conditions, materials, steps, notes, contacts); codes, dates and addresses have none."""
    found: list[str] = []

    def walk(value) -> None:
        if isinstance(value, str):
            if CJK.search(value):
                found.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    walk(program)
    return "\n".join(found)


def grams(text: str) -> set[str]:
    """The bigrams of ``text`` as the query layer reads it (squashed, line by line), keeping
    only those with a Chinese character: what a query's words are matched on."""
    out: set[str] = set()
    for line in text.split("\n"):
        line = squash(line)
        out.update(line[i:i + 2] for i in range(len(line) - 1))
    return {g for g in out if CJK.search(g)}


def shard_of(gram: str, count: int) -> int:
    """FNV-1a over the UTF-16 code units (as JavaScript sees a string), modulo ``count``."""
    data = gram.encode("utf-16-le")
    h = 2166136261
    for i in range(0, len(data), 2):
        h ^= data[i] | data[i + 1] << 8
        h = (h * 16777619) & 0xFFFFFFFF
    return h % count


def encode(numbers: list[int], total: int) -> str:
    """Sorted entry numbers: ``d`` + varint gaps, or ``b`` + a bitmap when that is shorter
    (a word on most programs), base64."""
    gaps = bytearray()
    previous = -1
    for number in numbers:
        gap = number - previous - 1
        previous = number
        while gap >= 0x80:
            gaps.append(gap & 0x7F | 0x80)
            gap >>= 7
        gaps.append(gap)
    if len(gaps) * 8 <= total:
        return "d" + base64.b64encode(bytes(gaps)).decode("ascii")
    bitmap = bytearray((total + 7) // 8)
    for number in numbers:
        bitmap[number >> 3] |= 1 << (number & 7)
    return "b" + base64.b64encode(bytes(bitmap)).decode("ascii")


def decode(text: str) -> list[int]:
    """The numbers :func:`encode` wrote (tests and the benchmark's scaled copies)."""
    data = base64.b64decode(text[1:])
    if text[0] == "b":
        return [i * 8 + bit for i, byte in enumerate(data) for bit in range(8) if byte >> bit & 1]
    out, previous, gap, shift = [], -1, 0, 0
    for byte in data:
        gap |= (byte & 0x7F) << shift
        if byte & 0x80:
            shift += 7
            continue
        previous += gap + 1
        out.append(previous)
        gap, shift = 0, 0
    return out


def postings(texts: Iterable[tuple[int, str]]) -> dict[str, list[int]]:
    """bigram → entry numbers (ascending), from (entry number, program text) in entry order."""
    found: dict[str, list[int]] = {}
    for number, text in texts:
        for gram in grams(text):
            found.setdefault(gram, []).append(number)
    return found


def shards(found: dict[str, list[int]], total: int) -> tuple[int, list[dict[str, str]]]:
    """(count, files): the encoded postings spread over a power of two of files, sized so that a
    file holds about :data:`TARGET_SHARD_BYTES`."""
    encoded = {gram: encode(numbers, total) for gram, numbers in found.items()}
    size = sum(len(g.encode("utf-8")) + len(v) + 6 for g, v in encoded.items())
    count = 1
    while count < MAX_SHARDS and size / count > TARGET_SHARD_BYTES:
        count *= 2
    files: list[dict[str, str]] = [{} for _ in range(count)]
    for gram in sorted(encoded):
        files[shard_of(gram, count)][gram] = encoded[gram]
    return count, files


def head(count: int, total: int) -> dict:
    """What ``search/index.json`` says of the files (the query layer's key ``fulltext``)."""
    return {"shards": count, "entries": total, "shown": SHOWN_BLOCK}


def into(doc: dict, found: dict[str, list[int]]) -> tuple[list[dict[str, str]], dict[int, list]]:
    """Make ``search/index.json``'s document ``doc`` one that searches this full text: its head
    (``fulltext``), the programs' shown fields moved out; ``found``: bigram → entry numbers.
    Returns what :func:`write` writes (the files, the shown blocks)."""
    total = len(doc["entries"])
    count, files = shards({**found, **id_postings(doc["entries"])}, total)
    doc["fulltext"] = head(count, total)
    return files, split_shown(doc["entries"])


SHOWN = "search/shown"
SHOWN_FORMAT = "policybook-shown"
SHOWN_FIELDS = ("id", "url", "window")
SHOWN_BLOCK = 64


def id_postings(entries: list[dict]) -> dict[str, list[int]]:
    """``#<id>`` → the program entry with that id: a query typed as an id (patent-subsidy)
    fetches one file, not every program's id (:func:`split_shown` moves them out)."""
    return {"#" + unicodedata.normalize("NFKC", e["id"]).lower(): [n]
            for n, e in enumerate(entries) if e["kind"] == "program" and e.get("id")}


def split_shown(entries: list[dict]) -> dict[int, list]:
    """What only a shown result needs of a program (its id, so its address; its window, for the
    status badge), moved out of ``entries`` (in place: ``search/index.json`` keeps what ranking
    reads) into blocks of :data:`SHOWN_BLOCK` entry numbers: {block: [fields or None]}. At
    10,000 programs that is a fifth of the names layer a reader's first query fetches."""
    blocks: dict[int, list] = {}
    for start in range(0, len(entries), SHOWN_BLOCK):
        items = [{key: entry.pop(key) for key in SHOWN_FIELDS if key in entry} if entry["kind"] == "program" else None
                 for entry in entries[start:start + SHOWN_BLOCK]]
        if any(item is not None for item in items):
            blocks[start // SHOWN_BLOCK] = items
    return blocks


def write(out: Path, files: list[dict[str, str]], shown: dict[int, list] | None = None) -> None:
    """``search/fulltext/<k>.json`` and ``search/shown/<b>.json``, each written only when it
    changed, files no longer wanted removed (all of them when the site is back on Pagefind)."""
    _write_files(out / FOLDER, {k: {"format": FORMAT, "version": VERSION, "grams": grams_of}
                                for k, grams_of in enumerate(files)})
    _write_files(out / SHOWN, {b: {"format": SHOWN_FORMAT, "version": VERSION, "first": b * SHOWN_BLOCK,
                                   "entries": items} for b, items in (shown or {}).items()})


def _write_files(folder: Path, documents: dict[int, dict]) -> None:
    wanted = set()
    for k, document in documents.items():
        name = f"{k}.json"
        wanted.add(name)
        text = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
        path = folder / name
        if not (path.is_file() and path.read_text("utf-8") == text):
            # a new file put in place, never one written through (a hard-linked copy of a site)
            path.parent.mkdir(parents=True, exist_ok=True)
            part = path.with_suffix(".part")
            part.write_text(text, "utf-8")
            os.replace(part, path)
    if folder.is_dir():
        for path in folder.glob("*.json"):
            if path.name not in wanted:
                path.unlink()
