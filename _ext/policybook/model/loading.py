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


def _load(data: bytes, filename: str, shape: Obj, line_offset: int = 0,
          problems: Problems | None = None) -> Loaded:
    problems = problems if problems is not None else Problems(filename)
    lines: dict[str, int] = {}
    columns: dict[str, int] = {}
    text = strictyaml.decode(data, problems)
    if text is None:
        return Loaded(None, problems, lines, columns)
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


def load_program(data: bytes, filename: str) -> Loaded:
    """Validate one program YAML file; ``filename`` is used for messages and the id check."""
    loaded = _load(data, filename, PROGRAM)
    if loaded.data is not None:
        _check_id_matches_file(loaded.data, filename, loaded.problems, loaded.lines.get("id", 1),
                               loaded.columns.get("id", 1))
        if loaded.problems:
            return Loaded(None, loaded.problems, loaded.lines, loaded.columns, loaded.data)
    return loaded


_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.DOTALL)


def split_front_matter(text: str) -> tuple[str | None, int]:
    """(front matter YAML, number of lines before it) or (None, 0) when there is none."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return None, 0
    return match.group(1) or "", 1


def load_policy_front_matter(data: bytes, filename: str) -> Loaded:
    """Validate a policy document's front matter (the block between the first two '---')."""
    problems = Problems(filename)
    # The document may be long; only its front matter (checked below) is YAML.
    text = strictyaml.decode(data, problems, strictyaml.MAX_DOCUMENT_BYTES,
                             "政策文件通常不超过几百 KB; 检查是否粘贴了整本汇编或图片数据")
    if text is None:
        return Loaded(None, problems, {})
    block, offset = split_front_matter(text)
    if block is None:
        problems.add(1, 1, "", "政策文件开头缺少 front matter (--- 包围的元数据)",
                     gloss="policy file needs front matter",
                     hint="从模板复制: policybook new policy <编号>", code="front-matter")
        return Loaded(None, problems, {})
    loaded = _load(block.encode("utf-8"), filename, POLICY, offset, problems)
    if loaded.data is not None:
        _check_id_matches_file(loaded.data, filename, problems, loaded.lines.get("id", 1),
                               loaded.columns.get("id", 1))
        if problems:
            return Loaded(None, problems, loaded.lines, loaded.columns, loaded.data)
    return loaded
