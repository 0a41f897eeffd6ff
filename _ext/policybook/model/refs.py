"""Identifiers and clause references, as staff write them and as pages link them.

A clause reference names a policy and, optionally, one of its articles (条). Staff may write
``county-ip-measures#3``, ``county-ip-measures 第3条`` or ``county-ip-measures 第三条``; all mean
the same clause, whose page anchor is ``clause-3``.
"""

from __future__ import annotations

import re
from typing import NamedTuple

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ID_RE = re.compile(ID_PATTERN)
ID_MAX = 64

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
NUMERAL = r"[0-9]+|[零〇一二两三四五六七八九十百千]+"
MAX_CLAUSE = 9999  # the Civil Code has 1,260 articles; a larger number is a typing slip


def chinese_number(text: str) -> int | None:
    """Parse ``12`` or ``十二`` / ``一百零三`` into an int from 1 to :data:`MAX_CLAUSE`; None when it
    is not such a number (a 4,400-digit "article number" is not parsed at all)."""
    if not text or len(text) > 8:
        return None
    if text.isdigit():
        number = int(text)
    else:
        total = pending = 0
        for char in text:
            if char in _DIGITS:
                pending = _DIGITS[char]
            elif char in _UNITS:
                total += (pending or 1) * _UNITS[char]
                pending = 0
            else:
                return None
        number = total + pending
    return number if 1 <= number <= MAX_CLAUSE else None


def chinese_numeral(number: int) -> str:
    """Write 1..9999 the way article numbers are printed: 3 → 三, 12 → 十二, 105 → 一百零五."""
    digits = "零一二三四五六七八九"
    if number < 10:
        return digits[number]
    if number < 20:
        return "十" + (digits[number - 10] if number > 10 else "")
    out = []
    zero = False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, number = divmod(number, unit)
        if digit:
            if zero:
                out.append("零")
                zero = False
            out.append(digits[digit] + name)
        elif out:
            zero = True
    return "".join(out)


def clause_label(number: int) -> str:
    return f"第{chinese_numeral(number)}条"


def clause_anchor(number: int) -> str:
    return f"clause-{number}"


class ClauseRef(NamedTuple):
    policy: str
    clause: int | None

    def __str__(self) -> str:
        return self.policy if self.clause is None else f"{self.policy}#{self.clause}"


_REF_RE = re.compile(
    rf"^\s*(?P<id>[^\s#]+)\s*(?:#\s*(?P<num>{NUMERAL})|第\s*(?P<cn>{NUMERAL})\s*条)?\s*$"
)


def parse_clause_ref(text: str) -> ClauseRef | None:
    """``id``, ``id#3``, ``id 第3条`` or ``id 第三条`` → ClauseRef; None when malformed."""
    match = _REF_RE.match(text)
    if not match:
        return None
    number_text = match.group("num") or match.group("cn")
    number = chinese_number(number_text) if number_text else None
    if number_text and not number:
        return None
    return ClauseRef(match.group("id"), number)


CLAUSE_HEADING_RE = re.compile(rf"^\s*第\s*({NUMERAL})\s*条")


def leading_clause_number(text: str) -> int | None:
    """The article number a heading or paragraph starts with (``第三条 …`` → 3)."""
    match = CLAUSE_HEADING_RE.match(text)
    return chinese_number(match.group(1)) if match else None


PART_HEADING_RE = re.compile(rf"^\s*({NUMERAL})、")


def leading_part_number(text: str) -> int | None:
    """The part number a 若干措施 / 意见 heading starts with (``三、研发投入后补助`` → 3).

    Such documents number their parts 一、（一） instead of 第N条; a part heading is cited and
    anchored like an article (``county-sci-measures#3``). Only headings count: a paragraph that
    starts with 一、 is an item of a list, not a part."""
    match = PART_HEADING_RE.match(text)
    return chinese_number(match.group(1)) if match else None


def looks_like_clause(text: str) -> bool:
    """Starts like an article (第…条) whether or not the number is one we can use."""
    return CLAUSE_HEADING_RE.match(text) is not None


_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff\u00ad\u202a-\u202e\u2066-\u2069]")
#: Names the site itself writes beside program and policy pages (calendar/all.ics, data/, …).
RESERVED_IDS = frozenset({"index", "search", "genindex", "all", "data", "feeds", "calendar", "404", "pagefind",
                          "sitemap", "robots", "objects", "searchindex", "preview", "next"})


def id_problem(value: str) -> tuple[str, str] | None:
    """Why ``value`` is not a valid id, as (message, hint); None when it is fine."""
    if _INVISIBLE.search(value):
        return "编号中含有不可见字符 (零宽空格等)", "删除后重新输入; 常见于从网页或 Word 复制"
    if any("\uff01" <= ch <= "\uff5e" or ch == "\u3000" for ch in value):
        return "编号中含有全角字符", "请切换到英文输入法输入编号"
    if len(value) > ID_MAX:
        return f"编号过长 (超过 {ID_MAX} 个字符)", "用简短的英文缩写"
    if not ID_RE.match(value):
        return "编号格式不正确", "只能使用小写英文字母、数字和连字符 '-', 例如 patent-subsidy"
    if value in RESERVED_IDS:
        return "编号是网站自己使用的名字", f"换一个编号, 如 {value}-program; 不能用: {', '.join(sorted(RESERVED_IDS))}"
    return None
