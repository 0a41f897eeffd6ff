"""政策匹配's first view precomputed by the build (issue 22): data/selfcheck-first.json, and the
same as the script the page runs, data/selfcheck-first.js.

Checked here against a direct computation from data/finder.json and data/selfcheck-core.json
(every program's group with nothing answered, its section on each day, the default order); the
browser tests (tests/browser/test_selfcheck_first.py) hold the page it paints to the full path's.
Uses the session's sample site (tests/conftest.py): no build of its own.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess

import pytest
from sphinx_helpers import scripts_in_order

from policybook.finder.data_script import data_script
from policybook.finder.first import STATUS_RANK, status_on
from policybook.finder.selfcheck_first import (
    FIRST_FORMAT,
    FIRST_GLOBAL,
    FIRST_PATH,
    FIRST_SCRIPT_PATH,
    HORIZON,
    SHOWN,
    first_document,
    first_script,
    verdict_unanswered,
    with_applicants,
)
from policybook.site.publish import EXPORTS


@pytest.fixture(scope="module")
def files(sample_site) -> dict[str, dict]:
    data = sample_site.outdir / "data"
    names = ("finder.json", "selfcheck-core.json", "selfcheck-first.json")
    return {name: json.loads((data / name).read_text("utf-8")) for name in names}


def test_the_build_writes_the_first_view(files):
    first = files["selfcheck-first.json"]
    assert first == first_document(files["finder.json"], files["selfcheck-core.json"])
    assert (first["format"], first["version"]) == (FIRST_FORMAT, 1) and FIRST_PATH == "data/selfcheck-first.json"
    assert "selfcheck-first.json" in EXPORTS
    days = [d for day in first["days"] for d in _dates(day)]
    start = dt.date.fromisoformat(first["reference_date"])
    assert days == [(start + dt.timedelta(days=n)).isoformat() for n in range(HORIZON)]


def _dates(day):
    at, until = dt.date.fromisoformat(day["from"]), dt.date.fromisoformat(day["until"])
    while at <= until:
        yield at.isoformat()
        at += dt.timedelta(days=1)


def _expected(finder: dict, core: dict, today: str) -> dict:
    """Each section's programs on ``today`` with nothing answered, computed the plain way."""
    cols = finder["columns"]
    programs = [dict(zip(cols["programs"], row, strict=True)) for row in finder["programs"]]
    conditions = [dict(zip(cols["conditions"], row, strict=True)) for row in finder["conditions"]]
    sections: dict[str, list] = {"eligible": [], "needs-info": [], "closed": [], "ineligible": []}

    def key(p):
        status = status_on(p, today)
        date = (p["window_close"] if status == "open" else p["window_open"]) or "9999-12-31"
        return STATUS_RANK[status], date, p["title"].encode("utf-16-be")

    for p in sorted(programs, key=key):
        rules = with_applicants([conditions[pair[0]] for pair in p["rules"] or []], p["applicants"])
        verdicts = [verdict_unanswered(r) for r in rules]
        group = "ineligible" if "unmet" in verdicts else "needs-info" if "unknown" in verdicts else "eligible"
        soon = status_on(p, today) in ("open", "upcoming", "rolling")
        section = group if group == "ineligible" or p["no_application"] or soon else "closed"
        sections[section].append(p)
    matched = [p for s in ("eligible", "needs-info") for p in sections[s] if not p["no_application"]]
    return {"sections": sections, "matched": len(matched),
            "ics": sum(1 for p in matched if core["programs"][p["id"]].get("ics"))}


def test_each_day_holds_the_counts_and_the_first_items_of_the_full_computation(files):
    finder, core, first = files["finder.json"], files["selfcheck-core.json"], files["selfcheck-first.json"]
    ident = first["columns"]["programs"].index("id")
    assert len(first["days"]) >= 2  # the sample's windows open and close within the horizon
    for day in first["days"]:
        for today in _dates(day):
            want = _expected(finder, core, today)
            assert day["counts"] == {s: len(ps) for s, ps in want["sections"].items()}, today
            assert (day["matched"], day["ics"]) == (want["matched"], want["ics"]), today
            for section, shown in day["shown"].items():
                ids = [first["programs"][n][ident] for n in shown]
                assert ids == [p["id"] for p in want["sections"][section][:SHOWN]], (today, section)
    assert sum(day["counts"]["needs-info"] for day in first["days"]) > 0


def test_the_rows_and_rule_tables_decode_as_in_the_finder_index(files):
    """The shown programs' rows, with their rules renumbered into the cut tables, read the same
    conditions and clauses as in data/finder.json; their formulas and next windows are the core's."""
    finder, core, first = files["finder.json"], files["selfcheck-core.json"], files["selfcheck-first.json"]

    def rules_of(doc, row):
        cols = doc["columns"]
        rules = row[cols["programs"].index("rules")] or []
        out = []
        for cond, clause in rules:
            text = doc["conditions"][cond]
            c = doc["clauses"][clause] if 0 <= clause < len(doc["clauses"]) else None
            policy = doc["policies"][c[0]] if c and 0 <= c[0] < len(doc["policies"]) else None
            out.append((text, c and c[1:], policy))
        return out

    ident = finder["columns"]["programs"].index("id")
    rows = {row[ident]: row for row in finder["programs"]}
    assert first["programs"]
    for row in first["programs"]:
        assert rules_of(first, row) == rules_of(finder, rows[row[ident]])
        assert first["extras"][row[ident]] == {k: v for k, v in core["programs"][row[ident]].items() if k != "rules"}
    assert len(json.dumps(first)) < len(json.dumps(finder)) / 2


def test_an_any_rule_without_conditions_is_unmet_as_in_the_browser():
    """pb-match.js: an empty "any" is unmet ([].every is true), so such a program is 不符合 at once."""
    assert verdict_unanswered({"op": "any", "value": []}) == "unmet"
    assert verdict_unanswered({"op": "manual"}) == "manual"
    assert verdict_unanswered({"op": "any", "value": [{"fact": "a", "op": "eq", "value": 1}]}) == "unknown"
    assert with_applicants([], ["enterprise"])[0]["fact"] == "applicant_type"
    assert with_applicants([{"fact": "applicant_type", "op": "in", "value": ["x"]}], ["enterprise"])[0]["value"] == ["x"]


def test_the_script_holds_the_same_document_whatever_its_text():
    """data/selfcheck-first.js: the JSON text as a string literal given to JSON.parse (finder/data_script.py)."""
    doc = {"format": FIRST_FORMAT, "title": "</script><!-- \u2028\u2029 \"引号\" \\ ${x} `", "__proto__": 1}
    text = json.dumps(doc, ensure_ascii=False) + "\n"
    script = first_script(text)
    head, tail = f"window.{FIRST_GLOBAL}=JSON.parse(", ");\n"
    assert FIRST_GLOBAL == "PolicybookSelfCheckFirst" and FIRST_SCRIPT_PATH == "data/selfcheck-first.js"
    assert script.startswith(head) and script.endswith(tail) and script.count("\n") == 1
    literal = script[len(head):-len(tail)]
    assert "\u2028" not in literal and "\u2029" not in literal  # raw line separators: old engines choke
    assert literal.startswith('"') and json.loads(json.loads(literal)) == doc  # a JSON string is a JS string literal


# Runs a script as a page would (its own global object as ``window``) and prints what it set.
RUN = ("const w = {}; require('vm').runInNewContext(require('fs').readFileSync(0, 'utf8'), { window: w });"
       "process.stdout.write(JSON.stringify(w));")


def test_the_script_is_javascript_that_sets_the_document():
    node = shutil.which("node")
    if not node:
        pytest.skip("node not found: the script was not run here (the browser tests run it)")
    doc = {"format": FIRST_FORMAT, "title": "</script>\u2028\u2029 \"引号\" \\ ${x}`", "__proto__": {"a": 1},
           "days": [{"from": "2026-11-21", "until": "2026-11-22"}]}
    script = first_script(json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n")
    run = subprocess.run([node, "-e", RUN], input=script, capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == {FIRST_GLOBAL: doc}  # one global, the data as data (its __proto__ a key)


def test_a_name_that_is_not_plain_javascript_is_refused():
    with pytest.raises(ValueError):
        data_script("{}", "x;alert(1)//")
    assert data_script("{}", "A") == 'window.A=JSON.parse("{}");\n'


def test_the_build_writes_the_script_and_the_page_runs_it_first(sample_site):
    data = sample_site.outdir / "data"
    text = (data / "selfcheck-first.json").read_text("utf-8")
    assert (data / "selfcheck-first.js").read_text("utf-8") == first_script(text)
    assert "selfcheck-first.js" in EXPORTS
    page = (sample_site.outdir / "source/self-check.html").read_text("utf-8")
    script = '<script defer src="../data/selfcheck-first.js"></script>'
    run = scripts_in_order(sample_site.outdir / "source/self-check.html")
    assert page.count(script) == 1 and run.index("../data/selfcheck-first.js") < run.index("../_static/pb-selfcheck.js")
    # the page's scripts run right after the status rule's, before the site's other deferred scripts
    order = [run.index(f"../_static/{name}") for name in ("pb-window.js", "pb-finder-core.js", "pb-match.js",
                                                          "pb-selfcheck.js", "pb-nav.js", "pb-search.js")]
    assert order == sorted(order)
    assert "selfcheck-first.json" not in page  # nothing to preload: the script brings it
