"""Which saved files the preview rebuilds for, and which need a fresh process.

Sphinx itself decides what a change means for the site; this only keeps the output, tools
and editor scratch files from triggering builds, and sends code and configuration changes
(which a running Python process cannot pick up) to a restart.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

IGNORED_DIRS = {".git", ".venv", "venv", "_build", "tests", "bench", "node_modules", "__pycache__",
                ".pytest_cache", ".ruff_cache", ".mypy_cache", ".hypothesis", ".idea", ".vscode"}
EDITOR_SCRATCH = re.compile(r"\.(swp|swx|swo|tmp)$|~$|^\.#|^#.*#$|^4913$")


def ignored(root: Path, path: Path, extra: list[Path]) -> bool:
    if any(path == folder or folder in path.parents for folder in extra):
        return True
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        return True
    return any(part in IGNORED_DIRS for part in parts[:-1]) or bool(EDITOR_SCRATCH.search(path.name))


def needs_restart(root: Path, changed: set[Path]) -> bool:
    """conf.py, the extension's code or its templates: Sphinx has loaded them already."""
    return any(path.name == "conf.py" or path.suffix == ".py"
               or root / "_ext" in path.parents for path in changed)


def changes(root: Path, ignore: list[Path]) -> Iterator[set[Path]]:
    """Sets of changed files under ``root``, one per burst of saves."""
    import logging

    import watchfiles

    logging.getLogger("watchfiles").setLevel(logging.WARNING)  # its "N changes detected" lines
    root = root.resolve()
    extra = [folder.resolve() for folder in ignore]
    for batch in watchfiles.watch(root, watch_filter=lambda _change, path: not ignored(root, Path(path), extra),
                                  raise_interrupt=True):
        yield {Path(path) for _change, path in batch}
