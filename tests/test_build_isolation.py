"""Content is untrusted: the build reads nothing outside the content folders and opens no URL.

A canary file next to the project and a canary environment variable hold a random token; a
TCP listener on 127.0.0.1 counts connections. Guides and a policy body then try every way
docutils and MyST offer to pull a file or a URL into a page (include, literalinclude, raw and
csv-table with ``:file:`` or ``:url:``, the same inside ``{eval-rst}``, a symlink in a content
folder, images and downloads). ``policybook check`` and a real ``sphinx-build`` must report
each one on its line, in Chinese, and the token must appear nowhere in the output, the doctrees
or the messages; the listener must see no connection.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

BASIC = Path(__file__).parent / "roots" / "test-basic"
FENCE = "```"


class Listener:
    """A local TCP server that only counts who connects (a fetch would be a request here)."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.sock.settimeout(0.2)
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while self.running:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.running = False
        self.thread.join()
        self.sock.close()


def hostile_pages(canary: Path, port: int) -> dict[str, str]:
    """Project path -> text. Each guide tries one way out; the line of the attempt is line 7."""
    url = f"http://127.0.0.1:{port}"
    attempts = {
        "include-abs": f"{FENCE}{{include}} {canary}\n{FENCE}",
        "include-up": f"{FENCE}{{include}} ../../canary.txt\n{FENCE}",
        "include-link": f"{FENCE}{{include}} shared/canary-link.txt\n{FENCE}",
        "literalinclude-abs": f"{FENCE}{{literalinclude}} {canary}\n{FENCE}",
        "literalinclude-environ": f"{FENCE}{{literalinclude}} /proc/self/environ\n{FENCE}",
        "raw-file-abs": f"{FENCE}{{raw}} html\n:file: {canary}\n{FENCE}",
        "raw-file-up": f"{FENCE}{{raw}} html\n:file: ../../canary.txt\n{FENCE}",
        "raw-url": f"{FENCE}{{raw}} html\n:url: {url}/raw\n{FENCE}",
        "csv-file-abs": f"{FENCE}{{csv-table}} 表\n:file: {canary}\n{FENCE}",
        "csv-file-up": f"{FENCE}{{csv-table}} 表\n:file: ../../canary.txt\n{FENCE}",
        "csv-url": f"{FENCE}{{csv-table}} 表\n:url: {url}/table.csv\n{FENCE}",
        "rst-include": f"{FENCE}{{eval-rst}}\n.. include:: ../../canary.txt\n{FENCE}",
        "rst-literal": f"{FENCE}{{eval-rst}}\n.. literalinclude:: {canary}\n{FENCE}",
        "rst-raw-file": f"{FENCE}{{eval-rst}}\n.. raw:: html\n   :file: {canary}\n{FENCE}",
        "rst-csv-url": f"{FENCE}{{eval-rst}}\n.. csv-table:: 表\n   :url: {url}/rst.csv\n{FENCE}",
        "rst-code-file": f"{FENCE}{{eval-rst}}\n.. code:: text\n   :file: ../../canary.txt\n{FENCE}",
        "download-up": "{download}`下载 <../../canary.txt>`",
        "image-up": "![图](../../canary.txt)",
    }
    pages = {f"docs/{name}.md": f"---\norphan: true\n---\n\n# 试图读取外部文件\n\n{body}\n" for name, body in attempts.items()}
    measures = (BASIC / "source/policies/ip-measures.md").read_text("utf-8")
    pages["source/policies/ip-measures.md"] = measures.replace(
        "## 第一条", f"{FENCE}{{include}} ../../../canary.txt\n{FENCE}\n\n## 第一条", 1)
    return pages


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("isolation")
    token = secrets.token_hex(16)
    canary = tmp / "canary.txt"
    canary.write_text(f"CANARY-{token}\n", "utf-8")
    project = tmp / "project"
    shutil.copytree(BASIC, project)
    (project / "docs/shared").mkdir(exist_ok=True)
    (project / "docs/shared/canary-link.txt").symlink_to(canary)
    listener = Listener()
    pages = hostile_pages(canary, listener.port)
    for path, text in pages.items():
        (project / path).write_text(text, "utf-8")
    env = {**os.environ, "POLICYBOOK_CANARY": f"CANARY-{token}", "POLICYBOOK_DATE": "2026-11-21"}
    try:
        check = subprocess.run([sys.executable, "-m", "policybook.cli", "--root", str(project), "check"],
                               capture_output=True, text=True, env=env, timeout=300)
        build = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", str(project),
                                str(project / "_build/html"), "-d", str(project / "_build/doctrees")],
                               capture_output=True, text=True, env=env, timeout=600)
    finally:
        listener.close()
    return {"token": token, "project": project, "pages": pages, "check": check, "build": build,
            "connections": listener.connections}


def located(output: str) -> dict[str, set[int]]:
    lines: dict[str, set[int]] = {}
    for match in re.finditer(r"^(docs/[\w-]+\.md|source/policies/[\w-]+\.md|docs/shared/[\w.-]+):(\d+)",
                             re.sub(r"\x1b\[[0-9;]*m", "", output), re.M):
        lines.setdefault(match[1], set()).add(int(match[2]))
    return lines


def test_the_build_opens_no_url(hostile):
    assert hostile["connections"] == 0


def test_nothing_from_outside_reaches_any_output(hostile):
    token = hostile["token"]
    for path in sorted((hostile["project"] / "_build").rglob("*")):
        if path.is_file() and not path.is_symlink():
            assert token.encode() not in path.read_bytes(), path
    for run in ("check", "build"):
        assert token not in hostile[run].stdout + hostile[run].stderr, run


def test_check_reports_every_attempt_on_its_line(hostile):
    check = hostile["check"]
    assert check.returncode == 1, check.stderr[-2000:]
    assert "Traceback" not in check.stdout + check.stderr
    found = located(check.stdout)
    guides = [path for path in hostile["pages"] if path.startswith("docs/")]
    assert [path for path in guides if not found.get(path, set()) & {7, 8, 9}] == []  # the directive or its option
    assert "source/policies/ip-measures.md" in found
    assert "docs/shared/canary-link.txt" in found  # the link itself is a stray file


def test_the_build_reports_every_attempt_in_chinese(hostile):
    build = hostile["build"]
    assert "Traceback" not in build.stderr
    found = located(build.stderr)
    guides = [path for path in hostile["pages"] if path.startswith("docs/")]
    assert [path for path in guides if not found.get(path)] == []
    for line in re.sub(r"\x1b\[[0-9;]*m", "", build.stderr).splitlines():
        if line.startswith(("docs/", "source/")):
            assert re.search(r"[\u4e00-\u9fff]", line.split("WARNING:", 1)[-1]), line
