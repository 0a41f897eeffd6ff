"""``policybook gather LIST --out DIR``: a province's 政策查找 over its counties' open data.

Reads the list of counties (:mod:`policybook.province.gather`), reports each county that
cannot be gathered as a located Chinese problem (the others are still gathered), and writes
the page (:mod:`policybook.province.page`). Exit code 1 when any county was left out.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..province.gather import load_export, merge, read_counties
from ..province.page import write_site


def run_gather(list_path: Path, out: Path) -> int:
    settings, counties, problems = read_counties(list_path)
    gathered = []
    for county in counties:
        export, problem = load_export(county, list_path)
        if problem is not None:
            problems.append(problem)
        else:
            gathered.append((county, export))
    for problem in problems:
        print(f"{problem}", file=sys.stderr)
    if not gathered:
        print("没有可汇总的县区数据, 未生成页面 (nothing gathered)", file=sys.stderr)
        return 1
    merged = merge(gathered)
    write_site(out, settings, merged, [(c.name, c.base_url, len(e["programs"])) for c, e in gathered])
    print(f"已汇总 {len(gathered)} 个县区、{len(merged['programs'])} 个事项: {out / 'index.html'}")
    return 1 if problems else 0
