"""Loaded only when PB_BENCH_PHASES names a file: records when the build enters each phase.

One ``time<TAB>pid<TAB>phase`` line per phase change, from Sphinx events seen in the main
process (bench/timeline.py joins them with the memory samples). Handlers sit at the edges of
the events' priorities, so e.g. ``finish`` starts before any extension's build-finished work
and ``finish-pagefind`` just before the Pagefind job is collected (priority 900).
"""

from __future__ import annotations

import os
import time

_seen: set[str] = set()


def _mark(phase: str, once: bool = False, pages: bool = False):
    def handler(*_args, **_kwargs):
        if once and phase in _seen:
            return [] if pages else None
        _seen.add(phase)
        path = os.environ.get("PB_BENCH_PHASES")
        if path:
            with open(path, "a", encoding="utf-8") as handle:
                handle.write(f"{time.time()}\t{os.getpid()}\t{phase}\n")
        return [] if pages else None  # html-collect-pages wants an iterable of pages
    return handler


def setup(app):
    _mark("init")()
    app.connect("builder-inited", _mark("builder-inited"), priority=1)
    app.connect("env-before-read-docs", _mark("read"), priority=1)
    app.connect("env-updated", _mark("env-updated"), priority=1)
    app.connect("env-check-consistency", _mark("consistency"), priority=1)
    app.connect("doctree-resolved", _mark("write", once=True), priority=1)
    app.connect("html-collect-pages", _mark("collect-pages", pages=True), priority=0)
    app.connect("html-collect-pages", _mark("extra-pages+assets", pages=True), priority=999)
    app.connect("build-finished", _mark("finish"), priority=0)
    app.connect("build-finished", _mark("finish-pagefind"), priority=899)
    app.connect("build-finished", _mark("finish-end"), priority=901)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
