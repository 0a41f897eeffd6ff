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
