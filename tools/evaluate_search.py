"""Measure site search in a real browser on the evaluation set: the site's search, Pagefind
alone and Sphinx's own zh search, same queries.

Usage (needs Chromium and the test extra's Playwright)::

    .venv/bin/python tools/evaluate_search.py [--repo DIR] [--date 2026-11-21] [--no-write]

Builds the site twice into a temporary folder (date pinned): once as published (Pagefind plus
Policybook's query layer) and once with Sphinx's built-in search (``policybook_search =
"sphinx"``). Then, in headless Chromium, for every query of tests/fixtures/search-eval.yaml:

- **本站搜索**: types the query into search.html's field key by key and reads the result links
  in rank order, and whether the page shows 您是不是要找 / 本站没有此类事项 (the DOM contract of
  issue 17, tools/search_eval.py);
- **Pagefind 单独**: the same build's index through ``pagefind/pagefind.js``: ``pf.search(q)``
  in Pagefind's order (all terms must match), nothing in front of it;
- **Sphinx 自带 (zh)**: the Sphinx build's ``Search`` object (searchtools.js) on the query, in the
  order its search page shows.

Writes the results section of docs/search-evaluation.md (between the ``results`` markers) and
every query's answers to bench/results/search-evaluation.json; ``--no-write`` only prints.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import os
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import search_eval  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "search-evaluation.md"
JSON_OUT = ROOT / "bench" / "results" / "search-evaluation.json"
START, END = "% results:start (written by tools/evaluate_search.py)", "% results:end"
CHROMIUM = os.environ.get("POLICYBOOK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
LIMIT = search_eval.PAGE_LIMIT


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def build(repo: Path, out: Path, date: str, search: str) -> Path:
    env = dict(os.environ, POLICYBOOK_DATE=date)
    subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-E", "-d", str(out / "doctrees"),
                    "-D", f"policybook_reference_date={date}", "-D", f"policybook_search={search}",
                    str(repo), str(out / "html")], check=True, env=env)
    return out / "html"


def serve(site: Path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


# --- the three methods: each opens its page once, then answers one query at a time ----------

class SiteSearch:
    label = "本站搜索"

    def open(self, page, base):
        search_eval.open_search_page(page, base)

    def run(self, page, base, q):
        return search_eval.dom_search(page, base, q)


PAGEFIND = """async ([q, limit]) => {
  if (!window.__pf) {
    window.__pf = await import(new URL('pagefind/pagefind.js', document.baseURI).href);
    await window.__pf.init();
  }
  const found = await window.__pf.search(q);
  const data = await Promise.all(found.results.slice(0, limit).map((r) => r.data()));
  return {urls: data.map((d) => new URL(d.url, document.baseURI).href), total: found.results.length};
}"""


class PagefindAlone:
    label = "Pagefind 单独"

    def open(self, page, base):
        page.goto(base + "index.html")

    def run(self, page, base, q):
        found = page.evaluate(PAGEFIND, [q.query, LIMIT])
        got = [search_eval.site_path(u, base) for u in found["urls"]]
        return search_eval.Outcome(q, got, not got, via="pagefind", extra={"total": found["total"]})


SPHINX = """([q, limit]) => {
  const [query, terms, excluded, highlight, objects] = Search._parseQuery(q);
  const results = Search._performSearch(query, terms, excluded, highlight, objects);
  // The search page pops results from the end: the last one is shown first.
  return results.slice().reverse().slice(0, limit).map((r) => r[0]);
}"""


class SphinxZh:
    label = "Sphinx 自带 (zh)"

    def open(self, page, base):
        page.goto(base + "search.html")
        page.wait_for_function("() => typeof Search !== 'undefined' && Search.hasIndex()", timeout=30_000)

    def run(self, page, base, q):
        docnames = page.evaluate(SPHINX, [q.query, LIMIT])
        return search_eval.Outcome(q, list(docnames), not docnames, via="sphinx")


def run_method(browser, base: str, method, queries) -> list:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.clock.set_fixed_time("2026-11-21T10:00:00+08:00")
    method.open(page, base)
    outcomes = []
    for q in queries:
        try:
            outcomes.append(method.run(page, base, q))
        except Exception as error:  # noqa: BLE001 - a timeout is a result too
            outcomes.append(search_eval.Outcome(q, [], False, via=method.label,
                                                error=f"{type(error).__name__}: {str(error)[:160]}"))
            method.open(page, base)
    context.close()
    return outcomes


# --- the report ------------------------------------------------------------------------------

def _f(x) -> str:
    return "—" if x is None else f"{x:.2f}"


def render(results: dict, meta: dict) -> str:
    labels = list(results)
    found = {label: search_eval.metrics(outcomes) for label, outcomes in results.items()}
    n_in = found[labels[0]]["all"]["in_scope"]
    n_out = found[labels[0]]["all"]["out_of_scope"]
    lines = [START, "",
             f"测于 {meta['measured']} (UTC), 代码版本 `{meta['commit']}`, 示例站点状态日期 {meta['date']}, "
             f"共 {n_in + n_out} 个查询 (在本站范围内 {n_in} 个, 本站没有的事项 {n_out} 个)。",
             "",
             "### 总体",
             "",
             "| 方法 | success@1 | success@3 | MRR | 无结果 (范围内) | 本站没有的事项: 提示无匹配 |",
             "|---|---|---|---|---|---|"]
    for label in labels:
        m = found[label]["all"]
        lines.append(f"| {label} | {_f(m['success_at_1'])} | {_f(m['success_at_3'])} | {_f(m['mrr'])} | "
                     f"{m['empty']} / {m['in_scope']} | {m['out_of_scope_ok']} / {m['out_of_scope']} |")
    lines += ["",
              "门槛 (issue 17, `tests/browser/test_search_eval.py`): 本站搜索 success@1 ≥ 0.90、MRR ≥ 0.93, "
              "范围内的查询没有一个无结果, 本站没有的事项都显示“您是不是要找 / 本站没有此类事项”。"
              "Pagefind 和 Sphinx 自带搜索没有这样的提示框, 对本站没有的事项, 表中计的是它们“一条也没给”的次数。",
              "",
              "### 按查询类型 (success@1 / MRR)",
              "",
              "| 类型 | 查询数 | " + " | ".join(labels) + " |",
              "|---|---|" + "---|" * len(labels)]
    for kind in search_eval.KINDS:
        cells = []
        for label in labels:
            m = found[label].get(kind)
            if not m:
                cells.append("—")
            elif kind == "out_of_scope":
                cells.append(f"提示 {m['out_of_scope_ok']} / {m['out_of_scope']}")
            else:
                empty = f", 无结果 {m['empty']}" if m["empty"] else ""
                cells.append(f"{_f(m['success_at_1'])} / {_f(m['mrr'])}{empty}")
        count = found[labels[0]][kind]["queries"] if kind in found[labels[0]] else 0
        lines.append(f"| {search_eval.KIND_LABELS[kind]} | {count} | " + " | ".join(cells) + " |")
    site = results[labels[0]]
    empty = [o for o in site if o.query.in_scope and not o.got]
    if empty:
        helped = sum(1 for o in empty if o.extra.get("suggested", [])[:1] and o.extra["suggested"][0] in o.query.accept)
        lines += ["", f"本站搜索无结果的 {len(empty)} 个范围内查询都不是空白页: "
                  f"{sum(1 for o in empty if o.nothing_box)} 个显示了“您是不是要找”, "
                  f"其中 {helped} 个的第一条建议就是可接受的页面 (上表不把建议计为结果)。"]
    misses = [o for o in site if not o.ok]
    lines += ["", f"### 本站搜索未答对的查询 ({len(misses)} 个)", ""]
    if misses:
        lines.append(search_eval.failures_table(site))
    else:
        lines.append("没有。")
    lines += ["", "每个查询在三种方法下的前几条结果见 `bench/results/search-evaluation.json`。"
              "复现: `.venv/bin/python tools/evaluate_search.py`。", "", END]
    return "\n".join(lines)


def write_doc(section: str, doc: Path = DOC) -> None:
    text = doc.read_text(encoding="utf-8")
    if START in text and END in text:
        head, rest = text.split(START, 1)
        tail = rest.split(END, 1)[1]
        text = head + section + tail
    else:
        text = text.rstrip("\n") + "\n\n## 结果\n\n" + section + "\n"
    doc.write_text(text, encoding="utf-8")


def to_json(results: dict, meta: dict) -> dict:
    queries = []
    labels = list(results)
    for i, q in enumerate(results[labels[0]]):
        entry = {"query": q.query.query, "kind": q.query.kind, "accept": q.query.accept}
        for label in labels:
            o = results[label][i]
            entry[label] = {"top": o.got[:5], "rank": o.rank, "ok": o.ok, "count": len(o.got),
                            "nothing_box": o.nothing_box, "suggested": o.extra.get("suggested", [])[:5],
                            "error": o.error}
        queries.append(entry)
    return {"meta": meta, "metrics": {label: search_eval.metrics(o) for label, o in results.items()},
            "queries": queries}


def dump(data: dict) -> str:
    """Readable and diffable: one query per line."""
    head = {k: v for k, v in data.items() if k != "queries"}
    text = json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "queries": [\n'
    text += ",\n".join("  " + json.dumps(q, ensure_ascii=False) for q in data["queries"])
    return text + "\n ]\n}\n"


def _commit(repo: Path) -> str:
    try:
        sha = subprocess.run(["git", "-C", str(repo), "rev-parse", "--short", "HEAD"], capture_output=True,
                             text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(repo), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True).stdout.strip()
        return sha + (" + 未提交的改动" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", default=str(ROOT), type=Path, help="project to build (a clean checkout is best)")
    parser.add_argument("--date", default="2026-11-21")
    parser.add_argument("--no-write", action="store_true", help="print only; leave the doc and JSON alone")
    parser.add_argument("--site-only", action="store_true",
                        help="only 本站搜索 (one build): to compare two versions of the search code quickly")
    parser.add_argument("--json", type=Path, help="also write every query's answers to this file")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    queries = search_eval.load()
    meta = {"measured": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M"), "date": args.date,
            "commit": _commit(args.repo), "queries": len(queries)}
    with tempfile.TemporaryDirectory(prefix="policybook-eval-") as tmp:
        tmp = Path(tmp)
        # Build before Playwright starts (a build may fork helper processes).
        sites = {"pagefind": build(args.repo, tmp / "pagefind", args.date, "pagefind")}
        if not args.site_only:
            sites["sphinx"] = build(args.repo, tmp / "sphinx", args.date, "sphinx")
        servers = {name: serve(site) for name, site in sites.items()}
        plan = [(SiteSearch(), "pagefind")]
        if not args.site_only:
            plan += [(PagefindAlone(), "pagefind"), (SphinxZh(), "sphinx")]
        results = {}
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            for method, site in plan:
                results[method.label] = run_method(browser, servers[site][1], method, queries)
                m = search_eval.metrics(results[method.label])["all"]
                print(f"{method.label}: success@1 {_f(m['success_at_1'])}, MRR {_f(m['mrr'])}, "
                      f"empty {m['empty']}", file=sys.stderr)
            browser.close()
        for server, _url in servers.values():
            server.shutdown()
    if args.json:
        args.json.write_text(dump(to_json(results, meta)), encoding="utf-8")
    if args.site_only:
        return 0
    section = render(results, meta)
    print(section)
    if not args.no_write:
        write_doc(section)
        JSON_OUT.parent.mkdir(parents=True, exist_ok=True)
        JSON_OUT.write_text(dump(to_json(results, meta)), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
