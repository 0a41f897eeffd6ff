"""Build one generated site once and record what it cost: CPU, peak memory, pages, warnings.

For figures a shared machine can still give: CPU time (user+sys of the build and its
children, from ``os.wait4``) rather than wall time, the largest single process's peak RSS
(``ru_maxrss``) and the whole process tree's peak (summed RSS of the build and its -j workers,
sampled every 0.25 s, ``run.TreeRss``), the load average at start and end, and the output's
page weights (``run.output_stats``). The build runs under ``nice`` so it yields to others.

    .venv/bin/python bench/build_once.py SRC OUT --jobs 1 --json result.json
    .venv/bin/python bench/build_once.py SRC OUT --jobs auto --profile build.prof   # cProfile, -j 1 only
    .venv/bin/python bench/build_once.py SRC OUT --jobs auto --timeline t.json   # memory per process and phase
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import run  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("src", type=Path, help="a generated site (bench/generate.py)")
    parser.add_argument("out", type=Path, help="build folder (html/ and doctrees/ go in it; emptied first)")
    parser.add_argument("--jobs", default="1")
    parser.add_argument("--nice", type=int, default=10)
    parser.add_argument("--profile", type=Path, help="write a cProfile .prof of the build (-j 1)")
    parser.add_argument("--sample", type=Path,
                        help="sampling profile (bench/probe/pb_bench_sampler.py) into this JSON file")
    parser.add_argument("--timeline", type=Path,
                        help="every memory sample (each process's RSS/PSS) and the build's phases, as JSON")
    parser.add_argument("--json", type=Path, help="append the result as one JSON line to this file")
    parser.add_argument("--label", default="")
    args = parser.parse_args(argv)
    shutil.rmtree(args.out, ignore_errors=True)
    args.out.mkdir(parents=True)
    html, doctrees = args.out / "html", args.out / "doctrees"
    cmd = ["nice", "-n", str(args.nice), run.venv_python()]
    if args.profile:
        cmd += ["-m", "cProfile", "-o", str(args.profile.resolve())]
    cmd += ["-m", "sphinx", "-b", "html", "-q", "-j", args.jobs, "-d", str(doctrees), str(args.src), str(html)]
    env = {"PB_BENCH_SAMPLE": str(args.sample.resolve())} if args.sample else None
    result = run.run(cmd, args.src, args.out / "probe.log", env, timeline=args.timeline)
    info = json.loads((args.src / "bench-site.json").read_text("utf-8"))
    result.update({"label": args.label, "src": str(args.src), "jobs": args.jobs, "profiled": bool(args.profile), "sampled": bool(args.sample),
                   "n": info.get("n"), "flavour": info.get("flavour")})
    if result["rc"] == 0:
        result["output"] = run.output_stats(html, result.get("read") or 0)
    line = json.dumps(result, ensure_ascii=False, default=str)
    print(line)
    if args.json:
        with args.json.open("a", encoding="utf-8") as fh:
            fh.write(line + "\n")
    return result["rc"]


if __name__ == "__main__":
    sys.exit(main())
