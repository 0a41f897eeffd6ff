"""The finder and self-check pages at N × k programs without building N × k pages (issue 22).

A full Sphinx build of 10,000 programs takes most of an hour on two cores. The browser part of
the finder's cost depends only on the data files the pages load, so this takes a built site of
N programs (``bench/generate.py`` + a build), writes a copy of it (hard links, except ``data/``)
whose finder files hold each program ``k`` times (ids and titles made unique, as
``tests/browser/test_finder.py`` does at 2,000), the split files cut from them as the build cuts
them (``finder-core.json``, ``finder-text.json``, ``finder-first.json``, ``selfcheck-core.json``, ``selfcheck-more.json``,
``selfcheck-ics.json``, ``selfcheck-first.json``; the two first views also as the scripts the
pages run, ``finder-first.js`` and ``selfcheck-first.js``),
and times it with :mod:`finder_timing`.

    .venv/bin/python bench/finder_scale.py /tmp/site/html --factor 5 --cpu-slowdown 4 --runs 3

Prints JSON: data sizes (gzip) and :func:`finder_timing.measure_finder`'s figures. The open data
(``programs.json``) is copied as is: the finder pages do not read it.
"""

from __future__ import annotations

import argparse
import copy
import gzip
import json
import os
import shutil
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))


def scaled_site(site: Path, factor: int, dest: Path) -> dict:
    """``dest``: ``site`` with finder data of every program ``factor`` times; returns the sizes."""
    from policybook.finder.first import first_document, first_script
    from policybook.finder.index import finder_document
    from policybook.finder.selfcheck_first import first_document as selfcheck_first
    from policybook.finder.selfcheck_first import first_script as selfcheck_first_script
    from policybook.finder.selfcheck_split import core_document as selfcheck_core
    from policybook.finder.selfcheck_split import ics_document as selfcheck_ics
    from policybook.finder.selfcheck_split import more_document as selfcheck_more
    from policybook.finder.split import core_document, text_document

    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(site, dest, copy_function=os.link, ignore=shutil.ignore_patterns("data"))
    (dest / "data").mkdir()
    export = json.loads((site / "data/programs.json").read_text("utf-8"))
    big = dict(export)
    big["programs"] = []
    for round_ in range(factor):
        for p in export["programs"]:
            p = copy.deepcopy(p) if round_ else p
            if round_:
                p["id"], p["title"] = f"{p['id']}-x{round_}", f"{p['title']}（{round_}）"
            big["programs"].append(p)
    finder = finder_document(big)
    core = core_document(finder)
    files = {"finder.json": finder, "finder-core.json": core, "finder-text.json": text_document(finder),
             "finder-first.json": first_document(core)}  # finder/first.py: the first page, precomputed
    selfcheck = site / "data/selfcheck.json"
    if selfcheck.is_file():
        doc = json.loads(selfcheck.read_text("utf-8"))
        programs = dict(doc["programs"])
        for round_ in range(1, factor):
            programs.update({f"{key}-x{round_}": value for key, value in doc["programs"].items()})
        files["selfcheck.json"] = {**doc, "programs": programs}
        # 政策匹配's first-results part and the checklist/calendar part (finder/selfcheck_split.py)
        files["selfcheck-core.json"] = selfcheck_core(finder, files["selfcheck.json"])
        files["selfcheck-more.json"] = selfcheck_more(files["selfcheck.json"])
        files["selfcheck-ics.json"] = selfcheck_ics(files["selfcheck.json"])  # 下载申报日历 only
        # 政策匹配's first view with nothing answered (finder/selfcheck_first.py)
        files["selfcheck-first.json"] = selfcheck_first(finder, files["selfcheck-core.json"])
    sizes = {}
    for name, doc in files.items():
        raw = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        (dest / "data" / name).write_bytes(raw)
        sizes[name] = {"bytes": len(raw), "gzip_bytes": len(gzip.compress(raw, 6, mtime=0))}
    # each first view as the script its page runs (finder/first.py, finder/selfcheck_first.py first_script)
    for name, script in (("finder-first", first_script), ("selfcheck-first", selfcheck_first_script)):
        if f"{name}.json" not in files:
            continue
        raw = script(json.dumps(files[f"{name}.json"], ensure_ascii=False, separators=(",", ":"))).encode("utf-8")
        (dest / "data" / f"{name}.js").write_bytes(raw)
        sizes[f"{name}.js"] = {"bytes": len(raw), "gzip_bytes": len(gzip.compress(raw, 6, mtime=0))}
    return {"programs": len([p for p in big["programs"] if not p["archived"]]), "data": sizes}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a built site (the html output folder)")
    parser.add_argument("--factor", type=int, default=5)
    parser.add_argument("--dest", type=Path, help="where to write the scaled copy (default: <site>-x<factor>)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cpu-slowdown", type=float, default=4.0)
    parser.add_argument("--pages", nargs="+", choices=("finder", "selfcheck"), default=["finder", "selfcheck"],
                        help="the pages to time")
    parser.add_argument("--today", default="build",
                        help="the date the pages see: 'build' (the site's build date, default), 'real', or YYYY-MM-DD")
    args = parser.parse_args(argv)
    import finder_timing

    dest = args.dest or args.site.with_name(f"{args.site.name}-x{args.factor}")
    result = scaled_site(args.site, args.factor, dest)
    result["timing"] = finder_timing.measure_finder(dest, runs=args.runs, cpu_slowdown=args.cpu_slowdown,
                                                    pages=tuple(args.pages),
                                                    today=None if args.today == "real" else args.today)
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
