"""What this sub-extension adds to every page: search metadata, live status badges, 加入日历.

All of it is done on the doctree with our own nodes, so the page builders of the main
extension stay untouched:

* ``doctree-read``: a hidden :class:`search_meta` node telling Pagefind the kind of page and,
  on program pages, the program's title and aliases to index with a title's weight.
* ``doctree-resolved`` before the placeholders are filled: each ``window_status`` placeholder
  is wrapped in :class:`live_status`, which carries the window's dates to the browser.
* ``doctree-resolved`` after: badges in program lists get the same wrapper (found by the
  program link beside them); program pages get their 加入日历 link; calendars are rendered.
"""

from __future__ import annotations

import re

from docutils import nodes

from ..nodes import window_status
from ..status import reference_date
from .calendar import add_ics_link, live, resolve_calendars
from .nodes import live_status, search_ignore, search_meta

_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
KINDS = {"program": "申报事项", "policy": "政策文件", "guide": "办事指南", "page": "栏目"}


def page_kind(app, docname: str) -> str:
    config = app.config
    if docname.startswith(config.policybook_programs_dir.rstrip("/") + "/"):
        return "program"
    if docname.startswith(config.policybook_policies_dir.rstrip("/") + "/") and not docname.endswith("/index"):
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
    if app.config.policybook_search != "pagefind":
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


def wrap_status_placeholders(app, doctree: nodes.document, docname: str) -> None:
    domain = app.env.domains["policybook"]
    for node in list(doctree.findall(window_status)):
        program = domain.programs.get(node["program"])
        if program is None or program.get("broken") or program.get("archived") \
                or isinstance(node.parent, live_status):
            continue  # archived programs show a fixed 已停止执行 badge
        wrapper = live(program, bool(node.get("detail")))
        # Not replace_self(): it would copy the badge's classes onto the wrapper.
        node.parent.replace(node, wrapper)
        wrapper += node


def finish_page(app, doctree: nodes.document, docname: str) -> None:
    today = reference_date(app.config.policybook_reference_date)
    resolve_calendars(app, doctree, docname)
    wrap_list_badges(app, doctree, docname)
    program = program_of(app.env, docname)
    if program is not None and program["docname"] == docname:
        add_ics_link(app, doctree, docname, program, today)


def wrap_list_badges(app, tree: nodes.Element, pagename: str) -> None:
    """Badges in program lists get a live wrapper (the list item names its program)."""
    programs = app.env.domains["policybook"].programs
    for item in list(tree.findall(nodes.list_item)):
        if "pb-item" not in item["classes"] or not item.get("program"):
            continue
        program = programs.get(item["program"])
        badge = next((n for n in item.findall(nodes.inline) if "pb-status" in n["classes"]), None)
        if program is None or badge is None or isinstance(badge.parent, live_status):
            continue
        wrapper = live(program, False)
        badge.parent.replace(badge, wrapper)
        wrapper += badge
