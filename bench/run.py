"""Policybook benchmark: build synthetic sites of N programs with and without the extension.

For each N, ``bench/generate.py`` writes the same content twice: as Policybook sources (YAML
programs, policy documents, lists as directives) and as the *floor*, hand-written MyST pages
with the same theme, sphinx-design and navigation but without our extension. Each build runs
as its own ``python -m sphinx -b html -q`` subprocess in a temporary folder; wall time, CPU time
and peak RSS come from ``os.wait4`` on that subprocess (RSS is the largest single process,
workers of -j included). A tiny extension (``bench/probe``), loaded in both flavours, records
which documents each build read and which pages it wrote.

Measured per N and flavour: full build with -j 1 and -j auto, no-change rebuild, rebuild after
editing one program (its YAML file, or the floor's page), ``policybook check`` (when the
command exists), output size, search index size and page weights. Results go to
``bench/results/<date>-<sha>.{md,json}`` and ``bench/results/latest.md``; see bench/README.md.

    .venv/bin/python bench/run.py                     # sizes 100,500,2000,10000, 3 runs (hours)
    .venv/bin/python bench/run.py --quick             # smoke run, about a minute
    .venv/bin/python bench/run.py --sizes 100 --runs 5
    .venv/bin/python bench/run.py --sizes 10000 --runs 1 --jobs auto --full-only --metric cpu   # part of the matrix
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import serve_timing
import timeline as bench_timeline

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
generate = None  # bench/generate.py, imported once the extension snapshot exists (see main)

FLAVOURS = ("policybook", "floor")
PAGE_LIMIT = 40 * 1024
TARGETS = {
    "overhead": 1.05,        # full build time, ours / floor, at every N (-j 1 and -j auto)
    "full_auto_2000": 120,   # seconds, N = 2,000, -j auto
    "check_2000": 3.0,       # seconds, policybook check on 2,000 programs
    "flat": 1.25,            # marginal cost per page may grow at most this much from small to large N
    "preview_edit": 4.0,     # seconds, one-YAML edit at N = 2,000 in live preview (make serve)
    "finder_ms": 100,        # ms, finder filter response in the browser at N = 2,000
    # issue 22: province scale
    "full_auto_10000": 600,  # seconds, N = 10,000, -j auto
    "rss_10000_mb": 4096,    # peak memory of the largest process, N = 10,000
    "marginal_10000": 1.1,   # marginal cost per page 2,000 → 10,000 at most this × the one up to 2,000
    "finder_first_phone_ms": 1500,  # ms, first results with the CPU throttled 4×, N = 10,000
    "finder_before_kb": 500,  # KB gzip of data loaded before the finder's / self-check's first results
    "search_query_kb": 300,  # KB fetched for a query (search layer + Pagefind), N = 10,000
}
SEARCH_QUERIES = 7  # queries for the search payload (bench/search_timing.py's set; the first counts)
PREVIEW_ENV = {"POLICYBOOK_PREVIEW": "1"}  # what make serve sets: Pagefind and .ics deferred
KINDS = ("home", "finder", "selfcheck", "calendar", "category", "program", "policy", "guide", "index", "continued",
         "other")


# --- running one build -------------------------------------------------------------------------

def venv_python() -> str:
    candidate = ROOT / ".venv" / "bin" / "python"
    return str(candidate) if candidate.exists() else sys.executable


def _busy() -> list[str]:
    """Other sphinx/pytest/chromium processes running right now (noise from other work)."""
    found = []
    me = os.getpid()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == me:
            continue
        try:
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if ppid == me:
            continue
        if any(word in cmd for word in ("sphinx", "pytest", "chromium")):
            found.append(cmd[:80])
    return found


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            found += [int(c) for c in (task / "children").read_text().split()]
    except (OSError, ValueError):
        pass
    return found


HAS_PSS = Path("/proc/self/smaps_rollup").exists()


def _memory_kb(pid: int, pss: bool = True) -> tuple[int, int]:
    """(RSS, PSS) of one process in KB (PSS 0 when not asked for: the kernel walks every page
    table to count it). Raises OSError when the process is gone."""
    rss = share = 0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            rss = int(line.split()[1])
            break
    if pss and HAS_PSS:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                share = int(line.split()[1])
                break
    return rss, share


def short_name(pid: int, parent_cmdline: bytes | None = None) -> tuple[str, bytes]:
    """A process's short name for the timeline (``sphinx``, ``pagefind_extended``...) and its raw
    cmdline. ``python -m X`` is ``X``; a fork with its parent's cmdline (a -j worker) is ``X-fork``."""
    raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    argv = [arg.decode("utf-8", "replace") for arg in raw.split(b"\0") if arg]
    if "-m" in argv[:-1]:
        name = argv[argv.index("-m") + 1]
    else:
        name = os.path.basename(argv[0]) if argv else "?"
    if parent_cmdline is not None and raw == parent_cmdline:
        name += "-fork"
    return name, raw


def tree_processes(root: int, pss: bool = True, names: bool = False) -> list[dict]:
    """``root`` and all its descendants now: pid, RSS and PSS in KB (PSS 0 when not asked for),
    and with ``names`` each one's short name (:func:`short_name`)."""
    found, todo, seen = [], [(root, None)], set()
    while todo:
        pid, parent = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            rss, share = _memory_kb(pid, pss)
            name, raw = short_name(pid, parent) if names else ("", None)
        except (OSError, ValueError):
            continue  # it ended meanwhile
        found.append({"pid": pid, "name": name, "rss": rss, "pss": share})
        todo.extend((child, raw) for child in _children(pid))
    return found


def tree_memory_kb(root: int, pss: bool = True) -> tuple[int, int | None]:
    """Summed RSS and PSS of ``root`` and all its descendants now, in KB.

    Forked -j workers share the main process's pages until they write to them, so their RSS
    counts the shared pages again in each process; PSS divides every page among the processes
    that share it, so its sum is the memory the machine really holds (the RSS sum overstates it).
    """
    procs = tree_processes(root, pss)
    return sum(p["rss"] for p in procs), (sum(p["pss"] for p in procs) if pss and HAS_PSS else None)


def tree_rss_kb(root: int) -> int:
    """Summed resident memory of ``root`` and all its descendants now, in KB."""
    return tree_memory_kb(root)[0]


class TreeRss:
    """Samples the process tree's summed RSS and PSS every ``interval`` seconds in a thread.

    ``ru_maxrss`` from wait4 is the largest *single* process; with -j auto there are forked
    workers (sharing most of their pages with the main process) and Pagefind besides. The
    summed PSS is what the machine needs; the summed RSS counts shared pages once per process.
    """

    def __init__(self, pid: int, interval: float = 0.25, timeline: bool = False) -> None:
        import threading

        self.pid, self.interval, self.peak_kb, self.peak_pss_kb = pid, interval, 0, 0
        # With ``timeline``, every sample: wall time and each process (name, RSS, PSS), so a
        # report can tell when the tree's peak happened and who held it.
        self.samples: list[dict] | None = [] if timeline else None
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    PSS_EVERY = 4  # samples: reading PSS walks the page tables (some 10 % of a core at 0.25 s, 3 GB)

    def _loop(self) -> None:
        count = 0
        while not self._done.is_set():
            with_pss = count % self.PSS_EVERY == 0 and HAS_PSS
            procs = tree_processes(self.pid, pss=with_pss, names=self.samples is not None)
            self.peak_kb = max(self.peak_kb, sum(p["rss"] for p in procs))
            if with_pss:
                self.peak_pss_kb = max(self.peak_pss_kb, sum(p["pss"] for p in procs))
            if self.samples is not None and procs:
                self.samples.append({"t": time.time(), "pss": with_pss, "procs": procs})
            count += 1
            self._done.wait(self.interval)

    def stop(self) -> None:
        self._done.set()
        self._thread.join()


def run(cmd: list[str], cwd: Path, log: Path | None = None, env: dict | None = None,
        timeline: Path | None = None) -> dict:
    """Run ``cmd``, returning wall/CPU time, peak RSS, exit code, stderr, and probe records.

    With ``timeline``, every memory sample and the build's phases go to that JSON file
    (``bench/timeline.py``) and the result gets the peak's phase and processes."""
    if log is not None and log.exists():
        log.unlink()
    full_env = {**os.environ, **(env or {})}
    if log is not None:
        full_env["PB_BENCH_LOG"] = str(log)
    phases = timeline.with_suffix(".phases") if timeline is not None else None
    if phases is not None:
        phases.unlink(missing_ok=True)
        full_env[bench_timeline.ENV] = str(phases)
    load = os.getloadavg()[0]
    busy = _busy()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start, started = time.perf_counter(), time.time()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, env=full_env)
        sampler = TreeRss(proc.pid, timeline=timeline is not None)
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        sampler.stop()
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
        out.seek(0)
        stdout = out.read().decode("utf-8", "replace")
    result = {
        "wall": round(wall, 3),
        "cpu": round(usage.ru_utime + usage.ru_stime, 3),
        "rss_mb": round(usage.ru_maxrss / 1024, 1),
        "tree_rss_mb": round(sampler.peak_kb / 1024, 1),
        "tree_pss_mb": round(sampler.peak_pss_kb / 1024, 1) if sampler.peak_pss_kb else None,
        "load1_end": round(os.getloadavg()[0], 2),
        "rc": proc.returncode,
        "load1": round(load, 2),
        "others": len(busy),
        "warnings": stderr.count("WARNING"),
    }
    if proc.returncode != 0 or result["warnings"]:
        result["stderr"] = stderr[-2000:]
    elif stderr.strip():
        result["stderr_tail"] = stderr.strip().splitlines()[-1][:300]
    if stdout.strip():
        result["stdout"] = stdout[-500:]
    if log is not None:
        result.update(read_probe(log))
    if timeline is not None:
        line = bench_timeline.build(sampler.samples or [], bench_timeline.read_phases(phases), started)
        bench_timeline.write(timeline, line)
        result["timeline"] = bench_timeline.summary(line)
    return result


def read_probe(log: Path) -> dict:
    """Documents re-read and pages written, from the probe's log (``bench/probe``)."""
    events = log.read_text("utf-8").splitlines() if log.exists() else []
    read = sorted({e.split("\t", 1)[1] for e in events if e.startswith("read\t")})
    written = sorted({e.split("\t", 1)[1] for e in events if e.startswith("write\t")})
    result: dict = {"read": len(read), "written": len(written)}
    if len(read) <= 20:
        result["read_docs"] = read
    if len(written) <= 20:
        result["written_docs"] = written
    return result


class Project:
    """One generated site (a flavour at one N) and its build folders."""

    def __init__(self, work: Path, n: int, flavour: str, site=None) -> None:
        """Generate the site from ``site`` (a model); with ``site=None`` reuse what is in ``work``."""
        self.flavour, self.n = flavour, n
        self.src = work / f"{n}" / flavour
        self.out = work / f"{n}" / f"{flavour}-build" / "html"
        self.doctrees = work / f"{n}" / f"{flavour}-build" / "doctrees"
        self.log = work / f"{n}" / f"{flavour}-build" / "probe.log"
        if site is not None:
            generate.generate(n, flavour, self.src, site=site)
        self.info = json.loads((self.src / "bench-site.json").read_text("utf-8"))
        self.edits = 0

    def clean(self) -> None:
        shutil.rmtree(self.out.parent, ignore_errors=True)
        self.out.parent.mkdir(parents=True)

    def build(self, jobs: str = "1", env: dict | None = None) -> dict:
        self.out.parent.mkdir(parents=True, exist_ok=True)
        cmd = [venv_python(), "-m", "sphinx", "-b", "html", "-q", "-j", jobs,
               "-d", str(self.doctrees), str(self.src), str(self.out)]
        return run(cmd, self.src, self.log, env)

    def edit(self) -> str:
        """Change the edit target's title (alternating), as an editor would; return the file."""
        path = self.src / self.info["edit_file"]
        text = path.read_text("utf-8")
        prefix = "title: " if self.flavour == "policybook" else "# "
        lines = text.splitlines(keepends=True)
        for index, line in enumerate(lines):
            if line.startswith(prefix):
                title = line[len(prefix):].rstrip("\n")
                title = title[:-len("（修订）")] if title.endswith("（修订）") else title + "（修订）"
                lines[index] = f"{prefix}{title}\n"
                break
        else:
            raise RuntimeError(f"no title line in {path}")
        path.write_text("".join(lines), "utf-8")
        self.edits += 1
        return self.info["edit_file"]


# --- measuring output ----------------------------------------------------------------------------

def page_kind(rel: str) -> str:
    if re.search(r"/\d+(-\d+)?\.html$", rel):
        return "continued"  # page 2, 3, … of a long list (source/calendar/2.html)
    if rel == "index.html":
        return "home"
    if rel.startswith("source/programs/"):
        return "program"
    if rel.startswith("source/policies/"):
        return "index" if rel.endswith("/index.html") else "policy"
    if rel.startswith("source/categories/"):
        return "index" if rel.endswith("/index.html") else "category"
    if rel.startswith("docs/"):
        return "index" if rel.endswith("/index.html") or rel.startswith("docs/topic-") else "guide"
    for kind, name in (("finder", "finder.html"), ("selfcheck", "self-check.html"), ("calendar", "calendar.html")):
        if rel.endswith(name):
            return kind
    return "other"


def output_stats(out: Path, docs: int) -> dict:
    total = html_total = 0
    pages: dict[str, list[tuple[int, str]]] = {kind: [] for kind in KINDS}
    for path in out.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        total += size
        if path.suffix == ".html":
            rel = path.relative_to(out).as_posix()
            html_total += size
            pages[page_kind(rel)].append((size, rel))
    search = out / "searchindex.js"
    pagefind = out / "pagefind"
    pagefind_bytes = sum(p.stat().st_size for p in pagefind.rglob("*") if p.is_file()) if pagefind.is_dir() else 0
    # files the extension writes after the build (data export, feeds, calendars, pagefind, ...)
    extra = {}
    for folder in sorted(p for p in out.iterdir() if p.is_dir() and not p.name.startswith("_")
                         and p.name not in ("source", "docs")):
        extra[folder.name] = round(sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1024, 1)
    finder = next(iter(sorted(out.rglob("finder.html"))), None)
    # what the finder page loads: the slim index where the site has one, else the full export
    data = next((path for path in (out / "data" / "finder.json", out / "data" / "programs.json") if path.exists()),
                out / "data" / "programs.json")
    html_pages = sum(len(v) for v in pages.values())
    content = [p for kind, v in pages.items() if kind != "other" for p in v]
    biggest = max(content) if content else (0, "")
    by_kind = {}
    for kind, found in pages.items():
        if found:
            sizes = sorted(s for s, _ in found)
            by_kind[kind] = {"count": len(sizes), "median_kb": round(statistics.median(sizes) / 1024, 1),
                             "max_kb": round(sizes[-1] / 1024, 1),
                             "over_limit": sum(1 for s in sizes if s > PAGE_LIMIT)}
    return {
        "total_mb": round(total / 2**20, 2),
        "html_mb": round(html_total / 2**20, 2),
        "html_pages": html_pages,
        "html_per_page_kb": round(html_total / max(html_pages, 1) / 1024, 1),
        "searchindex_kb": round(search.stat().st_size / 1024, 1) if search.exists() else None,
        "searchindex_per_doc_bytes": round(search.stat().st_size / max(docs, 1)) if search.exists() else None,
        "pagefind_kb": round(pagefind_bytes / 1024, 1) if pagefind_bytes else None,
        "pagefind_per_doc_bytes": round(pagefind_bytes / max(docs, 1)) if pagefind_bytes else None,
        "folders_kb": extra,
        "home_kb": round((out / "index.html").stat().st_size / 1024, 1) if (out / "index.html").exists() else None,
        "finder_kb": round(finder.stat().st_size / 1024, 1) if finder else None,
        # what the finder page fetches (the extension's shared data export)
        "finder_data_kb": round(data.stat().st_size / 1024, 1) if data.exists() else None,
        "max_page_kb": round(biggest[0] / 1024, 1),
        "max_page": biggest[1],
        "pages_over_limit": sum(1 for s, _ in content if s > PAGE_LIMIT),
        "by_kind": by_kind,
    }


def summary(runs: list[dict], key: str = "wall") -> dict:
    values = [r[key] for r in runs if r.get("rc", 0) == 0]
    if not values:
        return {"min": None, "median": None, "n": 0}
    return {"min": round(min(values), 3), "median": round(statistics.median(values), 3), "n": len(values)}


def series(runs: list[dict]) -> dict:
    return {"runs": runs, "wall": summary(runs), "cpu": summary(runs, "cpu"),
            "rss_mb": max((r["rss_mb"] for r in runs), default=None),
            "read": [r.get("read") for r in runs], "written": [r.get("written") for r in runs],
            "failed": sum(1 for r in runs if r["rc"] != 0),
            "warnings": max((r["warnings"] for r in runs), default=0)}


# --- policybook check --------------------------------------------------------------------------

def check_command(ext: Path) -> list[str] | None:
    """``policybook check`` when the CLI exists (probed with --help), else None.

    Runs the snapshot's CLI (same code as the builds), the way ``.venv/bin/policybook`` does.
    """
    cmd = [venv_python(), "-c", f"import sys; sys.path.insert(0, {str(ext)!r}); "
           "from policybook.cli import main; sys.exit(main())"]
    try:
        probe = subprocess.run(cmd + ["check", "--help"], capture_output=True, timeout=60, cwd=ROOT)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return cmd + ["check"] if probe.returncode == 0 else None


def snapshot_extension(work: Path) -> Path:
    """Copy _ext/ into the work folder: a long run measures one version of the extension."""
    target = work / "_ext"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(ROOT / "_ext", target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return target


# --- the benchmark -----------------------------------------------------------------------------

def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


NOT_RUN = {"available": False, "reason": "not run (--full-only)"}


def bench_size(n: int, runs: int, work: Path, check: list[str] | None, jobs_list: tuple[str, ...] = ("1", "auto"),
               full_only: bool = False) -> dict:
    """Every figure for one N; ``jobs_list`` and ``full_only`` run part of it (the rest is left
    as an empty series, which the report shows as not run and the verdicts as not measured)."""
    cli = check[:-1] if check else None  # the policybook command, for serve
    site = generate.build_model(n)
    projects = {flavour: Project(work, n, flavour, site) for flavour in FLAVOURS}
    result: dict = {"n": n, "programs": len(site.programs), "policies": len(site.policies),
                    "guides": len(site.guides), "edit_target": site.edit_target}

    def order(round_: int):
        return FLAVOURS if round_ % 2 == 0 else FLAVOURS[::-1]

    for jobs in ("1", "auto"):
        found: dict[str, list] = {f: [] for f in FLAVOURS}
        for round_ in range(runs if jobs in jobs_list else 0):
            for flavour in order(round_):
                project = projects[flavour]
                project.clean()
                found[flavour].append(project.build(jobs))
                r = found[flavour][-1]
                log(f"N={n} {flavour:10s} full -j {jobs:4s} {r['wall']:7.2f}s  rss {r['rss_mb']:.0f} MB"
                    f"  docs {r.get('read')}  warnings {r['warnings']}" + (f"  FAILED rc={r['rc']}" if r["rc"] else ""))
        for flavour in FLAVOURS:
            result.setdefault(flavour, {})[f"full_j{jobs}"] = series(found[flavour])
    for flavour, project in projects.items():
        built = result[flavour]["full_j1"]["read"] or result[flavour]["full_jauto"]["read"]
        result[flavour]["docs"] = built[0]
        result[flavour]["output"] = output_stats(project.out, result[flavour]["docs"] or 0)
    if full_only:
        for flavour in FLAVOURS:
            for name in ("nochange", "edit"):
                result[flavour][name] = series([])
        result["policybook"]["browser"] = {"desktop": dict(NOT_RUN)}
        result["policybook"]["search"] = dict(NOT_RUN)
        return result
    result["policybook"]["browser"] = browser_timing(projects["policybook"].out, n, runs)
    result["policybook"]["search"] = search_payload(projects["policybook"].out, n)

    for name in ("nochange", "edit"):
        found = {f: [] for f in FLAVOURS}
        for round_ in range(runs):
            for flavour in order(round_):
                project = projects[flavour]
                edited = project.edit() if name == "edit" else None
                r = project.build("1")
                if edited:
                    r["edited"] = edited
                found[flavour].append(r)
                log(f"N={n} {flavour:10s} {name:8s}      {r['wall']:7.2f}s  read {r.get('read')}"
                    f"  written {r.get('written')}" + (f"  FAILED rc={r['rc']}" if r["rc"] else ""))
        for flavour in FLAVOURS:
            result[flavour][name] = series(found[flavour])

    # The editing loop staff use: make serve, which defers Pagefind and the .ics files. Ours only:
    # the floor has no such mode (its one-page rebuild above is the comparison).
    found_preview = []
    project = projects["policybook"]
    for _ in range(runs):
        project.edit()
        r = project.build("1", env=PREVIEW_ENV)
        found_preview.append(r)
        log(f"N={n} policybook edit (preview) {r['wall']:7.2f}s  read {r.get('read')}  written {r.get('written')}"
            + (f"  FAILED rc={r['rc']}" if r["rc"] else ""))
    result["policybook"]["edit_preview"] = series(found_preview)
    # What make serve does now: one warm process answers every save (policybook serve).
    if cli:
        warm = serve_timing.warm_edits(cli, project, runs, read_probe, _busy)
        for r in warm:
            log(f"N={n} policybook edit (warm serve) {r['wall']:7.2f}s  build {r.get('build_s')}s  "
                f"read {r.get('read')}  written {r.get('written')}" + (f"  FAILED: {r['server_line']}" if r["rc"] else ""))
        result["policybook"]["edit_warm"] = series(warm)
    # Settle what the previews deferred, so the site left behind is complete (not measured).
    project.build("1")

    if check:
        found_check = []
        for _ in range(runs):
            r = run(check, projects["policybook"].src)
            found_check.append(r)
            log(f"N={n} policybook check         {r['wall']:7.2f}s  rc {r['rc']}  {r.get('stderr_tail', '')}")
        result["policybook"]["check"] = series(found_check)
    return result


def browser_timing(out: Path, n: int, runs: int) -> dict:
    """The finder and self-check pages in Chromium (bench/finder_timing.py); a phone-like CPU
    (4× slower) as well at the largest sizes."""
    try:
        import finder_timing

        found = {"desktop": finder_timing.measure_finder(out, runs=max(runs, 5))}
        if n >= 2000:
            found["phone"] = finder_timing.measure_finder(out, runs=max(runs, 5), cpu_slowdown=4)
    except Exception as exc:  # a missing browser must not lose the rest of the run
        return {"desktop": {"available": False, "reason": f"{type(exc).__name__}: {exc}"}}
    for name, r in found.items():
        if r.get("available"):
            log(f"N={n} finder ({name}): ready {r['finder']['load']['painted_ms']['median']} ms, "
                f"worst filter median {r['finder']['filter_worst_median_ms']} ms")
        else:
            log(f"N={n} finder ({name}): not measured ({r.get('reason')})")
    return found


def search_payload(out: Path, n: int) -> dict:
    """Bytes a reader fetches for a query (bench/search_timing.py, desktop, a few queries), at the
    sizes where it matters: the issue-22 target is per query at N = 10,000."""
    if n < 2000:
        return {"available": False, "reason": "measured from N = 2,000"}
    try:
        import search_timing
        from playwright.sync_api import sync_playwright

        queries = search_timing.pick_queries(SEARCH_QUERIES)
        with search_timing.finder_timing.serve(out) as base, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=search_timing.CHROMIUM, args=search_timing.CHROMIUM_ARGS,
                                         headless=True)
            try:
                found = search_timing.measure_session(browser, base, queries)
            finally:
                browser.close()
    except Exception as exc:  # a missing browser must not lose the rest of the run
        return {"available": False, "reason": f"{type(exc).__name__}: {exc}"}
    pay = found["payload"]
    first = pay["search_layer_bytes"] + pay["pagefind_first_query_bytes"]
    later = (pay["search_layer_bytes_all_queries"] - pay["search_layer_bytes"]
             + pay["pagefind_all_queries_bytes"] - pay["pagefind_first_query_bytes"])
    result = {"available": True, "first_query_bytes": first, "queries": len(queries),
              "later_query_bytes_mean": round(later / max(len(queries) - 1, 1)),
              "pagefind_first_query_files": pay["pagefind_first_query_files"], "payload": pay,
              "painted_ms_median": found["painted_ms"]["median"]}
    log(f"N={n} search: first query {first / 1024:.1f} KB, later queries {result['later_query_bytes_mean'] / 1024:.1f} KB each")
    return result


def machine_info(ext: Path) -> dict:
    def sh(*cmd: str) -> str:
        try:
            return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=30).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            return ""

    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem_kb = int(line.split()[1])
    versions = sh(venv_python(), "-c", "import importlib.metadata as m, sys; print(sys.version.split()[0]); "
                  "[print(p, m.version(p)) for p in ('sphinx', 'myst-parser', 'sphinx-book-theme', "
                  "'sphinx-design', 'docutils', 'pydata-sphinx-theme')]").splitlines()
    ext_files = sorted((ext / "policybook").rglob("*.py"))
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in ext_files)).hexdigest()[:12]
    dirty = [line.split(maxsplit=1)[1] for line in sh("git", "status", "--porcelain", "--", "_ext").splitlines()
             if line.strip()]
    return {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "git_sha": sh("git", "rev-parse", "HEAD"),
        "git_short": sh("git", "rev-parse", "--short", "HEAD"),
        "ext_uncommitted": dirty,
        "ext_sha256_12": digest,
        "nproc": os.cpu_count(),
        "affinity": len(os.sched_getaffinity(0)),
        "cpu": cpu,
        "mem_gb": round(mem_kb / 2**20, 1),
        "kernel": platform.release(),
        "python": versions[0] if versions else platform.python_version(),
        "packages": dict(line.split(" ", 1) for line in versions[1:] if " " in line),
    }


# --- verdicts and the report ---------------------------------------------------------------------

def ratio(a, b):
    return round(a / b, 3) if a and b else None


METRIC = "wall"  # what per-page and marginal costs are taken from: "wall" or "cpu" (--metric)


def per_doc(res: dict, flavour: str) -> float | None:
    med = res[flavour]["full_j1"][METRIC]["median"]
    return med / res[flavour]["docs"] if med and res[flavour]["docs"] else None


def marginal(sizes: list[dict], flavour: str) -> list[tuple[int, int, float | None]]:
    """Seconds per extra document between consecutive sizes (-j 1 medians)."""
    out = []
    for a, b in zip(sizes, sizes[1:], strict=False):
        ta, tb = a[flavour]["full_j1"][METRIC]["median"], b[flavour]["full_j1"][METRIC]["median"]
        da, db = a[flavour]["docs"], b[flavour]["docs"]
        out.append((a["n"], b["n"], round((tb - ta) / (db - da), 4) if ta and tb and db != da else None))
    return out


def verdicts(sizes: list[dict], check_available: bool) -> list[dict]:
    out = []

    def add(name, value, met, note=""):
        out.append({"target": name, "value": value, "met": met, "note": note})

    ratios = []
    for res in sizes:
        for jobs in ("1", "auto"):
            key = f"full_j{jobs}"
            ratios.append((res["n"], jobs, ratio(res["policybook"][key]["wall"]["median"],
                                                 res["floor"][key]["wall"]["median"])))
    worst = max((r for r in ratios if r[2] is not None), key=lambda r: r[2], default=None)
    measured = [r for r in ratios if r[2] is not None]
    add(f"Overhead ratio ≤ {TARGETS['overhead']} at every N (full build, median, -j 1 and -j auto)",
        ", ".join(f"N={n} -j {j}: {r}" for n, j, r in ratios),
        (False if any(r > TARGETS["overhead"] for *_, r in measured) else None if len(measured) < len(ratios)
         else True),
        f"worst {worst[2]} at N={worst[0]} -j {worst[1]}" if worst else "")

    by_n = {res["n"]: res for res in sizes}
    largest = by_n.get(2000) or sizes[-1]  # the targets "at N = 2,000"
    n = largest["n"]
    is_2000 = n == 2000
    auto = largest["policybook"]["full_jauto"]["wall"]["median"]
    add(f"Full build at N=2,000 ≤ {TARGETS['full_auto_2000']} s with -j auto on {os.cpu_count()} cores",
        f"{auto:.1f} s (median; min {largest['policybook']['full_jauto']['wall']['min']:.1f} s) at N={n}"
        if auto else "failed",
        (auto is not None and auto <= TARGETS["full_auto_2000"]) if is_2000 else None,
        "" if is_2000 else "not measured: no N = 2,000 in this run")

    edit = largest["policybook"]["edit"]
    floor_edit = largest["floor"]["edit"]
    fm = floor_edit["wall"]["median"]
    cold_preview = largest["policybook"].get("edit_preview")
    preview = largest["policybook"].get("edit_warm") or cold_preview
    if preview:
        warm = preview is not cold_preview
        reads = sorted(set(preview["read"]))
        pm = preview["wall"]["median"]
        how = ("make serve: save to preview ready, watcher included" if warm
               else "make serve as a new sphinx-build per save")
        also = (f"; the same edit in a new sphinx-build process with preview settings: "
                f"{cold_preview['wall']['median']} s" if warm and cold_preview else "")
        add(f"One-YAML edit at N={n} in live preview ({how}) re-reads one document, beats the floor's "
            f"one-page rebuild and takes ≤ {TARGETS['preview_edit']} s",
            f"re-read {reads}, wrote {sorted(set(preview['written']))}; {pm} s vs floor {fm} s (wall medians); "
            f"CPU {preview['cpu']['median']} s vs {floor_edit['cpu']['median']} s{also}",
            (reads == [1] and pm is not None and fm is not None and pm < fm and pm <= TARGETS["preview_edit"])
            if is_2000 else None, "" if is_2000 else "not measured: no N = 2,000 in this run")
    reads = sorted(set(edit["read"]))
    em = edit["wall"]["median"]
    if not edit["runs"]:
        is_2000 = False  # --full-only: no edit was timed
    add(f"Publishing after a one-YAML edit at N={n} (search index, feeds, exports and calendars included) "
        "no slower than the floor's one-page rebuild (issue 22)",
        f"re-read {reads}, wrote {sorted(set(edit['written']))}; {em} s vs floor {fm} s (wall medians); "
        f"CPU {edit['cpu']['median']} s vs {floor_edit['cpu']['median']} s",
        (reads == [1] and em is not None and fm is not None and em <= fm) if is_2000 else None,
        "" if is_2000 else "not measured: no N = 2,000 in this run")

    big = by_n.get(10000)
    why = "not measured in this run: no N = 10,000 (make bench runs it; about 2 hours on 2 cores)"
    if big:
        full = big["policybook"]["full_jauto"]
        fa, rss = full["wall"]["median"], max(big["policybook"]["full_jauto"]["rss_mb"] or 0,
                                              big["policybook"]["full_j1"]["rss_mb"] or 0)
        runs = [r for key in ("full_j1", "full_jauto") for r in big["policybook"][key]["runs"]]
        tree = max((r.get("tree_rss_mb") or 0 for r in runs), default=0)
        # the whole tree's PSS where measured (forked workers share pages: their RSS sum overstates)
        pss = max((r["tree_pss_mb"] for r in runs if r.get("tree_pss_mb")), default=None)
        held = max(rss, pss if pss is not None else tree)
        add(f"Full build at N=10,000 ≤ {TARGETS['full_auto_10000'] // 60} min with -j auto on {os.cpu_count()} "
            f"cores, peak memory ≤ {TARGETS['rss_10000_mb'] / 1024:.0f} GB",
            (f"{fa} s (median), CPU {full['cpu']['median']} s, peak RSS {rss} MB (largest process), "
             + (f"{pss} MB PSS of the whole process tree (RSS summed: {tree} MB)" if pss is not None
                else f"{tree} MB (whole process tree, RSS summed)")) if fa else "not run" if not full["runs"] else "failed",
            (fa <= TARGETS["full_auto_10000"] and held <= TARGETS["rss_10000_mb"]) if fa else None)
    else:
        add(f"Full build at N=10,000 ≤ {TARGETS['full_auto_10000'] // 60} min with -j auto, peak memory "
            f"≤ {TARGETS['rss_10000_mb'] / 1024:.0f} GB", why, None)
    steps = {(a, b): v for a, b, v in marginal(sizes, "policybook")}
    below = [v for (a, b), v in steps.items() if b == 2000]
    above = [v for (a, b), v in steps.items() if a == 2000 and b == 10000]
    if below and above and below[0] and above[0]:
        add(f"Marginal cost per page at N=10,000 ≤ {TARGETS['marginal_10000']}× the one at 2,000 (-j 1)",
            f"up to 2,000: {below[0] * 1000:.1f} ms/page; 2,000→10,000: {above[0] * 1000:.1f} ms/page "
            f"(×{above[0] / below[0]:.2f})", above[0] / below[0] <= TARGETS["marginal_10000"])
    else:
        add(f"Marginal cost per page at N=10,000 ≤ {TARGETS['marginal_10000']}× the one at 2,000 (-j 1)",
            why if not big else "needs sizes below 2,000, 2,000 and 10,000", None)
    target_finder = big or by_n.get(2000)
    phone = ((target_finder or {}).get("policybook", {}).get("browser") or {}).get("phone") or {}
    if big and phone.get("available"):
        f, sc = phone["finder"], phone.get("selfcheck") or {}
        first = max(f["load"]["painted_ms"]["median"], (sc.get("load") or {}).get("painted_ms", {}).get("median") or 0)
        before = max(f["load"].get("before_results_gzip_bytes", 0),
                     (sc.get("load") or {}).get("before_results_gzip_bytes", 0))
        worst = f["filter_worst_median_ms"]
        add(f"Finder and self-check at N=10,000, CPU 4× slower: first results ≤ {TARGETS['finder_first_phone_ms']} ms, "
            f"≤ {TARGETS['finder_before_kb']} KB gzip loaded before them, filters ≤ {TARGETS['finder_ms']} ms",
            f"first results {first} ms (slower of the two pages), {before / 1024:.0f} KB gzip before them, "
            f"worst filter median {worst} ms",
            first <= TARGETS["finder_first_phone_ms"] and before <= TARGETS["finder_before_kb"] * 1024
            and worst <= TARGETS["finder_ms"])
    else:
        add(f"Finder and self-check at N=10,000, CPU 4× slower: first results ≤ {TARGETS['finder_first_phone_ms']} ms, "
            f"≤ {TARGETS['finder_before_kb']} KB gzip loaded before them, filters ≤ {TARGETS['finder_ms']} ms",
            why if not big else f"not measured: {phone.get('reason', 'no phone timing')}", None)
    search = (big or {}).get("policybook", {}).get("search") or {}
    seen = [(res["n"], res["policybook"].get("search") or {}) for res in sizes]
    seen_text = "; ".join(f"N={k:,}: first query {v['first_query_bytes'] / 1024:.0f} KB, later ones "
                          f"{v['later_query_bytes_mean'] / 1024:.0f} KB" for k, v in seen if v.get("available"))
    if search.get("available"):
        add(f"Search at N=10,000: ≤ {TARGETS['search_query_kb']} KB fetched per query (gzip, search layer + Pagefind, "
            "a fresh reader's first query)", seen_text, search["first_query_bytes"] <= TARGETS["search_query_kb"] * 1024)
    else:
        add(f"Search at N=10,000: ≤ {TARGETS['search_query_kb']} KB fetched per query",
            (why if not big else f"not measured: {search.get('reason', 'no search timing')}")
            + (f" (measured: {seen_text})" if seen_text else ""), None)

    nochange_ok = all(set(res["policybook"]["nochange"]["read"]) == {0}
                      and set(res["policybook"]["nochange"]["written"]) == {0} for res in sizes)
    if not all(res["policybook"]["nochange"]["runs"] for res in sizes):
        nochange_ok = None  # --full-only
    add("No-change rebuild re-reads and re-writes nothing",
        ", ".join(f"N={res['n']}: read {sorted(set(res['policybook']['nochange']['read']))} "
                  f"wrote {sorted(set(res['policybook']['nochange']['written']))}" for res in sizes),
        nochange_ok)

    check = largest["policybook"].get("check")
    if check_available and not check:
        add(f"policybook check on 2,000 programs < {TARGETS['check_2000']} s", "not run (--full-only)", None)
    elif not check_available:
        add(f"policybook check on 2,000 programs < {TARGETS['check_2000']} s",
            "n/a (command not yet available)", None)
    else:
        cm, cpu = check["wall"]["median"], check["cpu"]["median"]
        note = ""
        if cm is not None and cm >= TARGETS["check_2000"] and cpu is not None and cpu < TARGETS["check_2000"]:
            note = "its CPU time is under the target: the wall time was inflated by other load on the machine"
        add(f"policybook check on 2,000 programs < {TARGETS['check_2000']} s",
            f"{cm} s (median; min {check['wall']['min']} s, CPU {cpu} s) at N={n}" if cm is not None
            else f"failed (rc {check['runs'][0]['rc']})",
            (cm is not None and cm < TARGETS["check_2000"]) if is_2000 else None, note)

    small = [res for res in sizes if res["n"] <= 2000]  # flat up to 2,000; 10,000 has its own target
    m = marginal(small, "policybook")
    mf = marginal(small, "floor")
    if len(m) >= 2 and m[0][2] and m[-1][2]:
        growth = m[-1][2] / m[0][2]
        floor_growth = mf[-1][2] / mf[0][2] if mf[0][2] and mf[-1][2] else None
        add(f"Cost per page flat from N={small[0]['n']} to {small[-1]['n']} (marginal s/page grows ≤ {TARGETS['flat']}×)",
            "; ".join(f"{a}→{b}: {v*1000:.1f} ms/page" for a, b, v in m) + f" (×{growth:.2f}; floor "
            + (f"×{floor_growth:.2f}" if floor_growth else "n/a") + ")",
            growth <= TARGETS["flat"])
    else:
        pages = [(res["n"], per_doc(res, "policybook")) for res in sizes]
        add("Cost per page flat across N", "; ".join(f"N={k}: {v*1000:.1f} ms/page" for k, v in pages if v),
            None, "needs three sizes for marginal costs")

    timing = largest["policybook"].get("browser", {}).get("desktop", {})
    if timing.get("available"):
        worst = timing["finder"]["filter_worst_median_ms"]
        phone = largest["policybook"]["browser"].get("phone", {})
        phone_note = (f"; on a 4× slower CPU (a phone): {phone['finder']['filter_worst_median_ms']} ms"
                      if phone.get("available") else "")
        add(f"Finder usable at N={n}: filter response < {TARGETS['finder_ms']} ms in the browser",
            f"worst median over the six filter actions {worst} ms (input event to next painted frame, "
            f"Chromium){phone_note}; first results {timing['finder']['load']['painted_ms']['median']} ms after "
            "navigation", worst < TARGETS["finder_ms"] if is_2000 else None,
            "" if is_2000 else "not measured: no N = 2,000 in this run")
    else:
        add(f"Finder usable at N={n}: filter response < {TARGETS['finder_ms']} ms in the browser",
            f"not measured: {timing.get('reason', 'no browser timing')}", None)

    over = [(res["n"], res["policybook"]["output"]) for res in sizes]
    worst_page = max(over, key=lambda pair: pair[1]["max_page_kb"])
    kinds = sorted({kind for _, o in over for kind, s in o["by_kind"].items() if s["over_limit"]})
    add("Each page ≤ 40 KB HTML",
        f"largest {worst_page[1]['max_page_kb']} KB ({worst_page[1]['max_page']}, N={worst_page[0]}); "
        + ", ".join(f"N={k}: {o['pages_over_limit']} over" for k, o in over)
        + (f"; kinds over: {', '.join(kinds)}" if kinds else ""),
        all(o["pages_over_limit"] == 0 for _, o in over))
    return out


def fmt(s: dict | None) -> str:
    if s and s.get("n") == 0 and s.get("min") is None:
        return "not run"
    if not s or s.get("min") is None:
        return "failed"
    return f"{s['min']:.2f} / {s['median']:.2f}"


def fmtc(s: dict) -> str:
    """min / median wall seconds, and the median CPU seconds."""
    if not s["wall"] or s["wall"].get("min") is None:
        return fmt(s["wall"])
    return f"{fmt(s['wall'])} (CPU {s['cpu']['median']:.2f})"


def mark(met) -> str:
    return {True: "✅ met", False: "❌ missed", None: "— n/a"}[met]


def _finder(o: dict, browser: dict | None = None) -> str:
    if o["finder_kb"] is None:
        return "none"
    timed = ((browser or {}).get("desktop") or {}).get("data", {}).get("finder.json")
    if timed:  # runs before the output stats knew data/finder.json
        return f"{o['finder_kb']} (+ {timed['bytes'] / 1024:.1f})"
    return f"{o['finder_kb']}" + (f" (+ {o['finder_data_kb']})" if o.get("finder_data_kb") else "")


def report(data: dict) -> str:
    meta, sizes = data["meta"], data["sizes"]
    pk = meta["packages"]
    lines = [f"# Policybook benchmark: {meta['date'][:10]}, {meta['git_short']}", ""]
    if meta.get("quick"):
        lines += ["> **Quick smoke run** (small sizes, few rounds): checks that the harness works; "
                  "do not compare these figures with a full run.", ""]
    lines += [
        f"- Machine: {meta['cpu']}, {meta['nproc']} cores ({meta['affinity']} usable), "
        f"{meta['mem_gb']} GB RAM, Linux {meta['kernel']}",
        f"- Python {meta['python']}, Sphinx {pk.get('sphinx')}, myst-parser {pk.get('myst-parser')}, "
        f"sphinx-book-theme {pk.get('sphinx-book-theme')}, sphinx-design {pk.get('sphinx-design')}, "
        f"docutils {pk.get('docutils')}",
        f"- Commit {meta['git_sha']}; extension sources sha256 {meta['ext_sha256_12']}"
        + (f"; **uncommitted changes in** {', '.join(meta['ext_uncommitted'])}" if meta["ext_uncommitted"] else ""),
        f"- {meta['runs']} rounds per figure; times are **min / median** seconds of wall-clock time; "
        f"flavours alternate within each round. Total benchmark time {meta['duration_min']} min.",
        f"- Noise: load average (1 min) at build start ranged {meta['load_min']}–{meta['load_max']}; "
        f"other sphinx/pytest/chromium processes were running at the start of {meta['noisy_builds']} of "
        f"{meta['builds']} builds. Other engineers share this machine, so single figures can be "
        "inflated; the medians and the CPU-time ratios are the more robust reading.",
        "",
        "## Targets", "", "| Target | Measured | Verdict |", "|---|---|---|",
    ]
    for v in data["verdicts"]:
        note = f" ({v['note']})" if v["note"] else ""
        lines.append(f"| {v['target']} | {v['value']}{note} | {mark(v['met'])} |")

    lines += ["", "## Full builds", "",
              "Seconds, min / median. *Ratio* is ours / floor on medians (wall); *CPU ratio* is the same on "
              "user+system CPU time, which other processes on the machine disturb less.", "",
              "| N | docs (ours / floor) | jobs | Policybook | floor | ratio | CPU ratio | peak RSS MB (ours / floor) | warnings |",
              "|---|---|---|---|---|---|---|---|---|"]
    for res in sizes:
        for jobs in ("1", "auto"):
            key = f"full_j{jobs}"
            o, f = res["policybook"][key], res["floor"][key]
            lines.append(
                f"| {res['n']:,} | {res['policybook']['docs']} / {res['floor']['docs']} | {jobs} | {fmt(o['wall'])} | "
                f"{fmt(f['wall'])} | {ratio(o['wall']['median'], f['wall']['median'])} | "
                f"{ratio(o['cpu']['median'], f['cpu']['median'])} | {o['rss_mb']} / {f['rss_mb']} | "
                f"{o['warnings']} / {f['warnings']} |")

    lines += ["", "## Rebuilds (-j 1)", "",
              "*No change*: build again with nothing edited. *Edit*: change one program's title (ours: its "
              "YAML file; floor: its page) and build. Read / written are documents Sphinx re-read and pages "
              "it wrote (every round). The floor re-writes only the edited page, so its lists and links "
              "showing the old title go stale; ours re-writes every page showing the program. Seconds: "
              "wall min / median, then the median CPU time (user + system, subprocesses included).", "",
              "*Edit (preview)*: the same edit with `make serve`'s settings (`POLICYBOOK_PREVIEW=1`: "
              "Pagefind, the `.ics` files, the data exports and the feeds are deferred to the next "
              "publishing build), built by a new `sphinx-build` process. *Edit (serve)*: the same edit "
              "answered by a running `policybook serve` (what `make serve` runs), which keeps Sphinx and "
              "the environment in memory between builds; timed from the save to the server's event that "
              "the new build is ready (the file watcher's delay included), CPU of the server process.", "",
              "| N | no change: ours | read / written | floor | read / written | edit: ours | read / written | "
              "edit (preview): ours | read / written | edit (serve): ours | read / written | "
              "floor one-page | read / written |",
              "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]

    def rw(s):
        return f"{'/'.join(map(str, sorted(set(s['read']))))} / {'/'.join(map(str, sorted(set(s['written']))))}"

    for res in sizes:
        o, f = res["policybook"], res["floor"]
        lines.append(f"| {res['n']:,} | {fmtc(o['nochange'])} | {rw(o['nochange'])} | {fmtc(f['nochange'])} | "
                     f"{rw(f['nochange'])} | {fmtc(o['edit'])} | {rw(o['edit'])} | "
                     + "".join(f"{fmtc(o[key])} | {rw(o[key])} | " if o.get(key) else "— | — | "
                               for key in ("edit_preview", "edit_warm"))
                     + f"{fmtc(f['edit'])} | {rw(f['edit'])} |")
    edited = [(res["n"], res["edit_target"], res["policybook"]["edit"]["runs"][0].get("written_docs"))
              for res in sizes if res["policybook"]["edit"]["runs"]]
    lines += ["", "Pages re-written after the edit (ours): " + "; ".join(
        f"N={n}: `{target}` → {', '.join(f'`{d}`' for d in docs) if docs else 'more than 20'}"
        for n, target, docs in edited)]

    lines += ["", "## policybook check", ""]
    if not data["check_available"]:
        lines += ["n/a (command not yet available): `.venv/bin/policybook check --help` fails. The harness "
                  "runs `policybook check` in the generated project as soon as it exists."]
    else:
        lines += ["| N | seconds: wall min / median (CPU median) | peak RSS MB | exit code |", "|---|---|---|---|"]
        for res in sizes:
            c = res["policybook"].get("check")
            if c:
                lines.append(f"| {res['n']:,} | {fmtc(c)} | {c['rss_mb']} | "
                             f"{sorted({r['rc'] for r in c['runs']})} |")

    lines += ["", "## Finder and self-check in the browser", "",
              "Measured by `bench/finder_timing.py` in headless Chromium on the built site (served over HTTP, "
              "each load in a fresh context). *Data*: the JSON the finder loads, on disk / gzipped. *First "
              "results*: navigation to the results painted. *Filter*: median of each action (tick / untick a "
              "status, pick a category / 全部, type a query / clear it), input event to the next painted frame; "
              "*worst* is the slowest action's median. *Phone*: the same with Chrome's CPU throttled 4×.", "",
              "| N | device | data KB (gzip) | first results ms | filter medians ms (worst) | self-check ready ms | "
              "self-check answer ms |", "|---|---|---|---|---|---|---|"]
    for res in sizes:
        for device, t in res["policybook"].get("browser", {}).items():
            if not t.get("available"):
                lines.append(f"| {res['n']:,} | {device} | not measured: {t.get('reason')} | | | | |")
                continue
            data_file = t["data"].get("finder.json") or t["data"].get("programs.json") or {}
            f = t["finder"]
            medians = ", ".join(f"{name} {v['painted_ms']['median']}" for name, v in f["filter"].items())
            sc = t.get("selfcheck") or {}
            answer = sc.get("answer", {}).get("choose", {}).get("painted_ms", {}).get("median", "—") if sc else "—"
            lines.append(
                f"| {res['n']:,} | {device} | {data_file.get('bytes', 0) / 1024:.0f} ({data_file.get('gzip_bytes', 0) / 1024:.0f}) | "
                f"{f['load']['painted_ms']['median']} | {medians} ({f['filter_worst_median_ms']}) | "
                f"{sc['load']['painted_ms']['median'] if sc else '—'} | {answer} |")

    lines += ["", "## Output", "",
              "Sizes of the HTML output of a full build. *per page* is all HTML bytes / HTML pages. Search "
              "index: Sphinx's `searchindex.js`, plus the Pagefind bundle (`pagefind/`) where the site has one; "
              "per document.", "",
              "| N | flavour | output MB | HTML MB | per page KB | searchindex.js KB (per doc B) | "
              "pagefind KB (per doc B) | home KB | finder KB (+ data it loads) | largest page KB | pages > 40 KB |",
              "|---|---|---|---|---|---|---|---|---|---|---|"]
    for res in sizes:
        for flavour in FLAVOURS:
            o = res[flavour]["output"]
            lines.append(
                f"| {res['n']:,} | {flavour} | {o['total_mb']} | {o['html_mb']} | {o['html_per_page_kb']} | "
                + (f"{o['searchindex_kb']} ({o['searchindex_per_doc_bytes']})" if o["searchindex_kb"] else "none")
                + " | "
                + (f"{o['pagefind_kb']} ({o['pagefind_per_doc_bytes']})" if o.get("pagefind_kb")
                   else "none" if "pagefind_kb" in o else "not measured")
                + f" | {o['home_kb']} | "
                f"{_finder(o, res[flavour].get('browser'))} | {o['max_page_kb']} "
                f"(`{o['max_page']}`) | {o['pages_over_limit']} |")
    folders = [(res["n"], res["policybook"]["output"].get("folders_kb")) for res in sizes]
    if any(f for _, f in folders):
        lines += ["", "Folders the extension adds to the output (KB): " + "; ".join(
            f"N={n:,}: " + ", ".join(f"`{k}/` {v}" for k, v in f.items()) for n, f in folders if f)]
    lines += ["", "Page weight by kind (ours), KB median / max (pages over 40 KB):", "",
              "| N | " + " | ".join(k for k in KINDS if k != "other") + " |",
              "|---|" + "---|" * (len(KINDS) - 1)]
    for res in sizes:
        bk = res["policybook"]["output"]["by_kind"]
        cells = [f"{bk[k]['median_kb']} / {bk[k]['max_kb']} ({bk[k]['over_limit']})" if k in bk else "—"
                 for k in KINDS if k != "other"]
        lines.append(f"| {res['n']:,} | " + " | ".join(cells) + " |")

    lines += ["", "## Cost per page", "",
              "Full build, -j 1, median seconds per document, and the marginal cost of each extra document "
              "between consecutive sizes (which excludes Sphinx's fixed start-up cost).", "",
              "| N | ours ms/doc | floor ms/doc |", "|---|---|---|"]
    for res in sizes:
        a, b = per_doc(res, "policybook"), per_doc(res, "floor")
        lines.append(f"| {res['n']:,} | {a * 1000:.1f} | {b * 1000:.1f} |" if a and b else f"| {res['n']:,} | — | — |")
    for flavour in FLAVOURS:
        m = marginal(sizes, flavour)
        if m:
            lines.append("")
            lines.append(f"Marginal ({flavour}): " + "; ".join(
                f"{a:,}→{b:,}: {v * 1000:.1f} ms/doc" if v else f"{a:,}→{b:,}: n/a" for a, b, v in m))
    warn = [(res["n"], f, res[f]["full_j1"]["runs"][0].get("stderr", "")) for res in sizes for f in FLAVOURS
            if res[f]["full_j1"]["warnings"]]
    if warn:
        lines += ["", "## Warnings", "", "The generated content should build without warnings; these did:", ""]
        for n, f, text in warn:
            lines += [f"N={n} {f}:", "", "```", text.strip()[-1500:], "```", ""]
    if data.get("notes"):
        lines += ["", "## Notes", "", data["notes"].strip()]
    lines += ["", "How to run and read this: bench/README.md. Raw figures: the JSON file of the same name.", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,500,2000,10000", help="comma-separated program counts")
    parser.add_argument("--runs", type=int, default=3, help="rounds per figure (min/median over them)")
    parser.add_argument("--jobs", default="1,auto",
                        help="full builds to time: 1, auto or 1,auto (part of the matrix)")
    parser.add_argument("--full-only", action="store_true",
                        help="only the full builds and output sizes: no rebuilds, check, browser or search")
    parser.add_argument("--metric", choices=("wall", "cpu"), default="wall",
                        help="per-page and marginal costs from wall or CPU time (CPU on a shared machine)")
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: sizes 10,40, 2 rounds, results in bench/results/quick/")
    parser.add_argument("--out", type=Path, help="results folder (default bench/results, quick: bench/results/quick)")
    parser.add_argument("--work", type=Path, help="where to generate and build (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the generated sites and builds")
    parser.add_argument("--notes", type=Path, help="Markdown file appended to the report as its Notes section")
    parser.add_argument("--rerender", type=Path, metavar="JSON",
                        help="rewrite the Markdown report of an earlier run from its JSON (with --notes), no builds")
    args = parser.parse_args(argv)
    global METRIC
    METRIC = args.metric
    if args.rerender:
        data = json.loads(args.rerender.read_text("utf-8"))
        METRIC = data["meta"].get("metric", METRIC)
        if args.notes:
            data["notes"] = args.notes.read_text("utf-8")
        data["verdicts"] = verdicts(data["sizes"], data["check_available"])
        args.rerender.write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str) + "\n", "utf-8")
        text = report(data)
        md, latest = args.rerender.with_suffix(".md"), args.rerender.parent / "latest.md"
        if md.exists() and latest.exists() and latest.read_text("utf-8") == md.read_text("utf-8"):
            latest.write_text(text, "utf-8")  # latest.md was this run's report: keep it so
        md.write_text(text, "utf-8")
        print(text)
        return 0
    if args.quick:
        args.sizes, args.runs = "10,40", 2
    sizes = sorted(int(s) for s in args.sizes.split(","))
    jobs_list = tuple(j.strip() for j in args.jobs.split(",") if j.strip())
    if not jobs_list or set(jobs_list) - {"1", "auto"}:
        parser.error("--jobs takes 1, auto or 1,auto")
    out = args.out or (BENCH / "results" / ("quick" if args.quick else ""))
    out.mkdir(parents=True, exist_ok=True)

    started = time.time()
    work = args.work or Path(tempfile.mkdtemp(prefix="pb-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    ext = snapshot_extension(work)
    meta = machine_info(ext)
    os.environ["PB_BENCH_EXT"] = str(ext)
    global generate
    import generate  # noqa: E402 (reads PB_BENCH_EXT)

    meta.update({"jobs": list(jobs_list), "full_only": args.full_only, "metric": METRIC})
    meta.update({"sizes": sizes, "runs": args.runs, "quick": args.quick, "reference_date": "2026-11-21",
                 "seed": generate.DEFAULT_SEED, "page_limit_bytes": PAGE_LIMIT, "targets": TARGETS,
                 "features": generate.FEATURES})
    check = check_command(ext)
    log(f"extension snapshot {ext}; policybook check: {'found' if check else 'n/a (command not yet available)'}")
    results = []
    try:
        for n in sizes:
            results.append(bench_size(n, args.runs, work, check, jobs_list, args.full_only))
    finally:
        if not args.keep and not args.work:
            shutil.rmtree(work, ignore_errors=True)
        elif args.keep:
            log(f"kept {work}")

    all_runs = [r for res in results for f in FLAVOURS for key, s in res[f].items()
                if isinstance(s, dict) and "runs" in s for r in s["runs"]]
    meta.update({"duration_min": round((time.time() - started) / 60, 1), "builds": len(all_runs),
                 "load_min": min(r["load1"] for r in all_runs), "load_max": max(r["load1"] for r in all_runs),
                 "noisy_builds": sum(1 for r in all_runs if r["others"])})
    data = {"meta": meta, "check_available": bool(check), "sizes": results,
            "verdicts": verdicts(results, bool(check)),
            "notes": args.notes.read_text("utf-8") if args.notes else ""}
    text = report(data)
    stem = f"{meta['date'][:10]}-{meta['git_short'] or 'nogit'}"
    (out / f"{stem}.json").write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str) + "\n", "utf-8")
    (out / f"{stem}.md").write_text(text, "utf-8")
    (out / "latest.md").write_text(text, "utf-8")
    print()
    print(text)
    log(f"wrote {out / (stem + '.md')}, {out / (stem + '.json')} and {out / 'latest.md'}")
    failed = sum(1 for r in all_runs if r["rc"] != 0 and "check" not in str(r.get("stderr", "")))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
