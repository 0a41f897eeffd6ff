"""Every feed's entries in one pass over the programs, and each feed's text kept (issue 22).

:func:`.feeds.entries` scans every program for one feed; the site has one feed per facet value
(32 in the sample vocabularies), so a publishing build scanned the programs 32 times. Here each
program's notes are made once and handed to the feeds of its facet values, in the same order, so
every feed gets exactly the list :func:`.feeds.entries` returns. A feed's Atom text is kept beside
the doctrees under a hash of what it is written from (its shown entries, title and addresses): an
edit that touches no feed's entries serialises none.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .feeds import atom, entries, feed_list, program_facets
from .kept_texts import KeptTexts

CACHE_FILE = "policybook-feed-cache.json"
VERSION = 1


def notes_by_feed(programs: dict, policies: dict, base_url: str, url_for,
                  interpretations: dict | None = None) -> dict[tuple, list[dict]]:
    """(facet, value) → ``entries(programs, policies, base_url, url_for, facet=…, value=…)``."""
    feeds: dict[tuple, list[dict]] = {(facet, value): [] for facet, value, _label in feed_list()}
    for key, program in programs.items():
        if program.get("broken") or not program.get("changes"):
            continue
        notes = entries({key: program}, {}, base_url, url_for)
        feeds[(None, None)] += notes
        for facet, values in program_facets(program).items():
            for value in dict.fromkeys(values):
                if (facet, value) in feeds:
                    feeds[(facet, value)] += notes
    feeds[(None, None)] += entries({}, policies, base_url, url_for, interpretations=interpretations)
    for found in feeds.values():
        found.sort(key=lambda e: (e["updated"], e["id"]), reverse=True)
    return feeds


class AtomCache(KeptTexts):
    """Key → Atom text, read once from the doctrees folder; keeps only the keys a build used."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder, CACHE_FILE, "feeds", VERSION)

    def atom(self, feed_entries: list[dict], limit: int = 50, **options) -> str:
        """``atom(feed_entries, **options)`` as text, from the cache when written before."""
        key = hashlib.blake2b(repr((VERSION, feed_entries[:limit], sorted(options.items()))).encode("utf-8"),
                              digest_size=16).hexdigest()
        return self.text(key, lambda: atom(feed_entries, limit=limit, **options).decode("utf-8"))
