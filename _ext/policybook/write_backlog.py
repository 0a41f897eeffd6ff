"""Under ``-j``, the main process resolves only as many chunks as the writers can take (issue 22).

Sphinx's parallel write resolves a chunk of doctrees in the main process and hands it to a
forked writer (``Builder._write_parallel``). ``ParallelTasks.add_task`` never waits: a chunk
that finds every writer busy is queued with its resolved doctrees. Resolving is faster than
writing, so at 10,000 programs on two cores (one writer) the main process resolved all 32
chunks long before the writer finished, and held them: 0.9 GB of environment grew to 3.1 GB.
``BoundedTasks`` lets at most one chunk per writer wait; ``add_task`` first collects finished
writers. The pages are the same: each chunk is still resolved in the main process, in order.

Only during writing: the patch is put in after the read (``env-updated``) and taken out when
the build ends, so the parallel read and other Sphinx applications in the process are as before.
"""

from __future__ import annotations

import time

import sphinx.builders
from sphinx.util.parallel import ParallelTasks


class BoundedTasks(ParallelTasks):
    """``ParallelTasks`` whose ``add_task`` waits while a chunk per process already waits."""

    def add_task(self, task_func, arg=None, result_func=None) -> None:
        try:
            while len(self._precvs_waiting) >= self.nproc:
                if not self._join_one():
                    time.sleep(0.02)  # as ParallelTasks.join polls
        except BaseException:
            self.terminate()  # as join does: no writer is left behind
            raise
        super().add_task(task_func, arg, result_func)


def install(app, env) -> None:
    """``env-updated``: the write follows; Sphinx's builders take ``BoundedTasks``."""
    sphinx.builders.ParallelTasks = BoundedTasks


def restore(app, exception) -> None:
    """``build-finished`` (also after a failed build): Sphinx's own ``ParallelTasks`` again."""
    sphinx.builders.ParallelTasks = ParallelTasks


def setup(app) -> None:
    app.connect("env-updated", install, priority=1000)
    app.connect("build-finished", restore, priority=0)
