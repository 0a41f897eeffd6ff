"""The cyclic collector during a build: off while Sphinx unpickles the environment, and kept off
what the build keeps to its end.

Loading the pickled environment of a 2,000-program site creates a few million small objects
(doctree nodes of the tables of contents, our per-file reports). Python's cyclic collector runs
again and again while they arrive and finds nothing to free: about 0.6 s of CPU of every
incremental build, in a build that otherwise costs a few seconds. ``setup`` runs before Sphinx
loads the environment (``Sphinx.__init__``: extensions, ``config-inited``, the environment,
then ``builder-inited``), so the collector is paused at the last ``config-inited`` handler and
resumed at the first ``builder-inited`` one, with everything alive at that point frozen
(``gc.freeze``) until ``build-finished``, so that later full collections do not walk the
environment again and again. Nothing changes in what is built; unpickling creates no garbage,
and objects frozen meanwhile become collectable again when the build ends.

Python starts a full collection whenever enough objects have lived through two young
collections, and a document's parse makes tens of thousands of those that die soon after; so a
full build ran a full collection every few hundred documents, each walking the whole heap, and
the time went up with the size of the site: 21 % of the CPU of a -j 1 build of 2,000 programs,
30 % at 10,000 (12 s a collection; issue 22). So while documents are read, what survives a full
collection that took long (mostly what the build keeps to its end: the environment, the
doctrees kept for writing) is frozen too, and the next full collection walks only what came
since. When reading ends (``env-updated``) what is left is collected once and the rest frozen.
A serial writer goes on freezing the same way; when pages are written in parallel it stops: the
main process resolves every page's doctree and hands it to a writer process, and frozen on the
way they stayed until the end (the main process grew to 4.5 GB at 10,000 programs). What is
frozen and dropped later stays until the build ends; the doctrees, the largest such objects, are
taken apart when Sphinx is done with them (``doctree_budget.dismantle``), so that reference
counting frees them.

Except when the build is the whole process (``python -m sphinx``, ``sphinx-build``): the process
exits right after ``build-finished``, and Python's last collection at exit then walks and frees
the environment and everything the build made, object by object (measured: 0.5-0.9 s of CPU of
a 300-program publishing build, about 2.5 s at 2,000). There everything alive is frozen instead, so the
operating system takes the memory back at once. Python never promised finalizers for objects
alive at exit; every file the build writes is closed when written.
"""

from __future__ import annotations

import gc
import os
import sys
import time

from sphinx.util.parallel import parallel_available

_PAUSED = "_policybook_gc_paused"
_FROZEN = "_policybook_gc_frozen"
#: A full collection longer than this walked mostly long-lived objects (seconds of wall time;
#: a few hundred thousand objects). Only when to freeze depends on it, never what is built.
SLOW_FULL_COLLECTION = 0.05


class _FreezeSurvivors:
    """``gc.callbacks`` entry: after a slow full collection, freeze what survived it."""

    def __init__(self) -> None:
        self.started = 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            self.started = time.perf_counter()
        elif time.perf_counter() - self.started > SLOW_FULL_COLLECTION:
            gc.freeze()  # only moves the generations' lists: safe while the collector reports


_SURVIVORS = _FreezeSurvivors()


def pause(app, config) -> None:
    """Pause the collector if it runs (not when the embedding program turned it off)."""
    if gc.isenabled():
        gc.disable()
        setattr(app, _PAUSED, True)


def resume(app) -> None:
    """Resume the collector, with what exists now (the environment) frozen until the build ends."""
    if getattr(app, _PAUSED, False):
        setattr(app, _PAUSED, False)
        gc.freeze()  # later full collections skip the environment (it lives until the end)
        setattr(app, _FROZEN, True)
        if _SURVIVORS not in gc.callbacks:
            gc.callbacks.append(_SURVIVORS)
        gc.enable()


def settle(app, env) -> None:
    """``env-updated``: reading is over. Collect what it left and freeze the rest (the
    environment, the doctrees kept for writing); stop freezing if pages are written in parallel."""
    if _SURVIVORS in gc.callbacks and _writes_in_parallel(app):
        gc.callbacks.remove(_SURVIVORS)
    if getattr(app, _FROZEN, False):
        gc.collect()
        gc.freeze()


def _writes_in_parallel(app) -> bool:
    """Sphinx's own test (``Builder.build``), short of asking the extensions again (which warns
    about those that do not say): when in doubt, parallel."""
    return bool(parallel_available and app.parallel > 1 and getattr(app.builder, "allow_parallel", False))


def ends_with_the_build() -> bool:
    """Is this process Sphinx's command line, which exits when the build returns?"""
    program = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else ""
    if program in ("sphinx-build", "sphinx-build.exe"):
        return True
    main = sys.modules.get("__main__")
    return program == "__main__.py" and getattr(main, "__spec__", None) is not None and main.__spec__.name == "sphinx.__main__"


def thaw(app, exception) -> None:
    """Frozen objects become collectable again (a process may build several sites: tests),
    unless the process ends with this build: then nothing needs collecting before exit."""
    if _SURVIVORS in gc.callbacks:
        gc.callbacks.remove(_SURVIVORS)
    if ends_with_the_build():
        gc.freeze()
        return
    if getattr(app, _FROZEN, False):
        setattr(app, _FROZEN, False)
        gc.unfreeze()


def setup(app) -> None:
    app.connect("config-inited", pause, priority=1000)
    app.connect("builder-inited", resume, priority=0)
    app.connect("env-updated", settle, priority=1000)
    app.connect("build-finished", thaw, priority=1000)
