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


def test_guides_grouped_by_topic_still_pass_check(tmp_path, monkeypatch):
    """Past ``GUIDES_FLAT_MAX`` guides (N > 3,000) the guides index is split by topic; every guide
    stays in a toctree, so the grouped site is as clean as the flat one."""
    sys.path.insert(0, str(BENCH))
    try:
        import generate
    finally:
        sys.path.remove(str(BENCH))
    monkeypatch.setattr(generate, "GUIDES_FLAT_MAX", 1)
    generate.generate(120, "policybook", tmp_path / "site")
    topics = sorted(p.name for p in (tmp_path / "site" / "docs").glob("topic-*.md"))
    assert len(topics) == 2 and "topic-" in (tmp_path / "site" / "docs" / "index.md").read_text("utf-8")
    report = check(tmp_path / "site")
    errors = [str(p) for p in report.problems if not p.notice]
    assert not errors, errors[:5]
