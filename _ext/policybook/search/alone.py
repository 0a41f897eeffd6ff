"""A large site's full search index, built after the build has let go of its memory (issue 22).

At 10,000 programs Pagefind needs about 3 GB while it builds the index. Beside it, the build
process held 1.4-1.6 GB (the environment and what writing the pages left), and the machine
needed 4.3-4.6 GB. Emptying the environment inside the process does not give that back:
Python's allocator keeps the arenas freed objects lived in (measured at 10,000: half of the
process's memory blocks freed, 0.1 of its 1.65 GB returned).

So when the process ends with the build anyway (:func:`..gcpause.ends_with_the_build`: Sphinx's
command line, which ``make html`` runs) and the site has ``policybook_search_alone_from`` pages
or more, the search index is built last: after every other ``build-finished`` handler, the
build process replaces itself (``exec``) with this module, a small Python process that runs
Pagefind, puts its bundle in place and ends the build as Sphinx would have: the exit status
counts the build's warnings and a failed index is one more (``-W`` makes it an error). The
process id stays the same, so whoever waits for the build (``policybook build``, benchmarks)
waits for the index too.

In a process that goes on (``policybook serve``, tests) the index never waits: Pagefind runs
beside the last steps of the build, as for a small site.
"""

from __future__ import annotations

import logging
import os
import pickle
import sys
from pathlib import Path

TICKET = "handover.pickle"  # in the job's stage folder, removed with it


def hand_over(app, exception) -> None:
    """``build-finished``, last of all: run the index in this process's place, if one waits."""
    from ..state import last_build

    build = last_build(app)
    job = build.pagefind if build is not None else None
    if job is None or not job.alone:
        return
    build.pagefind = None
    if exception is not None:
        job.discard()
        return
    ticket = {
        "job": job,
        "out": os.fspath(app.outdir),
        # what Sphinx would have returned (Sphinx.build, after build-finished)
        "status": 1 if app._warncount and app._fail_on_warnings else app.statuscode,
        "fail_on_warnings": bool(app._fail_on_warnings),
        "warnings": app._warncount,
        "quiet": bool(getattr(app, "quiet", False)),
    }
    path = job.stage / TICKET
    with open(path, "wb") as fh:
        pickle.dump(ticket, fh, protocol=pickle.HIGHEST_PROTOCOL)
    job.log.close()
    app.builder.cleanup()  # what Sphinx does after build-finished (the theme's temporary files)
    if not ticket["quiet"]:
        print("站内搜索索引: 页面已全部写出, 构建进程交给 Pagefind 单独建立索引 (释放构建占用的内存)", flush=True)
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    package_parent = os.fspath(Path(__file__).resolve().parents[2])
    environ = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (package_parent, os.environ.get("PYTHONPATH"))))}
    try:
        os.execve(sys.executable, [sys.executable, "-m", __name__, os.fspath(path)], environ)
    except OSError:  # no exec here: index in this process, which ends with the build all the same
        raise SystemExit(main([os.fspath(path)])) from None


class _Count(logging.Handler):
    """Prints each warning as Sphinx's console does, and counts them for the exit status."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
        subtype = getattr(record, "subtype", None)
        suffix = f" [policybook.{subtype}]" if subtype else ""
        print(f"WARNING: {record.getMessage()}{suffix}", file=sys.stderr, flush=True)


def main(argv: list[str]) -> int:
    """Run the handed-over job; return the build's exit status."""
    with open(argv[0], "rb") as fh:
        ticket = pickle.load(fh)
    warnings = _Count()
    sphinx_logger = logging.getLogger("sphinx")
    sphinx_logger.addHandler(warnings)
    sphinx_logger.propagate = False
    job = ticket["job"]
    try:
        job.start()
    except OSError as error:
        from ..report import warn_build

        warn_build("search-index", (f"Pagefind 运行失败: {error}", "Pagefind failed", "检查 Pagefind 是否安装完整, 然后重新构建"))
        job.discard()
    else:
        job.finish(Path(ticket["out"]))
    status = ticket["status"]
    if warnings.count and ticket["fail_on_warnings"]:
        status = 1
    if not ticket["quiet"]:
        total = ticket["warnings"] + warnings.count
        print("构建完成" + (f", {total} 个警告" if total else "") + ("" if status == 0 else " (有问题)"), flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
