"""Incremental search indexing (issue 22): an edit indexes only the changed pages into a delta
bundle, and search finds the same pages as a fresh full index of the same content.

Not byte-for-byte: Pagefind scores with each index's own statistics (page count, average length,
how many pages have a word), so a page in the small delta bundle can move a few places within
the full-text results (seen: 栏目 page 政策文件 fifth instead of last for 专利). The result sets
and the first answer are the same; the program-name ranking in front of Pagefind is built whole
every time. The delta is bounded (incremental.DELTA_SHARE), and then everything is re-indexed.
"""

from __future__ import annotations

import functools
import json
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sphinx_helpers import Site

from policybook.search import incremental

from .conftest import REFERENCE_DATE

pytestmark = pytest.mark.browser

EXTRA = "---\norphan: true\n---\n# 临时说明\n\n这一页写着独有词语甲乙丙，随后被删除。\n"
OLD, NEW = "title: 知识产权质押融资贴息", "title: 专利质押贷款贴息"
QUERIES = ["专利质押贷款贴息", "知识产权质押融资贴息", "独有词语甲乙丙", "高新技术企业", "专利", "贴息", "认定奖励"]


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """(incremental, fresh): one site built, edited and rebuilt; the same sources built from scratch."""
    site = Site(tmp_path_factory.mktemp("incremental"))
    site.write("docs/extra.md", EXTRA)
    first = site.build(fresh=True)
    out = first.app.outdir
    base = {p.relative_to(out / "pagefind"): p.read_bytes() for p in (out / "pagefind").rglob("*") if p.is_file()}
    site.edit("source/programs/ip-pledge.yaml", OLD, NEW)
    (site.src / "docs/extra.md").unlink()
    second = site.build()
    fresh_src = tmp_path_factory.mktemp("fresh") / "src"
    shutil.copytree(site.src, fresh_src, ignore=shutil.ignore_patterns("_build*"))
    fresh = Site.__new__(Site)
    fresh.src = fresh_src
    third = fresh.build(fresh=True)
    return first, second, third, base


def test_a_full_build_records_its_base_and_has_no_delta(sites):
    first, *_ = sites
    record = json.loads((first.app.doctreedir / incremental.RECORD_FILE).read_text("utf-8"))
    assert "/docs/extra.html" in record["ids"] and "source/programs/ip-pledge.html" in record["pages"]


def test_an_edit_indexes_only_the_changed_pages_and_keeps_the_base(sites):
    first, second, _, base = sites
    assert second.warnings == ""
    out = second.app.outdir
    now = {p.relative_to(out / "pagefind"): p.read_bytes() for p in (out / "pagefind").rglob("*") if p.is_file()}
    assert now == base  # the kept full index is untouched
    manifest = json.loads((out / incremental.MANIFEST).read_text("utf-8"))
    record = json.loads((first.app.doctreedir / incremental.RECORD_FILE).read_text("utf-8"))
    assert manifest["bundle"] == "pagefind-delta/"
    assert record["ids"]["/docs/extra.html"] in manifest["dead"]  # the removed page
    assert record["ids"]["/source/programs/ip-pledge.html"] in manifest["dead"]  # its old text
    delta = json.loads((out / "pagefind-delta/pagefind-entry.json").read_text("utf-8"))
    pages = delta["languages"]["zh-cn"]["page_count"]
    assert 1 <= pages < len(record["pages"])  # only the pages showing the edited program


def test_a_no_change_rebuild_leaves_the_delta_alone(sites):
    _, second, *_ = sites
    out = second.app.outdir
    stamps = {p: p.stat().st_mtime_ns for p in (out / "pagefind-delta").rglob("*") if p.is_file()}
    site = Site.__new__(Site)
    site.src = second.app.srcdir
    again = site.build()
    assert again.written == []
    assert {p: p.stat().st_mtime_ns for p in (out / "pagefind-delta").rglob("*") if p.is_file()} == stamps


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _serve(directory):
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def _results(browser, url: str) -> dict[str, list[str]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.clock.set_fixed_time(f"{REFERENCE_DATE}T10:00:00+08:00")
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url + "search.html")
    page.wait_for_function("() => window.policybookSearch && window.policybookSearch.search")
    found = {}
    for query in QUERIES:
        found[query] = page.evaluate("""async (q) => {
          const r = await window.policybookSearch.search(q, 30);
          return (r && r.hits || []).map((h) => new URL(h.url, document.baseURI).pathname);
        }""", query)
    context.close()
    assert not errors, errors
    return found


def test_search_answers_as_a_fresh_full_index_does(sites, browser):
    _, second, third, _ = sites
    one, url_one = _serve(second.app.outdir)
    two, url_two = _serve(third.app.outdir)
    try:
        incremental_hits, fresh_hits = _results(browser, url_one), _results(browser, url_two)
    finally:
        one.shutdown()
        two.shutdown()
    assert not any("extra" in u for hits in incremental_hits.values() for u in hits)  # the removed page is gone
    assert any(u.endswith("ip-pledge.html") for u in incremental_hits["专利质押贷款贴息"])  # the new title is found
    for query in QUERIES:  # the same pages, and the same first answer; see the module's docstring
        assert sorted(incremental_hits[query]) == sorted(fresh_hits[query]), query
        assert incremental_hits[query][:1] == fresh_hits[query][:1], query
