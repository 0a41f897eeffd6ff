"""Parallel reads send back only what they read (issue 22: the read phase grew as N^1.5).

Under ``-j`` Sphinx forks a process for each chunk of documents; when the chunk is read, the
process pickles its *whole* environment back to the main process, which unpickles it and merges
the chunk's documents (``merge_info_from``, ``merge_domaindata``, ``env-merge-info``). The
forked copy holds every document read before the fork too, so each chunk carries the whole site
read so far: at 10,000 programs some 45 chunks of up to 125 MB, most of it the validator's
per-document reports (69 MB) and Sphinx's tables of contents (39 MB). Unpickling them in the main
process, one after the other, made the read phase 11 times longer for 5 times the documents.

The large per-document tables are :class:`ReaderLocal` dicts for the read phase. In the process
that made them they behave, copy and pickle as plain dicts (``environment.pickle`` holds plain
dicts: it does not need this module to load). In a forked reader, a table pickles only the keys
written in that process, which are exactly what the merges take from it.
"""

from __future__ import annotations

import os

# Sphinx's own, merged per document by its collectors: tables of contents and titles (39 and
# 4 MB at 10,000 programs). Ours: every table of the policybook domain (those keyed by docname
# are merged per document; the id tables are rebuilt from them after the read).
SPHINX_TABLES = ("tocs", "toc_num_entries", "titles", "longtitles")


class ReaderLocal(dict):
    """A dict that, pickled in a process forked from the one that made it, keeps only the keys
    written in that forked process."""

    __slots__ = ("_owner", "_written")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._owner = os.getpid()
        self._written: set = set()

    def _note(self, key) -> None:
        if os.getpid() != self._owner:
            self._written.add(key)

    def __setitem__(self, key, value) -> None:
        self._note(key)
        super().__setitem__(key, value)

    def setdefault(self, key, default=None):
        self._note(key)
        return super().setdefault(key, default)

    def update(self, *args, **kwargs) -> None:
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def __ior__(self, other):
        self.update(other)
        return self

    def __reduce_ex__(self, protocol):
        if os.getpid() == self._owner:
            return dict, (dict(self),)
        return dict, ({key: self[key] for key in self._written if key in self},)

    def __copy__(self) -> dict:
        return dict(self)


def local(table):
    """``table`` as a :class:`ReaderLocal` of this process (the same object if it already is)."""
    if isinstance(table, ReaderLocal) and table._owner == os.getpid():
        return table
    return ReaderLocal(table)


def before_read(app, env, docnames) -> None:
    """``env-before-read-docs`` (main process, before Sphinx forks the readers)."""
    for name in SPHINX_TABLES:
        table = getattr(env, name, None)
        if type(table) in (dict, ReaderLocal):
            setattr(env, name, local(table))
    data = env.domaindata.get("policybook")
    if data is not None:
        for key, value in list(data.items()):
            if type(value) in (dict, ReaderLocal):
                data[key] = local(value)
