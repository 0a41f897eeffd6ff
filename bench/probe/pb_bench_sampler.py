"""Loaded only when PB_BENCH_SAMPLE names a file: a low-overhead sampling profile of a build.

cProfile makes a build 2-3× slower, too dear at N = 10,000 on a shared machine. This samples
the main thread's stack every 10 ms from a thread (a few per cent of overhead) and, when the
build finishes, writes per-function sample counts as JSON: ``self`` (the function was running),
``total`` (it was on the stack), and ``phase`` (which Sphinx phase the sample fell in, from the
events seen so far). bench/sample_report.py prints and compares them.

A thread of the build gets the GIL only when the main thread lets go of it: system calls are
over-counted and pure Python (and the cyclic collector's pauses) under-counted. py-spy, from
outside the process, does not have that bias (bench/spy_compare.py).
"""

from __future__ import annotations

import collections
import json
import os
import sys
import threading
import time

_INTERVAL = 0.01
_state = {"phase": "setup"}
_self: collections.Counter = collections.Counter()
_total: collections.Counter = collections.Counter()
_phase: collections.Counter = collections.Counter()
_stop = threading.Event()


def _key(code) -> str:
    return f"{code.co_filename}:{code.co_firstlineno}:{code.co_name}"


def _loop(main_id: int) -> None:
    while not _stop.wait(_INTERVAL):
        frame = sys._current_frames().get(main_id)
        if frame is None:
            continue
        _self[_key(frame.f_code)] += 1
        _phase[_state["phase"]] += 1
        seen = set()
        while frame is not None:
            key = _key(frame.f_code)
            if key not in seen:
                seen.add(key)
                _total[key] += 1
            frame = frame.f_back


def _set(phase: str):
    def handler(*_args, **_kwargs):
        _state["phase"] = phase
    return handler


def _dump(app, exception) -> None:
    _stop.set()
    path = os.environ["PB_BENCH_SAMPLE"]
    with open(path, "w", encoding="utf-8") as handle:
        json.dump({"interval": _INTERVAL, "pid": os.getpid(), "phase": dict(_phase),
                   "self": dict(_self.most_common(400)), "total": dict(_total.most_common(1500)),
                   "cpu": time.process_time()}, handle)


def setup(app):
    threading.Thread(target=_loop, args=(threading.main_thread().ident,), daemon=True).start()
    app.connect("env-before-read-docs", _set("read"), priority=1)
    app.connect("env-updated", _set("env-updated"), priority=1)
    app.connect("env-check-consistency", _set("consistency"), priority=1)
    app.connect("doctree-resolved", _set("write"), priority=1)
    app.connect("build-finished", _set("finish"), priority=1)
    app.connect("build-finished", _dump, priority=999)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
