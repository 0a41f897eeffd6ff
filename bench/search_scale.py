"""Site search at N × k programs without building N × k pages (issue 22).

A full Sphinx build of 10,000 programs takes most of an hour of CPU on two cores. What a reader
fetches for a query depends only on the Pagefind bundle and the files under ``search/``, so this
takes a built site of N programs (``bench/generate.py`` + a build) and writes a copy of it (hard
links) in which every program page exists ``k`` times: copies ``<id>-x<r>.html`` whose title
(``<title>``, heading, search words) says ``…（r）``, as :mod:`finder_scale` does for the finder.
Pagefind then indexes the copy's pages (the list and the options the build recorded beside its
doctrees) in its own process, and ``search/`` is written again from the site's own index with
each program entry ``k`` times, through the extension's writer (so the copy has this code's
search files). Finally :func:`search_timing.measure_session` fetches what a fresh reader fetches.

A site that searches its own full text (``policybook_search_fulltext_from``,
:mod:`policybook.search.fulltext`: no Pagefind) has ``search/`` written again with each program
entry ``k`` times and each copy having its original's words (:func:`scaled_own_fulltext`).

The copies' body text repeats their originals': Pagefind's posting lists grow k-fold, its
vocabulary does not (a real site's would grow a little), so word chunks are if anything smaller
than a real 10,000-program site's, and page metadata (one record a page) is exact.

    .venv/bin/python bench/search_scale.py /tmp/site/html /tmp/site/doctrees --factor 5

Prints JSON: pages indexed, Pagefind's CPU time, file sizes, and the payload per query.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

PROGRAM_PAGE = re.compile(r"^(?P<dir>.*programs/)(?P<id>[^/]+)\.html$")


def _expanded(doc: dict) -> list[dict]:
    """search/index.json's entries as they were before ``entries.compact`` (whole URLs and keywords)."""
    words, template = doc.get("words", []), doc.get("program_url", "")
    out = []
    for entry in doc["entries"]:
        entry = dict(entry)
        if "url" not in entry and template and entry.get("id"):
            entry["url"] = template.replace("{id}", entry["id"])
        if entry.get("keys"):
            entry["keys"] = [words[k] if isinstance(k, int) else k for k in entry["keys"]]
        out.append(entry)
    return out


def scaled_words(site: Path, doc: dict, entries: list[dict], factor: int) -> dict[str, list[int]] | None:
    """The site's own full text (``search/fulltext/``, a site built without Pagefind) with each
    program's copies having its words: bigram → entry numbers in the scaled entry list (the
    originals, then the copies as :func:`_copies` orders them)."""
    from policybook.search import fulltext

    if not doc.get("fulltext"):
        return None
    programs = [i for i, e in enumerate(entries) if e["kind"] == "program"]
    position = {n: j for j, n in enumerate(programs)}
    found: dict[str, list[int]] = {}
    for path in sorted((site / fulltext.FOLDER).glob("*.json")):
        for gram, text in json.loads(path.read_text("utf-8"))["grams"].items():
            numbers = fulltext.decode(text)
            found[gram] = numbers + [len(entries) + (round_ - 1) * len(programs) + position[n]
                                     for round_ in range(1, factor) for n in numbers if n in position]
    return found


def write_search_files(dest: Path, doc: dict, entries: list[dict], words: dict | None = None) -> None:
    """``search/`` written by this checkout's extension from the whole entry list (and, for a
    site that searches its own full text, the words: bigram → entry numbers)."""
    from policybook.search import entries as writer
    from policybook.search import fulltext

    head = {k: v for k, v in doc.items() if k not in ("entries", "words", "program_url", "pinyin", "readings",
                                                       "fulltext")}
    readings = {}
    for number, entry in enumerate(entries):
        if "py" in entry:
            readings[str(number)] = entry.pop("py")
    document = {**head, **writer.compact(entries)}
    files, shown = fulltext.into(document, words) if words is not None else ([], {})
    fulltext.write(dest, files, shown)
    for name in (writer.INDEX, writer.PINYIN):
        (dest / name).unlink(missing_ok=True)  # hard links to the built site's files: never written through
    writer.write_documents(dest, document, doc.get("pinyin", {}), readings)


def site_doc(site: Path) -> dict:
    """``search/index.json`` as written before :func:`fulltext.split_shown` (each program's id
    and window back from ``search/shown/``), with the pinyin table."""
    from policybook.search import fulltext

    doc = json.loads((site / "search/index.json").read_text("utf-8"))
    for path in (site / fulltext.SHOWN).glob("*.json"):
        block = json.loads(path.read_text("utf-8"))
        for i, fields in enumerate(block["entries"]):
            if fields:
                doc["entries"][block["first"] + i].update(fields)
    if "pinyin" not in doc and (site / "search/pinyin.json").is_file():
        doc["pinyin"] = json.loads((site / "search/pinyin.json").read_text("utf-8"))["pinyin"]
    return doc


def install_scripts(dest: Path) -> None:
    """The search scripts of the extension this runs with (``PYTHONPATH``), not the build's:
    one built site measures the code before and after a change."""
    import policybook

    static = Path(policybook.__file__).parent / "static"
    for path in static.glob("pb-*.js"):
        target = dest / "_static" / path.name
        target.unlink(missing_ok=True)
        target.write_bytes(path.read_bytes())
    from policybook.pages import bundles

    bundles.rewrite(dest / "_static")  # pages load our scripts in bundles: made again from these


def rewritten(source: Path, site: Path, dest: Path) -> dict:
    """A copy of the scaled copy ``source`` (same pages, same Pagefind bundle: hard links) with
    ``search/`` and the scripts of the extension this runs with, from the original ``site``'s index."""
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(source, dest, copy_function=os.link)
    doc = site_doc(site)
    entries = _expanded(doc)
    factor = sum(1 for e in _expanded(site_doc(source))
                 if e["kind"] == "program") // max(1, sum(1 for e in entries if e["kind"] == "program"))
    write_search_files(dest, doc, entries + _copies(entries, factor), scaled_words(site, doc, entries, factor))
    install_scripts(dest)
    return {"reused_pages_of": str(source), "factor": factor, "files": sizes(dest)}


def _copies(entries: list[dict], factor: int) -> list[dict]:
    """Each program's entry again for each copy of its page, linking to the copy (as a real site's
    entries link to their own pages: ``compact`` then writes no URL, only the id)."""
    return [{**e, "id": f"{e['id']}-x{round_}", "title": f"{e['title']}（{round_}）",
             **({"url": _copy_url(e["url"], e["id"], round_)} if e.get("url") else {})}
            for round_ in range(1, factor) for e in entries if e["kind"] == "program"]


def _copy_url(url: str, program_id: str, round_: int) -> str:
    path, hashmark, fragment = url.partition("#")
    if path.endswith(f"/{program_id}.html"):
        path = f"{path[:-len('.html')]}-x{round_}.html"
    return path + hashmark + fragment


def code_options(recorded: list[str]) -> list[str]:
    """The Pagefind options of the extension this runs with, for the recorded article selector:
    what this code's build would index of the same pages (``--options code``)."""
    from policybook.search import pagefind

    root = recorded[recorded.index("--root-selector") + 1] if "--root-selector" in recorded else pagefind.THEME_ROOT
    return pagefind.pagefind_options(root)


def scaled_site(site: Path, doctrees: Path, factor: int, dest: Path, which: str = "recorded") -> dict:
    from policybook.search import incremental
    if "fulltext" in json.loads((site / "search/index.json").read_text("utf-8")):
        return scaled_own_fulltext(site, factor, dest)
    record = json.loads((doctrees / incremental.RECORD_FILE).read_text("utf-8"))
    options = json.loads(record["settings"])["options"]
    reindex = factor > 1
    if which == "code" and code_options(options) != options:
        options, reindex = code_options(options), True
    shutil.rmtree(dest, ignore_errors=True)
    skip = ("pagefind", "pagefind-delta") if reindex else ()  # k = 1: the site's own bundle
    shutil.copytree(site, dest, copy_function=os.link, ignore=shutil.ignore_patterns(*skip))
    doc = site_doc(site)
    entries = _expanded(doc)
    titles = {e["id"]: e["title"] for e in entries if e["kind"] == "program"}
    rels = sorted(record["pages"])
    stage = dest / ".scale-stage"
    for rel in rels:
        target = stage / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(dest / rel, target)
        found = PROGRAM_PAGE.match(rel)
        if not found:
            continue
        text = (dest / rel).read_text("utf-8")
        title = titles.get(found["id"], found["id"])  # a page whose data has errors is titled by its id
        for round_ in range(1, factor):
            copy = f"{found['dir']}{found['id']}-x{round_}.html"
            page = text.replace(title, f"{title}（{round_}）")
            (dest / copy).write_text(page, "utf-8")
            os.link(dest / copy, stage / copy)
    write_search_files(dest, doc, entries + _copies(entries, factor), scaled_words(site, doc, entries, factor))
    install_scripts(dest)
    pages = sum(1 for _ in stage.rglob("*.html"))
    if not reindex:
        shutil.rmtree(stage)
        return {"programs": len(titles), "pages_indexed": pages, "files": sizes(dest)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.time()
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(stage), "--output-path", str(dest / "pagefind"),
                    *options, "--silent"], check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    shutil.rmtree(stage)
    (dest / incremental.MANIFEST).write_text(json.dumps({"bundle": None, "dead": []}) + "\n", "utf-8")
    return {"programs": len(titles) * factor, "pagefind_options": options,
            "program_pages": sum(1 for r in rels if PROGRAM_PAGE.match(r)) * factor,
            "pages_indexed": pages,
            "pagefind_wall_s": round(time.time() - started, 1),
            "pagefind_cpu_s": round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 1),
            "files": sizes(dest)}


def scaled_own_fulltext(site: Path, factor: int, dest: Path) -> dict:
    """A site that searches its own full text (no Pagefind): ``search/`` written again with
    every program ``factor`` times. The copies' pages are not written: a reader's search never
    fetches a page, only the files under ``search/``."""
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(site, dest, copy_function=os.link)
    doc = site_doc(site)
    entries = _expanded(doc)
    write_search_files(dest, doc, entries + _copies(entries, factor), scaled_words(site, doc, entries, factor))
    install_scripts(dest)
    return {"programs": sum(1 for e in entries if e["kind"] == "program") * factor, "pages_indexed": 0,
            "files": sizes(dest)}


def sizes(site: Path) -> dict:
    """Bytes as served (gzip level 6 for text; Pagefind's own files are gzipped already)."""
    def served(path: Path) -> int:
        data = path.read_bytes()
        return len(data) if data[:2] == b"\x1f\x8b" or path.suffix == ".pagefind" else len(gzip.compress(data, 6))
    found = {}
    for path in sorted((site / "search").glob("**/*.json")):
        found[path.relative_to(site).as_posix()] = served(path)
    bundle = site / "pagefind"
    for pattern, key in (("*.pf_meta", "pagefind meta"), ("index/*.pf_index", "pagefind chunks"),
                         ("fragment/*.pf_fragment", "pagefind fragments")):
        files = list(bundle.glob(pattern))
        found[key] = {"files": len(files), "bytes": sum(p.stat().st_size for p in files)}
    return found


def _paste(page, text: str) -> None:
    """The query put into the field at once (one input event, so one search), then the answer
    awaited as :func:`search_eval.type_query` does. Typing key by key also searches the prefixes
    the reader pauses on, which on a loaded machine varies from run to run."""
    import search_timing

    field = page.locator(search_timing.search_eval.FIELD)
    field.fill("")
    page.evaluate("(q) => window.__pbAnswer.arm(q)", text.strip())
    field.fill(text)
    page.wait_for_function("() => window.__pbAnswer.done()", timeout=search_timing.TIMEOUT_MS)


def measure(site: Path, count: int, typed: bool = False) -> dict:
    """A fresh reader on search.html asks ``count`` evaluation-set queries (those of bench/run.py's
    search_payload), pasted (default) or typed key by key; bytes over the wire (gzip) per query,
    Pagefind's and the search layer's."""
    import search_timing
    from playwright.sync_api import sync_playwright

    queries = search_timing.pick_queries(count)
    with search_timing.finder_timing.serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=search_timing.CHROMIUM, args=search_timing.CHROMIUM_ARGS,
                                     headless=True)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.set_default_timeout(search_timing.TIMEOUT_MS)
            page.add_init_script(search_timing.search_eval.watcher_js())
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            network = search_timing._Network(context)
            page.goto(base + "search.html", wait_until="networkidle")
            page.locator(search_timing.search_eval.FIELD).wait_for(state="visible")
            answered = []
            for i, q in enumerate(queries):
                network.phase = f"q{i}"
                if typed:
                    answered.append(search_timing._query_once(page, q))
                else:
                    _paste(page, q.query)
                    answered.append({"query": q.query, "hits": page.locator(search_timing.search_eval.HITS).count()})
                page.wait_for_load_state("networkidle")
            network.rows  # noqa: B018  (sizes are read while the session is alive)
            context.close()
        finally:
            browser.close()
    per_query = []
    for i, q in enumerate(answered):
        phases = ("load", f"q{i}") if i == 0 else (f"q{i}",)
        files = {**network.files("search", phases), **network.files("pagefind", phases)}
        per_query.append({"query": q["query"], "hits": q["hits"], "bytes": sum(files.values()),
                          "pagefind_bytes": network.total("pagefind", phases),
                          "search_layer_bytes": network.total("search", phases),
                          "fragments": sum(1 for f in files if f.endswith(".pf_fragment")),
                          "chunks": sum(1 for f in files if f.endswith(".pf_index")),
                          "files": dict(sorted(files.items(), key=lambda kv: -kv[1]))})
    later = [q["bytes"] for q in per_query[1:]]
    return {"load": round(os.getloadavg()[0], 1), "first_query_bytes": per_query[0]["bytes"],
            "later_query_bytes_max": max(later, default=0),
            "later_query_bytes_mean": round(sum(later) / max(len(later), 1)), "per_query": per_query, "errors": errors}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a built site (the html output folder)")
    parser.add_argument("doctrees", type=Path, help="its doctrees (the Pagefind record is kept there)")
    parser.add_argument("--factor", type=int, default=5)
    parser.add_argument("--dest", type=Path, help="where to write the scaled copy (default: <site>-x<factor>)")
    parser.add_argument("--queries", type=int, default=7, help="evaluation-set queries, as bench/run.py")
    parser.add_argument("--typed", action="store_true", help="type each query key by key (as search_timing)")
    parser.add_argument("--options", choices=("recorded", "code"), default="recorded",
                        help="Pagefind options: those the build recorded, or this checkout's (same pages)")
    parser.add_argument("--no-build", action="store_true", help="measure the copy already at --dest")
    parser.add_argument("--reuse", type=Path, help="a scaled copy whose pages and Pagefind bundle to reuse "
                        "(only search/ and the scripts are written again)")
    args = parser.parse_args(argv)
    dest = args.dest or args.site.with_name(f"{args.site.name}-x{args.factor}")
    if args.no_build:
        result = {}
    elif args.reuse:
        result = rewritten(args.reuse, args.site, dest)
    else:
        result = scaled_site(args.site, args.doctrees, args.factor, dest, args.options)
    result.update(measure(dest, args.queries, args.typed))
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
