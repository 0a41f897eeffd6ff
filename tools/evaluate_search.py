"""Measure site search in a real browser: Sphinx's zh search against Pagefind, same queries.

Usage (needs Chromium and the test extra's Playwright)::

    .venv/bin/python tools/evaluate_search.py [--jieba DIR] [--date 2026-11-21]

Builds the site into a temporary folder once with Sphinx's built-in search
(``policybook_search = "sphinx"``), optionally again with jieba importable at index time
(``--jieba`` names a folder holding it, e.g. ``pip install --target DIR jieba``), and once with
Policybook's search. Then, in headless Chromium, it types each query (no spaces) and records
the top result of: Sphinx's search page; Pagefind with its defaults (whole <body>, default
ranking, no aliases); and Policybook's search dialog (Pagefind plus title/alias ranking).
Prints a Markdown table for docs/search-evaluation.md.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

QUERIES = {
    "知识产权资助": "patent-subsidy",
    "发明专利资助": "patent-subsidy",
    "高新技术企业认定": "high-tech-recognition",
    "科技成果转化贷款": "tech-transfer-loan",
    "创新券": "innovation-voucher",
    "高企": "high-tech-recognition",
    "科小": "tech-sme-evaluation",
    "双百计划": "double-hundred-plan",
}
CHROMIUM = os.environ.get("POLICYBOOK_CHROMIUM", "/usr/bin/chromium")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def build(repo: Path, out: Path, date: str, search: str, extra_path: str | None = None) -> Path:
    env = dict(os.environ)
    if extra_path:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (extra_path, env.get("PYTHONPATH")) if p)
    subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-E", "-d", str(out / "doctrees"),
                    "-D", f"policybook_reference_date={date}", "-D", f"policybook_search={search}",
                    str(repo), str(out / "html")], check=True, env=env)
    return out / "html"


def pagefind_defaults(site: Path) -> None:
    """Pagefind as it comes: every <body>, no root selector, no weights, into pagefind-raw/."""
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", "pagefind-raw",
                    "--silent"], check=True)


def serve(site: Path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def program_of(href: str | None) -> str:
    if not href:
        return "—"
    path = href.split("#")[0].split("?")[0]
    path = path.split("://", 1)[-1].split("/", 1)[-1] if "://" in path else path.lstrip("/")
    name = path.rstrip("/").rsplit("/", 1)[-1].removesuffix(".html") or "index"
    return name if "programs/" in path else f"({path.removesuffix('.html')})"


def sphinx_top(page, url: str, query: str) -> tuple[str, int]:
    page.goto(f"{url}search.html?q={quote(query)}")
    page.wait_for_function("() => { const s = document.querySelector('#search-results .search-summary, "
                           "#search-results p'); return s && s.textContent.trim().length > 0 && "
                           "!document.querySelector('#search-results h2.searching, .search-summary:empty'); }",
                           timeout=20000)
    page.wait_for_timeout(300)
    links = page.locator("#search-results ul.search li a")
    return program_of(links.first.get_attribute("href") if links.count() else None), links.count()


def pagefind_raw_top(page, url: str, query: str) -> tuple[str, int]:
    page.goto(url + "index.html")
    found = page.evaluate("""async (q) => {
        const pf = await import('/pagefind-raw/pagefind.js');
        const s = await pf.search(q);
        const first = s.results.length ? await s.results[0].data() : null;
        return [first ? first.url : null, s.results.length];
    }""", query)
    return program_of(found[0]), found[1]


def pagefind_tuned_top(page, url: str, query: str) -> tuple[str, int]:
    """Our index (article only, weighted names) and ranking options, without the name match."""
    page.goto(url + "index.html")
    found = page.evaluate("""async (q) => {
        const pf = await import('/pagefind/pagefind.js');
        await pf.options({ranking: {termFrequency: 0.5, termSimilarity: 4.0}});
        const s = await pf.search(q);
        const first = s.results.length ? await s.results[0].data() : null;
        return [first ? first.url : null, s.results.length];
    }""", query)
    return program_of(found[0]), found[1]


def policybook_top(page, url: str, query: str) -> tuple[str, int]:
    """What a reader gets: the header search dialog (Ctrl+K), first of the results shown."""
    page.goto(url + "index.html")
    page.keyboard.press("Control+k")
    field = page.locator("#pst-search-dialog input[name=q]")
    field.fill(query)
    hits = page.locator("#pb-search-dialog-results a.pb-search-hit")
    hits.first.wait_for(timeout=20000)
    page.wait_for_timeout(300)
    return program_of(hits.first.get_attribute("href")), hits.count()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", default=".", type=Path)
    parser.add_argument("--date", default="2026-11-21")
    parser.add_argument("--jieba", help="folder with jieba importable (pip install --target DIR jieba)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="policybook-eval-") as tmp:
        tmp = Path(tmp)
        # Build everything before Playwright starts (a build may fork helper processes).
        sites = {"sphinx": build(args.repo, tmp / "sphinx", args.date, "sphinx")}
        if args.jieba:
            sites["sphinx+jieba"] = build(args.repo, tmp / "jieba", args.date, "sphinx", args.jieba)
        sites["policybook"] = build(args.repo, tmp / "policybook", args.date, "pagefind")
        # This report itself quotes every query; it is kept out of every index (nosearch).
        (sites["sphinx"] / "docs/search-evaluation.html").unlink(missing_ok=True)
        pagefind_defaults(sites["sphinx"])
        servers = {name: serve(site) for name, site in sites.items()}
        columns = [("Sphinx 内置 (zh, 无 jieba)", "sphinx", sphinx_top)]
        if args.jieba:
            columns.append(("Sphinx 内置 (zh + jieba)", "sphinx+jieba", sphinx_top))
        columns += [("Pagefind extended 默认设置", "sphinx", pagefind_raw_top),
                    ("Pagefind + 本站索引设置", "policybook", pagefind_tuned_top),
                    ("本站搜索框 (再加名称/简称匹配)", "policybook", policybook_top)]
        rows = []
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                         args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            for query, expected in QUERIES.items():
                row = [query, expected]
                for _label, site, measure in columns:
                    try:
                        top, count = measure(page, servers[site][1], query)
                    except Exception as error:  # noqa: BLE001 - a timeout is a result too
                        top, count = f"(出错: {type(error).__name__})", 0
                    mark = "✓" if top == expected else "✗"
                    row.append(f"{mark} {top} ({count})")
                rows.append(row)
            browser.close()
        for server, _url in servers.values():
            server.shutdown()
    header = ["查询", "应排第一"] + [label for label, _site, _fn in columns]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print()
    print(json.dumps({"correct": {label: sum(r[i + 2].startswith("✓") for r in rows)
                                  for i, (label, _s, _f) in enumerate(columns)}}, ensure_ascii=False))


if __name__ == "__main__":
    main()
