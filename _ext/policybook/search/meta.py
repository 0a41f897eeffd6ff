"""Search metadata on every page: its kind, and a program's names to index with high weight.

At ``doctree-read`` a hidden :class:`.nodes.search_meta` node tells Pagefind the kind of page
and, on program pages, the program's title and aliases (with every tail of each Chinese name:
see :func:`index_words`). A page marked ``nosearch`` is wrapped in ``search_ignore``.
"""

from __future__ import annotations

import re

from docutils import nodes

from ..config import checked
from .nodes import search_ignore, search_meta

_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
KINDS = {"program": "申报事项", "policy": "政策文件", "guide": "办事指南", "page": "栏目"}


def page_kind(app, docname: str) -> str:
    config = app.config
    if docname.startswith(checked(config).programs_dir.rstrip("/") + "/"):
        return "program"
    if docname.startswith(checked(config).policies_dir.rstrip("/") + "/") and not docname.endswith("/index"):
        return "policy"
    if docname.startswith("docs/"):
        return "guide"
    return "page"


def program_of(env, docname: str) -> dict | None:
    for kind, _key, entry in env.domains["policybook"].entries_of(docname):
        if kind == "program" and not entry.get("broken"):
            return entry
    return None


def index_words(names: list[str]) -> str:
    """The program's names, plus every tail of each CJK run as its own word.

    Pagefind 1.5 segments pages with one dictionary and queries (in the browser) with another,
    so a query word such as 产权 (from 知识|产权|资助) may never be a word of the page, which
    only has 知识产权. Every tail of a name starts a word at each position, and Pagefind
    matches query words as prefixes: whatever the browser's split, each piece of a name is found.
    """
    words: list[str] = []
    for name in names:
        words.append(name)
        for run in _CJK_RUN.findall(name):
            words.extend(run[i:] for i in range(1, len(run)))
    return " ".join(dict.fromkeys(words))


def add_search_meta(app, doctree: nodes.document) -> None:
    if checked(app.config).search != "pagefind":
        return
    docname = app.env.docname
    if "nosearch" in app.env.metadata.get(docname, {}):
        # Same front matter as Sphinx's own search: the page stays out of the index.
        hidden = search_ignore()
        hidden.extend(doctree.children)
        doctree.children = []
        doctree += hidden
        return
    kind = page_kind(app, docname)
    text = ""
    if kind == "program":
        program = program_of(app.env, docname)
        if program is not None:
            text = index_words([program["title"], *program.get("aliases", [])])
    doctree += search_meta(kind=KINDS[kind], text=text)
