"""Reading program YAML files and policy front matter into validated plain data.

Pure functions: bytes in, (data, problems) out. The Sphinx parser, ``policybook check`` and the
tests all call these, so a file means the same thing everywhere.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any, NamedTuple

from . import strictyaml
from .fields import INVALID, Context
from .problems import Problems
from .schema import POLICY, PROGRAM
from .shapes import Obj


class Loaded(NamedTuple):
    """A validated entry (None when invalid), its problems, and the line of every field."""

    data: dict[str, Any] | None
    problems: Problems
    lines: dict[str, int]
    columns: dict[str, int] = {}
    partial: dict[str, Any] | None = None  # what did validate, when the whole did not


PROGRAM_LIMIT = (strictyaml.MAX_BYTES, "一个事项的 YAML 通常只有几 KB; 检查是否粘贴了整篇文档")
POLICY_LIMIT = (strictyaml.MAX_DOCUMENT_BYTES, "政策文件通常不超过几百 KB; 检查是否粘贴了整本汇编或图片数据")
PAGE_LIMIT = (strictyaml.MAX_DOCUMENT_BYTES, "指南页面通常不超过几百 KB; 检查是否粘贴了整本汇编或图片数据")


def decode(data: bytes, filename: str, limit: tuple[int, str] = PROGRAM_LIMIT) -> tuple[str | None, Problems]:
    """A content file's text, or None and the located reason (too large, not UTF-8).

    The one place bytes become text: ``policybook check`` calls it on every file, the build on
    every document before Sphinx reads it (so a GBK file is a located problem, not a crash).
    """
    problems = Problems(filename)
    return strictyaml.decode(data, problems, *limit), problems


def _load(text: str, filename: str, shape: Obj, line_offset: int = 0,
          problems: Problems | None = None) -> Loaded:
    problems = problems if problems is not None else Problems(filename)
    lines: dict[str, int] = {}
    columns: dict[str, int] = {}
    node = strictyaml.compose(text, problems, line_offset)
    if node is None:
        if not problems:
            problems.add(1 + line_offset, 1, "", "文件是空的", gloss="empty document",
                         hint="从模板复制一份再填写: policybook new program <编号>", code="empty")
        return Loaded(None, problems, lines, columns)
    ctx = Context(problems, line_offset, lines, columns)
    value = shape.convert(node, ctx, "")
    if value is INVALID:
        return Loaded(None, problems, lines, columns, ctx.partial.get(""))
    return Loaded(value, problems, lines, columns)


def _check_id_matches_file(data: dict, filename: str, problems: Problems, line: int,
                           column: int) -> None:
    stem = PurePosixPath(filename.replace("\\", "/")).stem
    if data["id"] != stem:
        problems.add(line, column, "id", f"编号 '{data['id']}' 与文件名 '{stem}' 不一致",
                     gloss="id does not match file name",
                     hint=f"把文件改名为 {data['id']}{PurePosixPath(filename).suffix}, 或把 id 改为 {stem}",
                     code="id-filename")


def _too_large(text: str, filename: str, limit: tuple[int, str]) -> Problems | None:
    """The size check of :func:`decode`, for text Sphinx has already decoded."""
    if len(text) * 3 <= limit[0]:  # a UTF-8 character takes at most 3 bytes here: no need to encode
        return None
    problems = Problems(filename)
    strictyaml.check_size(len(text.encode("utf-8", "surrogatepass")), problems, *limit)
    return problems or None


def load_program_text(text: str, filename: str) -> Loaded:
    """Validate one program's YAML; ``filename`` is used for messages and the id check."""
    too_large = _too_large(text, filename, PROGRAM_LIMIT)
    if too_large:
        return Loaded(None, too_large, {})
    loaded = _load(text.removeprefix("\ufeff"), filename, PROGRAM)
    if loaded.data is not None:
        _check_id_matches_file(loaded.data, filename, loaded.problems, loaded.lines.get("id", 1),
                               loaded.columns.get("id", 1))
        if loaded.problems:
            return Loaded(None, loaded.problems, loaded.lines, loaded.columns, loaded.data)
    return loaded


def load_program(data: bytes, filename: str) -> Loaded:
    """Decode and validate one program YAML file."""
    text, problems = decode(data, filename, PROGRAM_LIMIT)
    if text is None:
        return Loaded(None, problems, {})
    return load_program_text(text, filename)


_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.DOTALL)


def split_front_matter(text: str) -> tuple[str | None, int]:
    """(front matter YAML, number of lines before it) or (None, 0) when there is none."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return None, 0
    return match.group(1) or "", 1


def load_front_matter_text(text: str, filename: str, shape, what: str, gloss: str, template: str) -> Loaded:
    """Validate the front matter (the block between the first two '---') of a Markdown document
    of ``shape``: policies, notices, 公示 and 解读 share the strict loader and its messages.

    ``what`` names the kind to staff (政策文件), ``gloss`` in English, ``template`` the
    ``policybook new`` command that writes a correct one."""
    too_large = _too_large(text, filename, POLICY_LIMIT)
    if too_large:
        return Loaded(None, too_large, {})
    problems = Problems(filename)
    block, offset = split_front_matter(text)
    if block is None:
        problems.add(1, 1, "", f"{what}开头缺少 front matter (--- 包围的元数据)",
                     gloss=f"{gloss} needs front matter", hint=f"从模板复制: {template}", code="front-matter")
        return Loaded(None, problems, {})
    yaml_too_large = _too_large(block, filename, PROGRAM_LIMIT)  # the YAML itself: a few KB
    if yaml_too_large:
        return Loaded(None, yaml_too_large, {})
    loaded = _load(block, filename, shape, offset, problems)
    if loaded.data is not None:
        _check_id_matches_file(loaded.data, filename, problems, loaded.lines.get("id", 1),
                               loaded.columns.get("id", 1))
        if problems:
            return Loaded(None, problems, loaded.lines, loaded.columns, loaded.data)
    return loaded


def load_policy_front_matter_text(text: str, filename: str) -> Loaded:
    """Validate a policy document's front matter."""
    return load_front_matter_text(text, filename, POLICY, "政策文件", "policy file", "policybook new policy <编号>")


def load_policy_front_matter(data: bytes, filename: str) -> Loaded:
    """Decode a policy document and validate its front matter."""
    text, problems = decode(data, filename, POLICY_LIMIT)
    if text is None:
        return Loaded(None, problems, {})
    return load_policy_front_matter_text(text, filename)


def load_notice_front_matter(data: bytes, filename: str) -> Loaded:
    """Decode a notice document and validate its front matter."""
    text, problems = decode(data, filename, POLICY_LIMIT)
    if text is None:
        return Loaded(None, problems, {})
    return load_notice_front_matter_text(text, filename)


def load_notice_front_matter_text(text: str, filename: str) -> Loaded:
    """Validate a notice's front matter, as a policy's (same strict loader and messages)."""
    from .notice_schema import NOTICE  # declared beside its rules (it imports this module)

    return load_front_matter_text(text, filename, NOTICE, "通知公告", "notice file", "policybook new notice <编号>")
