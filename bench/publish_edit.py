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

To compare code versions on the same built site, ``--link`` names the folder the generated
``conf.py`` imports the extension from (generate with ``PB_BENCH_EXT`` set to it) and
``--variants name=path,...`` the extension folders to switch it between (a symlink): each round
runs every variant of our flavour and the floor, in an order that alternates round by round.
Code versions whose environments differ (one cannot read the other's) need a built site each:
``--sites name=work,...`` adds already built copies of our flavour (each generated into its own
``work`` folder with its own ``PB_BENCH_EXT``), edited and built in the same alternating rounds.
A site given as ``name=work@folder`` is built with ``folder`` mounted over the extension
folder its ``conf.py`` names, in a private mount namespace (``unshare -m``, needs root): a copy
of a site built with one checkout then runs another code version without the path change that
makes Sphinx write every page again (give ``folder`` older mtimes than the built pages).
``--warmup`` rounds are run but left out of the medians (the first build after switching code
may rewrite pages whose templates look newer). Every round checks that the edited program is in
``data/programs.json``: issue 22's edit is one that reaches the exports.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
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
    parser.add_argument("--variants", default="", help="name=extension folder,... (needs --link)")
    parser.add_argument("--link", type=Path, help="the symlink the generated conf.py imports from")
    parser.add_argument("--sites", default="", help="name=work folder,... more built sites of our flavour")
    parser.add_argument("--warmup", type=int, default=0)
    parser.add_argument("--json", type=Path, help="append every round as a JSON line here")
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
    variants = [tuple(item.split("=", 1)) for item in args.variants.split(",") if item]
    runs = [(f, name, path) for f in flavours for name, path in (variants if f == "policybook" and variants
                                                                    else [("", "")])]
    for item in filter(None, args.sites.split(",")):
        name, work = item.split("=", 1)
        work, _, mounted = work.partition("@")
        projects[f"policybook/{name}"] = (MountedProject(Path(work), args.n, "policybook", mounted=Path(mounted))
                                          if mounted else Project(Path(work), args.n, "policybook"))
        runs.append((f"policybook/{name}", "", ""))
    found: dict[str, list[float]] = {}
    for round_ in range(args.warmup + args.rounds):
        for flavour, name, path in (runs if round_ % 2 == 0 else runs[::-1]):
            project = projects[flavour]
            if name:
                switch(args.link, Path(path))
            project.edit()
            r = project.build("1")
            label = f"{flavour}{'/' + name if name else ''}"
            flavour = flavour.split("/")[0]
            warm = round_ < args.warmup
            if flavour == "policybook" and r["rc"] == 0:
                r["edited_in_export"] = edited_in_export(project)
            run.log(f"round {round_ + 1}{' (warm-up)' if warm else ''} {label:18s} edit: wall {r['wall']:6.2f} s  "
                    f"CPU {r['cpu']:6.2f} s  load {r['load1']}  read {r.get('read')} written {r.get('written')} "
                    f"in export {r.get('edited_in_export', '-')} rc {r['rc']}"
                    + (f"\n{r.get('stderr', '')[-600:]}" if r["rc"] else f"  warnings {r['warnings']}"))
            if args.json:
                with args.json.open("a", encoding="utf-8") as out:
                    out.write(json.dumps({"round": round_ + 1, "warmup": warm, "label": label,
                                          **{k: r.get(k) for k in ("cpu", "wall", "load1", "read", "written",
                                                                   "rc", "warnings", "edited_in_export")}}) + "\n")
            if not warm and r["rc"] == 0:
                found.setdefault(label, []).append(r["cpu"])
    for label, values in found.items():
        run.log(f"{label:18s} CPU median {statistics.median(values):.2f} s  min {min(values):.2f}  "
                f"rounds {', '.join(f'{v:.2f}' for v in values)}")


class MountedProject(Project):
    """A built site whose builds see ``mounted`` in place of the extension folder its conf.py names."""

    def __init__(self, *args, mounted: Path, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        conf = (self.src / "conf.py").read_text("utf-8")
        self.target = next(line.split("'")[1] for line in conf.splitlines()
                           if line.startswith("sys.path.insert(0, '") and line.rstrip().endswith("_ext')"))
        self.mounted = mounted

    def build(self, jobs: str = "1", env: dict | None = None) -> dict:
        self.out.parent.mkdir(parents=True, exist_ok=True)
        inner = [run.venv_python(), "-m", "sphinx", "-b", "html", "-q", "-j", jobs,
                 "-d", str(self.doctrees), str(self.src), str(self.out)]
        cmd = ["unshare", "-m", "sh", "-c", 'mount --bind "$1" "$2" && shift 2 && exec "$@"', "sh",
               str(self.mounted), self.target, *inner]
        return run.run(cmd, self.src, self.log, env)


def switch(link: Path, target: Path) -> None:
    """Point the extension symlink at ``target`` (atomically)."""
    tmp = link.with_name(link.name + ".new")
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    tmp.symlink_to(target.resolve())
    os.replace(tmp, link)


def edited_in_export(project: Project) -> bool:
    """Is the program this round edited in the open-data export, with its edited title?"""
    path = project.src / project.info["edit_file"]
    title = next(line[len("title: "):] for line in path.read_text("utf-8").splitlines() if line.startswith("title: "))
    data = json.loads((project.out / "data" / "programs.json").read_text("utf-8"))
    records = data.get("programs", data) if isinstance(data, dict) else data
    return any(isinstance(r, dict) and r.get("id") == project.info["edit_target"] and r.get("title") == title
               for r in records)


if __name__ == "__main__":
    main()
