"""Strict, located YAML loading.

PyYAML's default resolvers follow YAML 1.1: ``no`` becomes ``False``, ``08:30`` becomes 510
and ``0755`` becomes 493. Bureau staff should never meet those surprises, so this loader keeps
every scalar a string and leaves conversion to the schema. It returns PyYAML's node tree (every
node keeps its line and column) and reports, as located :class:`~policybook.model.problems.Problem`
objects, what PyYAML would silently accept: duplicate keys are found by the schema walk, while
aliases (the "billion laughs" attack), explicit tags, tabs in indentation, several documents in
one file, non-UTF-8 bytes and oversized or absurdly nested files are refused here.
"""

from __future__ import annotations

import re

import yaml

from . import keyboard
from .problems import Problems

MAX_BYTES = 1_000_000  # a program entry is a few KB; a megabyte is a mistake or an attack
MAX_DOCUMENT_BYTES = 5_000_000  # a policy document with its front matter: long, but not this long
MAX_DEPTH = 40  # real entries nest four or five levels deep

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

STR_TAG = "tag:yaml.org,2002:str"
SEQ_TAG = "tag:yaml.org,2002:seq"
MAP_TAG = "tag:yaml.org,2002:map"


class StringsOnlyLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """libyaml-accelerated loader whose plain scalars always resolve to strings."""

    yaml_implicit_resolvers: dict = {}

    def resolve(self, kind, value, implicit):  # noqa: ARG002
        """Without implicit resolvers the answer is fixed; skip PyYAML's generic lookup."""
        if kind is yaml.ScalarNode:
            return STR_TAG
        return SEQ_TAG if kind is yaml.SequenceNode else MAP_TAG


_YAML_MESSAGES = {
    "mapping values are not allowed": ("此处不能出现冒号键值", "常见原因: 值里含有 ': ', 请给整个值加引号"),
    "could not find expected ':'": ("缺少冒号 ':'", "每个字段应写成 '字段名: 值'"),
    "found character '\\t' that cannot start any token": ("不能使用 Tab 字符", "请用空格缩进"),
    "while scanning a quoted scalar": ("引号没有闭合", "检查这一段文字的引号是否成对"),
    "while parsing a flow sequence": ("方括号 '[' 没有闭合", "检查 '[' 是否有对应的 ']', 各项之间用逗号分隔"),
    "while parsing a flow mapping": ("花括号 '{' 没有闭合", "检查 '{' 是否有对应的 '}', 各项之间用逗号分隔"),
    "found unexpected end of stream": ("文件意外结束", "检查引号和括号是否成对"),
    "did not find expected key": ("缩进不一致, 找不到预期的字段", "同一层的字段必须左对齐"),
    "did not find expected '-' indicator": ("列表项缩进不一致", "同一列表的 '-' 必须左对齐"),
    "found undefined alias": ("使用了未定义的别名", "本系统不支持 YAML 锚点与别名"),
    "expected <block end>, but found": ("缩进或结构有误", "检查这一行与上一行的缩进"),
    "found unknown escape character": ("双引号字符串中有无效的转义字符", "改用单引号, 或把 '\\' 写成 '\\\\'"),
}


def _translate(error: yaml.MarkedYAMLError) -> tuple[str, str, str]:
    """Chinese message, English gloss and hint for a PyYAML syntax error."""
    english = " ".join(filter(None, [error.context, error.problem]))
    for key, (message, hint) in _YAML_MESSAGES.items():
        if key in english:
            return message, english, hint
    return "YAML 语法错误", english, "检查这一行的缩进、冒号和引号"


def check_size(size: int, problems: Problems, limit: int, hint: str) -> bool:
    """Report a file over ``limit`` bytes (at line 1: editors and CI need a line to point at)."""
    if size <= limit:
        return True
    problems.add(1, 0, "", f"文件过大 ({size // 1024} KB), 超过 {limit // 1000} KB 上限",
                 gloss="file too large", hint=hint, code="too-large")
    return False


def decode(data: bytes, problems: Problems, limit: int = MAX_BYTES,
           hint: str = "一个事项的 YAML 通常只有几 KB; 检查是否粘贴了整篇文档") -> str | None:
    """Decode UTF-8 (a BOM is tolerated and dropped); report anything else."""
    if not check_size(len(data), problems, limit, hint):
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        hint = ("请用 UTF-8 编码重新保存。记事本: 文件 → 另存为 → 下方“编码”选 UTF-8 → 保存; "
                "VS Code: 点右下角的编码 (如 GBK) → 通过编码保存 → UTF-8")
        try:
            data.decode("gb18030")
            hint = "文件看起来是 GBK/GB18030 编码; " + hint
        except UnicodeDecodeError:
            pass
        problems.add(line, 0, "", "文件不是 UTF-8 编码", gloss="file is not valid UTF-8",
                     hint=hint, code="encoding")
        return None
    return text.removeprefix("\ufeff")


_TAB_INDENT = re.compile(r"^( *)\t", re.MULTILINE)


def _check_text(text: str, problems: Problems, line_offset: int) -> bool:
    """Catch tabs and absurd nesting before PyYAML does (its messages are cryptic)."""
    ok = True
    for match in _TAB_INDENT.finditer(text):
        line = text.count("\n", 0, match.start()) + 1 + line_offset
        problems.add(line, len(match.group(1)) + 1, "", "缩进中使用了 Tab 字符",
                     gloss="tab used for indentation", hint="YAML 只能用空格缩进; 请把 Tab 换成两个空格",
                     code="tab")
        ok = False
        break
    deep_at = _too_deep_at(text)
    if deep_at is not None:
        problems.add(deep_at[0] + line_offset, deep_at[1], "", "结构嵌套过深", gloss="nesting too deep",
                     hint=f"嵌套不能超过 {MAX_DEPTH} 层", code="too-deep")
        ok = False
    return ok


# Indentation and the block indicators that nest like it: "- - - x" is three sequences deep.
_BLOCK_PREFIX = re.compile(r"(?:[ ]+|[-?:](?:[ ]+|$))*")


def _too_deep_at(text: str) -> tuple[int, int] | None:
    """1-based (line, column) where brackets or indentation first nest too deep, else None.

    libyaml's composer recurses once per level, so a line of 100,000 "- " crashes the whole
    process (segmentation fault) before any Python error can be raised.
    """
    depth = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_DEPTH * 4 and _BLOCK_PREFIX.match(line).end() > MAX_DEPTH * 4:
            return number, MAX_DEPTH * 4 + 1
        for match in _BRACKET.finditer(line):  # only the brackets, not every character
            if match.group() in "[{":
                depth += 1
                if depth > MAX_DEPTH:
                    return number, match.start() + 1
            else:
                depth = max(0, depth - 1)
    return None


_BRACKET = re.compile(r"[\[\]{}]")


def compose(text: str, problems: Problems, line_offset: int = 0) -> yaml.Node | None:
    """Parse ``text`` into a node tree of strings, or report why not.

    ``line_offset`` shifts reported lines, for YAML embedded in a larger file (front matter).
    """
    if not _check_text(text, problems, line_offset) or not keyboard.check(text, problems, line_offset):
        return None
    loader = StringsOnlyLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        opened, context = exc.context_mark, exc.context or ""
        if opened is not None and mark is not None and (
                context.startswith("while scanning a quoted scalar")
                or context.startswith("while parsing a flow") and opened.line != mark.line):
            mark = opened  # an unclosed quote or bracket: where it opened, not where parsing gave up
        message, gloss, hint = _translate(exc)
        if "expected a single document" in gloss or "but found another document" in gloss:
            message, hint = "一个文件只能包含一个条目", "删除 '---' 之后的第二部分, 或拆成两个文件"
        culprit = keyboard.dedented_key(text, mark.line + 1 + line_offset, line_offset) if mark else None
        if culprit is not None:  # a key pushed out of its group: say so, on its own line
            line, key, parent = culprit
            problems.add(line, 1, key, f"字段 '{key}' 没有缩进, 成了 '{parent}' 之外的字段", gloss=gloss,
                         hint=f"在 {key} 前面加空格, 与 '{parent}' 下的其他字段对齐 (通常是两个空格)", code="indent")
            return None
        problems.add(
            (mark.line + 1 + line_offset) if mark else 1 + line_offset, (mark.column + 1) if mark else 0, "",
            message, gloss=gloss, hint=hint, code="yaml-syntax",
        )
        return None
    except yaml.reader.ReaderError as exc:  # a control character; libyaml gives a byte offset
        if _BaseLoader is yaml.SafeLoader:  # pure-Python PyYAML counts characters
            before = text[: exc.position]
        else:
            before = text.encode("utf-8", "surrogatepass")[: exc.position].decode("utf-8", "replace")
        line, column = before.count("\n") + 1, len(before) - before.rfind("\n")
        problems.add(line + line_offset, column, "", f"文件中有不可见的控制字符 (U+{exc.character:04X})",
                     gloss=str(exc).splitlines()[0], hint="删除这个字符; 常见于从网页、Word 或 PDF 复制",
                     code="yaml-syntax")
        return None
    except yaml.YAMLError as exc:
        problems.add(1 + line_offset, 0, "", "YAML 无法解析", gloss=str(exc).splitlines()[0],
                     hint="检查文件中是否有不可见的控制字符", code="yaml-syntax")
        return None
    finally:
        loader.dispose()
    if node is None:
        return None
    if not _check_tree(node, problems, line_offset):
        return None
    return node


def _check_tree(root: yaml.Node, problems: Problems, line_offset: int) -> bool:
    """Refuse aliases (shared nodes) and explicit tags; both have no place in our files."""
    seen: set[int] = set()
    stack = [root]
    ok = True
    while stack:
        node = stack.pop()
        if id(node) in seen:
            mark = node.start_mark
            problems.add(mark.line + 1 + line_offset, mark.column + 1, "",
                         "不支持 YAML 锚点和别名 (&, *)", gloss="YAML aliases are not allowed",
                         hint="请把内容直接写出来", code="alias")
            return False
        seen.add(id(node))
        if node.tag not in (STR_TAG, SEQ_TAG, MAP_TAG):
            mark = node.start_mark
            problems.add(mark.line + 1 + line_offset, mark.column + 1, "",
                         f"不支持 YAML 标签 {node.tag}", gloss="explicit YAML tags are not allowed",
                         hint="删除以 '!' 开头的标签", code="tag")
            ok = False
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append(key)
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return ok
