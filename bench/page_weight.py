"""Page weight: what a reader downloads for each kind of page, and how soon it paints on Fast 3G.

Builds the repository's sample site (date pinned, like the tests) into a temporary folder, or
takes an already built one (``--site``), serves it over HTTP with gzip like the nginx config in
docs/deploy (``bench/finder_timing.py``'s server: html, css, js, json, svg, atom, ics gzipped at
level 6; fonts, images, wasm and Pagefind's pre-compressed files as they are), and opens one page
of each kind in headless Chromium:

* **weight**: a fresh browser context (cold cache, cache disabled), no throttling; every request
  the page makes until the network is idle, counted by the DevTools protocol
  (``Network.loadingFinished``'s ``encodedDataLength``: bytes over the wire, gzip, headers
  included). Split by resource type (document, script, stylesheet, font, image, fetch/xhr, other).
* **first contentful paint**: a fresh context with Chrome DevTools' *Fast 3G* preset
  (``Network.emulateNetworkConditions``: latency 562.5 ms = 150 ms RTT x 3.75, download
  180,000 B/s = 1.6 Mbit/s x 0.9, upload 84,375 B/s = 750 kbit/s x 0.9; Lighthouse's adjustment
  factors for request-level throttling). CPU not throttled unless ``--cpu-slowdown`` (Lighthouse's
  mobile profile uses 4). FCP from the Paint Timing API, and the load event; median of ``--runs``.

The search page is opened as ``search.html?q=专利`` so the search bundle it loads for a query
is counted.

Targets (issue 16): a program page <= 300 KB transferred with a cold cache, FCP <= 2 s on Fast 3G.

    .venv/bin/python bench/page_weight.py --label after          # build, measure, write results
    .venv/bin/python bench/page_weight.py --site _build/html --label now --runs 5
    make bench-weight                                              # the same as the first line

Results are merged into ``bench/results/page-weight.json`` under the label (so a ``before`` and
an ``after`` run sit side by side) and ``bench/results/page-weight.md`` is rewritten from it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import finder_timing  # noqa: E402  (its gzip server and Chromium settings)

REFERENCE_DATE = "2026-11-21"
TARGET_BYTES = 300 * 1024
TARGET_FCP_MS = 2000
# Chrome DevTools' "Fast 3G" preset (bytes per second; latency in ms added to every request).
FAST_3G = {"offline": False, "latency": 562.5, "downloadThroughput": 180_000, "uploadThroughput": 84_375}
QUERY = "专利"
# kind -> candidate pages (first existing wins); globs pick the first match in sorted order.
KINDS: dict[str, tuple[str, ...]] = {
    "home": ("index.html",),
    "category": ("source/categories/talent.html", "source/categories/*.html"),
    "program": ("source/programs/high-tech-recognition.html", "source/programs/*.html"),
    "policy": ("source/policies/county-sci-measures.html", "source/policies/*.html"),
    "guide": ("source/guides/high-tech-guide.html", "docs/high-tech-guide.html", "source/guides/*.html"),
    "finder": ("source/finder.html",),
    "self-check": ("source/self-check.html",),
    "calendar": ("source/calendar.html",),
    "search": ("search.html",),
}
TYPES = ("Document", "Script", "Stylesheet", "Font", "Image", "Fetch", "Other")


def build_site(dest: Path) -> Path:
    """The sample site as ``make html`` builds it (publishing build, date pinned)."""
    env = {**os.environ, "POLICYBOOK_DATE": REFERENCE_DATE}
    env.pop("POLICYBOOK_PREVIEW", None)
    out = dest / "html"
    python = ROOT / ".venv" / "bin" / "python"
    subprocess.run([str(python if python.exists() else sys.executable), "-m", "sphinx", "-b", "html", "-q",
                    "-d", str(dest / "doctrees"), str(ROOT), str(out)], check=True, env=env, cwd=ROOT)
    return out


def pick_pages(site: Path) -> dict[str, str]:
    pages = {}
    for kind, candidates in KINDS.items():
        for pattern in candidates:
            matches = sorted(site.glob(pattern))
            matches = [m for m in matches if m.name not in ("index.html",) or kind == "home"]
            if matches:
                pages[kind] = matches[0].relative_to(site).as_posix()
                break
    return pages


def _url(base: str, kind: str, path: str) -> str:
    return base + path + (f"?q={QUERY}" if kind == "search" else "")


def measure_weight(browser, url: str) -> dict:
    """Every request of one cold load, bytes over the wire (gzip, headers included)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.clock.set_fixed_time(f"{REFERENCE_DATE}T10:00:00+08:00")
        cdp = context.new_cdp_session(page)
        requests: dict[str, dict] = {}
        cdp.on("Network.requestWillBeSent", lambda e: requests.setdefault(
            e["requestId"], {"url": e["request"]["url"], "type": e.get("type", "Other")}))
        cdp.on("Network.responseReceived", lambda e: requests.setdefault(e["requestId"], {}).update(
            type=e.get("type", "Other"), status=e["response"]["status"]))
        cdp.on("Network.loadingFinished", lambda e: requests.setdefault(e["requestId"], {}).update(
            bytes=int(e["encodedDataLength"])))
        cdp.on("Network.loadingFailed", lambda e: requests.setdefault(e["requestId"], {}).update(failed=True))
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        page.goto(url, wait_until="networkidle")
        page.wait_for_timeout(300)  # stragglers started by scripts after idle
        rows = []
        for entry in requests.values():
            if "url" not in entry or entry["url"].startswith("data:"):
                continue
            kind = entry.get("type", "Other")
            kind = "Fetch" if kind in ("Fetch", "XHR") else kind if kind in TYPES else "Other"
            path = entry["url"].split("://", 1)[-1].split("/", 1)[-1]
            rows.append({"path": "/" + path, "type": kind, "bytes": entry.get("bytes", 0),
                         "status": entry.get("status"), "failed": entry.get("failed", False)})
        rows.sort(key=lambda r: -r["bytes"])
        by_type = {t: sum(r["bytes"] for r in rows if r["type"] == t) for t in TYPES}
        return {"requests": len(rows), "bytes": sum(r["bytes"] for r in rows), "by_type": by_type,
                "failed": [r["path"] for r in rows if r["failed"] or (r["status"] or 0) >= 400],
                "resources": rows}
    finally:
        context.close()


def measure_paint(browser, url: str, cpu_slowdown: float) -> dict:
    """First contentful paint and load event on emulated Fast 3G, cold cache."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.set_default_timeout(180_000)  # no page.clock here: it replaces the performance timeline
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Network.emulateNetworkConditions", FAST_3G)
        if cpu_slowdown != 1:
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": cpu_slowdown})
        page.goto(url, wait_until="load")
        page.wait_for_function("performance.getEntriesByName('first-contentful-paint').length > 0")
        return page.evaluate("""() => ({
            fcp: performance.getEntriesByName('first-contentful-paint')[0].startTime,
            load: performance.getEntriesByType('navigation')[0].loadEventEnd })""")
    finally:
        context.close()


def measure(site: Path, runs: int, cpu_slowdown: float) -> dict:
    from playwright.sync_api import sync_playwright

    pages = pick_pages(site)
    found: dict[str, dict] = {}
    with finder_timing.serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=finder_timing.CHROMIUM, args=finder_timing.CHROMIUM_ARGS,
                                     headless=True)
        try:
            for kind, path in pages.items():
                url = _url(base, kind, path)
                weight = measure_weight(browser, url)
                paints = [measure_paint(browser, url, cpu_slowdown) for _ in range(runs)]
                found[kind] = {
                    "page": path, **weight,
                    "fcp_ms": round(statistics.median(p["fcp"] for p in paints)),
                    "load_ms": round(statistics.median(p["load"] for p in paints)),
                    "fcp_samples": [round(p["fcp"]) for p in paints],
                }
                print(f"{kind:11} {weight['requests']:3} requests {weight['bytes'] / 1024:8.1f} KB  "
                      f"FCP {found[kind]['fcp_ms']:6} ms  load {found[kind]['load_ms']:6} ms", file=sys.stderr)
        finally:
            browser.close()
    return found


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def _kb(n: float) -> str:
    return f"{n / 1024:,.1f}"


def render(results: dict) -> str:
    labels = list(results["runs"])
    lines = [
        "# Page weight",
        "",
        "Written by `bench/page_weight.py` (`make bench-weight`); see its docstring and bench/README.md.",
        "One page of each kind of the sample site, served with gzip like docs/deploy/nginx.conf, in headless",
        "Chromium. **KB**: everything transferred with a cold cache (gzip, headers included), until the network",
        "is idle. **FCP** / **load**: first contentful paint and load event on Chrome DevTools' Fast 3G preset",
        "(562.5 ms latency per request, 180,000 B/s down, 84,375 B/s up), phone viewport, cold cache; median of",
        "the runs. Targets (issue 16): program page <= 300 KB, FCP <= 2,000 ms on Fast 3G.",
        "",
    ]
    for label in labels:
        run = results["runs"][label]
        lines += [f"## {label}", "",
                  f"{run['date']}, commit {run['commit']}{' (+ uncommitted changes)' if run.get('dirty') else ''}, "
                  f"{run['runs']} paint run(s), CPU slowdown {run['cpu_slowdown']}x. {run.get('note', '')}", "",
                  "| kind | page | requests | KB | JS KB | CSS KB | font KB | FCP ms | load ms |",
                  "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
        for kind, row in run["pages"].items():
            t = row["by_type"]
            lines.append(f"| {kind} | `{row['page']}` | {row['requests']} | {_kb(row['bytes'])} | "
                         f"{_kb(t['Script'])} | {_kb(t['Stylesheet'])} | {_kb(t['Font'])} | "
                         f"{row['fcp_ms']:,} | {row['load_ms']:,} |")
        program = run["pages"].get("program")
        if program:
            lines += ["", "Largest requests of the program page:", "",
                      "| resource | type | KB |", "|---|---|---:|"]
            for res in program["resources"][:12]:
                lines.append(f"| `{res['path'].split('?')[0]}` | {res['type']} | {_kb(res['bytes'])} |")
        lines.append("")
    if len(labels) >= 2:
        first, last = labels[0], labels[-1]
        a, b = results["runs"][first]["pages"], results["runs"][last]["pages"]
        lines += [f"## {first} -> {last}", "",
                  f"| kind | KB {first} | KB {last} | requests {first} | requests {last} | "
                  f"FCP ms {first} | FCP ms {last} |", "|---|---:|---:|---:|---:|---:|---:|"]
        for kind in b:
            if kind in a:
                lines.append(f"| {kind} | {_kb(a[kind]['bytes'])} | {_kb(b[kind]['bytes'])} | "
                             f"{a[kind]['requests']} | {b[kind]['requests']} | "
                             f"{a[kind]['fcp_ms']:,} | {b[kind]['fcp_ms']:,} |")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="an already built site (default: build the sample site)")
    parser.add_argument("--label", default="latest", help="name of this run in the results (e.g. before, after)")
    parser.add_argument("--runs", type=int, default=3, help="Fast 3G loads per page (median)")
    parser.add_argument("--cpu-slowdown", type=float, default=1, help="Chrome CPU throttling rate (4 = phone)")
    parser.add_argument("--note", default="", help="what this run measured (e.g. which build), shown in the table")
    parser.add_argument("--results", type=Path, default=BENCH / "results", help="folder for page-weight.{md,json}")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="pb-weight-") as tmp:
        site = args.site.resolve() if args.site else build_site(Path(tmp))
        pages = measure(site, args.runs, args.cpu_slowdown)

    args.results.mkdir(parents=True, exist_ok=True)
    path = args.results / "page-weight.json"
    results = json.loads(path.read_text("utf-8")) if path.exists() else {"runs": {}}
    results["runs"][args.label] = {
        "date": dt.date.today().isoformat(), "commit": _git("rev-parse", "--short", "HEAD"),
        "dirty": bool(_git("status", "--porcelain", "--untracked-files=no")),
        "runs": args.runs, "cpu_slowdown": args.cpu_slowdown, "network": FAST_3G, "note": args.note, "pages": pages,
    }
    path.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", "utf-8")
    (args.results / "page-weight.md").write_text(render(results), "utf-8")
    program = pages.get("program")
    ok = program is not None and program["bytes"] <= TARGET_BYTES and program["fcp_ms"] <= TARGET_FCP_MS
    print(f"program page: {_kb(program['bytes']) if program else '?'} KB (target {_kb(TARGET_BYTES)}), "
          f"FCP {program['fcp_ms'] if program else '?'} ms (target {TARGET_FCP_MS}): {'OK' if ok else 'over'}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
