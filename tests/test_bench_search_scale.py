"""bench/search_scale.py: the scaled site's search index is shaped like a real site's.

Each copy of a program page gets its own entry linking to the copy, as a real site's entries link
to their own pages; an entry that kept its original's URL would be written with a URL of its own
(``compact`` writes none for a program whose URL follows the pattern) and so weigh more per
program than a real site's index (30 KB gzip of 314 at 10,000 programs).
"""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).parent.parent / "bench"


def test_program_copies_link_to_their_own_pages_and_compact_like_real_entries():
    sys.path.insert(0, str(BENCH))
    try:
        import search_scale
    finally:
        sys.path.remove(str(BENCH))
    from policybook.search import entries as writer

    original = [{"kind": "program", "id": "high-tech-0283", "title": "江州市项目体系资助",
                 "url": "source/programs/high-tech-0283.html"},
                {"kind": "guide", "title": "申报指南", "url": "docs/guide-006.html"}]
    copies = search_scale._copies(original, 3)
    assert [(c["id"], c["title"], c["url"]) for c in copies] == [
        ("high-tech-0283-x1", "江州市项目体系资助（1）", "source/programs/high-tech-0283-x1.html"),
        ("high-tech-0283-x2", "江州市项目体系资助（2）", "source/programs/high-tech-0283-x2.html")]
    compact = writer.compact(original + copies)
    assert [e.get("url") for e in compact["entries"] if e["kind"] == "program"] == [None, None, None]
