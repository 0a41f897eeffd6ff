"""政策查找 and 政策匹配 pages as built: mount points, no-JavaScript fallback, assets, vocabularies,
and the index they load (data/finder.json).

The pages' behaviour is tested in a browser (tests/browser/test_finder.py, test_selfcheck.py);
here we check what the build writes, that the index says what the full export says, and that
the scripts keep no copy of the vocabularies.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
from sphinx_helpers import Site

from policybook.finder.index import COLUMNS, FINDER_FORMAT, expand, finder_document
from policybook.finder.pages import DEFAULT_AMOUNTS
from policybook.model.vocab import ALL_VOCABS, FACTS, STATUSES, WINDOW_MODES

STATIC = Path(__file__).parent.parent / "_ext" / "policybook" / "static"
SCRIPTS = ["pb-finder-core.js", "pb-finder.js", "pb-match.js", "pb-selfcheck.js"]

FINDER = """---
orphan: true
---
# 政策查找

```{program-finder}
```
"""

SELF_CHECK = """---
orphan: true
---
# 政策匹配

```{eligibility-check}
```
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("finder"))
    site.write("source/finder.md", FINDER)
    site.write("source/self-check.md", SELF_CHECK)
    result = site.build()
    # test_pages.py holds the whole root to no warnings; here: none from these two pages
    assert [line for line in result.warnings.splitlines() if "finder" in line or "self-check" in line] == []
    return result


def mount(built, page: str, kind: str):
    node = built.html(page).select_one(f'div[data-pb-finder="{kind}"]')
    assert node is not None, f"no {kind} mount point on {page}"
    return node


@pytest.mark.parametrize(("page", "kind"), [("source/finder", "finder"), ("source/self-check", "selfcheck")])
def test_fallback_links_to_category_pages_without_javascript(built, page, kind):
    root = mount(built, page, kind)
    fallback = root.select_one(".pb-finder-fallback")
    assert "JavaScript" in fallback.get_text()
    links = fallback.select("a")
    # test-basic has one category page (ip) and no all-programs index: only existing pages
    assert [(a.get_text(), a["href"]) for a in links] == [("知识产权", "categories/ip.html")]
    target = (built.app.outdir / page).parent / links[0]["href"]
    assert target.is_file()


def test_pages_load_their_scripts_and_style_only_where_needed(built):
    def assets(page):
        html = built.html(page)
        scripts = [Path(s["src"].split("?")[0]).name for s in html.select("script[src]")]
        styles = [Path(s["href"].split("?")[0]).name for s in html.select("link[rel=stylesheet]")]
        return scripts, styles

    def ours(scripts):
        return [s for s in scripts if s in SCRIPTS]

    scripts, styles = assets("source/finder")
    assert ours(scripts) == ["pb-finder-core.js", "pb-finder.js"]
    assert "pb-finder.css" in styles
    scripts, styles = assets("source/self-check")
    assert ours(scripts) == ["pb-finder-core.js", "pb-match.js", "pb-selfcheck.js"]
    assert "pb-finder.css" in styles
    scripts, styles = assets("index")
    assert ours(scripts) == [] and "pb-finder.css" not in styles
    for name in SCRIPTS + ["pb-finder.css"]:
        assert (built.app.outdir / "_static" / name).is_file(), name


def test_pages_start_from_their_first_view_as_a_script(built):
    """Each page lists its first view, precomputed by the build, as a deferred script; nothing is preloaded."""
    # 政策查找 starts from its first page precomputed (finder/first.py), 政策匹配 from its first view
    # (finder/selfcheck_first.py), each a deferred script the page runs before its own; both read
    # their core files (finder/split.py, finder/selfcheck_split.py) after that view is painted,
    # never the whole index
    for page, name in (("source/finder", "finder-first.js"), ("source/self-check", "selfcheck-first.js")):
        scripts = built.html(page).select('script[src^="../data/"]')
        assert [(s["src"], s.has_attr("defer")) for s in scripts] == [(f"../data/{name}", True)]
        assert (built.app.outdir / page).parent.joinpath(scripts[0]["src"]).resolve() == \
            (built.app.outdir / "data" / name).resolve()
        assert not built.html(page).select('link[rel="preload"][as="fetch"]')
    assert not built.html("index").select('link[rel="preload"][as="fetch"], script[src*="/data/"]')


def test_mount_points_carry_data_attributes_only(built):
    for page, kind in (("source/finder", "finder"), ("source/self-check", "selfcheck")):
        root = mount(built, page, kind)
        assert not root.select("script, style")
        for element in [root, *root.find_all(True)]:
            assert not [a for a in element.attrs if a.lower().startswith("on")], element


def test_order_of_vocabularies_and_facts_comes_from_vocab(built):
    """The export sorts its keys; the pages get the declared order (ids only) from vocab.py."""
    order = {v.name: list(v.ids) for v in ALL_VOCABS}
    finder = mount(built, "source/finder", "finder")
    assert json.loads(finder["data-pb-vocab-order"]) == order
    assert finder["data-pb-amounts"].split() == [str(a) for a in DEFAULT_AMOUNTS]
    check = mount(built, "source/self-check", "selfcheck")
    assert json.loads(check["data-pb-vocab-order"]) == order
    assert check["data-pb-fact-order"].split() == list(FACTS)


def test_export_has_the_vocabularies_and_facts_the_pages_read(built):
    data = json.loads((built.app.outdir / "data" / "programs.json").read_text("utf-8"))
    assert data["vocabularies"] == {v.name: v.labels for v in ALL_VOCABS}
    assert set(data["facts"]) == set(FACTS)
    for fact_id, fact in FACTS.items():
        assert data["facts"][fact_id]["kind"] == fact.kind
        assert data["facts"][fact_id]["question"] == fact.question
    for program in data["programs"]:
        assert not re.match(r"^[a-z][a-z0-9+.-]*:|^/", program["url"]), program["url"]


def test_scripts_keep_no_copy_of_vocabularies_or_questions():
    """Facet values and questions come from the export, never from a list kept in the scripts."""
    labels = {label for v in ALL_VOCABS for label in v.labels.values()}
    labels |= {fact.question for fact in FACTS.values()}
    # Status ids are what the status rule computes (status.py), so the scripts name them.
    computed = set(STATUSES.ids) | set(WINDOW_MODES.ids)
    ids = {vid for v in ALL_VOCABS for vid in v.ids if len(vid) > 3 and vid not in computed} | set(FACTS)
    ids -= {v.name for v in ALL_VOCABS}  # the export's table names, which the scripts look up
    for name in SCRIPTS:
        source = (STATIC / name).read_text("utf-8")
        literals = set(re.findall(r'"((?:[^"\\]|\\.)*)"', source))
        assert not literals & labels, f"{name} hard-codes labels {literals & labels}"
        # "all" (every industry) is part of the data model, not a facet value list
        assert not literals & ids, f"{name} hard-codes vocabulary ids {literals & ids}"


def test_scripts_build_dom_safely_and_send_nothing():
    for name in SCRIPTS:
        source = (STATIC / name).read_text("utf-8")
        for banned in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                       "new Function", "localStorage", "XMLHttpRequest", "sendBeacon", "WebSocket",
                       "document.cookie", "setAttribute(\"on"):
            assert banned not in source, f"{name} uses {banned}"
    fetches = [name for name in SCRIPTS for _ in re.finditer(r"\bfetch\(", (STATIC / name).read_text("utf-8"))]
    assert fetches == ["pb-finder-core.js"]  # the one request: data/finder.json
    core = (STATIC / "pb-finder-core.js").read_text("utf-8")
    assert '"data/finder.json"' in core and '"data/programs.json"' not in core


def test_bad_amounts_option_is_a_located_warning(tmp_path):
    site = Site(tmp_path)
    site.write("source/finder.md", FINDER.replace("```{program-finder}\n", "```{program-finder}\n:amounts: lots\n"))
    result = site.build()
    assert "finder.md" in result.warnings and "amounts" in result.warnings


# --- the finder index (data/finder.json) ------------------------------------------------------

KEPT = {"id", "url", "title", "aliases", "level", "category", "support_type", "applicants", "industries",
        "tags", "summary", "no_application"}


def cut(record: dict) -> dict:
    """An export record cut down to what the index keeps."""
    return {**{k: record[k] for k in KEPT},
            "funding": {k: record["funding"][k] for k in ("summary", "max_amount_yuan")},
            "window": {**{k: record["window"][k] for k in ("mode", "open", "close", "forecast")},
                       "expected": record["window"]["expected"] and record["window"]["expected"]["text"]},
            "eligibility": {"rules": [{**{k: r[k] for k in ("text", "fact", "op", "value")},
                                       "clause": {k: r["clause"][k] for k in ("label", "url")}}
                                      for r in record["eligibility"]["rules"]]}}


@pytest.fixture(scope="module")
def export(built) -> dict:
    return json.loads((built.app.outdir / "data" / "programs.json").read_text("utf-8"))


def test_index_has_every_current_program_with_the_export_s_fields(built, export):
    index = json.loads((built.app.outdir / "data" / "finder.json").read_text("utf-8"))
    assert index["format"] == FINDER_FORMAT and index["version"] == 1
    assert index["columns"] == COLUMNS
    current = [p for p in export["programs"] if not p["archived"]]
    assert current and expand(index) == [cut(p) for p in current]
    for key in ("vocabularies", "vocabulary_order", "fact_order", "reference_date"):
        assert index[key] == export[key]
    # plus, where a vocabulary has a wildcard (industry "all", 不限行业), the values that are no answer
    assert index["facts"] == {k: {**{f: v[f] for f in ("kind", "question", "unit", "vocabulary")},
                                  **({"not_answers": ["all"]} if v["vocabulary"] == "industry" else {})}
                              for k, v in export["facts"].items()}
    # most URLs follow the one pattern; what is left is site-relative, never absolute
    assert index["program_url"] == "source/programs/{id}.html"
    for record in expand(index):
        assert not re.match(r"^[a-z][a-z0-9+.-]*:|^/", record["url"]), record["url"]


def test_index_leaves_out_archived_programs_and_stores_repeats_once(export):
    programs = [p for p in export["programs"] if not p["archived"]]
    first = programs[0]
    twin = copy.deepcopy(first)
    twin["id"], twin["title"] = "zz-twin", "双胞胎"
    twin["url"] = "elsewhere/twin.html"  # off the pattern: kept as is
    gone = copy.deepcopy(first)
    gone["id"], gone["archived"] = "zz-archived", True
    index = finder_document({**export, "programs": [*programs, twin, gone]})
    records = {r["id"]: r for r in expand(index)}
    assert "zz-archived" not in records and records["zz-twin"] == cut(twin)
    # the twin's rules add no condition and no clause
    assert len(index["conditions"]) == len({json.dumps([r[k] for k in ("text", "fact", "op", "value")])
                                            for p in programs for r in p["eligibility"]["rules"]})
    assert len(index["clauses"]) == len({(r["clause"]["label"], r["clause"]["url"])
                                         for p in programs for r in p["eligibility"]["rules"]})
    assert [row[1] for row in index["programs"] if row[0] == "zz-twin"] == ["elsewhere/twin.html"]


def test_index_keeps_clauses_without_a_number_a_page_or_an_anchor(export):
    program = copy.deepcopy(next(p for p in export["programs"] if p["eligibility"]["rules"]))
    base = program["eligibility"]["rules"][0]
    variants = [
        {"policy": "gone", "clause": 3, "label": "《gone》第三条", "url": None, "text": None},  # broken policy
        {"policy": "whole", "clause": None, "label": "《整部政策》", "url": "source/policies/whole.html", "text": None},
        {"policy": "odd", "clause": 9, "label": "《某政策》第九条", "url": "source/policies/odd.html", "text": None},
    ]
    program["eligibility"]["rules"] = [{**base, "clause": clause} for clause in variants]
    [record] = expand(finder_document({**export, "programs": [program]}))
    assert record == cut(program)


def test_scripts_read_the_columns_the_index_writes():
    """pb-finder-core.js names the columns it needs; they must be the ones finderindex writes."""
    core = (STATIC / "pb-finder-core.js").read_text("utf-8")
    block = re.search(r"var TABLES = \{(.*?)\n  \};", core, re.DOTALL).group(1)
    tables = {name: re.findall(r'"([^"]+)"', body) for name, body in re.findall(r"(\w+): \[(.*?)\]", block, re.DOTALL)}
    assert tables == COLUMNS
