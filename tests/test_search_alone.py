"""A large site's search index is built after the build has let go of its memory (issue 22:
10,000 programs within 4 GB), on the command line only, and it is the same index."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sphinx_helpers import Site

ROOT = Path(__file__).resolve().parents[1]

# Records, when Pagefind starts in the build's process, how many documents its environment holds;
# with PB_FAIL_PAGEFIND set, "Pagefind" is a command that fails.
PROBE = """
import os
import sys

from policybook.search import pagefind


def setup(app):
    start = pagefind.Job.start

    def probed(job):
        with open(os.environ["PB_ALONE_PROBE"], "a", encoding="utf-8") as out:
            out.write(f"{len(app.env.all_docs)}\\n")
        start(job)

    pagefind.Job.start = probed
    if os.environ.get("PB_FAIL_PAGEFIND"):
        pagefind.pagefind_command = lambda: [sys.executable, "-c", "import sys; print('索引坏了'); sys.exit(3)"]
    return {"parallel_read_safe": True, "parallel_write_safe": True}
"""


def _command_line_build(tmp_path: Path, src: Path, name: str, *options: str, env: dict | None = None,
                        expect: int = 0) -> tuple[Path, list[int], subprocess.CompletedProcess]:
    probe = tmp_path / f"{name}.txt"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join((str(ROOT / "_ext"), str(tmp_path))),
           "PB_ALONE_PROBE": str(probe), "SOURCE_DATE_EPOCH": "1763683200", **(env or {})}
    out = tmp_path / name
    done = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-D", "extensions=policybook,alone_probe",
                           "-d", str(tmp_path / f"{name}-doctrees"), *options, str(src), str(out)],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=600)
    assert done.returncode == expect, done.stderr[-2000:]
    started = [int(line) for line in probe.read_text("utf-8").split()] if probe.exists() else []
    return out, started, done


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_large_site_indexes_after_the_build_process_is_gone_and_gets_the_same_index(tmp_path):
    (tmp_path / "alone_probe.py").write_text(PROBE, "utf-8")
    site = Site(tmp_path)
    overlapped, started_with, done = _command_line_build(tmp_path, site.src, "overlapped")
    assert "WARNING" not in done.stderr, done.stderr[-2000:]
    assert len(started_with) == 1 and started_with[0] > 10  # default: a small site indexes beside the build
    alone, started_with, done = _command_line_build(tmp_path, site.src, "alone", "-D", "policybook_search_alone_from=5")
    assert "WARNING" not in done.stderr, done.stderr[-2000:]
    assert started_with == []  # not started by the build's process
    assert "交给 Pagefind 单独建立索引" in done.stdout and done.stdout.rstrip().endswith("构建完成")
    index, again = _tree(overlapped / "pagefind"), _tree(alone / "pagefind")
    assert len(index) > 5 and index.keys() == again.keys()
    assert [name for name in index if index[name] != again[name]] == []
    pages = _tree(overlapped)
    assert {name for name in pages if not name.startswith("pagefind/")} == {
        name for name in _tree(alone) if not name.startswith("pagefind/")}
    assert not (alone / ".policybook-pagefind").exists()
    # the record that lets the next build index only changed pages was written
    assert (tmp_path / "alone-doctrees" / "policybook-pagefind.json").is_file()


def test_a_failed_index_run_alone_is_a_warning_and_fails_a_strict_build(tmp_path):
    (tmp_path / "alone_probe.py").write_text(PROBE, "utf-8")
    site = Site(tmp_path)
    failing = {"PB_FAIL_PAGEFIND": "1"}
    _, _, done = _command_line_build(tmp_path, site.src, "lenient", "-D", "policybook_search_alone_from=5", env=failing)
    assert "Pagefind 建立搜索索引失败: 索引坏了" in done.stderr and "[policybook.search-index]" in done.stderr
    assert "1 个警告" in done.stdout
    _, _, done = _command_line_build(tmp_path, site.src, "strict", "-W", "--keep-going", "-q",
                                     "-D", "policybook_search_alone_from=5", env=failing, expect=1)
    assert "Pagefind 建立搜索索引失败" in done.stderr and done.stdout == ""


def test_a_build_inside_a_longer_process_keeps_its_environment(tmp_path, monkeypatch):
    """``policybook serve`` and tests build again from the environment: never released."""
    from policybook.search import pagefind

    starts: list[int] = []
    apps: list = []
    start = pagefind.Job.start

    def probed(job):
        starts.append(len(apps[0].env.all_docs))
        start(job)

    monkeypatch.setattr(pagefind.Job, "start", probed)
    built = Site(tmp_path).build(confoverrides={"policybook_search_alone_from": 1}, on_app=apps.append)
    assert not built.warnings
    assert len(starts) == 1 and starts[0] > 10
    assert len(built.app.env.all_docs) == starts[0]
    assert (built.app.outdir / "pagefind/pagefind.js").is_file()
