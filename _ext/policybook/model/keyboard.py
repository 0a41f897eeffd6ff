"""Mistakes a Chinese input method or a paste from Word makes in YAML, found before YAML is parsed.

libyaml reports ``title：专利资助`` (a full-width colon) as a missing colon on the *next* line,
and a key pushed to column 0 as "mapping values are not allowed" with a hint about quoting. These
checks look at each line as staff typed it and name the character, its line and column, and the
fix. Lines inside block scalars (``summary: |``) are prose, where full-width punctuation is right.
"""

from __future__ import annotations

import re

from .problems import Problems

_KEY = r"[A-Za-z_][A-Za-z0-9_-]*"
_BLOCK_START = re.compile(rf"^(\s*)(?:-\s+)?(?:{_KEY})\s*:\s*[|>][-+0-9]*\s*(?:#.*)?$")
_FULLWIDTH_COLON = re.compile(rf"^(\s*(?:[-－]\s*)?)({_KEY})(\s*)：")
_FULLWIDTH_INDENT = re.compile(r"^[ ]*\u3000")
_FULLWIDTH_DASH = re.compile(r"^(\s*)[－—–]\s")
_CURLY = re.compile(r"(?::\s+|\[\s*|,\s*)([“‘「『])[^“”‘’「」『』]*([”’」』])\s*(?=$|,|\]|#)")
_LINE_KEY = re.compile(rf"^\s*(?:-\s+)?({_KEY})\s*:")
_FLOW = re.compile(r"(?::|^\s*-)\s*\[([^\[\]]*)\]\s*(?:#.*)?$")  # key: [a, b] or - [a, b]

COLON_HINT = "把 '：' 改成英文冒号 ':', 冒号后空一格, 如 {key}: 值 (输入法切换到英文再输入)"


def check(text: str, problems: Problems, line_offset: int = 0) -> bool:
    """Report input-method mistakes line by line; False when any was found (YAML would only
    add a confusing second message for the same mistake)."""
    found = False
    block_indent: int | None = None
    for number, line in enumerate(text.split("\n"), start=1 + line_offset):
        indent = len(line) - len(line.lstrip(" "))
        if block_indent is not None:
            if not line.strip() or indent > block_indent:
                continue  # prose inside a block scalar
            block_indent = None
        start = _BLOCK_START.match(line)
        if start:
            block_indent = len(start.group(1))
        found |= _check_line(line, number, problems)
    return not found


def _check_line(line: str, number: int, problems: Problems) -> bool:
    if line.lstrip().startswith("#"):
        return False
    key_match = _LINE_KEY.match(line)
    key = key_match.group(1) if key_match else ""
    colon = _FULLWIDTH_COLON.match(line)
    if colon:
        key = colon.group(2)
        column = colon.end()  # the '：' itself
        problems.add(number, column, key, f"字段名 '{key}' 后面是中文 (全角) 冒号 '：', YAML 不认",
                     gloss="full-width colon after a key", hint=COLON_HINT.format(key=key), code="keyboard")
        return True
    if _FULLWIDTH_INDENT.match(line):
        column = line.index("\u3000") + 1
        problems.add(number, column, "", "缩进里有全角空格 (U+3000)", gloss="ideographic space in indentation",
                     hint="删除全角空格, 只用英文空格缩进 (同一组字段左对齐)", code="keyboard")
        return True
    dash = _FULLWIDTH_DASH.match(line)
    if dash:
        problems.add(number, len(dash.group(1)) + 1, "", "列表项前面是中文破折号或全角减号, 不是 '-'",
                     gloss="full-width dash for a list item", hint="改成英文减号加空格: '- '", code="keyboard")
        return True
    found = False
    curly = _CURLY.search(line)
    if curly:
        problems.add(number, curly.start(1) + 1, key, f"值两端是中文引号 {curly.group(1)}…{curly.group(2)}, "
                     "会原样显示在网页上", gloss="curly quotes around a value",
                     hint="删除两端的中文引号; 值里有冒号等符号需要引号时, 用英文引号 \"…\"", code="keyboard")
        found = True
    flow = _FLOW.search(line)
    if flow:
        found |= _flow_items(flow, number, problems, key)
    return found


def _flow_items(flow: re.Match, number: int, problems: Problems, key: str) -> bool:
    """``[a，b]``: YAML reads one item 'a，b'. Quoted items may hold a Chinese comma on purpose."""
    inner_start = flow.start(1)
    for match in re.finditer(r"[^,]+", flow.group(1)):
        item = match.group().strip()
        if item[:1] in "\"'" or not re.search(r"[，、；]", item):
            continue
        mark = re.search(r"[，、；]", item).group()
        column = inner_start + match.start() + match.group().index(mark) + 1
        problems.add(number, column, key, f"列表中用了中文标点 '{mark}' 分隔各项, YAML 会把它们读成一项",
                     gloss="Chinese comma in a list",
                     hint=f"各项之间改用英文逗号 ',', 如 [{item.replace(mark, ', ')}]; 如果这本来就是一项, 给它加英文引号",
                     code="keyboard")
        return True
    return False


def dedented_key(text: str, error_line: int, line_offset: int = 0) -> tuple[int, str, str] | None:
    """Where a YAML structure error really comes from when a key lost its indentation:
    ``parent:`` (no value), then ``key: value`` at the parent's column instead of under it.
    Returns (line, key, parent), or None when that is not the shape."""
    lines = text.split("\n")
    index = error_line - 1 - line_offset  # 0-based index of the line libyaml complained about
    content = [i for i in range(min(index, len(lines))) if lines[i].strip() and not lines[i].lstrip().startswith("#")]
    if len(content) < 2 or index >= len(lines):
        return None
    previous, parent = content[-1], content[-2]

    def indent(i: int) -> int:
        return len(lines[i]) - len(lines[i].lstrip(" "))

    parent_match = re.match(rf"^\s*({_KEY})\s*:\s*(?:#.*)?$", lines[parent])
    key_match = re.match(rf"^\s*({_KEY})\s*:\s*\S", lines[previous])
    if parent_match and key_match and indent(previous) == indent(parent) and indent(index) > indent(previous):
        return previous + 1 + line_offset, key_match.group(1), parent_match.group(1)
    return None
