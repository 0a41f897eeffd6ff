"""A large site keeps at most ``policybook_doctrees_in_memory`` read doctrees in memory, and
builds the same pages as with all of them kept (issue 22: 10,000 programs within 4 GB)."""

from __future__ import annotations

from sphinx_helpers import Site


def _pages(outdir):
    return {p.relative_to(outdir).as_posix(): p.read_bytes() for p in outdir.rglob("*")
            if p.is_file() and p.suffix in (".html", ".json", ".ics", ".xml") and "pagefind" not in p.parts}


def test_a_bounded_doctree_memory_builds_the_same_site(tmp_path):
    site = Site(tmp_path)
    kept = site.build(outdir="_kept", confoverrides={"policybook_search": "sphinx"})
    assert not kept.warnings
    sizes: list[int] = []
    app_result = site.build(outdir="_bounded", confoverrides={"policybook_search": "sphinx",
                                                                 "policybook_doctrees_in_memory": 2},
                               on_app=lambda app: app.connect(
                                   "doctree-read", lambda a, _d: sizes.append(len(a.env._write_doc_doctree_cache)),
                                   priority=1001))
    assert not app_result.warnings
    assert len(app_result.read) > 10 and sizes and max(sizes) <= 1  # then the one just read joins: 2
    before, after = _pages(kept.app.outdir), _pages(app_result.app.outdir)
    assert before.keys() == after.keys() and len(before) > 20
    assert [name for name in before if before[name] != after[name]] == []


def test_the_writer_keeps_no_doctree_pickle_once_its_page_is_resolved(tmp_path):
    """Under -j the main process reads every doctree's pickle to resolve it; Sphinx kept them all
    (some 400 MB at 10,000 programs) until the process ended."""
    kept: list[int] = []

    def note(app):
        kept.append(len(app.env._pickled_doctree_cache))
        return []

    built = Site(tmp_path).build(parallel=2, confoverrides={"policybook_search": "sphinx"},
                                 on_app=lambda app: app.connect("html-collect-pages", note))
    assert not built.warnings
    assert (built.app.outdir / "source/programs/patent-grant.html").is_file()
    assert kept == [0]


def _nodes_left_alive(tmp_path, budget: int) -> tuple[int, int]:
    """Build with the cyclic collector off: (doctree elements seen, elements alive afterwards).
    Elements, not documents: a document's emptied shell may stay referenced by the HTML writer."""
    import gc
    import weakref

    from docutils import nodes

    seen: list[weakref.ref] = []

    def note(doctree):
        seen.extend(weakref.ref(node) for node in doctree.findall(nodes.Element)
                    if not isinstance(node, nodes.document))

    def watch(app):
        app.connect("doctree-read", lambda _a, doctree: note(doctree), priority=1001)
        app.connect("doctree-resolved", lambda _a, doctree, _name: note(doctree), priority=1001)

    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()  # gcpause leaves a collector the process turned off alone
    try:
        built = Site(tmp_path).build(confoverrides={"policybook_search": "sphinx",
                                                    "policybook_doctrees_in_memory": budget}, on_app=watch)
        assert not built.warnings
        del built
        return len(seen), sum(ref() is not None for ref in seen)
    finally:
        if was_enabled:
            gc.enable()


def test_reference_counting_frees_every_doctree_sphinx_is_done_with(tmp_path):
    """A doctree is a web of cycles: without being taken apart, each one written or dropped for
    the budget waited for a full cyclic collection (and could be frozen meanwhile: gcpause).
    What stays: nodes that resolving replaced (cross-references, placeholders) before the tree
    was taken apart, and the few the HTML writer still holds (about 7 % on this site)."""
    seen, alive = _nodes_left_alive(tmp_path, budget=3)
    assert seen > 1000 and alive < seen // 5, (seen, alive)


def test_without_taking_doctrees_apart_they_wait_for_the_collector(tmp_path, monkeypatch):
    """The check above can fail: with ``dismantle`` a no-op the doctrees stay alive."""
    from policybook import doctree_budget

    monkeypatch.setattr(doctree_budget, "dismantle", lambda doctree: None)
    seen, alive = _nodes_left_alive(tmp_path, budget=3)
    assert alive > seen // 2, (seen, alive)


def test_taking_doctrees_apart_changes_no_page(tmp_path, monkeypatch):
    from policybook import doctree_budget

    site = Site(tmp_path)
    apart = site.build(outdir="_apart", confoverrides={"policybook_search": "sphinx", "policybook_doctrees_in_memory": 3})
    monkeypatch.setattr(doctree_budget, "dismantle", lambda doctree: None)
    whole = site.build(outdir="_whole", confoverrides={"policybook_search": "sphinx", "policybook_doctrees_in_memory": 3})
    assert not apart.warnings and not whole.warnings
    before, after = _pages(whole.app.outdir), _pages(apart.app.outdir)
    assert before.keys() == after.keys() and len(before) > 20
    assert [name for name in before if before[name] != after[name]] == []
