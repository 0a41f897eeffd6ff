"""``search/index.json``: what the query layer (``pb-query.js``) ranks, written once per build.

One entry per page a reader may be looking for: each program (title, aliases, keywords from its
tags and vocabularies, the funding summary, its amounts in yuan, its window for the status
badge), each policy (title, 文号, issuer, summary, standing today) and every other page (title).
Full text stays in Pagefind's index (in our own, :mod:`.fulltext`, on a province's site);
this file holds only names and keywords, so it is small
(a few hundred bytes per program) and ranks by what a page *is* rather than what it mentions.
The staff-kept search terms (synonyms, filler, referrals) travel with it; the pinyin table goes
into ``search/pinyin.json``, fetched only for queries that need it (Latin letters, homophones).
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

from ..config import checked
from ..finder.index import program_url_template
from ..model.vocab import CATEGORIES, SUPPORT_TYPES
from ..publicity.search import publicity_entries
from . import fulltext
from .meta import KINDS, page_kind, policy_of, standing_now_and_next, window_of
from .pinyin import name_characters, reading
from .pinyin_cache import cached_table
from .pinyin_store import cut_dictionaries, with_cut_pypinyin
from .pinyin_store import save as save_store

INDEX = "search/index.json"
FORMAT = "policybook-search-index"
VERSION = 3
_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)\s*(万)?\s*元")
_INACTIVE = {"已废止", "已失效", "已修订", "尚未施行"}


def amounts_in_yuan(program: dict) -> list[int]:
    """Every amount the program names: its funding items' and those in its funding summary."""
    found: set[int] = set()
    funding = program.get("funding") or {}
    for item in funding.get("items", []):
        scale = 10000 if item.get("unit") == "wan" else 1
        for key in ("amount", "max", "min"):
            if isinstance(item.get(key), int | float) and item[key] > 0:
                found.add(round(item[key] * scale))
    for number, wan in _AMOUNT.findall(funding.get("summary", "")):
        found.add(round(float(number) * (10000 if wan else 1)))
    return sorted(found)


def program_entry(program: dict, url: str) -> dict:
    keys = [*program.get("tags", []), CATEGORIES.label(program.get("category", "")),
            SUPPORT_TYPES.label(program.get("support_type", "")), program.get("authority", "")]
    names = [program["title"], *program.get("aliases", [])]
    # a keyword a name already says adds nothing (the names count more): 专利 beside 专利资助
    keys = [k for k in dict.fromkeys(keys) if k and not any(k in name for name in names)]
    entry = {"kind": "program", "id": program["id"], "title": program["title"], "url": url,
             "names": list(program.get("aliases", [])), "keys": keys,
             "text": (program.get("funding") or {}).get("summary", "")[:80], "amounts": amounts_in_yuan(program),
             "window": window_of(program)}
    if program.get("archived"):
        entry["archived"] = True
    return entry


def policy_entry(policy: dict, policies: dict, url: str, kind: str, today) -> dict:
    state, state_next = standing_now_and_next(policy, policies, today)
    # no summary: the policy's own words are Pagefind's to find (at a province's hundreds of
    # policies, the summaries alone would be a third of this file)
    entry = {"kind": kind, "id": policy["id"], "title": policy["title"], "url": url,
             "keys": [k for k in (policy.get("issuer", ""),) if k], "state": state}
    if policy.get("doc_number"):
        entry["docnum"] = policy["doc_number"]
    if state_next:
        entry["state_next"] = state_next
    if state in _INACTIVE:
        entry["inactive"] = True
    return entry


def interpretation_entries(env, docname: str, url: str) -> list[dict]:
    """A 政策解读: found by its policy's name with 解读 (知识产权办法解读) and by what its sections
    answer (研发补助怎么算); labelled 解读 in the results."""
    from ..interpretations.search import interpretation_entry

    domain = env.domains["policybook"]
    return [interpretation_entry(entry, domain.policies, url, section_titles(env, docname))
            for kind, _key, entry in domain.entries_of(docname) if kind == "interpretation" and not entry.get("broken")]


def own_fulltext(app) -> bool:
    """Whether the site's full text is searched by :mod:`.fulltext` rather than Pagefind: it
    has ``search_fulltext_from`` programs or more."""
    programs = app.env.domains["policybook"].programs.values()
    return sum(1 for p in programs if not p.get("broken")) >= checked(app.config).search_fulltext_from


def document_entries(app, docname: str, url: str, today) -> list[dict]:
    """The entries of one page: each program it shows, its notices, 公示, 解读, its policy, or
    the page itself (a guide, a section page) by its title."""
    env = app.env
    domain = env.domains["policybook"]
    settings = checked(app.config)
    if settings.is_program_doc(docname):
        # as readers see it: with a notice's window
        return [program_entry(domain.programs.get(program["id"], program), url)
                for kind, _k, program in domain.entries_of(docname) if kind == "program" and not program.get("broken")]
    if settings.is_notice_doc(docname):
        from ..notices.search import notice_entries
        found = notice_entries(domain.entries_of(docname), url)
        if found:
            return found
    if settings.is_publicity_doc(docname):  # 公示: found by its title, program and units
        return publicity_entries(domain.entries_of(docname), domain.programs, url)
    if settings.is_interpretation_doc(docname):
        return interpretation_entries(env, docname, url)
    policy = policy_of(env, docname)
    kind = page_kind(app, docname, policy["title"] if policy else "")
    if policy is not None:
        return [policy_entry(policy, domain.policies, url, kind, today)]
    title = env.titles.get(docname)
    if title is None or not title.astext().strip():
        return []
    entry = {"kind": kind if kind in ("guide", "staff") else "page", "title": title.astext().strip(), "url": url}
    sections = section_titles(env, docname)
    if sections:
        entry["keys"] = sections
    description = env.metadata.get(docname, {}).get("description", "")
    if isinstance(description, str) and description:
        entry["text"] = description[:200]
    return [entry]


def page_texts(app, docname: str, found: list[dict]) -> list[tuple[int, str]]:
    """What :mod:`.fulltext` indexes of a page, by its entries' positions in ``found``: each
    program's data (a program page is its YAML), else the page's source for its first entry."""
    if checked(app.config).is_program_doc(docname):
        programs = app.env.domains["policybook"].programs
        return [(i, fulltext.program_text(programs.get(entry["id"], {}))) for i, entry in enumerate(found)]
    try:
        return [(0, Path(app.env.doc2path(docname)).read_text("utf-8", errors="replace"))]
    except OSError:
        return []


def index_document(app, terms: dict, texts: list | None = None) -> dict:
    """The query layer's index; with ``texts`` (a list) also the (entry number, text) of each
    page's first entry for :mod:`.fulltext` (a program's from its data, another page's source)."""
    env, builder = app.env, app.builder
    settings = checked(app.config)
    entries = []
    for docname in sorted(env.all_docs):
        if "nosearch" in env.metadata.get(docname, {}) or docname in ("genindex", "search"):
            continue
        found = document_entries(app, docname, builder.get_target_uri(docname), settings.today())
        if texts is not None and found:
            texts.extend((len(entries) + i, text) for i, text in page_texts(app, docname, found))
        entries.extend(found)
    names = [name for e in entries for name in [e["title"], *e.get("names", [])]]
    readings = Readings(Path(app.doctreedir))
    readings.prepare(names)
    spoken_by_entry = {}
    for number, entry in enumerate(entries):
        spoken = [readings.of(name) for name in [entry["title"], *entry.get("names", [])]]
        if any(spoken):
            spoken_by_entry[str(number)] = spoken
    readings.save()
    doc = {"format": FORMAT, "version": VERSION, "kinds": KINDS, "terms": terms, "links": links(app)}
    # the readings go with the pinyin table: only a query in pinyin or by sound reads them
    return {**doc, **compact(entries), "pinyin": cached_table(names, Path(app.doctreedir)),
            "readings": spoken_by_entry}


def compact(entries: list[dict]) -> dict:
    """What repeats is written once: program URLs by a ``program_url`` pattern (an entry keeps
    its ``url`` only when it differs), keywords as numbers into ``words`` (a category or an
    authority appears on hundreds of programs). At 2,000 programs this halves the file."""
    template = program_url_template([e for e in entries if e["kind"] == "program"]) or ""
    words: dict[str, int] = {}
    out = []
    for entry in entries:
        entry = dict(entry)
        if template and entry["kind"] == "program" and entry["url"] == template.replace("{id}", entry["id"]):
            del entry["url"]
        if entry.get("keys"):
            entry["keys"] = [words.setdefault(word, len(words)) for word in entry["keys"]]
        out.append(entry)
    return {"program_url": template, "words": list(words), "entries": out}


class Readings:
    """Names' readings in context (:func:`.pinyin.reading`), kept beside the doctrees: pypinyin
    takes a third of a millisecond a name, which at 10,000 programs is seconds on every build."""

    FILE = "policybook-search-readings.json"

    def __init__(self, doctrees: Path) -> None:
        self.path = doctrees / self.FILE
        try:
            self.known: dict[str, str] = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            self.known = {}
        self.used: dict[str, str] = {}

    def prepare(self, names: list[str]) -> None:
        """Read the names not read before, all at once: from the kept dictionaries
        (:mod:`.pinyin_store`) if pypinyin is not loaded, else with it (then keeping them)."""
        new = sorted(set(names) - set(self.known))
        if not new:
            return
        cut = cut_dictionaries(self.path.parent, name_characters(new))
        found = None if cut is None else with_cut_pypinyin(*cut, lambda read: {n: reading(n, read) for n in new})
        if found is None:
            found = {name: reading(name) for name in new}
            try:
                save_store(self.path.parent)
            except (OSError, sqlite3.Error):
                pass  # a cache: the next new name loads pypinyin again
        self.known.update(found)

    def of(self, name: str) -> str:
        if name not in self.known:
            self.known[name] = reading(name)
        self.used[name] = self.known[name]
        return self.used[name]

    def save(self) -> None:
        """Keep the readings of this build's names only (removed programs drop out)."""
        if self.used == self.known and self.path.is_file():
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(self.used, ensure_ascii=False, sort_keys=True), "utf-8")
        except OSError:
            pass  # a cache: the next build computes them again


def section_titles(env, docname: str, limit: int = 40) -> list[str]:
    """A guide's or page's section titles: what it answers (科技局能为企业做什么, 现在可以申报的事项)."""
    from docutils import nodes

    toc = env.tocs.get(docname)
    if toc is None:
        return []
    titles = [ref.astext().strip() for ref in toc.findall(nodes.reference)]
    return [t[:40] for t in dict.fromkeys(titles[1:]) if t][:limit]  # the first is the page title


def links(app) -> dict:
    """Where a reader goes when nothing matches: the finder and the category overview."""
    env, builder = app.env, app.builder
    found = {}
    for key, docname in (("finder", "source/finder"), ("categories", "source/categories/index"),
                         ("home", app.config.root_doc)):
        if docname in env.all_docs:
            found[key] = builder.get_target_uri(docname)
    return found


PINYIN = "search/pinyin.json"


def write_index(app, out: Path, terms: dict) -> None:
    texts: list | None = [] if own_fulltext(app) else None
    doc = index_document(app, terms, texts)
    files, shown = fulltext.into(doc, fulltext.postings(texts)) if texts is not None else ([], {})
    fulltext.write(out, files, shown)
    write_documents(out, doc, doc.pop("pinyin"), doc.pop("readings"))


def write_documents(out: Path, doc: dict, table: dict, readings: dict) -> None:
    """``search/index.json`` and ``search/pinyin.json`` (the table and the names' readings), each
    rewritten only when it changed. Also used by bench/search_scale.py."""
    pinyin = {"format": "policybook-pinyin", "version": 2, "pinyin": table, "readings": readings}
    for name, data in ((INDEX, doc), (PINYIN, pinyin)):
        text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if not (path.is_file() and path.read_text("utf-8") == text):
            path.write_text(text, "utf-8")


def same_terms(out: Path, terms: dict) -> bool:
    """Whether the index already there was written with these terms (a no-change rebuild)."""
    try:
        return json.loads((out / INDEX).read_text("utf-8")).get("terms") == terms
    except (OSError, ValueError):
        return False
