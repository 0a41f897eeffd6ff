"""Profile one benchmark build with cProfile and list where the extension spends its time.

    .venv/bin/python bench/profile.py --n 2000 --scenario full
    .venv/bin/python bench/profile.py --n 2000 --scenario edit --flavour policybook
    .venv/bin/python bench/profile.py --n 500 --scenario nochange --top 30

``full`` profiles a build from scratch; ``nochange`` and ``edit`` first build without the
profiler, then profile the rebuild (nothing changed, or one program's title edited). Prints the
build's top functions by cumulative time, then the extension's own (paths under ``_ext/``),
and keeps the ``.prof`` file for ``python -m pstats`` or snakeviz. Times under cProfile are
about 2-3x the real ones; compare functions with each other, not with the benchmark tables.
"""

from __future__ import annotations

import argparse
import io
import os
import pstats
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import run  # noqa: E402
from run import Project, venv_python  # noqa: E402

FLAVOURS = ("policybook", "floor")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--scenario", choices=("full", "nochange", "edit"), default="full")
    parser.add_argument("--flavour", choices=FLAVOURS, default="policybook")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--work", type=Path, help="folder to generate and build in (default: a new temporary one)")
    parser.add_argument("--reuse", action="store_true",
                        help="reuse the site and build already in --work (skip generating and the first build)")
    args = parser.parse_args(argv)

    work = args.work or Path(tempfile.mkdtemp(prefix="pb-bench-profile-"))
    # Like run.py, build against a snapshot of _ext/ (taken once per work folder): others edit the
    # live tree, and a changed extension makes Sphinx re-read every document.
    ext = work / "_ext"
    if not (args.reuse and ext.is_dir()):
        ext = run.snapshot_extension(work)
    os.environ["PB_BENCH_EXT"] = str(ext)
    import generate

    run.generate = generate
    if args.reuse:
        project = Project(work, args.n, args.flavour)
    else:
        project = Project(work, args.n, args.flavour, generate.build_model(args.n))
        project.clean()
    if args.scenario != "full":
        if not args.reuse:
            first = project.build("1")
            print(f"unprofiled full build: {first['wall']:.1f} s, rc {first['rc']}")
        if args.scenario == "edit":
            print(f"edited {project.edit()}")
    elif args.reuse:
        project.clean()
    prof = work / f"{args.flavour}-{args.n}-{args.scenario}.prof"
    cmd = [venv_python(), "-m", "cProfile", "-o", str(prof), "-m", "sphinx", "-b", "html", "-q", "-j", "1",
           "-d", str(project.doctrees), str(project.src), str(project.out)]
    # Same environment as the benchmark builds (the probe extension loaded): a different
    # extension list would make Sphinx re-read everything.
    env = {**os.environ, "PB_BENCH_LOG": str(project.log)}
    project.log.unlink(missing_ok=True)
    done = subprocess.run(cmd, cwd=project.src, capture_output=True, text=True, env=env)
    if done.returncode:
        sys.exit(done.stderr[-3000:])
    for title, restriction in (("whole build", ()), ("extension (_ext/)", ("_ext/",))):
        buffer = io.StringIO()
        stats = pstats.Stats(str(prof), stream=buffer)
        stats.sort_stats("cumulative").print_stats(*restriction, args.top)
        text = buffer.getvalue()
        print(f"\n=== {title} ===")
        print(text[text.find("   ncalls"):] if "   ncalls" in text else text)
    events = project.log.read_text("utf-8").splitlines() if project.log.exists() else []
    print(f"read {sum(e.startswith('read') for e in events)} documents, "
          f"wrote {sum(e.startswith('write') for e in events)} pages")
    print(f"profile: {prof}")


if __name__ == "__main__":
    main()
