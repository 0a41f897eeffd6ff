"""Every problem staff see is in Chinese: make check, make serve and make html over the whole
bad-input corpus print no problem line without Chinese (and no traceback)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading

from badinput import harness
from test_build_safety import BASIC, REPO, VENV, run_make
from test_live_preview import free_port, wait_for

CJK = re.compile(r"[\u4e00-\u9fff]")
PROBLEM = re.compile(r"(WARNING|ERROR|CRITICAL)|^\S+\.(yaml|yml|md|py):\d+")


def problem_lines(output: str) -> list[str]:
    plain = re.sub(r"\x1b\[[0-9;]*m", "", output)
    return [line for line in plain.splitlines() if PROBLEM.search(line)]


def test_no_problem_line_without_chinese(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(BASIC, project)
    shutil.copy(REPO / "Makefile", project / "Makefile")
    harness.install(project, [case for case in harness.load_manifest() if not case.generate], extra_pages=True)
    env = {**os.environ, "POLICYBOOK_DATE": "2026-11-21"}

    checked = subprocess.run(["make", "-C", str(project), "check", f"VENV={VENV}", "-o", f"{VENV}/.installed"],
                             capture_output=True, text=True, env=env, timeout=600)
    built = run_make(project)
    port = free_port()
    served = subprocess.Popen([sys.executable, "-m", "policybook.cli", "--root", str(project), "serve", "--port",
                               str(port), "-j", "1"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              env={**env, "PYTHONUNBUFFERED": "1"})
    output: list[str] = []
    threading.Thread(target=lambda: output.extend(iter(served.stdout.readline, "")), daemon=True).start()
    try:
        wait_for(lambda: any("serving on" in line for line in output), 180, "the preview")
    finally:
        served.terminate()
        served.wait(timeout=30)

    for name, text in (("make check", checked.stdout + checked.stderr), ("make html", built.stdout + built.stderr),
                       ("make serve", "".join(output))):
        lines = problem_lines(text)
        assert len(lines) > 50, f"{name}: the corpus should give many problems"
        assert [line for line in lines if not CJK.search(line)] == [], name
        assert "Traceback" not in text, name
    assert checked.returncode != 0 and built.returncode != 0
