"""The search-terms table staff keep: how readers say things, and what the site does not cover.

Readers type 补贴 where the bureau writes 资助, 海归 where it writes 留学回国人员, and ask about
programs other departments run (专精特新). ``source/search-terms.yaml`` (setting
``policybook_search_terms``) holds three lists, read with the same strict loader and located
messages as a program file:

- ``synonyms``: groups of words that mean the same to a reader; a query with one member also
  looks for the others (bidirectional);
- ``stopwords``: more filler to ignore in queries (the search has its own list of question words);
- ``referrals``: terms the site has no program for, and who handles them; the search says so
  instead of ranking pages that share a character with the query.

Pure: text in, (data, problems) out; :func:`cross_check` needs the programs' names.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .fields import Str, Text, Url
from .loading import Loaded, _load, _too_large, decode
from .problems import Problems
from .shapes import Field, ListOf, Obj

TERMS_LIMIT = (256 * 1024, "同义词表通常只有几 KB; 检查是否粘贴了整篇文档")

_WORD = Str(max_length=20, pattern=r"[^\s,，、;；:：]+",
            pattern_hint="每个词单独一项, 不含空格和标点; 一组同义词写成 [补贴, 补助, 资助]")


SEARCH_TERMS = Obj(description="搜索词表", fields=[
    Field("synonyms", ListOf(ListOf(_WORD, min_items=2, max_items=30, unique=True), max_items=2000), "同义词",
          "每组是读者眼里意思相同的词; 搜索其中一个时也找其他词", example="[补贴, 补助, 资助]"),
    Field("stopwords", ListOf(_WORD, max_items=500, unique=True), "忽略的词",
          "查询中不影响结果的口头语 (搜索已自带 怎么、如何、有没有、多少钱 等)", example="麻烦"),
    Field("referrals", ListOf(Obj(fields=[
        Field("terms", ListOf(_WORD, min_items=1, max_items=30, unique=True), "查询词", required=True,
              example="[专精特新, 小巨人]"),
        Field("text", Text(max_length=300), "说明", "告诉读者本站没有这类事项, 以及由哪个部门负责", required=True),
        Field("contact", Str(max_length=80), "联系方式", example="县经济和信息化局 0797-5550188"),
        Field("url", Url(), "网址", "负责部门的网站或办事页面"),
    ]), max_items=500), "不在本站的事项"),
])


def load_search_terms_text(text: str, filename: str) -> Loaded:
    """Validate the table; an empty file is an empty table (nothing to add)."""
    too_large = _too_large(text, filename, TERMS_LIMIT)
    if too_large:
        return Loaded(None, too_large, {})
    text = text.removeprefix("\ufeff")
    if not text.strip() or all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        return Loaded(empty(), Problems(filename), {})
    loaded = _load(text, filename, SEARCH_TERMS)
    if loaded.data is None:
        return loaded
    data = {**empty(), **loaded.data}
    _check_groups(data, loaded)
    if loaded.problems:
        return Loaded(None, loaded.problems, loaded.lines, loaded.columns, data)
    return Loaded(data, loaded.problems, loaded.lines, loaded.columns)


def load_search_terms(data: bytes, filename: str) -> Loaded:
    text, problems = decode(data, filename, TERMS_LIMIT)
    if text is None:
        return Loaded(None, problems, {})
    return load_search_terms_text(text, filename)


def empty() -> dict[str, Any]:
    return {"synonyms": [], "stopwords": [], "referrals": []}


def _check_groups(data: dict, loaded: Loaded) -> None:
    """A word in two groups would silently join them: say where."""
    first: dict[str, str] = {}
    for g, group in enumerate(data["synonyms"]):
        for w, word in enumerate(group):
            path = f"synonyms[{g}][{w}]"
            other = first.get(word.lower())
            if other is not None and not other.startswith(f"synonyms[{g}]"):
                loaded.problems.add(loaded.lines.get(path, 1), loaded.columns.get(path, 0), path,
                                    f"'{word}' 已在另一组同义词中 (第 {loaded.lines.get(other, 1)} 行)",
                                    gloss="word in two synonym groups",
                                    hint="把两组合成一组, 或从其中一组删除这个词", code="duplicate-item")
            first.setdefault(word.lower(), path)
    stop = {word.lower(): f"stopwords[{i}]" for i, word in enumerate(data["stopwords"])}
    for word in first:
        if word in stop:
            where = stop[word]
            loaded.problems.add(loaded.lines.get(where, 1), loaded.columns.get(where, 0), where,
                                f"'{word}' 既是同义词又是忽略的词", gloss="stopword is also a synonym",
                                hint="忽略的词不参与搜索; 从 stopwords 删除它", code="duplicate-item")


def cross_check(data: dict, lines: dict[str, int], filename: str, names: Iterable[tuple[str, str]]) -> Problems:
    """A referral term that names one of the site's programs would hide that program.

    ``names``: (name, program id) for every program title and alias.
    """
    problems = Problems(filename)
    named = {}
    for name, program in names:
        named.setdefault(name.lower(), program)
    for r, referral in enumerate(data.get("referrals", [])):
        for t, term in enumerate(referral["terms"]):
            program = named.get(term.lower())
            if program:
                path = f"referrals[{r}].terms[{t}]"
                problems.add(lines.get(path, 1), 0, path, f"'{term}' 是本站事项 '{program}' 的名称或简称, 不能列为本站没有的事项",
                             gloss="referral term names a program", hint="从 referrals 中删除这个词", code="search-term")
    return problems
