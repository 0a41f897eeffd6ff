"""``policybook import-policy FILE.docx|FILE.pdf [--id ID]``: a policy from the document it came in.

A PDF is read from its text layer (:mod:`policybook.importing.pdf_reader`): its tables arrive as
text and are reported for a person; a scan has no text and is refused.

Writes ``<policies folder>/ID.md`` with the front matter filled from the document (title, 文号,
发文机关, 成文日期, 施行日期) and the articles as ``## 第N条`` sections, then says what a
person must check: fields written as TODO (``check`` points at each), images left out, a
document numbered 一、（一） instead of 第N条. An existing file is never overwritten.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from ..config import PolicybookConfig
from ..importing.docx_reader import NotADocx, read_blocks
from ..importing.pdf_reader import NotAPdf, NoTextLayer
from ..importing.pdf_reader import read_blocks as read_pdf
from ..importing.policy_text import convert
from .new import name_problem


def suggested_id(path: Path) -> str:
    stem = re.sub(r"[^a-z0-9-]+", "-", path.stem.lower()).strip("-")
    return stem if stem and not name_problem(stem) else ""


def run_import_policy(root: Path, file: Path, policy_id: str | None, settings: PolicybookConfig) -> int:
    if file.suffix.lower() == ".doc":
        print("这是旧的 .doc 格式: 请在 Word 或 WPS 中“另存为” .docx 后再导入", file=sys.stderr)
        return 2
    if not file.is_file():
        print(f"找不到文件 {file} (file not found)", file=sys.stderr)
        return 2
    policy_id = policy_id or suggested_id(file)
    if not policy_id:
        print("请用 --id 给政策起一个编号 (小写英文字母、数字和连字符, 如 county-ip-measures-2027)", file=sys.stderr)
        return 2
    problem = name_problem(policy_id)
    if problem:
        print(f"编号 '{policy_id}' 无效: {problem[0]}。{problem[1]}", file=sys.stderr)
        return 2
    target = root / settings.policies_dir / f"{policy_id}.md"
    if target.exists():
        print(f"{target.relative_to(root)} 已存在, 不会覆盖 (refusing to overwrite)。换一个 --id", file=sys.stderr)
        return 1
    try:
        blocks, left_out = read_pdf(file) if file.suffix.lower() == ".pdf" else read_blocks(file)
    except NotADocx:
        print(f"{file.name} 无法作为 Word 文档 (.docx) 打开: 文件可能已损坏, 或其实是其他格式", file=sys.stderr)
        return 2
    except NotAPdf:
        print(f"{file.name} 无法作为 PDF 打开: 文件可能已损坏或加密; 可以请发文单位提供 Word 版", file=sys.stderr)
        return 2
    except NoTextLayer:
        print(f"{file.name} 是扫描件 (没有文字层), 无法导入: 请向发文单位要 Word 版或带文字的 PDF, "
              "或用 policybook new policy 新建后手工录入", file=sys.stderr)
        return 2
    imported = convert(blocks, policy_id)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as out:
        out.write(imported.text())
    articles = sum(1 for line in imported.body.splitlines() if re.match(r"^#{2,3} 第.+条", line))
    print(f"已导入 {target.relative_to(root).as_posix()}: {articles} 条")
    for note in imported.notes + left_out:
        print(f"  请检查: {note}")
    print("然后运行 policybook check, 并用 make serve 对照原文预览。", file=sys.stderr)
    return 0
