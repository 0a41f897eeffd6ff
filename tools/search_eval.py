"""The search evaluation set (tests/fixtures/search-eval.yaml): loading, scoring, and driving the
search page in a browser the way a reader does.

Shared by tests/browser/test_search_eval.py (the gate), tools/evaluate_search.py (the report
comparing methods) and bench/search_timing.py (timing), so that all three read the set, type
queries and score results the same way. No Sphinx imports; Playwright only inside the functions
that take a page.
"""

from __future__ import annotations

import json
import posixpath
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

EVAL_SET = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "search-eval.yaml"
KINDS = ("question", "synonym", "typo", "abbreviation", "amount", "docnum", "pinyin", "name", "guide",
         "out_of_scope")
KIND_LABELS = {"question": "问句", "synonym": "同义说法", "typo": "错别字", "abbreviation": "简称",
               "amount": "金额", "docnum": "文号", "pinyin": "拼音", "name": "名称", "guide": "办事指南",
               "out_of_scope": "本站没有的事项"}
PAGE_LIMIT = 30

# The search page's DOM contract (issue 17).
FIELD = "#pb-search-page input[name=q]"
STATUS = "#pb-search-status"
HITS = "ol#pb-search-results > li.pb-search-result > a.pb-search-hit[href]"
NOTHING_BOX = ".pb-search-suggest, .pb-search-referral"
# The status line while a search runs: 正在搜索… (and 正在搜索全文… while a first list, from the names,
# waits for the full text); the results list carries aria-busy="true" while it may still change.
SEARCHING = "正在搜索"


@dataclass
class Query:
    query: str
    kind: str
    accept: list[str]
    expect: str | None = None
    note: str | None = None

    @property
    def in_scope(self) -> bool:
        return self.kind != "out_of_scope"


@dataclass
class Outcome:
    """What one method returned for one query: site paths in rank order, and whether the page
    said that nothing matches (suggest/referral box)."""
    query: Query
    got: list[str]
    nothing_box: bool | None = None
    via: str = "dom"
    error: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def rank(self) -> int | None:
        """1-based rank of the first acceptable result, None when none is in the list."""
        for i, path in enumerate(self.got, 1):
            if path in self.query.accept:
                return i
        return None

    @property
    def ok(self) -> bool:
        if self.query.in_scope:
            return self.rank == 1
        return bool(self.nothing_box)


def load(path: Path = EVAL_SET) -> list[Query]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))["queries"]
    queries = [Query(**entry) for entry in raw]
    unknown = sorted({q.kind for q in queries} - set(KINDS))
    if unknown:
        raise ValueError(f"{path}: unknown kinds {unknown}")
    return queries


def site_path(href: str | None, base: str = "") -> str | None:
    """'http://host/sub/source/programs/x.html#y' → 'source/programs/x' (relative to base)."""
    if not href:
        return None
    path = unquote(urlsplit(href).path)
    base_path = urlsplit(base).path if base else "/"
    if path.startswith(base_path):
        path = path[len(base_path):]
    path = posixpath.normpath("/" + path).lstrip("/")
    if path.endswith("/index.html") or path == "index.html":
        path = path[: -len(".html")]
    elif path.endswith("/") or not path:
        path = (path + "index").lstrip("/")
    return path.removesuffix(".html")


def metrics(outcomes: list[Outcome]) -> OrderedDict:
    """success@1, success@3, MRR and empty results over in-scope queries; out-of-scope handled
    (nothing box shown) separately; overall and per kind."""
    def block(items: list[Outcome]) -> dict:
        inside = [o for o in items if o.query.in_scope]
        outside = [o for o in items if not o.query.in_scope]
        n = len(inside)
        ranks = [o.rank for o in inside]
        return {
            "queries": len(items),
            "in_scope": n,
            "success_at_1": round(sum(r == 1 for r in ranks) / n, 4) if n else None,
            "success_at_3": round(sum(r is not None and r <= 3 for r in ranks) / n, 4) if n else None,
            "mrr": round(sum(1 / r for r in ranks if r) / n, 4) if n else None,
            "empty": sum(not o.got for o in inside),
            "out_of_scope": len(outside),
            "out_of_scope_ok": sum(bool(o.nothing_box) for o in outside),
            "out_of_scope_empty": sum(not o.got for o in outside),
        }
    result = OrderedDict(all=block(outcomes))
    for kind in KINDS:
        items = [o for o in outcomes if o.query.kind == kind]
        if items:
            result[kind] = block(items)
    return result


def failures_table(outcomes: list[Outcome]) -> str:
    rows = ["| 查询 | 类型 | 实得前三 | 可接受 |", "|---|---|---|---|"]
    for o in outcomes:
        if o.ok:
            continue
        got = ", ".join(o.got[:3]) or "(无结果)"
        if not o.query.in_scope:
            got += " — 未显示“您是不是要找/本站没有此类事项”"
        if o.extra.get("suggested"):
            got += " — 您是不是要找: " + ", ".join(o.extra["suggested"][:2])
        if o.error:
            got += f" — 出错: {o.error}"
        rows.append(f"| {o.query.query} | {o.query.kind} | {got} | {', '.join(o.query.accept) or '(应提示无匹配)'} |")
    return "\n".join(rows)


def metrics_table(found: OrderedDict) -> str:
    rows = ["| 类型 | 查询数 | success@1 | success@3 | MRR | 无结果 | 本站没有的事项: 给出提示 |",
            "|---|---|---|---|---|---|---|"]
    for kind, m in found.items():
        label = "合计" if kind == "all" else KIND_LABELS[kind]
        def pct(x):
            return "—" if x is None else f"{x:.2f}"
        outside = f"{m['out_of_scope_ok']} / {m['out_of_scope']}" if m["out_of_scope"] else "—"
        rows.append(f"| {label} | {m['queries']} | {pct(m['success_at_1'])} | {pct(m['success_at_3'])} | "
                    f"{pct(m['mrr'])} | {m['empty']} | {outside} |")
    return "\n".join(rows)


# --- the search page, driven like a reader ---------------------------------------------------

# Watches the search page for its answer to the query being typed (one install per page, also as
# an init script). A change counts only while the field holds the whole query, and only in the
# answer (status line, results, suggest/referral box). The answer is the first change made after
# the page said 正在搜索… following the last key that leaves the page no longer busy (status not
# 正在搜索…/正在搜索全文…, list not aria-busy): a slower search for a partial query (started before
# the last key) that lands meanwhile is not taken for it. The first results shown on the way (a
# list from the names while the full text loads) are stamped too (early). An engine that never
# says it is searching (answered from a cache, say) is taken at its first change once 1 s has
# passed without it. Times are performance.now() / event time stamps (the same clock).
WATCHER = """(() => {
  const sel = %(selectors)s;
  if (window.__pbAnswer) return true;
  const fresh = () => ({query: null, start: null, pending: null, searching: false, searchingAt: null, early: null,
                        earlyPainted: null, answered: null, painted: null, first: null, last: null, changes: 0});
  const W = window.__pbAnswer = fresh();
  const field = () => document.querySelector(sel.field);
  const status = () => document.querySelector(sel.status);
  const list = () => document.querySelector('#pb-search-results');
  const watched = sel.status + ', #pb-search-results, ' + sel.nothing;
  const relevant = (node) => {
    const el = node && (node.nodeType === 1 ? node : node.parentElement);
    return !!(el && el.closest && el.closest(watched));
  };
  const searchingText = (text) => (text || '').trim().indexOf(sel.searching) === 0;
  // still working: the status says so, or the list says it may still change
  const busy = () => searchingText((status() || {}).textContent) ||
    (list() && list().getAttribute('aria-busy') === 'true');
  const shown = () => !!(list() && !list().hidden && list().querySelector('li.pb-search-result'));
  const afterPaint = (done) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => done(performance.now());
    channel.port2.postMessage(0);
  });
  document.addEventListener('keydown', (e) => { if (e.target === field()) W.pending = e.timeStamp; }, true);
  document.addEventListener('input', (e) => {
    if (e.target !== field()) return;
    const t = W.pending !== null ? W.pending : e.timeStamp;
    W.pending = null;
    if (W.query !== null && field().value.trim() === W.query) W.start = t;
  }, true);
  new MutationObserver((records) => {
    const f = field();
    if (W.query === null || W.start === null || !f || f.value.trim() !== W.query) return;
    const mine = records.filter((r) => relevant(r.target) ||
      Array.from(r.addedNodes).concat(Array.from(r.removedNodes)).some(relevant));
    if (!mine.length) return;
    const now = performance.now();
    const said = mine.some((r) => Array.from(r.addedNodes).some((n) => searchingText(n.textContent))
      || (r.type === 'characterData' && searchingText(r.target.data)));
    const still = busy();
    W.changes += mine.length;
    W.last = now;
    if (W.first === null) W.first = now;
    if ((said || still) && !W.searching) { W.searching = true; W.searchingAt = now; }
    if (!W.searching) return;
    const listChanged = mine.some((r) => r.type === 'childList' && r.target === list());
    if (W.early === null && listChanged && shown()) {  // the first results shown (may still be refined)
      W.early = now;
      afterPaint((t) => { W.earlyPainted = t; });
    }
    if (W.answered === null && !still) {  // the complete answer
      W.answered = now;
      afterPaint((t) => { W.painted = t; });
    }
  }).observe(document, {subtree: true, childList: true, characterData: true, attributes: true});
  W.arm = (q) => { Object.assign(W, fresh(), {query: q}); };
  // Done: the complete answer painted; or, with no sign of searching at all for 1 s after the last
  // key, the first change.
  W.done = () => {
    if (W.painted !== null && (W.early === null || W.earlyPainted !== null)) return true;
    if (!W.searching && W.first !== null && !busy() && W.start !== null && performance.now() - W.start > 1000) {
      W.answered = W.painted = W.first;
      if (shown()) W.early = W.earlyPainted = W.first;
      return true;
    }
    return false;
  };
  return true;
})()"""
SELECTORS = {"field": FIELD, "status": STATUS, "hits": HITS, "nothing": NOTHING_BOX, "searching": SEARCHING}


def watcher_js() -> str:
    """The watcher with this module's selectors, for page.evaluate or page.add_init_script."""
    return WATCHER % {"selectors": json.dumps(SELECTORS, ensure_ascii=False)}


READ = """(sel) => ({
  hrefs: Array.from(document.querySelectorAll(sel.hits)).map((a) => a.href),
  nothing: Array.from(document.querySelectorAll(sel.nothing)).some((el) => {
    const r = el.getBoundingClientRect();
    return !el.hidden && r.width > 0 && r.height > 0 && (el.textContent || '').trim().length > 0;
  }),
  status: (document.querySelector(sel.status) || {}).textContent || '',
  suggested: Array.from(document.querySelectorAll('.pb-search-suggest a.pb-search-hit[href]')).map((a) => a.href)
})"""


def open_search_page(page, base: str) -> None:
    page.goto(base + "search.html")
    page.locator(FIELD).wait_for(state="visible")
    page.evaluate(watcher_js())


def type_query(page, text: str, *, tap: bool = False, timeout: float = 20_000) -> None:
    """Clear the field and type the query key by key; return once the page has answered the
    whole query and painted it (see WATCHER)."""
    field = page.locator(FIELD)
    if tap:
        field.tap()
    else:
        field.click()
    field.press("Control+a")
    field.press("Backspace")
    page.evaluate("(q) => window.__pbAnswer.arm(q)", text.strip())
    page.keyboard.type(text)
    page.wait_for_function("() => window.__pbAnswer.done()", timeout=timeout)


def read_results(page, base: str) -> tuple[list[str], bool, str]:
    found = page.evaluate(READ, SELECTORS)
    return [site_path(h, base) for h in found["hrefs"]], found["nothing"], found["status"]


def dom_search(page, base: str, q: Query, **kwargs) -> Outcome:
    type_query(page, q.query, **kwargs)
    found = page.evaluate(READ, SELECTORS)
    return Outcome(q, [site_path(h, base) for h in found["hrefs"]], found["nothing"], via="dom",
                   extra={"status": found["status"], "suggested": [site_path(h, base) for h in found["suggested"]]})


API = """async ([q, limit]) => {
  const result = await window.policybookSearch.search(q, limit);
  return (result && result.hits || []).map((h) => h.url);
}"""


def api_search(page, base: str, q: Query, limit: int = PAGE_LIMIT) -> Outcome:
    """window.policybookSearch.search: the same engine without typing (fast; no nothing box)."""
    page.wait_for_function("() => window.policybookSearch && window.policybookSearch.search")
    urls = page.evaluate(API, [q.query, limit])
    return Outcome(q, [site_path(page.evaluate("(u) => new URL(u, document.baseURI).href", u), base)
                       for u in urls], None, via="api")
