"""政策查找's work deferred for speed at 10,000 programs (issue 22) changes nothing a reader gets.

- A filter's frame carries the first cards; the rest of the page of cards follows once it is
  painted, and then the list is the whole page, in order, with exact counts.
- Results are read off lists sorted once per order (filters never sort): the same order as
  sorting the matches with the page's comparator, for every sort, with filters and a query.
- The keyword box's keys are made after the first paint: a query finds what it found before.
"""

from __future__ import annotations

import copy
import json

import pytest

from policybook.finder.index import finder_document
from policybook.finder.split import core_document, text_document

pytestmark = pytest.mark.browser

FINDER = "source/finder.html"
PAGE, FIRST = 50, 10  # pb-finder.js
COMPLETE = '[data-pb-finder="finder"]:not([data-pb-pending])'

# At the moment the page says it is ready, and at each first change of the list after that:
# how many cards it holds and whether the rest are still to come.
PROBE = """
(() => {
  const seen = window.__pbLists = [];
  const look = () => {
    const root = document.querySelector('[data-pb-finder="finder"]');
    const list = root && root.querySelector(".pb-finder-results");
    if (list) seen.push({ cards: list.children.length, pending: root.hasAttribute("data-pb-pending") });
  };
  new MutationObserver((records) => {
    if (records.some((r) => r.attributeName === "data-pb-ready")) look();
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-pb-ready"] });
  window.__pbLook = look;
})();
"""

# The order before issue 22: the matches in the records' order, sorted with this comparator.
REFERENCE_ORDER = """
() => {
  const F = window.PolicybookFinder, C = window.PolicybookFinderCore, sort = F.state.sort;
  const found = F.records.filter((r) => F.found.indexOf(r) !== -1);
  found.sort((a, b) => {
    if (sort === "title") return C.compareTitle(a.program, b.program);
    const n = a.named - b.named;
    if (n) return n;
    if (sort === "amount") return (b.amount - a.amount) || C.compareTitle(a.program, b.program);
    return C.compareDeadlineKeys(a.deadline, b.deadline, a.program, b.program);
  });
  return [found.map((r) => r.program.id), F.found.map((r) => r.program.id)];
}
"""


@pytest.fixture(scope="module")
def big_index(built_site) -> dict:
    """The sample's current programs repeated to 600 (ids and titles made unique, some titles
    repeated on purpose so that ties are decided by the records' order)."""
    export = json.loads((built_site / "data" / "programs.json").read_text("utf-8"))
    real = [p for p in export["programs"] if not p["archived"]]
    big = copy.deepcopy(export)
    big["programs"] = []
    for i in range(600):
        p = copy.deepcopy(real[i % len(real)])
        p["id"] = f"{p['id']}-{i}"
        p["title"] = p["title"] if i % 7 == 0 else f"{p['title']} 第{i}号"
        big["programs"].append(p)
    return finder_document(big)


def open_big(page, site_url, index: dict, query: str = ""):
    def serve(doc):
        body = json.dumps(doc, ensure_ascii=False)
        return lambda route: route.fulfill(status=200, content_type="application/json", body=body)

    for name, doc in (("finder", index), ("finder-core", core_document(index)), ("finder-text", text_document(index))):
        page.route(f"**/data/{name}.json", serve(doc))
    page.add_init_script(PROBE)
    page.goto(site_url + FINDER + query)
    page.wait_for_selector('[data-pb-finder="finder"][data-pb-ready="true"]')
    page.wait_for_selector('[data-pb-finder="finder"][data-pb-text="true"]', state="attached")
    page.wait_for_selector(COMPLETE, state="attached")


def cards(page) -> list[str]:
    page.wait_for_selector(COMPLETE, state="attached")
    return page.locator(".pb-finder-results > li").evaluate_all("items => items.map(li => li.dataset.program)")


def test_first_cards_then_the_rest_of_the_page(page, site_url, big_index):
    open_big(page, site_url, big_index)
    # ready with the first cards only, the rest announced as pending
    assert page.evaluate("window.__pbLists[0]") == {"cards": FIRST, "pending": True}
    # then the whole first page, in the order of the results, with the exact count
    found = page.evaluate("window.PolicybookFinder.found.map(r => r.program.id)")
    assert len(found) == 600
    assert cards(page) == found[:PAGE]
    assert page.locator("#pb-finder-count").inner_text() == "共600项事项"
    assert page.locator(".pb-finder-more").inner_text() == f"显示更多（还有{600 - PAGE}项）"
    # a filter: its frame has the first cards, then the rest arrive; counts stay exact
    page.evaluate("""() => {
      const list = document.querySelector(".pb-finder-results");
      new MutationObserver(function (_, observer) { observer.disconnect(); window.__pbLook(); })
        .observe(list, { childList: true });
    }""")
    page.select_option("#pb-finder-category", "ip")
    first = page.evaluate("window.__pbLists[window.__pbLists.length - 1]")
    assert first["cards"] <= FIRST
    n = sum(1 for p in big_index["programs"] if p[big_index["columns"]["programs"].index("category")] == "ip")
    assert page.locator("#pb-finder-count").inner_text() == f"找到{n}项符合条件的事项"
    assert cards(page) == page.evaluate("window.PolicybookFinder.found.map(r => r.program.id)")[:PAGE]
    assert len(cards(page)) == min(n, PAGE)


def test_show_more_before_the_rest_arrived_keeps_the_order(page, site_url, big_index):
    open_big(page, site_url, big_index)
    # a filter, then 显示更多 in the same task, before the deferred cards were put in
    page.evaluate("""() => {
      const F = window.PolicybookFinder;
      F.state.category = ""; F.state.sort = "title"; F.sync(); F.update(); F.showMore();
    }""")
    found = page.evaluate("window.PolicybookFinder.found.map(r => r.program.id)")
    assert cards(page) == found[:2 * PAGE]


@pytest.mark.parametrize("query", ["", "?sort=amount", "?sort=title", "?status=open,rolling",
                                   "?kw=专利", "?kw=专利&sort=amount", "?kw=资助&sort=title&level=county"])
def test_order_equals_sorting_the_matches(page, site_url, big_index, query):
    open_big(page, site_url, big_index, query)
    if "kw=" in query:  # the site search's ranking, once it has answered
        page.wait_for_selector('[data-pb-finder="finder"][data-pb-ranked]', state="attached")
        page.wait_for_selector(COMPLETE, state="attached")
    reference, found = page.evaluate(REFERENCE_ORDER)
    assert found and found == reference
    assert cards(page) == found[:PAGE]


def test_a_query_typed_at_once_finds_what_the_text_keys_find(page, site_url, big_index):
    """The keys are made in idle slices after the first paint; a query typed before they are
    all made makes the rest on the spot, and finds every program whose text has the words."""
    open_big(page, site_url, big_index)
    found, made = page.evaluate("""() => {
      const F = window.PolicybookFinder;
      F.records.forEach((r) => { r.hay = undefined; });  // as if none were made yet
      F.haystack = null;  // nor joined (warm)
      F.query.value = F.state.q = "专利";
      F.update();  // the words as typed: the site search answers later
      return [F.found.map((r) => r.program.id), F.records.every((r) => typeof r.hay === "string")];
    }""")
    columns = big_index["columns"]["programs"]
    at = {name: columns.index(name) for name in ("id", "title", "aliases", "summary", "tags")}
    expected = [row[at["id"]] for row in big_index["programs"]
                if "专利" in "\n".join([row[at["title"]], *(row[at["aliases"]] or []), row[at["summary"]] or "",
                                        *(row[at["tags"]] or [])])]
    assert made and expected
    assert sorted(found) == sorted(expected)


# The words as typed, matched the way pb-finder.js matched them record by record before issue 22's
# per-query ranks: every word in the record's text, the names holding every word first.
TYPED_REFERENCE = """
(queries) => {
  const F = window.PolicybookFinder, out = [];
  for (const [q, sort, category] of queries) {
    F.query.value = F.state.q = q; F.state.sort = sort; F.state.category = category;
    F.update();
    const terms = String(q).normalize("NFKC").toLowerCase().split(/\\s+/).filter(Boolean);
    let found = F.ordered(sort).list.filter((r) => (!category || r.program.category === category)
      && terms.every((t) => r.hay.indexOf(t) !== -1));
    if (terms.length && sort !== "title") {
      const named = (r) => (terms.every((t) => r.names.indexOf(t) !== -1) ? 0 : 1);
      found = found.filter((r) => named(r) === 0).concat(found.filter((r) => named(r) === 1));
    }
    out.push([q, sort, category, F.found.map((r) => r.program.id), found.map((r) => r.program.id),
              document.querySelector("#pb-finder-count").textContent]);
  }
  return out;
}
"""


def test_typing_a_query_finds_what_matching_each_record_finds(page, site_url, big_index):
    """A query's matches are made once per query (from the joined texts, or from the last
    query's matches while typing on): the same programs in the same order as matching every
    record's text, whichever sort and filter, typing on, deleting, or starting again."""
    open_big(page, site_url, big_index)
    page.wait_for_function("() => window.PolicybookFinder.haystack")  # the texts joined (warm)
    page.evaluate("() => { window.policybookSearch = undefined; }")  # no search answer: the words as typed
    typing = ["专", "专利", "专利 ", "专利 资", "专利 资助", "专利", "", "资助 专利", "ＡＢＣ", "高", "高企", "高企 企业",
              "没有这个词", "科技 专项 资金", "\u0000"]
    queries = [(q, "", "") for q in typing]
    queries += [(q, "title", "") for q in ("专", "专利", "资助")]
    queries += [(q, "amount", "ip") for q in ("专", "专利", "专利 资助", "")]
    results = page.evaluate(TYPED_REFERENCE, queries)
    assert any(len(found) > 10 for *_, found, _reference, _count in results)
    for q, sort, category, found, reference, count in results:
        assert found == reference, (q, sort, category)
        if q.strip():
            assert count == f"找到{len(found)}项符合条件的事项"
