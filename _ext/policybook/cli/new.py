"""``policybook new program|policy|guide|notice|publicity <id>``: a commented template, in the right folder.

The folders come from ``conf.py`` (``policybook_programs_dir`` …), as the build reads them.
An existing file is never overwritten, and the id is a file name: it cannot leave the folder.
A name with a path in it (``../../x``, ``/tmp/x``, ``a/b``), a line break or a control
character, or one that Windows keeps for a device (``con``, ``nul`` …) is refused before
anything is written, and so is a folder or file that is a link to somewhere outside the project.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from ..config import PolicybookConfig
from ..model.refs import ID_PATTERN, id_problem

TEMPLATES = Path(__file__).parent / "templates"
KINDS = {"program": "program.yaml", "policy": "policy.md", "guide": "guide.md", "notice": "notice.md",
         "publicity": "publicity.md", "interpretation": "interpretation.md"}
#: File names Windows keeps for devices, with any extension (con.md cannot be opened there).
WINDOWS_DEVICES = frozenset({"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)),
                             *(f"lpt{n}" for n in range(10))})


def name_problem(entry_id: str) -> tuple[str, str] | None:
    """Why ``entry_id`` cannot be the name of a new file, as (message, hint); None when it can."""
    if any(ch in entry_id for ch in "/\\") or entry_id.startswith("~") or ".." in entry_id:
        return ("编号只是文件名, 不能包含路径 ('/'、'\\'、'..')",
                "只写编号, 如 patent-subsidy; 文件会放进 conf.py 设置的文件夹")
    problem = id_problem(entry_id)
    if problem:
        return problem
    if not entry_id.isprintable():
        return "编号中含有换行、Tab 或其他控制字符", "重新输入编号; 常见于从网页或文档复制"
    if not re.fullmatch(ID_PATTERN, entry_id):  # the pattern's $ also matches before a final newline
        return "编号格式不正确", "只能使用小写英文字母、数字和连字符 '-', 例如 patent-subsidy"
    if entry_id in WINDOWS_DEVICES:
        return "编号是 Windows 保留的设备名, 这样的文件在 Windows 上无法打开", f"换一个编号, 如 {entry_id}-program"
    return None


def _shown(entry_id: str) -> str:
    """The name as typed, with line breaks and control characters made visible."""
    return "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in entry_id)


def target_of(root: Path, kind: str, entry_id: str, settings: PolicybookConfig) -> Path:
    folder = {"program": settings.programs_dir, "policy": settings.policies_dir, "guide": "source/guides",
              "notice": settings.notices_dir, "publicity": settings.publicity_dir,
              "interpretation": settings.interpretations_dir}[kind]
    return root / folder.strip("/") / (entry_id + Path(KINDS[kind]).suffix)


def run_new(root: Path, kind: str, entry_id: str, settings: PolicybookConfig, policy: str | None = None) -> int:
    problem = name_problem(entry_id)
    if problem:
        print(f"编号 '{_shown(entry_id)}' 无效: {problem[0]}。{problem[1]} (nothing was written)", file=sys.stderr)
        return 2
    target = target_of(root, kind, entry_id, settings)
    if not target.parent.resolve().is_relative_to(root.resolve()):
        print(f"{target.parent.relative_to(root)} 指向项目以外的文件夹 (符号链接), 不会在那里创建文件 "
              "(refusing to write outside the project)。", file=sys.stderr)
        return 2
    if target.is_symlink() or target.exists():
        print(f"{target.relative_to(root)} 已存在, 不会覆盖 (refusing to overwrite)。"
              "请换一个编号, 或直接编辑现有文件。", file=sys.stderr)
        return 1
    text = (TEMPLATES / KINDS[kind]).read_text("utf-8").replace("{id}", entry_id)
    if kind == "interpretation":
        from .new_interpretation import fill
        text = fill(text, root, policy, settings)
        if text is None:
            return 2
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as file:  # never through a link, never over a file made meanwhile
        file.write(text)
    print(f"已创建 {target.relative_to(root)}; 填写后运行 policybook check 检查, make serve 预览。")
    return 0
