"""The province's search: the query layer over the gathered programs, with our own full text.

The counties' pages are not rebuilt and Pagefind has nothing to index, so ``search/index.json``
is written from the merged export (each program's names, keywords, amounts, window; its county
page's address) and ``search/fulltext/`` from each program's data (:mod:`..search.fulltext`:
what its page says). The finder's keyword box then ranks as a county site's does: everyday
words, pinyin, slips, and words only a program's conditions, materials or steps say.
"""

from __future__ import annotations

from pathlib import Path

from ..search import fulltext
from ..search.entries import FORMAT, VERSION, compact, program_entry, write_documents
from ..search.meta import KINDS
from ..search.pinyin import syllable_table


def write_search(out: Path, export: dict) -> None:
    programs = export["programs"]
    entries = [program_entry(program, program["url"]) for program in programs]
    names = [name for e in entries for name in [e["title"], *e.get("names", [])]]
    doc = {"format": FORMAT, "version": VERSION, "kinds": KINDS, "terms": {}, "links": {"finder": "index.html"},
           **compact(entries)}
    texts = [(n, fulltext.program_text(program)) for n, program in enumerate(programs)]
    # each program's address (a county's page) goes with the shown fields: fetched for shown results
    fulltext.write(out, *fulltext.into(doc, fulltext.postings(texts)))
    write_documents(out, doc, syllable_table(names), {})
