"""The programs' own words, for search at a province's scale (issue 22): ``search/words/<k>.json``.

Pagefind's cost for a reader's first full-text query grows with the pages it indexes: its page
metadata (a hash per page) and the posting lists of common words (企业 is on every program page)
are fetched whole. From ``search_program_words_from`` programs on, program pages leave Pagefind's
index and their words are indexed here instead: for every pair of adjacent characters (a
bigram, as the query layer reads text) the entries of ``search/index.json`` whose program has it,
in files chosen by the bigram's hash. A query fetches one small file per bigram of its words.

Pure: no Sphinx. ``pb-search.js`` (``programWordHits``) reads the same hash and encoding.
"""

from __future__ import annotations

import base64
import json
import os
import re
from collections.abc import Iterable
from pathlib import Path

from .pinyin import squash

FOLDER = "search/words"
FORMAT = "policybook-words"
VERSION = 1
TARGET_SHARD_BYTES = 2048  # about what a query's bigram costs: a handful of them per query
MAX_SHARDS = 4096
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def program_text(program: dict) -> str:
    """What a program page says, from its data: every string with Chinese in it (names, summary,
    conditions, materials, steps, notes, contacts); codes, dates and addresses have none."""
    found: list[str] = []

    def walk(value) -> None:
        if isinstance(value, str):
            if _CJK.search(value):
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
    return {g for g in out if _CJK.search(g)}


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
    """What ``search/index.json`` says of the files (the query layer's key ``program_words``)."""
    return {"shards": count, "entries": total}


def write(out: Path, files: list[dict[str, str]]) -> None:
    """``search/words/<k>.json``, each written only when it changed; files of an earlier, larger
    count removed. An empty list (programs back in Pagefind) removes the folder's files."""
    folder = out / FOLDER
    wanted = set()
    for k, grams_of in enumerate(files):
        name = f"{k}.json"
        wanted.add(name)
        text = json.dumps({"format": FORMAT, "version": VERSION, "grams": grams_of},
                          ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
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
