"""``policybook rename-program OLD NEW``: a program's id changed, every reference with it.

The id is the file name and the page's address, and other programs' ``related`` lists and
``{program}`` roles in any text or guide name it. The command renames the file, rewrites the
``id`` line and each reference token (nothing else on those lines), and records the old id
in ``former_ids``, so the old address (forwarded in WeChat, bookmarked) shows a page that
points to the new one instead of 已撤销 (``site/withdrawn.py``). Then it runs ``check``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from ..validate.citations import program_references, rewrite
from .citations import check_after
from .new import name_problem


def add_former_id(text: str, old: str, new: str) -> str | None:
    """The program file's text with ``id: new`` and ``old`` in ``former_ids``; None if no id line."""
    id_line = re.compile(rf"^id:[ \t]*(['\"]?){re.escape(old)}\1[ \t]*(#.*)?$", re.M)
    match = id_line.search(text)
    if match is None:
        return None
    comment = f" {match[2]}" if match[2] else ""
    text = text[:match.start()] + f"id: {new}{comment}" + text[match.end():]
    flow = re.compile(r"^former_ids:[ \t]*\[(?P<items>[^\]\n]*)\][ \t]*(#.*)?$", re.M)
    existing = flow.search(text)
    if existing:
        items = [item.strip() for item in existing["items"].split(",") if item.strip()]
        if old not in items:
            items.append(old)
        return text[:existing.start("items")] + ", ".join(items) + text[existing.end("items"):]
    if re.search(r"^former_ids:", text, re.M):  # a block list: add an item after the key
        return re.sub(r"^(former_ids:[^\n]*\n)", rf"\g<1>  - {old}\n", text, count=1, flags=re.M)
    end = text.index("\n", text.index(f"id: {new}")) + 1 if "\n" in text[text.index(f"id: {new}"):] else len(text)
    return text[:end] + ("" if text[:end].endswith("\n") else "\n") + f"former_ids: [{old}]\n" + text[end:]


def run_rename_program(root: Path, old: str, new: str) -> int:
    from .check import check

    problem = name_problem(new)
    if problem:
        print(f"新编号 '{new}' 无效: {problem[0]}。{problem[1]} (nothing was changed)", file=sys.stderr)
        return 2
    reports = check(root).reports
    programs = {r.entry_id: r for r in reports if r.kind == "program" and r.entry_id}
    if old not in programs:
        print(f"没有编号为 '{old}' 的事项 (no such program)。编号即事项 YAML 的文件名, 不含 .yaml", file=sys.stderr)
        return 2
    if new in programs or any(r.docname.rsplit("/", 1)[-1] == new for r in reports if r.kind == "program"):
        print(f"已有编号为 '{new}' 的事项, 换一个新编号 (refusing to overwrite)", file=sys.stderr)
        return 2
    source = root / programs[old].path
    target = source.with_name(new + source.suffix)
    data = source.read_text("utf-8")
    renamed = add_former_id(data, old, new)
    if renamed is None:
        print(f"{programs[old].path}: 没有找到 'id: {old}' 这一行, 请手工修改 (nothing was changed)", file=sys.stderr)
        return 2
    references = program_references(reports, old)
    by_file: dict[str, list] = {}
    for citation in references:
        by_file.setdefault(citation.file, []).append((citation, new))
    changed = 0
    missed = []
    for file, edits in sorted(by_file.items()):
        path = root / file
        text = renamed if path == source else path.read_text("utf-8")
        updated, not_found = rewrite(text, edits)
        missed += not_found
        for citation, _ in edits:
            if citation not in not_found:
                print(f"{citation.where()}: {old} → {new}")
                changed += 1
        if path == source:
            renamed = updated
        else:
            path.write_text(updated, "utf-8")
    target.write_text(renamed, "utf-8")
    source.unlink()
    print(f"{programs[old].path} → {target.relative_to(root).as_posix()} (former_ids: {old})")
    for citation in missed:
        print(f"{citation.where()}: 需要人工处理 (needs a person): 在这一行没有找到 {old}")
    print(f"已改名, 并修改了 {changed} 处引用; 旧网址会指向新页面。用 git add -A 提交 (文件已改名)", file=sys.stderr)
    return check_after(root, "改名")
