"""data/finder-first.json (finder/first.py): 政策查找's first page for each date it covers.

The ranges of dates end exactly where a status changes (an open date, the day after a close
date); the order is the page's (status, date, title in UTF-16 order, then data order); the
counts are evaluate's for the page without filters. The browser test
(tests/browser/test_finder_first.py) holds the file to what the page computes itself.
"""

from __future__ import annotations

import json

from sphinx_helpers import scripts_in_order

from policybook.finder.first import FIRST_FORMAT, HORIZON, PAGE, first_document, first_script
from policybook.finder.index import COLUMNS

REF = "2026-11-21"


def program(ident: str, title: str, mode: str = "dates", opens=None, closes=None, **extra) -> list:
    p = {name: None for name in COLUMNS["programs"]}
    p.update(id=ident, title=title, aliases=[], level="county", category="rd", support_type="grant",
             applicants=["enterprise"], industries=[], tags=[], window_mode=mode, window_open=opens,
             window_close=closes, rules=[], no_application=False, window_forecast=False)
    p.update(extra)
    return [p[name] for name in COLUMNS["programs"]]


def core(*rows) -> dict:
    return {"reference_date": REF, "vocabularies": {}, "vocabulary_order": {}, "program_url": None,
            "columns": COLUMNS, "programs": list(rows)}


def test_one_range_while_nothing_changes():
    doc = first_document(core(program("a", "甲", opens="2026-01-01", closes="2027-06-30"),
                              program("b", "乙", mode="rolling")))
    assert doc["format"] == FIRST_FORMAT and doc["total"] == 2
    [day] = doc["days"]
    assert (day["from"], day["until"]) == (REF, "2026-12-04")  # HORIZON days from the build date
    assert [doc["programs"][n][0] for n in day["order"]] == ["a", "b"]  # open before rolling
    assert day["status"] == {"open": 1, "rolling": 1}


def test_ranges_end_where_a_status_changes():
    doc = first_document(core(program("a", "甲", opens="2026-11-24", closes="2026-12-30"),
                              program("b", "乙", opens="2026-10-01", closes="2026-11-27"),
                              program("c", "丙", mode="rolling")))
    ranges = [(d["from"], d["until"], d["status"]) for d in doc["days"]]
    assert ranges == [
        (REF, "2026-11-23", {"upcoming": 1, "open": 1, "rolling": 1}),
        ("2026-11-24", "2026-11-27", {"open": 2, "rolling": 1}),  # a opens; b's close day is still open
        ("2026-11-28", "2026-12-04", {"open": 1, "closed": 1, "rolling": 1}),
    ]
    ids = [[doc["programs"][n][0] for n in d["order"]] for d in doc["days"]]
    # open by close date, rolling, upcoming by open date, closed
    assert ids == [["b", "c", "a"], ["b", "a", "c"], ["a", "c", "b"]]


def test_titles_compare_as_javascript_does_and_ties_keep_data_order():
    # U+FF5E sorts after U+1F600 by code point, before it in UTF-16 code units (JavaScript's <)
    doc = first_document(core(program("a", "\uff5e", mode="rolling"), program("b", "\U0001f600", mode="rolling"),
                              program("c", "\U0001f600", mode="rolling")))
    assert [doc["programs"][n][0] for n in doc["days"][0]["order"]] == ["b", "c", "a"]


def test_a_page_of_programs_and_the_facet_counts():
    rows = [program(f"p{n}", f"事项{n:03}", opens="2026-01-01", closes="2027-01-01",
                    industries=["all"] if n % 3 else ["software"], applicants=["enterprise", "university"][: 1 + n % 2],
                    no_application=n == 5) for n in range(PAGE + 20)]
    doc = first_document(core(*rows))
    [day] = doc["days"]
    assert len(day["order"]) == PAGE and len(doc["programs"]) == PAGE
    counts = doc["counts"]
    assert counts["industry"] == {"software": 24, "*": 46}
    assert counts["applicant"] == {"enterprise": 70, "university": 35}
    assert counts["application"] == {"yes": 69, "no": 1}
    assert doc["useful"] == {"level": False, "category": False, "support": False, "application": True,
                             "applicant": True, "industry": False}  # one industry besides "all"


def test_the_build_writes_it_from_the_core_file(sample_site):
    data = sample_site.outdir / "data"
    first = json.loads((data / "finder-first.json").read_text("utf-8"))
    core_doc = json.loads((data / "finder-core.json").read_text("utf-8"))
    assert first == json.loads(json.dumps(first_document(core_doc)))
    assert first["total"] == len(core_doc["programs"]) and len(first["days"]) >= 1
    assert first["days"][0]["from"] == core_doc["reference_date"] and len(first["days"]) <= HORIZON


def test_the_script_holds_the_same_document_whatever_its_text():
    doc = {"format": FIRST_FORMAT, "title": "</script><!-- \u2028\u2029 \"引号\" \\ ", "__proto__": 1}
    text = json.dumps(doc, ensure_ascii=False)
    script = first_script(text)
    assert script.startswith("window.PolicybookFinderFirst=JSON.parse(") and script.endswith(");\n")
    literal = script[len("window.PolicybookFinderFirst=JSON.parse("):-len(");\n")]
    assert "\u2028" not in literal and "\u2029" not in literal  # raw line separators: old engines choke
    assert json.loads(json.loads(literal)) == doc  # a JSON string is a JavaScript string literal


def test_the_build_writes_the_script_beside_the_file(sample_site):
    data = sample_site.outdir / "data"
    assert (data / "finder-first.js").read_text("utf-8") == first_script((data / "finder-first.json").read_text("utf-8"))
    page = (sample_site.outdir / "source/finder.html").read_text("utf-8")
    script = '<script defer src="../data/finder-first.js"></script>'
    run = scripts_in_order(sample_site.outdir / "source/finder.html")
    assert script in page and run.index("../data/finder-first.js") < run.index("../_static/pb-finder.js")
    # the finder's scripts run right after the status rule's, before the site's other deferred scripts
    order = [run.index(f"../_static/{name}") for name in ("pb-window.js", "pb-finder-core.js", "pb-finder-take.js",
                                                          "pb-finder.js", "pb-nav.js", "pb-search.js")]
    assert order == sorted(order)
    assert "finder-first.json" not in page  # nothing to preload: the script brings it
