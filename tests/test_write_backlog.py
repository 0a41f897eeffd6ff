"""Under -j, the main process resolves no further ahead than the writers (issue 22).

At 10,000 programs on two cores Sphinx's main process resolved every chunk's doctrees long before
its one writer had written them, and held them all: 3.1 GB where the environment is 0.9 GB.
"""

from __future__ import annotations

import os
import time

import sphinx.builders
from sphinx.util.parallel import ParallelTasks
from sphinx_helpers import Site

NOTES = 120  # pages besides the root's 11: Sphinx writes them in chunks of 36, four chunks

NOTE = "---\norphan: true\n---\n\n# 笔记 {n}\n\n第 {n} 篇笔记.\n"


def _site(tmp_path) -> Site:
    site = Site(tmp_path)
    for n in range(NOTES):
        site.write(f"docs/notes/note-{n:03d}.md", NOTE.format(n=n))
    return site


def test_the_main_process_keeps_at_most_one_chunk_waiting_per_writer(tmp_path, monkeypatch):
    """The writer is slow here (as it is at 10,000 programs): before, every chunk waited with
    its resolved doctrees in the main process."""
    waiting: list[int] = []
    add_task = ParallelTasks.add_task

    def noting(self, *args, **kwargs):
        add_task(self, *args, **kwargs)
        waiting.append(len(self._precvs_waiting))

    monkeypatch.setattr(ParallelTasks, "add_task", noting)
    main = os.getpid()

    def slow_writer(app, pagename, *args):
        if os.getpid() != main:
            time.sleep(0.02)

    built = _site(tmp_path).build(parallel=2, on_app=lambda app: app.connect("html-page-context", slow_writer))
    assert built.warnings == ""
    assert all((built.app.outdir / f"docs/notes/note-{n:03d}.html").is_file() for n in range(NOTES))
    writes = waiting[-4:]  # the read's tasks came first
    assert len(writes) == 4 and max(writes) <= 1, waiting


def test_the_read_and_later_builds_use_sphinx_s_own_tasks(tmp_path):
    phases: dict[str, type] = {}

    def note(phase):
        return lambda app, *args: phases.setdefault(phase, sphinx.builders.ParallelTasks)

    def probes(app):
        app.connect("env-before-read-docs", note("read"))
        app.connect("doctree-resolved", note("write"))

    built = _site(tmp_path).build(parallel=2, on_app=probes)
    assert built.warnings == ""
    assert phases["read"] is ParallelTasks
    assert phases["write"] is not ParallelTasks and issubclass(phases["write"], ParallelTasks)
    assert sphinx.builders.ParallelTasks is ParallelTasks
