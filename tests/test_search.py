"""Search: the Pagefind index after the build, what pages give it, and the search page."""

from __future__ import annotations

import json

import pytest
from sphinx_helpers import Site

from policybook.search import pagefind
from policybook.search.meta import index_words


def test_index_words_has_every_tail_of_each_chinese_name():
    words = index_words(["江南省“双百计划”", "双百计划", "GB/T 29490 认证奖励"]).split()
    assert words[0] == "江南省“双百计划”"
    for tail in ("南省", "百计划", "计划", "划", "证奖励", "奖励"):
        assert tail in words
    assert words.count("计划") == 1  # no repeats


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("search"))
    text = (site.src / "source/programs/patent-grant.yaml").read_text("utf-8")
    site.write("source/programs/patent-grant.yaml",
               text.replace("aliases: [专利资助]", "aliases: [专利资助, '<i>斜体</i> & \"引号\"']"))
    site.write("docs/internal.md", "---\norphan: true\nnosearch: true\n---\n# 内部说明\n\n只给工作人员看的测评记录。\n")
    first = site.build(fresh=True)
    again = site.build(outdir="_build2", fresh=True)
    return first, again


def test_nosearch_pages_stay_out_of_the_index(built):
    first, _ = built
    page = first.html("docs/internal")
    wrapper = page.select_one("div.pb-search-ignore")
    assert wrapper["data-pagefind-ignore"] == "all"
    assert wrapper.select_one("h1") is not None and page.select_one(".pb-search-meta") is None


def test_builds_cleanly_and_writes_the_pagefind_bundle(built):
    first, _ = built
    assert first.warnings == ""
    out = first.app.outdir
    assert (out / "pagefind/pagefind.js").is_file()
    entry = json.loads((out / "pagefind/pagefind-entry.json").read_text("utf-8"))
    assert list(entry["languages"]) == ["zh-cn"]
    assert entry["languages"]["zh-cn"]["page_count"] >= 8


def test_pagefind_output_is_reproducible(built):
    first, again = built
    one, two = first.app.outdir / "pagefind", again.app.outdir / "pagefind"
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    for rel in files:
        assert (one / rel).read_bytes() == (two / rel).read_bytes(), rel


def test_program_pages_carry_escaped_search_metadata(built):
    first, _ = built
    meta = first.html("source/programs/patent-grant").select_one("div.pb-search-meta")
    assert meta.has_attr("hidden")
    assert meta["data-pagefind-meta"] == "kind:事项"
    assert meta["data-pagefind-weight"] == "7"
    words = meta.get_text().split()
    assert words[0] == "发明专利授权资助"
    assert {"专利授权资助", "专利资助", "资助", "助"} <= set(words)
    raw = (first.app.outdir / "source/programs/patent-grant.html").read_text("utf-8")
    assert "<i>斜体</i>" not in raw and "&lt;i&gt;斜体&lt;/i&gt;" in raw
    guide = first.html("docs/guide").select_one("div.pb-search-meta")
    assert guide["data-pagefind-meta"] == "kind:指南" and guide.get_text() == ""
    policy = first.html("source/policies/ip-measures").select_one("div.pb-search-meta")
    assert policy["data-pagefind-meta"] == "kind:政策"


def test_search_index_lists_every_page_with_names_and_urls(built):
    first, _ = built
    doc = json.loads((first.app.outdir / "search/index.json").read_text("utf-8"))
    assert doc["format"] == "policybook-search-index"
    entry = next(p for p in doc["entries"] if p.get("id") == "patent-grant")
    assert entry["kind"] == "program" and "url" not in entry  # written once, as a pattern
    assert doc["program_url"] == "source/programs/{id}.html"
    assert entry["names"][0] == "专利资助" and entry["title"] == "发明专利授权资助"
    assert "知识产权" in [doc["words"][k] for k in entry["keys"]]  # keywords by number, each written once
    policy = next(p for p in doc["entries"] if p.get("id") == "ip-measures")
    assert policy["kind"] == "policy" and policy["state"]
    kinds = {e["kind"] for e in doc["entries"]}
    assert {"program", "policy", "guide"} <= kinds
    urls = [e.get("url") or doc["program_url"].replace("{id}", e["id"]) for e in doc["entries"]]
    assert all((first.app.outdir / url).is_file() for url in urls)
    assert "pinyin" not in doc  # a table of its own, fetched only for pinyin and homophones
    table = json.loads((first.app.outdir / "search/pinyin.json").read_text("utf-8"))["pinyin"]
    assert table["gao"].count("高") == 1 and "薪" in table["xin"]


def test_search_page_is_ours_without_sphinx_search_or_inline_script(built):
    first, _ = built
    page = first.html("search")
    section = page.select_one("#pb-search-page")
    assert section is not None and section["data-pagefind-ignore"] == "all"
    form = section.select_one("form")
    assert form["method"] == "get" and form["action"] in ("#", "search.html")  # the page itself
    assert form.select_one("input[name=q]")["id"] == "pb-search-input"
    assert page.select_one("label[for=pb-search-input]") is not None
    scripts = [s.get("src", "") for s in page.select("script")]
    assert not any("searchtools" in src for src in scripts)
    assert any("pb-search.js" in src for src in scripts)
    for tag in page.find_all(True):
        assert not any(attr.startswith("on") for attr in tag.attrs), tag.name


def test_every_page_loads_search_and_status_scripts(built):
    first, _ = built
    scripts = [s.get("src", "") for s in first.html("index").select("script")]
    assert any("pb-status.js" in src for src in scripts) and any("pb-search.js" in src for src in scripts)


def test_status_badges_carry_their_window(built):
    first, _ = built
    page = first.html("source/programs/patent-grant")
    holders = page.select(".pb-live-status")
    assert holders and all(h.select_one(".pb-status") for h in holders)
    assert all(h["class"] == ["pb-live-status"] for h in holders)
    assert {(h["data-pb-mode"], h["data-pb-open"], h["data-pb-close"]) for h in holders} == \
        {("scheduled", "2026-11-01", "2026-11-30")}
    home = first.html("index")
    items = home.select("li.pb-item")
    assert items and all(item.select_one(".pb-live-status .pb-status") for item in items)
    assert all(len(item.select(".pb-status")) == 1 for item in items)
    assert all(h["class"] == ["pb-live-status"] for h in home.select(".pb-live-status"))
    # each item's badge carries its own program's window
    domain = first.app.env.domains["policybook"]
    for item in items:
        program = next(p for p in domain.programs.values()
                       if item.select_one(".pb-program-link")["href"].endswith(f"{p['id']}.html"))
        holder = item.select_one(".pb-live-status")
        assert holder["data-pb-mode"] == program["window"]["mode"]
        assert holder["data-pb-close"] == str(program["window"].get("close") or "")


def test_sphinx_search_mode_leaves_the_theme_search_alone(tmp_path):
    site = Site(tmp_path)
    result = site.build(fresh=True, confoverrides={"policybook_search": "sphinx"})
    assert result.warnings == ""
    out = result.app.outdir
    assert not (out / "pagefind").exists()
    assert result.html("search").select_one("#pb-search-page") is None
    assert result.html("source/programs/patent-grant").select_one(".pb-search-meta") is None
    assert any("pb-status.js" in s.get("src", "") for s in result.html("index").select("script"))


def test_missing_pagefind_is_a_clear_warning(tmp_path, monkeypatch):
    monkeypatch.setattr(pagefind, "pagefind_command", lambda: None)
    result = Site(tmp_path).build(fresh=True)
    assert "Pagefind not installed" in result.warnings
    assert "pagefind[extended]" in result.warnings


def test_stale_pagefind_files_are_removed(tmp_path):
    site = Site(tmp_path)
    first = site.build(fresh=True)
    stale = first.app.outdir / "pagefind/fragment/stale.pf_fragment"
    stale.write_bytes(b"old")
    site.edit("source/programs/ip-pledge.yaml", "title: 知识产权质押融资贴息", "title: 专利质押贷款贴息")
    site.build()  # a content change re-indexes (a build that writes no page leaves the index alone)
    assert not stale.exists()
    assert (first.app.outdir / "pagefind/pagefind.js").is_file()


def test_index_is_left_alone_when_nothing_changed_and_skipped_in_preview(tmp_path):
    site = Site(tmp_path)
    first = site.build(fresh=True)
    bundle = first.app.outdir / "pagefind/pagefind.js"
    stamp = bundle.stat().st_mtime_ns
    site.build()
    assert bundle.stat().st_mtime_ns == stamp
    site.edit("source/programs/ip-pledge.yaml", "title: 知识产权质押融资贴息", "title: 专利质押贷款贴息")
    site.build(confoverrides={"policybook_preview": True})
    assert bundle.stat().st_mtime_ns == stamp  # make serve defers search indexing


def test_publishing_after_a_preview_indexes_what_the_preview_deferred(tmp_path):
    site = Site(tmp_path)
    first = site.build(fresh=True)
    site.edit("source/programs/patent-grant.yaml", "title: 发明专利授权资助", "title: 专利质押贷款贴息")
    site.build(confoverrides={"policybook_preview": True})
    titles = first.app.outdir / "search/index.json"
    assert "专利质押贷款贴息" not in titles.read_text("utf-8")
    ics = first.app.outdir / "calendar/patent-grant.ics"
    assert "专利质押贷款贴息" not in ics.read_text("utf-8")
    # make html after make serve: no page is left to write, yet the index and calendars catch up
    result = site.build()
    assert result.written == []
    assert "专利质押贷款贴息" in titles.read_text("utf-8")
    assert "专利质押贷款贴息" in ics.read_text("utf-8")
    assert not (first.app.outdir / ".policybook-deferred").exists()
    bundle = first.app.outdir / "pagefind/pagefind.js"
    stamp = bundle.stat().st_mtime_ns
    site.build()
    assert bundle.stat().st_mtime_ns == stamp  # and then nothing is owed


def test_first_preview_build_writes_what_later_previews_defer(tmp_path):
    site = Site(tmp_path)
    first = site.build(fresh=True, confoverrides={"policybook_preview": True})
    out = first.app.outdir
    for path in ("pagefind/pagefind.js", "calendar/all.ics", "data/finder.json", "data/programs.json",
                 "feeds/all.atom"):
        assert (out / path).is_file(), path  # search, calendars and the finder work in a new preview
    site.edit("source/programs/patent-grant.yaml", "title: 发明专利授权资助", "title: 专利质押贷款贴息")
    site.build(confoverrides={"policybook_preview": True})
    assert "专利质押贷款贴息" not in (out / "data/programs.json").read_text("utf-8")
    assert "专利质押贷款贴息" not in (out / "feeds/all.atom").read_text("utf-8")
    site.build()
    assert "专利质押贷款贴息" in (out / "data/programs.json").read_text("utf-8")
    assert "专利质押贷款贴息" in (out / "data/finder.json").read_text("utf-8")
    assert "专利质押贷款贴息" in (out / "feeds/all.atom").read_text("utf-8")
