"""bench/run.py measures a -j auto build's memory over its whole process tree, not its largest process."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

BENCH = Path(__file__).parent.parent / "bench"


def _bench_run():
    """bench/run.py as a module (bench/ is not a package)."""
    sys.path.insert(0, str(BENCH))
    try:
        import run
    finally:
        sys.path.remove(str(BENCH))
    return run


@contextlib.contextmanager
def _ready(script: str):
    """A Python process running ``script``, once it has printed 'ok'; it ends when stdin closes."""
    proc = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert proc.stdout.readline().strip() == b"ok"
        yield proc
    finally:
        proc.stdin.close()
        proc.wait(timeout=30)


# A parent that starts a child holding 80 MB; both wait for stdin to close.
TREE = ("import subprocess, sys; c = subprocess.Popen([sys.executable, '-c', "
        "\"import sys; b = bytearray(80 * 2**20); sys.stdout.write('ok\\\\n'); sys.stdout.flush(); sys.stdin.read()\"], "
        "stdin=subprocess.PIPE, stdout=subprocess.PIPE); print(c.stdout.readline().decode().strip(), flush=True); "
        "sys.stdin.read(); c.stdin.close(); c.wait()")


def test_tree_rss_counts_children():
    run = _bench_run()
    with _ready(TREE) as proc:  # the child holds its 80 MB now
        own = int(next(line.split()[1] for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines()
                       if line.startswith("VmRSS:")))
        sampler = run.TreeRss(proc.pid, interval=0.05)
        deadline = time.monotonic() + 30
        while sampler.peak_kb < own + 80 * 1024 and time.monotonic() < deadline:
            time.sleep(0.05)
        sampler.stop()
        assert own < 80 * 1024 <= sampler.peak_kb - own


# A parent that fills 100 MB, then forks a child that only reads it: the pages stay shared.
SHARED = ("import os, sys; b = bytearray(os.urandom(100 * 2**20)); pid = os.fork()\n"
          "if pid == 0:\n    sys.stdin.read(); os._exit(0)\n"
          "print('ok', flush=True); sys.stdin.read(); os.waitpid(pid, 0)")


def test_tree_memory_counts_pages_a_fork_shares_once():
    """-j auto workers are forks of the main process: the memory the machine holds is the PSS sum."""
    run = _bench_run()
    with _ready(SHARED) as proc:
        rss, pss = run.tree_memory_kb(proc.pid)
    if pss is None:
        pytest.skip("no /proc/<pid>/smaps_rollup on this kernel")
    assert rss >= 2 * 100 * 1024  # counted in both processes
    assert 100 * 1024 <= pss < 1.5 * 100 * 1024  # counted once


def test_a_process_that_ends_while_sampled_does_not_lose_the_tree_memory(monkeypatch):
    """-j workers end between the listing of children and the reading of their memory."""
    run = _bench_run()
    if not run.HAS_PSS:
        pytest.skip("no /proc/<pid>/smaps_rollup on this kernel")
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    monkeypatch.setattr(run, "_children", lambda pid: [ended.pid] if pid == os.getpid() else [])
    rss, pss = run.tree_memory_kb(os.getpid())
    assert rss > 0 and pss is not None and pss > 0
    sampler = run.TreeRss(os.getpid(), interval=0.01)
    time.sleep(0.1)
    sampler.stop()
    assert sampler.peak_pss_kb > 0


def test_a_timeline_names_each_process_and_the_phase_of_the_peak(tmp_path):
    """``build_once.py --timeline``: when the tree's peak happened and who held it."""
    run = _bench_run()
    if not run.HAS_PSS:
        pytest.skip("no /proc/<pid>/smaps_rollup on this kernel")
    sys.path.insert(0, str(BENCH))
    try:
        import timeline
    finally:
        sys.path.remove(str(BENCH))
    with _ready(SHARED) as proc:  # a parent and its fork, sharing 100 MB
        sampler = run.TreeRss(proc.pid, interval=0.01, timeline=True)
        time.sleep(0.2)
        sampler.stop()
    names = {p["name"] for sample in sampler.samples for p in sample["procs"]}
    base = os.path.basename(sys.executable)  # the fork has its parent's command line
    assert names == {base, f"{base}-fork"}, names
    start = sampler.samples[0]["t"] - 1
    phases = tmp_path / "t.phases"
    phases.write_text(f"{start}\t1\tread\n{start + 0.5}\t2\tother-process\n{sampler.samples[2]['t']}\t1\twrite\n")
    line = timeline.build(sampler.samples, timeline.read_phases(phases), start)
    assert [name for _t, name in line["phases"]] == ["read", "write"]  # the first pid's only
    summary = timeline.summary(line)
    peak = summary["peak"]
    assert peak["phase"] in ("read", "write") and peak["pss_mb"] >= 100
    assert len(peak["procs"]) == 2 and sum(p["pss_mb"] for p in peak["procs"]) == peak["pss_mb"]
    assert set(summary["phases"]) <= {"read", "write"}
