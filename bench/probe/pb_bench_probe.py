"""Loaded only in benchmark builds (when PB_BENCH_LOG is set): records what a build did.

Appends one line per event to the file named by PB_BENCH_LOG: ``read<TAB>docname`` for every
document Sphinx is about to read (env-before-read-docs, after extensions have added theirs)
and ``write<TAB>pagename`` for every page rendered (html-page-context; with -j the pages are
rendered in worker processes, so the file is opened in append mode for each line).
"""

from __future__ import annotations

import os


def _log(lines: list[str]) -> None:
    path = os.environ.get("PB_BENCH_LOG")
    if path and lines:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write("".join(line + "\n" for line in lines))


def _before_read(app, env, docnames) -> None:
    _log([f"read\t{name}" for name in docnames])


def _page(app, pagename, templatename, context, doctree) -> None:
    kind = "write" if pagename in app.env.all_docs else "extra"
    _log([f"{kind}\t{pagename}"])


def setup(app):
    # Connected late so the list of documents to read is final when we record it.
    app.connect("env-before-read-docs", _before_read, priority=900)
    app.connect("html-page-context", _page, priority=900)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
