"""The benchmark's synthetic site is one staff could publish: ``policybook check`` finds no errors.

A generator that writes what the validator rejects measures a site of broken entries (each shown as
数据有误), not the site the benchmark claims; at N = 2,000 half the programs were once rejected for a
Chinese comma inside a YAML flow list.
"""

from __future__ import annotations

import sys
from pathlib import Path

from policybook.cli.check import check

BENCH = Path(__file__).parent.parent / "bench"


def test_generated_site_passes_check(tmp_path):
    sys.path.insert(0, str(BENCH))
    try:
        import generate
    finally:
        sys.path.remove(str(BENCH))
    generate.generate(120, "policybook", tmp_path / "site")
    report = check(tmp_path / "site")
    errors = [str(p) for p in report.problems if not p.notice]
    assert report.programs == 120 and not errors, errors[:5]
