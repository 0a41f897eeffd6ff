"""``policybook new program|policy|guide <id>``: a commented template, in the right folder.

The folders come from ``conf.py`` (``policybook_programs_dir`` …), as the build reads them.
An existing file is never overwritten, and the id is a file name: it cannot leave the folder.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..config import PolicybookConfig
from ..model.refs import id_problem

TEMPLATES = Path(__file__).parent / "templates"
KINDS = {"program": "program.yaml", "policy": "policy.md", "guide": "guide.md"}


def target_of(root: Path, kind: str, entry_id: str, settings: PolicybookConfig) -> Path:
    folder = {"program": settings.programs_dir, "policy": settings.policies_dir, "guide": "docs"}[kind]
    return root / folder.strip("/") / (entry_id + Path(KINDS[kind]).suffix)


def run_new(root: Path, kind: str, entry_id: str, settings: PolicybookConfig) -> int:
    problem = id_problem(entry_id)
    if problem:
        print(f"编号 '{entry_id}' 无效: {problem[0]}。{problem[1]}", file=sys.stderr)
        return 2
    target = target_of(root, kind, entry_id, settings)
    if target.exists():
        print(f"{target.relative_to(root)} 已存在, 不会覆盖 (refusing to overwrite)。"
              "请换一个编号, 或直接编辑现有文件。", file=sys.stderr)
        return 1
    text = (TEMPLATES / KINDS[kind]).read_text("utf-8").replace("{id}", entry_id)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, "utf-8")
    print(f"已创建 {target.relative_to(root)}; 填写后运行 policybook check 检查, make serve 预览。")
    return 0
