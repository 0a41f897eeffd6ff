"""A bound on the doctrees Sphinx keeps in memory between reading and writing.

A serial Sphinx build keeps every document it has read in memory until the page is written
(``env._write_doc_doctree_cache``), so that writing need not unpickle it again. At a province's
10,000 programs that is over 2 GB of docutils nodes at the end of reading (about 220 KB a
page), and the build's peak memory passed 4.6 GB. Past ``doctrees_in_memory`` documents the
oldest kept doctrees are dropped; the writer then reads those pages' doctrees back from the
doctree files Sphinx wrote anyway (a few milliseconds each). Sites up to that size build exactly
as before; larger ones trade a little CPU for a bounded memory. What is written is the same.

Writing, Sphinx keeps the pickle of every doctree it reads (``env._pickled_doctree_cache``) until
the process ends, in case it is read again; the HTML writer reads each once, so at 10,000
programs some 400 MB of bytes stayed in the main process beside Pagefind (issue 22). A
document's pickle is dropped once it is resolved; a later reader gets it from its file.

A doctree is a web of reference cycles (every node points to its parent and to the document,
the document's tables point back to nodes), so one that nobody uses any more waits for a full
cyclic collection, and the collector may have frozen it meanwhile (``gcpause``). Sphinx is done
with a kept doctree when it drops it for the budget, and with every doctree once its page is
written: it is then taken apart (``dismantle``), and reference counting frees it at once.
"""

from __future__ import annotations

from docutils import nodes

from .config import checked

_CACHE = "_write_doc_doctree_cache"  # Sphinx ≥ 7.2 (environment/__init__.py); absent: nothing to bound
_PICKLED = "_pickled_doctree_cache"  # the same


def trim(app, doctree) -> None:
    """Before the document just read joins the cache, drop the oldest beyond the budget."""
    cache = getattr(app.env, _CACHE, None)
    if not cache:
        return
    keep = max(checked(app.config).doctrees_in_memory - 1, 0)
    while len(cache) > keep:
        dismantle(cache.pop(next(iter(cache))))


def dismantle(doctree: nodes.document) -> None:
    """Break a finished doctree's reference cycles. Only elements are emptied: a text node may
    also sit in a tree Sphinx keeps (the titles it collected share them), and is left whole."""
    stack: list[nodes.Node] = [doctree]
    while stack:
        node = stack.pop()
        children = node.children
        if children:
            stack.extend(child for child in children if isinstance(child, nodes.Element))
            node.children = []
        node.parent = None
    doctree.__dict__.clear()  # ids, nameids, the transformer, the reporter …: all point at nodes


def dismantle_when_written(app) -> None:
    """``builder-inited``: a page's doctree is taken apart once the builder has written it."""
    builder = app.builder
    write_doc = builder.write_doc

    def write_then_dismantle(docname: str, doctree: nodes.document) -> None:
        write_doc(docname, doctree)
        dismantle(doctree)

    builder.write_doc = write_then_dismantle


def drop_pickled(app, doctree, docname) -> None:
    """The document is resolved: its pickle need not stay in memory."""
    cache = getattr(app.env, _PICKLED, None)
    if cache:
        cache.pop(docname, None)


def setup(app) -> None:
    app.connect("doctree-read", trim, priority=1000)
    app.connect("builder-inited", dismantle_when_written, priority=1000)
    app.connect("doctree-resolved", drop_pickled, priority=1000)
