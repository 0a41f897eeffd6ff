"""Incremental search indexing: a kept full bundle, plus a small bundle of the pages changed since.

Pagefind has no incremental mode: its word chunks are cut over all pages, so one edit changes
most index files, and re-indexing every page took about 6 s of a publishing build at
N = 2,000. So the full bundle (``pagefind/``, the *base*) is kept together with a record of
what it indexed (each page's size, mtime and sha256; each URL's Pagefind page id), and a build
that changed few pages indexes only those, into ``pagefind-delta/``. ``search/pagefind-delta.json``
tells ``pb-search.js`` to merge that bundle (Pagefind's ``mergeIndex``) and to drop the base's
results for the pages changed or removed since (by page id): a query finds each page once, in
its current text. When the pages changed since the base outgrow :data:`DELTA_SHARE` of the site
(or the indexing settings, Pagefind's version or the base bundle differ from the record), the
build indexes every page again, which empties the delta.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

RECORD_FILE = "policybook-pagefind.json"  # beside the doctrees: kept by the atomic publish
RECORD_VERSION = 1
BASE, DELTA = "pagefind", "pagefind-delta"
MANIFEST = "search/pagefind-delta.json"  # read by pb-search.js
DELTA_SHARE = 0.05  # re-index everything when more than this share of pages changed since the base
DELTA_MIN = 25      # ... but a small site may always keep this many pages in the delta


@dataclass
class Plan:
    """What this build indexes: every page (``full``) or the ``changed`` ones, and the base ids it hides."""

    full: bool
    rels: list[str] = field(default_factory=list)  # every page to be searchable now
    pages: dict[str, dict] = field(default_factory=dict)  # rel → {size, mtime, sha} (filled for a delta)
    changed: list[str] = field(default_factory=list)
    dead: list[str] = field(default_factory=list)
    reason: str = ""


def fingerprint(path: Path | str, old: dict | None) -> dict:
    """Size, mtime and sha256; the hash is reused when size and mtime are what the record says.
    (``os`` rather than pathlib: this runs for every page of the site on every build.)"""
    stat = os.stat(path)
    if old and old.get("size") == stat.st_size and old.get("mtime") == stat.st_mtime_ns:
        return old
    with open(path, "rb") as file:
        sha = hashlib.sha256(file.read()).hexdigest()
    return {"size": stat.st_size, "mtime": stat.st_mtime_ns, "sha": sha}


def load_record(doctreedir: Path) -> dict | None:
    try:
        record = json.loads((doctreedir / RECORD_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) and record.get("version") == RECORD_VERSION else None


def base_intact(out: Path, record: dict) -> bool:
    """The published base bundle is the one the record describes (same entry file, files and sizes)."""
    try:
        if (out / BASE / "pagefind-entry.json").read_text("utf-8") != record.get("entry"):
            return False  # the entry names the index by a hash of its content
    except OSError:
        return False
    for rel, size in record.get("files", {}).items():
        path = out / BASE / rel
        if not path.is_file() or path.stat().st_size != size:
            return False
    return bool(record.get("files"))


def plan(out: Path, doctreedir: Path, rels: list[str], settings: str) -> Plan:
    """Compare the pages to index now with the base's record: full re-index or a delta."""
    record = load_record(doctreedir)
    if record is None:
        return Plan(True, rels, reason="no record")  # pages are fingerprinted while Pagefind runs
    if record.get("settings") != settings:
        return Plan(True, rels, reason="settings changed")
    if not base_intact(out, record):
        return Plan(True, rels, reason="base bundle differs from its record")
    old = record.get("pages", {})
    root = os.fspath(out)
    pages = {rel: fingerprint(os.path.join(root, rel), old.get(rel)) for rel in rels}
    changed = sorted(rel for rel, fp in pages.items() if old.get(rel, {}).get("sha") != fp["sha"])
    removed = sorted(set(old) - set(pages))
    if len(changed) + len(removed) > max(DELTA_MIN, int(len(pages) * DELTA_SHARE)):
        return Plan(True, rels, pages, reason=f"{len(changed) + len(removed)} pages changed")
    ids = record.get("ids", {})
    dead = sorted(ids[url(rel)] for rel in [*changed, *removed] if url(rel) in ids)
    return Plan(False, rels, pages, changed, dead)


def url(rel: str) -> str:
    """The URL Pagefind gives a page (``--keep-index-url``, site-relative)."""
    return "/" + rel


def page_ids(bundle: Path) -> dict[str, str]:
    """URL → Pagefind page id, read from the bundle's fragments (``pagefind_dcd`` + JSON, gzipped)."""
    ids = {}
    for path in (bundle / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        start = data.index(b"{")
        found = json.loads(data[start:].decode("utf-8"))
        ids[found["url"]] = path.name[: -len(".pf_fragment")]
    return ids


def write_manifest(out: Path, bundle: str | None, dead: list[str]) -> None:
    text = json.dumps({"bundle": f"{bundle}/" if bundle else None, "dead": dead}, ensure_ascii=False) + "\n"
    path = out / MANIFEST
    path.parent.mkdir(parents=True, exist_ok=True)
    if not (path.is_file() and path.read_text("utf-8") == text):
        path.write_text(text, "utf-8")


def finished_full(out: Path, doctreedir: Path, plan_: Plan, settings: str) -> None:
    """The base was just rebuilt: record it, and drop the delta."""
    base = out / BASE
    pages = plan_.pages or {rel: fingerprint(out / rel, None) for rel in plan_.rels}
    record = {"version": RECORD_VERSION, "settings": settings, "pages": pages, "ids": page_ids(base),
              "entry": (base / "pagefind-entry.json").read_text("utf-8"),
              "files": {p.relative_to(base).as_posix(): p.stat().st_size for p in sorted(base.rglob("*"))
                        if p.is_file()}}
    shutil.rmtree(out / DELTA, ignore_errors=True)
    write_manifest(out, None, [])
    doctreedir.mkdir(parents=True, exist_ok=True)
    (doctreedir / RECORD_FILE).write_text(json.dumps(record, ensure_ascii=False, sort_keys=True), "utf-8")


def finished_delta(out: Path, doctreedir: Path, plan_: Plan) -> None:
    """The delta bundle is in place (or there is none): tell the browser, and tidy the base."""
    record = load_record(doctreedir) or {}
    files = set(record.get("files", {}))
    base = out / BASE
    for folder, _dirs, names in os.walk(base):  # files the base never had (left by hand)
        for name in names:
            path = Path(folder, name)
            if path.relative_to(base).as_posix() not in files:
                path.unlink()
    if not plan_.changed:
        shutil.rmtree(out / DELTA, ignore_errors=True)
    write_manifest(out, DELTA if plan_.changed else None, plan_.dead)


def settings(options: list[str]) -> str:
    """What makes two indexes comparable: Pagefind's options and its version."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("pagefind_bin_extended")
    except PackageNotFoundError:
        found = "unknown"
    return json.dumps({"options": options, "pagefind": found}, ensure_ascii=False)
