"""Search metadata on every page: its kind, its state, and a program's names to index with high weight.

At ``doctree-read`` a hidden :class:`.nodes.search_meta` node tells Pagefind the kind of page
(事项, 政策, 通知, 指南, 栏目) and, on program pages, the program's title and aliases (with every
tail of each Chinese name: see :func:`index_words`) and its application window, from which
``pb-search.js`` computes the status for today with ``pb-window.js`` (the rule the pages' badges
use). At ``doctree-resolved`` a policy's node gets its standing on the build date (现行有效,
已废止 …, :mod:`policybook.model.lifecycle`, as its page says) and, when that standing changes on a
known later day (expiry, the successor taking effect), that day and the standing from then on.
A page marked ``nosearch`` is wrapped in ``search_ignore``.
"""

from __future__ import annotations

import re

from docutils import nodes

from ..config import checked
from .nodes import search_ignore, search_meta

_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
# The label each search result shows before its title.
KINDS = {"program": "事项", "policy": "政策", "notice": "通知", "guide": "指南", "page": "栏目",
         "staff": "工作人员文档", "publicity": "公示", "interpretation": "解读"}
GUIDE_FOLDERS = ("source/guides/", "docs/")
# A policy document whose kind (文种) is a notice or announcement, by the last words of its title.
NOTICE_TITLE = re.compile(r"(通知|公告|通告)$")


def page_kind(app, docname: str, title: str = "") -> str:
    """``title``: a policy's title (a 通知 or 公告 is listed as 通知)."""
    settings = checked(app.config)
    if docname.startswith(settings.programs_dir.rstrip("/") + "/"):
        return "program"
    if settings.is_notice_doc(docname):
        return "notice"
    if settings.is_policy_doc(docname):
        return "notice" if NOTICE_TITLE.search(title.strip()) else "policy"
    if settings.is_publicity_doc(docname):
        return "publicity"
    if settings.is_interpretation_doc(docname):
        return "interpretation"
    staff = settings.staff_docs.strip("/").rpartition("/")[0]
    if staff and docname.startswith(staff + "/"):
        return "staff"
    if docname.startswith(GUIDE_FOLDERS):
        return "guide"
    return "page"


def policy_of(env, docname: str) -> dict | None:
    for kind, _key, entry in env.domains["policybook"].entries_of(docname):
        if kind == "policy" and not entry.get("broken"):
            return entry
    return None


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
    policy = policy_of(app.env, docname)
    kind = page_kind(app, docname, policy["title"] if policy else "")
    node = search_meta(kind=KINDS[kind], text="")
    if kind == "program":
        program = program_of(app.env, docname)
        if program is not None:
            node["text"] = index_words([program["title"], *program.get("aliases", [])])
            node["window"] = window_of(program)
    elif policy is not None:
        node["policy"] = policy["id"]
    doctree += node


def _iso(value) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def window_of(program: dict) -> str:
    """``mode|open|close`` (ISO dates, empty when missing), or ``archived``: what pb-search.js
    needs to say 申报中 / 已截止 … for today (``pb-window.js``). Dates as the model has them, or
    as an export has them already (ISO text: the province's search, :mod:`..province.search`)."""
    if program.get("archived"):
        return "archived"
    window = program.get("window") or {}
    dates = [_iso(window[key]) if window.get(key) else "" for key in ("open", "close")]
    return "|".join([window.get("mode", ""), *dates])


def policy_states(app, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: a policy's standing on the build date, and its next change."""
    for node in doctree.findall(search_meta):
        policy = app.env.domains["policybook"].policies.get(node.get("policy", ""))
        if policy is None or policy.get("broken"):
            continue
        node["state"], node["state_next"] = standing_now_and_next(policy, app.env.domains["policybook"].policies,
                                                                  checked(app.config).today())


def standing_now_and_next(policy: dict, policies: dict, today) -> tuple[str, str]:
    """('现行有效', '2028-03-01|已失效'): the standing label today, and the first later day on
    which it changes with the label from then (empty when nothing is due)."""
    import datetime as dt

    from ..model.lifecycle import STATES, standing

    now = standing(policy, policies, today).state
    successor = policies.get(policy.get("superseded_by") or "") or {}
    days = sorted({d for d in (policy.get("effective"), successor.get("effective"),
                               policy["expiry"] + dt.timedelta(days=1) if policy.get("expiry") else None)
                   if isinstance(d, dt.date) and d > today})
    for day in days:
        later = standing(policy, policies, day).state
        if later != now:
            return STATES.label(now), f"{day.isoformat()}|{STATES.label(later)}"
    return STATES.label(now), ""
