"""``policybook rollover YEAR [--dry-run]``: next year's application windows, as a change to review.

Lists every scheduled program whose window has passed and, where the window's forecast
(``expected`` / ``recurring``) gives the next round in YEAR, rewrites that program's file
(:mod:`policybook.model.rollover` decides what): the new ``open``/``close``, ``forecast: true``
(the dates are 预计 until the notice is out), ``expected`` removed (it is now the current round),
and a ``changes`` entry saying so. Files are edited with ruamel.yaml's round-trip mode (the
spreadsheet import's :class:`~policybook.sheet.yaml_edit.Document`), so comments, key order and
every other line stay as they were. Nothing is committed: staff read ``git diff`` (or run with
``--dry-run`` to see the same diff without writing) and commit what they agree with.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import sys
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..model.rollover import YEARS, Proposal, change_text, plan
from ..model.schema import PROGRAM, WINDOW
from ..sheet.yaml_edit import Document, NotFaithful
from .citations import check_after

WINDOW_ORDER = [f.name for f in WINDOW.fields]
PROGRAM_ORDER = [f.name for f in PROGRAM.fields]


def _add_change(doc: Document, when: dt.date, text: str) -> None:
    """A ``changes`` entry, first or last as the file already orders them (newest first by default)."""
    entry = CommentedMap([("date", when), ("text", text)])
    changes = doc.data.get("changes")
    if not changes:
        before = set(PROGRAM_ORDER[:PROGRAM_ORDER.index("changes")])
        keys = list(doc.data)
        position = max((i for i, key in enumerate(keys) if key in before), default=len(keys) - 1) + 1
        doc.data.insert(position, "changes", CommentedSeq([entry]))
        return
    dates = [item.get("date") for item in changes if isinstance(item, dict)]
    oldest_first = len(dates) > 1 and all(isinstance(d, dt.date) for d in dates) and dates[0] < dates[-1]
    if oldest_first:
        changes.append(entry)
    else:
        changes.insert(0, entry)


def rolled(data: bytes, proposal: Proposal, year: int, today: dt.date) -> bytes:
    """The program file with the proposed round written in (raises NotFaithful if ruamel cannot
    keep the rest of the file as it is)."""
    doc = Document(data)
    if not doc.faithful:
        raise NotFaithful
    doc.set(["window", "open"], WINDOW_ORDER, proposal.new_open)
    doc.set(["window", "close"], WINDOW_ORDER, proposal.new_close)
    doc.set(["window", "forecast"], WINDOW_ORDER, True)
    doc.set(["window", "expected"], WINDOW_ORDER, None)
    _add_change(doc, today, change_text(proposal, year))
    return doc.text()


def _diff(path: str, old: bytes, new: bytes) -> str:
    return "".join(difflib.unified_diff(old.decode("utf-8").splitlines(keepends=True),
                                        new.decode("utf-8").splitlines(keepends=True),
                                        fromfile=f"a/{path}", tofile=f"b/{path}"))


def _edits(root: Path, proposals: list[Proposal], manual: list[Proposal], year: int,
           today: dt.date) -> dict[str, tuple[bytes, bytes]]:
    edits = {}
    for proposal in proposals:
        data = (root / proposal.path).read_bytes()
        try:
            edits[proposal.path] = (data, rolled(data, proposal, year, today))
        except (NotFaithful, KeyError, TypeError):
            manual.append(dataclasses.replace(proposal, problem="这个文件的格式无法自动修改而不改动其他行, 请手工修改"))
            continue
        note = "; window.note 写的是上一轮, 请改写" if proposal.stale_note else ""
        print(f"{proposal.place}: {proposal.title}: {proposal.old_open} 至 {proposal.old_close} → "
              f"预计 {proposal.new_open} 至 {proposal.new_close} ({proposal.source}){note}")
    return edits


def run_rollover(root: Path, year: int, dry_run: bool, settings) -> int:
    from .check import check

    if year not in YEARS:
        print(f"年份 {year} 无效: 请写四位数的年份, 如 policybook rollover 2027 (nothing was changed)", file=sys.stderr)
        return 2
    today = settings.today()
    proposals, manual = plan(check(root).reports, year, today)
    edits = _edits(root, proposals, manual, year, today)
    for item in sorted(manual, key=lambda p: p.path):
        label = "不用改 (set by a notice)" if item.settled else "需要人工处理 (needs a person)"
        print(f"{item.place}: {label}: {item.title}: {item.problem}")
    if not edits:
        waiting = sum(not item.settled for item in manual)
        print(f"没有可以滚动到 {year} 年的事项 (按 {today} 已截止的定期申报事项: {waiting} 个需要人工处理)",
              file=sys.stderr)
        return 0
    if dry_run:
        for path, (old, new) in sorted(edits.items()):
            print(_diff(path, old, new), end="")
        print(f"--dry-run: 将修改 {len(edits)} 个文件, 没有写入 (nothing was written)", file=sys.stderr)
        return 0
    for path, (_, new) in sorted(edits.items()):
        (root / path).write_bytes(new)
    print(f"已把 {len(edits)} 个事项的申报期改为 {year} 年的预计日期, 每个文件加了一条 changes 记录。"
          f"用 git diff 逐个核对, 再 git add 这些文件并提交; 不同意的用 git restore 文件名 撤销", file=sys.stderr)
    return check_after(root, "滚动")
