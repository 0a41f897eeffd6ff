"""Issue 22's publishing edit, side by side with the floor, without the whole matrix.

    .venv/bin/python bench/publish_edit.py --work /tmp/x --n 2000 --rounds 3
    .venv/bin/python bench/publish_edit.py --work /tmp/x --reuse --rounds 3

Generates the site at N (both flavours) once and builds each from scratch, then, round by
round, toggles the edit target's title and runs a publishing build (``-b html -j 1`` over the
same output and doctrees) of each flavour, printing wall and CPU time (``os.wait4`` of the
build process and its children) with the 1-minute load average. With ``--reuse`` the generated
sites and their builds in ``--work`` are used as they are. The extension is imported from
``--ext`` (default: this checkout's ``_ext``), so a changed extension is measured without
regenerating; note that Sphinx re-reads nothing for an extension change with the same
``env_version``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import run  # noqa: E402
from run import Project  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--flavours", default="policybook,floor")
    args = parser.parse_args(argv)
    os.environ.setdefault("PB_BENCH_EXT", str(BENCH.parent / "_ext"))
    import generate

    run.generate = generate
    flavours = args.flavours.split(",")
    if args.reuse:
        projects = {f: Project(args.work, args.n, f) for f in flavours}
    else:
        site = generate.build_model(args.n)
        projects = {f: Project(args.work, args.n, f, site) for f in flavours}
        for flavour, project in projects.items():
            project.clean()
            r = project.build("1")
            run.log(f"{flavour} full build: wall {r['wall']} s, CPU {r['cpu']} s, load {r['load1']}, rc {r['rc']}")
    for round_ in range(args.rounds):
        for flavour in (flavours if round_ % 2 == 0 else flavours[::-1]):
            project = projects[flavour]
            project.edit()
            r = project.build("1")
            run.log(f"round {round_ + 1} {flavour:10s} edit: wall {r['wall']:6.2f} s  CPU {r['cpu']:6.2f} s  "
                    f"load {r['load1']}  read {r.get('read')} written {r.get('written')} rc {r['rc']}"
                    + (f"\n{r.get('stderr', '')[-600:]}" if r["rc"] else f"  warnings {r['warnings']}"))


if __name__ == "__main__":
    main()
