"""The reliability summary table the test run writes (``_build/reliability/summary.md``).

Each test layer records one row when it has judged its inputs: how many it tried, how many
gave a located error, how many rendered safely, and how many failed (known gaps included, so
the table never looks better than the truth). Rows from an earlier, partial run keep their
date, so a ``-k`` run does not pass off old numbers as new. docs/reliability.md quotes the
table from a full ``make test``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

OUT = Path(os.environ.get("POLICYBOOK_RELIABILITY_DIR", Path(__file__).parents[2] / "_build" / "reliability"))
SESSION = f"{os.getppid()}-{os.getpid()}"

#: Row order and Chinese labels (English after the slash, for CI logs).
ROWS = {
    "corpus-loader": "坏输入语料 · 加载器 (子进程, 限时限内存) / corpus · loaders",
    "corpus-check": "坏输入语料 · policybook check / corpus · checker",
    "corpus-build": "坏输入语料 · Sphinx 构建 / corpus · Sphinx build",
    "make-html": "多个坏文件 · make html (保留上次成功的网站) / make html, several bad files",
    "properties": "属性测试 · 变异有效条目 (hypothesis) / property-based mutations",
    "escaping": "转义 · 页面、搜索索引、JSON、JSON-LD、Atom、ICS / escaping in every output",
    "vnu": "Nu HTML Checker · 示例站点全部页面 / vnu, every page",
    "axe": "axe-core · 每种页面 (桌面与手机) / axe, every page type",
}
HEADER = ("| 测试层 (layer) | 输入 inputs tried | 定位的错误 located errors | 安全渲染 safe renders "
          "| 失败 failures | 说明 notes |\n|---|---:|---:|---:|---:|---|\n")


def record(row: str, *, tried: int, errors: int, safe: int, failures: int, note: str = "") -> None:
    """Record (or replace) one row and rewrite the table."""
    assert row in ROWS, row
    OUT.mkdir(parents=True, exist_ok=True)
    data_file = OUT / "summary.json"
    try:
        data = json.loads(data_file.read_text("utf-8"))
    except (OSError, ValueError):
        data = {}
    data[row] = {"tried": tried, "errors": errors, "safe": safe, "failures": failures, "note": note,
                 "session": SESSION, "date": dt.datetime.now().astimezone().isoformat(timespec="seconds")}
    data_file.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", "utf-8")
    (OUT / "summary.md").write_text(table(data), "utf-8")


def table(data: dict) -> str:
    lines = []
    for key, label in ROWS.items():
        row = data.get(key)
        if row is None:
            continue
        note = row["note"]
        if row["session"] != SESSION:
            note = f"{note} (较早的运行 earlier run, {row['date'][:16]})".strip()
        lines.append(f"| {label} | {row['tried']} | {row['errors']} | {row['safe']} | {row['failures']} "
                     f"| {note} |\n")
    total = {k: sum(data[r][k] for r in data if r in ROWS) for k in ("tried", "errors", "safe", "failures")}
    lines.append(f"| **合计 total** | **{total['tried']}** | **{total['errors']}** | **{total['safe']}** "
                 f"| **{total['failures']}** | |\n")
    return HEADER + "".join(lines)
