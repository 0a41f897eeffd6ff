"""``policybook rollover YEAR``: next year's windows proposed from the forecast data, written as a
change to review (the window lines and one ``changes`` entry, nothing else), never silently.

Run as staff run it (the command line) on a copy of the sample site, with the windows of five
programs set here so the test does not depend on what the sample says this month: a month-only
``expected`` (last round's days moved), an ``expected`` with days, a ``recurring`` rule, no
forecast at all (for a person), and a next round in another year (left alone).
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from policybook.cli.rollover import rolled
from policybook.model.rollover import plan, shift_months

REPO = Path(__file__).parent.parent
TODAY = "2026-12-20"
WINDOWS = {
    "agri-demo-project": ("2026-03-01", "2026-04-30", "  expected:\n    open: 2027-03\n"),
    "tech-incubator": ("2026-09-01", "2026-10-15", "  expected:\n    open: 2027-09-06\n    close: 2027-10-20\n"),
    "tech-transfer-loan": ("2026-11-01", "2026-11-30",
                           "  recurring:\n    every: year\n    open: 02-01\n    close: 02-31\n"),
    "high-tech-first-reward": ("2026-11-10", "2026-12-02", ""),
    "new-rd-institution": ("2026-08-15", "2026-09-30", "  expected:\n    open: 2028-08\n"),
}


def set_window(path: Path, opens: str, closes: str, forecast: str) -> None:
    """Replace the program's whole ``window:`` block (a comment inside it must survive the roll-over)."""
    block = (f"window:\n  mode: scheduled  # 每年一轮\n  open: {opens}\n  close: {closes}\n{forecast}"
             "  note: |\n    上一轮的说明。\n")
    text = path.read_text("utf-8")
    text, count = re.subn(r"^window:\n(?:[ \t]+.*\n|\n)*", lambda _: block, text, count=1, flags=re.M)
    assert count == 1, path
    path.write_text(text, "utf-8")


@pytest.fixture
def site(tmp_path) -> Path:
    root = tmp_path / "site"
    root.mkdir()
    for name in ("conf.py", "index.md"):
        shutil.copy(REPO / name, root / name)
    shutil.copytree(REPO / "source", root / "source")
    for program, (opens, closes, forecast) in WINDOWS.items():
        set_window(root / f"source/programs/{program}.yaml", opens, closes, forecast)
    return root


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "policybook.cli", "--root", str(root), *args], capture_output=True,
                          text=True, timeout=300, env={**os.environ, "POLICYBOOK_DATE": TODAY})


def errors(root: Path) -> set[tuple[str, str]]:
    done = run(root, "check", "--format", "json")
    return {(p["file"], p["message"]) for p in json.loads(done.stdout)["problems"]
            if p["severity"] == "error"}


def lines_of(root: Path, program: str) -> list[str]:
    return (root / f"source/programs/{program}.yaml").read_text("utf-8").splitlines()


def test_dry_run_shows_the_diff_and_writes_nothing(site):
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    done = run(site, "rollover", "2027", "--dry-run")
    assert done.returncode == 0, done.stderr
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert "--- a/source/programs/agri-demo-project.yaml" in done.stdout
    assert "+  open: 2027-03-01\n" in done.stdout and "-  open: 2026-03-01\n" in done.stdout
    assert "没有写入" in done.stderr


def test_rollover_writes_the_next_round_and_a_changes_entry_only(site):
    old = {name: lines_of(site, name) for name in WINDOWS}
    done = run(site, "rollover", "2027")
    left = errors(site)
    assert done.returncode == (1 if left else 0), done.stderr  # 1: check still reports something
    rolled_files = {f"source/programs/{name}.yaml" for name in ("agri-demo-project", "tech-incubator",
                                                                "tech-transfer-loan")}
    assert not {file for file, _ in left} & rolled_files  # the rolled files are valid
    out = done.stdout
    assert re.search(r"agri-demo-project\.yaml:\d+: .*2026-03-01 至 2026-04-30 → 预计 2027-03-01 至 2027-04-30", out)
    assert re.search(r"tech-incubator\.yaml:\d+: .*→ 预计 2027-09-06 至 2027-10-20 \(按 window.expected\)", out)
    assert re.search(r"tech-transfer-loan\.yaml:\d+: .*→ 预计 2027-02-01 至 2027-02-28 \(按 window.recurring\)", out)
    assert re.search(r"high-tech-first-reward\.yaml:\d+: 需要人工处理 \(needs a person\): .*没有预计的下次申报时间", out)
    assert re.search(r"new-rd-institution\.yaml:\d+: 需要人工处理 .*下一轮预计在 2028-08-15 开始, 不在 2027 年", out)
    for name in ("high-tech-first-reward", "new-rd-institution"):
        assert lines_of(site, name) == old[name], name  # nothing proposed, nothing written
    new = lines_of(site, "agri-demo-project")
    removed = [line[1:] for line in difflib.ndiff(old["agri-demo-project"], new) if line.startswith("- ")]
    added = [line[1:] for line in difflib.ndiff(old["agri-demo-project"], new) if line.startswith("+ ")]
    assert [line.strip() for line in removed] == ["open: 2026-03-01", "close: 2026-04-30", "expected:", "open: 2027-03"]
    assert [line.strip() for line in added] == [
        "open: 2027-03-01", "close: 2027-04-30", "forecast: true", f"- date: {TODAY}",
        "text: 申报期滚动到2027年，预计2027-03-01至2027-04-30（window.expected 只写到月份 (2027-03), "
        "日期沿用上一轮）；通知发布后核对日期，并删除 forecast"]
    assert "  mode: scheduled  # 每年一轮" in new  # comments stay
    again = run(site, "rollover", "2027")
    assert "agri-demo-project" not in again.stdout and "tech-incubator" not in again.stdout  # once only


def test_a_wrong_year_is_refused_in_chinese(site):
    done = run(site, "rollover", "27")
    assert done.returncode == 2 and "年份 27 无效" in done.stderr and done.stdout == ""


def test_changes_keep_the_file_order_and_months_clamp():
    text = ("id: x\nwindow:\n  mode: scheduled\n  open: 2026-01-31\n  close: 2026-02-28\nreviewed: 2026-01-01\n"
            "changes:\n  - date: 2025-01-01\n    text: 旧\n  - date: 2026-01-01\n    text: 新\n")
    report = SimpleNamespace(kind="program", path="x.yaml", lines={}, entry={
        "title": "甲", "window": {"mode": "scheduled", "open": dt.date(2026, 1, 31), "close": dt.date(2026, 2, 28),
                                  "expected": {"open": "2027-04"}}})
    [proposal], manual = plan([report], 2027, dt.date(2026, 12, 20))
    assert manual == [] and (proposal.new_open, proposal.new_close) == (dt.date(2027, 4, 30), dt.date(2027, 5, 28))
    out = rolled(text.encode(), proposal, 2027, dt.date(2026, 12, 20)).decode()
    assert out.endswith("    text: 新\n  - date: 2026-12-20\n    text: " + out.rsplit("text: ", 1)[1])  # oldest first
    assert shift_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)


def test_a_round_announced_by_a_notice_is_never_written_into_the_program(site):
    """The notices give 高企 its 2027 dates and gave 创新券 its 2026 Q4 round: rolling them over would
    repeat the notice's dates in the program (an error), so they are settled, with the notice named."""
    hightech, voucher = lines_of(site, "high-tech-recognition"), lines_of(site, "innovation-voucher")
    done = run(site, "rollover", "2027")
    out = done.stdout
    line = next(line for line in out.splitlines() if "high-tech-recognition.yaml" in line)
    assert "不用改" in line and "2027年第一批 2027年4月1日至2027年5月31日" in line and "通知公告《" in line
    assert "需要人工处理" not in line and "请按通知填写" not in line
    line = next(line for line in out.splitlines() if "innovation-voucher.yaml" in line)
    assert "不用改" in line and "2026年第四季度" in line and "预计时间" in line
    assert (lines_of(site, "high-tech-recognition"), lines_of(site, "innovation-voucher")) == (hightech, voucher)
    assert not {file for file, _ in errors(site)} & {"source/programs/high-tech-recognition.yaml",
                                                    "source/programs/innovation-voucher.yaml"}
