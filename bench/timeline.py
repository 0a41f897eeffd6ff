"""A build's memory over time: who held how much in which phase (``build_once.py --timeline``).

``run.TreeRss(timeline=True)`` keeps every sample's processes; the build's phases come from
``probe/pb_bench_phases.py`` (Sphinx events of the main process, one ``time<TAB>pid<TAB>phase``
line each, in the file named by PB_BENCH_PHASES). This module joins the two by wall time and
finds the tree's PSS peak, its phase, and each process's share at that moment.
"""

from __future__ import annotations

import bisect
import json
from pathlib import Path

ENV = "PB_BENCH_PHASES"


def read_phases(path: Path) -> list[tuple[float, str]]:
    """The main process's phase changes, oldest first (the first pid that wrote is the main one)."""
    if not path.exists():
        return []
    main, found = None, []
    for line in path.read_text("utf-8").splitlines():
        try:
            when, pid, phase = line.split("\t", 2)
        except ValueError:
            continue
        main = main or pid
        if pid == main:
            found.append((float(when), phase))
    return sorted(found)


def phase_at(phases: list[tuple[float, str]], when: float) -> str:
    index = bisect.bisect_right([t for t, _ in phases], when) - 1
    return phases[index][1] if index >= 0 else "start"


def build(samples: list[dict], phases: list[tuple[float, str]], start: float) -> dict:
    """The timeline: samples with their phase and times relative to the build's start (s)."""
    rows = []
    for sample in samples:
        procs = [{"pid": p["pid"], "name": p["name"], "rss_mb": round(p["rss"] / 1024),
                  **({"pss_mb": round(p["pss"] / 1024)} if sample["pss"] else {})} for p in sample["procs"]]
        row = {"t": round(sample["t"] - start, 2), "phase": phase_at(phases, sample["t"]),
               "rss_mb": sum(p["rss_mb"] for p in procs), "procs": procs}
        if sample["pss"]:
            row["pss_mb"] = sum(p["pss_mb"] for p in procs)
        rows.append(row)
    return {"phases": [[round(t - start, 2), name] for t, name in phases], "samples": rows}


def summary(timeline: dict) -> dict:
    """The tree's PSS peak (time, phase, processes) and, per phase, its span and largest figures."""
    with_pss = [row for row in timeline["samples"] if "pss_mb" in row]
    result: dict = {}
    if with_pss:
        peak = max(with_pss, key=lambda row: row["pss_mb"])
        result["peak"] = {"t": peak["t"], "phase": peak["phase"], "pss_mb": peak["pss_mb"],
                          "procs": [{k: p[k] for k in ("name", "rss_mb", "pss_mb") if k in p} for p in peak["procs"]]}
    phases: dict[str, dict] = {}
    for row in timeline["samples"]:
        info = phases.setdefault(row["phase"], {"from": row["t"], "to": row["t"], "pss_mb": 0, "main_rss_mb": 0})
        info["to"] = row["t"]
        info["pss_mb"] = max(info["pss_mb"], row.get("pss_mb", 0))
        info["main_rss_mb"] = max(info["main_rss_mb"], row["procs"][0]["rss_mb"] if row["procs"] else 0)
    result["phases"] = phases
    return result


def write(path: Path, timeline: dict) -> None:
    with path.open("w", encoding="utf-8") as handle:
        json.dump(timeline, handle, ensure_ascii=False)
