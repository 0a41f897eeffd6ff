"""Pinyin for the query layer, computed at build time with pypinyin (no Sphinx).

The browser gets one table, syllable → characters, for the 3,755 common characters (GB 2312
level 1) and every character of the site's names (about 10 KB gzip). With it ``pb-query.js``
reads a query typed in pinyin (gaoqi, gxjsqy) and hears a homophone slip (科技创薪券: the input
method offered 薪 for xin). A name whose reading in context differs from its characters' usual
ones (银行 is yin hang, not yin xing) carries its own reading.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")  # the characters read as Chinese (pb-query.js CJK)
_WORD = re.compile(r"[a-z0-9]+")
# pb-query.js's SEPARATORS: what squash() removes before a name is read
_SEPARATORS = re.compile(r"[\s\"'“”‘’《》〈〉「」『』（）()【】\[\]·・.,，、。:：;；!！?？\-—_/〔〕［］+&|~`@#$%^*=<>{}…]+")


@lru_cache(maxsize=1)
def common_characters() -> str:
    """GB 2312 level 1: the 3,755 characters most text (and most queries) are written in."""
    chars = []
    for high in range(0xB0, 0xD8):
        for low in range(0xA1, 0xFF):
            if high == 0xD7 and low > 0xF9:
                break
            chars.append(bytes([high, low]).decode("gb2312"))
    return "".join(chars)


def lazy_pinyin(text: str) -> list[str]:
    """pypinyin's reading, imported on first use: loading its dictionaries costs about 0.3 s,
    which a publishing build whose names are all known (:mod:`.pinyin_cache`) does not pay."""
    from pypinyin import lazy_pinyin as read

    return read(text)


@lru_cache(maxsize=4096)
def _usual(char: str) -> str:
    return lazy_pinyin(char)[0]


def squash(text: str) -> str:
    """As ``PolicybookQuery.squash``: NFKC, lower case, no spaces or punctuation."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", text).lower())


def name_characters(names: Iterable[str]) -> set[str]:
    """The CJK characters of ``names`` as the browser reads them (squashed)."""
    chars: set[str] = set()
    for name in names:
        chars.update(CJK.findall(squash(name)))
    return chars


def syllable_table(names: Iterable[str], chars: set[str] | None = None) -> dict[str, str]:
    """syllable → its characters (sorted), for the common ones and those of ``names``
    (or ``chars``, when the caller has them already: :func:`name_characters`)."""
    chars = set(common_characters()) | (name_characters(names) if chars is None else chars)
    table: dict[str, list[str]] = {}
    for char in sorted(chars):
        syllable = _usual(char)
        if syllable.isascii() and syllable.isalpha():
            table.setdefault(syllable, []).append(char)
    return {syllable: "".join(chars) for syllable, chars in sorted(table.items())}


def reading(name: str, read: Callable[[str], list[str]] | None = None) -> str:
    """The name's syllables in context, space-separated, if they differ from the usual readings
    of its characters (what the browser would compute); '' when they do not. ``read``: pypinyin's
    ``lazy_pinyin`` on dictionaries cut to the name's characters (:mod:`.pinyin_store`)."""
    text = squash(name)
    usual_of = _usual if read is None else (lambda char: read(char)[0])
    in_context = iter((read or lazy_pinyin)("".join(CJK.findall(text))))
    usual, spoken = [], []
    position = 0
    while position < len(text):
        char = text[position]
        if CJK.match(char):
            usual.append(usual_of(char))
            spoken.append(next(in_context, usual[-1]))
            position += 1
            continue
        word = _WORD.match(text, position)
        if word:
            usual.append(word.group())
            spoken.append(word.group())
            position = word.end()
        else:
            position += 1
    return " ".join(spoken) if spoken != usual else ""
