"""What site search costs a reader at N = 2,000 programs: bytes fetched and time to results.

Issue 17's targets, on a generated site of N programs (bench/generate.py, built with ``-j
auto``; or ``--site DIR``), served gzipped like docs/deploy/nginx.conf, in headless Chromium:

* **payload**: what the search layer fetches beyond the page itself, over the wire (gzip,
  encoded body + headers as Playwright reports them, page and Web Worker requests alike): every file under
  ``search/`` plus ``pb-query.js``, whenever fetched (page load or first query), in a fresh
  context with a cold cache. Pagefind's own files (``pagefind/``) are listed separately: for the
  first query, and in total after all the queries of one session. Target: search layer
  <= 60 KB gzip.
* **query to painted results** on search.html: the query is typed key by key; the clock starts
  at the last key's first event (keydown, or the input event for text committed by an IME) and
  stops at the page's answer to the whole query once the next frame has been produced (rAF, then
  a task): the first change to the status line, results list or suggest/referral box after the
  page said 正在搜索… following the last key (tools/search_eval.py, WATCHER), so that a slower
  search for a partial query landing meanwhile is not taken for it; *complete* when the page is
  no longer busy (status not 正在搜索…/正在搜索全文…, list not aria-busy), *first results* when the
  first list for the whole query is painted (a list from the names may come before the full
  text). Both are judged against the targets. Median and p90 over
  ``--queries`` queries of the evaluation set
  (tests/fixtures/search-eval.yaml, in-scope, spread over the kinds) after one warm-up query
  (reported apart as the cold first query), on desktop and with the CPU throttled 4× through
  ``Emulation.setCPUThrottlingRate``. Targets: <= 100 ms desktop, <= 300 ms throttled. Any debounce
  the page waits before searching is part of this time, as it is for the reader.

Writes bench/results/search-timing.{md,json} (``--quick``: N = 200, 10 queries, into
bench/results/quick/). ``make bench`` runs it after bench/run.py. Nothing here is a test: no
timed assertions anywhere, the verdicts are in the report.

    .venv/bin/python bench/search_timing.py                      # N = 2,000: generate, build, measure
    .venv/bin/python bench/search_timing.py --site /tmp/s/html    # measure an existing build
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT / "tools"))

import finder_timing  # noqa: E402  (gzip server, like the deployed nginx)
import search_eval  # noqa: E402  (the evaluation set and the search page's DOM contract)

CHROMIUM = os.environ.get("POLICYBOOK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
TARGETS = {"payload_kb": 60, "desktop_ms": 100, "throttled_ms": 300}
TIMEOUT_MS = 120_000

def pick_queries(count: int) -> list[search_eval.Query]:
    """In-scope queries of the evaluation set, taken round-robin over the kinds (deterministic)."""
    by_kind: dict[str, list] = {}
    for q in search_eval.load():
        if q.in_scope:
            by_kind.setdefault(q.kind, []).append(q)
    picked, i = [], 0
    while len(picked) < count and any(i < len(v) for v in by_kind.values()):
        for kind in search_eval.KINDS:
            if kind in by_kind and i < len(by_kind[kind]) and len(picked) < count:
                picked.append(by_kind[kind][i])
        i += 1
    return picked


def percentile(samples: list[float], p: float) -> float | None:
    """Nearest-rank percentile."""
    if not samples:
        return None
    ordered = sorted(samples)
    return round(ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)], 1)


def summary(samples: list[float]) -> dict:
    return {"median": round(statistics.median(samples), 1) if samples else None, "p90": percentile(samples, 90),
            "min": round(min(samples), 1) if samples else None, "max": round(max(samples), 1) if samples else None,
            "samples": [round(s, 1) for s in samples]}


def _category(url: str) -> str:
    path = url.split("?", 1)[0]
    if "/pagefind/" in path:
        return "pagefind"
    if "/search/" in path or path.endswith("/pb-query.js"):
        return "search"
    return "page"


class _Network:
    """Bytes over the wire per request, tagged by phase. Playwright's context-wide events, since
    Pagefind fetches its index from a Web Worker, which the page's DevTools session does not see;
    sizes (encoded body + headers) are read once the session is over."""

    def __init__(self, context):
        self.finished: list[tuple[str, object]] = []
        self.phase = "load"
        context.on("requestfinished", lambda request: self.finished.append((self.phase, request)))
        self._rows: list[dict] | None = None

    @property
    def rows(self) -> list[dict]:
        if self._rows is None:
            self._rows = []
            for phase, request in self.finished:
                sizes = request.sizes()
                self._rows.append({"url": request.url, "phase": phase, "category": _category(request.url),
                                   "bytes": sizes["responseBodySize"] + sizes["responseHeadersSize"]})
        return self._rows

    def total(self, category: str, phases: tuple[str, ...]) -> int:
        return sum(r["bytes"] for r in self.rows if r["category"] == category and r["phase"] in phases)

    def files(self, category: str, phases: tuple[str, ...]) -> dict[str, int]:
        found: dict[str, int] = {}
        for r in self.rows:
            if r["category"] == category and r["phase"] in phases:
                name = r["url"].split("://", 1)[-1].split("/", 1)[-1].split("?", 1)[0]
                found[name] = found.get(name, 0) + r["bytes"]
        return found


def _query_once(page, q: search_eval.Query) -> dict:
    search_eval.type_query(page, q.query, timeout=TIMEOUT_MS)
    t = page.evaluate("() => { const W = window.__pbAnswer; return {start: W.start, answered: W.answered, "
                      "painted: W.painted, earlyPainted: W.earlyPainted, last: W.last, changes: W.changes, "
                      "searching: W.searching, searchingAt: W.searchingAt}; }")
    hits = page.locator(search_eval.HITS).count()

    def since(key, origin="start"):
        return round(t[key] - t[origin], 1) if t[key] is not None and t[origin] is not None else None
    return {"query": q.query, "kind": q.kind, "updated_ms": since("answered"), "painted_ms": since("painted"),
            # the first results painted (a list from the names while the full text loads), else the answer
            "first_results_ms": since("earlyPainted") if t["earlyPainted"] is not None else since("painted"),
            "last_change_ms": since("last"), "changes": t["changes"], "said_searching": t["searching"],
            "hits": hits,
            # from the page saying 正在搜索… (the search starting, after any debounce) to the painted answer
            "search_painted_ms": since("painted", "searchingAt")}


def measure_session(browser, base: str, queries: list, cpu_slowdown: float = 1.0) -> dict:
    """One fresh context (cold cache): open search.html, a warm-up query, then the timed ones."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.add_init_script(search_eval.watcher_js())
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        network = _Network(context)
        if cpu_slowdown != 1:
            context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": cpu_slowdown})
        page.goto(base + "search.html", wait_until="networkidle")
        page.locator(search_eval.FIELD).wait_for(state="visible")
        network.phase = "first"
        first = _query_once(page, queries[0])
        page.wait_for_load_state("networkidle")
        network.phase = "queries"
        timed = [_query_once(page, q) for q in queries[1:]]
        page.wait_for_load_state("networkidle")
        return {
            "cpu_slowdown": cpu_slowdown,
            "first_query": first,
            "painted_ms": summary([t["painted_ms"] for t in timed]),
            "updated_ms": summary([t["updated_ms"] for t in timed]),
            "first_results_ms": summary([t["first_results_ms"] for t in timed]),
            "search_painted_ms": summary([t["search_painted_ms"] for t in timed if t["search_painted_ms"] is not None]),
            "queries": timed,
            "payload": {
                "search_layer_bytes": network.total("search", ("load", "first")),
                "search_layer_files": network.files("search", ("load", "first")),
                "search_layer_bytes_all_queries": network.total("search", ("load", "first", "queries")),
                "pagefind_first_query_bytes": network.total("pagefind", ("load", "first")),
                "pagefind_first_query_files": len(network.files("pagefind", ("load", "first"))),
                "pagefind_all_queries_bytes": network.total("pagefind", ("load", "first", "queries")),
                "pagefind_all_queries_files": len(network.files("pagefind", ("load", "first", "queries"))),
                "page_bytes": network.total("page", ("load",)),
            },
            "errors": errors,
        }
    finally:
        context.close()


def build_site(n: int, work: Path) -> tuple[Path, dict]:
    """bench/generate.py's Policybook flavour of N programs, built with -j auto (date pinned by it)."""
    python = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
    src, out = work / "src", work / "html"
    subprocess.run([python, str(BENCH / "generate.py"), "--n", str(n), "--flavour", "policybook", "--dest", str(src)],
                   check=True)
    started = time.time()
    done = subprocess.run([python, "-m", "sphinx", "-b", "html", "-q", "-j", "auto", "-d", str(work / "doctrees"),
                           str(src), str(out)], capture_output=True, text=True)
    if done.returncode:
        sys.stderr.write(done.stderr[-4000:])
        raise SystemExit(f"build of N={n} failed (exit {done.returncode})")
    return out, {"build_s": round(time.time() - started, 1), "build_warnings": done.stderr.count("WARNING")}


def measure(site: Path, queries: list) -> dict:
    from playwright.sync_api import sync_playwright

    with finder_timing.serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            return {"desktop": measure_session(browser, base, queries),
                    "throttled": measure_session(browser, base, queries, cpu_slowdown=4)}
        finally:
            browser.close()


def _kb(n: int) -> str:
    return f"{n / 1024:.1f} KB"


def verdicts(found: dict) -> list[dict]:
    desktop, throttled = found["desktop"], found["throttled"]
    payload = desktop["payload"]["search_layer_bytes"]
    found_verdicts = [
        {"target": f"检索层额外下载 ≤ {TARGETS['payload_kb']} KB (gzip; search/ 下全部文件 + pb-query.js)",
         "measured": _kb(payload), "ok": payload <= TARGETS["payload_kb"] * 1024}]
    for run, limit, where in ((desktop, TARGETS["desktop_ms"], "桌面"), (throttled, TARGETS["throttled_ms"], "CPU 降速 4×")):
        for key, what in (("first_results_ms", "首批结果绘出"), ("painted_ms", "完整结果绘出 (不再“正在搜索”)")):
            m = run[key]
            found_verdicts.append({"target": f"输入到{what} ≤ {limit} ms ({where}, 中位数)",
                                   "measured": f"{m['median']} ms (p90 {m['p90']} ms)",
                                   "ok": m["median"] is not None and m["median"] <= limit})
    return found_verdicts


def render(data: dict) -> str:
    found, meta = data["results"], data["meta"]
    lines = ["# Search timing", "",
             f"N = {meta['n']} generated programs ({meta['site']}), commit `{meta['commit']}`, measured "
             f"{meta['measured']} UTC on {meta['machine']}; {meta['queries']} queries of the evaluation set "
             "(first one untimed, as the cold query). How: bench/search_timing.py's docstring.", "",
             "## Targets (issue 17)", "", "| Target | Measured | Verdict |", "|---|---|---|"]
    for v in data["verdicts"]:
        lines.append(f"| {v['target']} | {v['measured']} | {'✓ met' if v['ok'] else '✗ not met'} |")
    lines += ["", "The time verdicts use the median; the p90 is shown beside it. *First results*: the first list "
              "painted for the whole query (the page may show one from the names while the full text loads, "
              "the status saying 正在搜索全文… and the list aria-busy); *complete*: the page no longer busy. "
              "The column 正在搜索… → complete starts when the page says it is searching, i.e. after any "
              "debounce the page waits after the last key: the difference is that wait (plus event handling)."]
    if meta.get("load", 0) > (os.cpu_count() or 1):
        lines += ["", f"**Busy machine**: load average {meta['load']:.1f} on {os.cpu_count()} CPUs while measuring "
                  "(other builds and tests running); the times are upper bounds, rerun on a quiet machine."]
    lines += ["",
              "## Query to painted results (ms)", "",
              "| | complete: median | p90 | min | max | first results painted: median, p90 "
              "| 正在搜索… → complete painted: median, p90 | cold first query (complete) |",
              "|---|---|---|---|---|---|---|---|"]
    for name, label in (("desktop", "desktop"), ("throttled", "CPU 4× slower")):
        r = found[name]
        p, f = r["painted_ms"], r["first_query"]
        sp = r.get("search_painted_ms") or {}
        fr = r.get("first_results_ms") or {}
        lines.append(f"| {label} | {p['median']} | {p['p90']} | {p['min']} | {p['max']} | "
                     f"{fr.get('median')}, {fr.get('p90')} | "
                     f"{sp.get('median')}, {sp.get('p90')} | {f['painted_ms']} ({f['query']}) |")
    pay = found["desktop"]["payload"]
    lines += ["", "## Bytes over the wire (gzip, headers included)", "",
              "| What | Bytes |", "|---|---|",
              f"| search layer: search/ + pb-query.js, page load and first query | {_kb(pay['search_layer_bytes'])} |",
              f"| search layer after all {meta['queries']} queries | {_kb(pay['search_layer_bytes_all_queries'])} |",
              f"| Pagefind, first query ({pay['pagefind_first_query_files']} files) | "
              f"{_kb(pay['pagefind_first_query_bytes'])} |",
              f"| Pagefind after all queries ({pay['pagefind_all_queries_files']} files) | "
              f"{_kb(pay['pagefind_all_queries_bytes'])} |",
              f"| the search page itself (HTML, CSS, JS, fonts) | {_kb(pay['page_bytes'])} |", ""]
    if pay["search_layer_files"]:
        lines += ["Search layer files: " + ", ".join(f"`{k}` {_kb(v)}" for k, v in
                                                     sorted(pay["search_layer_files"].items())), ""]
    errors = found["desktop"]["errors"] + found["throttled"]["errors"]
    if errors:
        lines += ["JavaScript errors on the page: " + "; ".join(errors[:5]), ""]
    lines += ["## Per query (ms to first results / complete; desktop, 4×)", "",
              "| Query | Kind | Desktop | 4× | Results |", "|---|---|---|---|---|"]
    for d, t in zip(found["desktop"]["queries"], found["throttled"]["queries"], strict=True):
        lines.append(f"| {d['query']} | {d['kind']} | {d.get('first_results_ms')} / {d['painted_ms']} | "
                     f"{t.get('first_results_ms')} / {t['painted_ms']} | {d['hits']} |")
    return "\n".join(lines) + "\n"


def _commit() -> str:
    try:
        sha = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                             text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True).stdout.strip()
        return sha + ("+dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="generated programs (default 2000)")
    parser.add_argument("--queries", type=int, default=31, help="queries per session, the first untimed")
    parser.add_argument("--site", type=Path, help="measure this built site instead of generating one")
    parser.add_argument("--commit", help="with --site: the version it was built from, for the report")
    parser.add_argument("--quick", action="store_true", help="smoke run: N = 200, 10 queries, into results/quick/")
    parser.add_argument("--out", type=Path, help="results folder (default bench/results, quick: bench/results/quick)")
    # make bench passes BENCH_ARGS meant for bench/run.py too; only --quick matters here.
    args, _ignored = parser.parse_known_args(argv)
    if args.quick:
        args.n, args.queries = 200, 10
    out = args.out or (BENCH / "results" / ("quick" if args.quick else ""))
    out.mkdir(parents=True, exist_ok=True)
    queries = pick_queries(args.queries)
    meta = {"n": args.n, "queries": len(queries), "commit": args.commit or _commit(),
            "measured": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M"),
            "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}",
            "load": os.getloadavg()[0],
            "targets": TARGETS}
    with tempfile.TemporaryDirectory(prefix="pb-search-timing-") as tmp:
        if args.site:
            site, meta["site"] = args.site, str(args.site)
        else:
            site, built = build_site(args.n, Path(tmp))
            meta.update(built, site="bench/generate.py, built with -j auto")
        results = measure(site, queries)
    data = {"meta": meta, "results": results}
    data["verdicts"] = verdicts(results)
    (out / "search-timing.json").write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", "utf-8")
    text = render(data)
    (out / "search-timing.md").write_text(text, "utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
