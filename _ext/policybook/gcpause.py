"""No cyclic garbage collection while Sphinx unpickles the build environment.

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

_PAUSED = "_policybook_gc_paused"
_FROZEN = "_policybook_gc_frozen"


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
        gc.enable()


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
    if ends_with_the_build():
        gc.freeze()
        return
    if getattr(app, _FROZEN, False):
        setattr(app, _FROZEN, False)
        gc.unfreeze()


def setup(app) -> None:
    app.connect("config-inited", pause, priority=1000)
    app.connect("builder-inited", resume, priority=0)
    app.connect("build-finished", thaw, priority=1000)
