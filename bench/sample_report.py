"""Print one or two sampling profiles of a build (bench/probe/pb_bench_sampler.py), side by side.

With two profiles (a small N, then a large one) each function's share of samples is scaled by
the ratio of documents, so what grows faster than the site stands out: ``growth`` is the large
build's samples over the small one's, divided by how much bigger the site is.

    .venv/bin/python bench/sample_report.py small.json large.json --docs 2459 12219 --top 40
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def _short(key: str) -> str:
    path, line, name = key.rsplit(":", 2)
    for marker in ("/_ext/", "/site-packages/", "/lib/python3"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    return f"{path}:{line} {name}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("profiles", type=Path, nargs="+")
    parser.add_argument("--docs", type=int, nargs="*", help="documents of each build (to scale the growth)")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--only", default="", help="keep functions whose file path contains this (e.g. policybook)")
    args = parser.parse_args(argv)
    data = [json.loads(p.read_text("utf-8")) for p in args.profiles]
    interval = data[0]["interval"]
    for path, d in zip(args.profiles, data, strict=True):
        total = sum(d["phase"].values())
        print(f"{path}: {total} samples ({total * interval:.0f} s), by phase: "
              + ", ".join(f"{k} {v * interval:.0f} s" for k, v in sorted(d["phase"].items(), key=lambda kv: -kv[1])))
    last = data[-1]
    scale = (args.docs[-1] / args.docs[0]) if args.docs and len(args.docs) == len(data) and len(data) > 1 else None
    for kind in ("total", "self"):
        print(f"\n{kind} (seconds of samples{', growth = large / small / ' + format(scale, '.2f') if scale else ''})")
        rows = [(k, v) for k, v in last[kind].items() if args.only in k]
        rows.sort(key=lambda kv: -kv[1])
        for key, value in rows[:args.top]:
            cells = [f"{d[kind].get(key, 0) * interval:8.1f}" for d in data]
            growth = ""
            if scale and data[0][kind].get(key):
                growth = f"  ×{value / data[0][kind][key] / scale:.2f}"
            print(" ".join(cells) + growth + "  " + _short(key))


if __name__ == "__main__":
    main()
