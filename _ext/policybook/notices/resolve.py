"""Notice views, write side: lists, the program page's 相关通知 and window text, live statuses.

Everything here reads the domain's ``notices`` and ``programs`` tables (programs already carry
the window a notice opened: :func:`policybook.model.notices.overlay`) and the build date.
"""

from __future__ import annotations

import datetime as dt

from docutils import nodes

from ..config import checked
from ..doctree import components as c
from ..model.formatting import date_zh
from ..model.notices import newest_first, span_zh
from ..model.vocab import NOTICE_KINDS
from ..pages.live_status import live
from ..pages.pagination import Layout, split
from ..state import state
from .nodes import notice_list, notice_opening_status, program_expected, program_notices, program_window_text


def resolve_notices(app, doctree: nodes.document, fromdocname: str) -> None:
    domain = app.env.domains["policybook"]
    notices = [n for n in domain.data.get("notices", {}).values() if not n.get("broken")]
    builder, today = app.builder, state(app).today
    for node in list(doctree.findall(notice_opening_status)):
        window = {"mode": "scheduled", "open": _date(node["opens"]), "close": _date(node["closes"])}
        node.replace_self(live({"id": "", "window": window}, True, c.status_badge(window, today, detail=True)))
    for node in list(doctree.findall(program_window_text)):
        program = domain.programs.get(node["program"]) or {}
        opened = program.get("notice_window")
        if not opened:
            node.replace_self(node.children or [nodes.Text("")])
            continue
        text = nodes.inline("", span_zh(opened["opens"], opened["closes"]), classes=["pb-notice-span"])
        link = nodes.reference("", "申报通知", internal=True,
                               refuri=builder.get_relative_uri(fromdocname, opened["docname"]))
        node.replace_self([text, nodes.Text(f"（{opened['round']}，见"), link, nodes.Text("）")])
    for node in list(doctree.findall(program_expected)):
        program = domain.programs.get(node["program"]) or {}
        announced = program.get("notice_window") and "expected" not in program["window"]
        node.replace_self([] if announced else node.children)
    for node in list(doctree.findall(program_notices)):
        node.replace_self(related_notices(node["program"], notices, builder, fromdocname))
    _search_window(domain, doctree, fromdocname)
    lists = list(doctree.findall(notice_list))
    if lists:
        layout = Layout.of(app, fromdocname)
        for node in lists:
            node.replace_self(render_notice_list(node["spec"], notices, builder, fromdocname, layout))


def _search_window(domain, doctree: nodes.document, docname: str) -> None:
    """A program page's search metadata was written at read time from its YAML: give it the
    window a notice opened, so search results show the same status as the page."""
    from ..search.meta import window_of
    from ..search.nodes import search_meta

    for kind, key, _entry in domain.entries_of(docname):
        program = domain.programs.get(key) if kind == "program" else None
        if program is not None and program.get("notice_window"):
            for node in doctree.findall(search_meta):
                if node.get("window"):
                    node["window"] = window_of(program)


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def naming(notice: dict, program_id: str) -> bool:
    return program_id in (notice.get("programs") or []) or any(
        o["program"] == program_id for o in notice.get("opens") or [])


def related_notices(program_id: str, notices: list[dict], builder, fromdocname: str) -> list[nodes.Node]:
    """相关通知 on a program page: every notice naming the program, newest first."""
    chosen = newest_first([n for n in notices if naming(n, program_id)])
    if not chosen:
        return []
    sec = c.section("notices", "相关通知")
    sec += _items(chosen, builder, fromdocname)
    return [sec]


def _items(chosen: list[dict], builder, pagename: str) -> nodes.bullet_list:
    listing = nodes.bullet_list(classes=["pb-notice-list"])
    for notice in chosen:
        uri = builder.get_relative_uri(pagename, notice["docname"])
        head = c.para(nodes.reference("", notice["title"], refuri=uri, internal=True))
        meta = c.para(classes=("pb-item-meta",))
        meta += c.badge(NOTICE_KINDS.label(notice["kind"]), "primary", outline=True, extra=("pb-notice-kind",))
        facts = [notice.get("doc_number"), notice["issuer"], f"{date_zh(notice['published'])}发布"]
        meta += nodes.Text(" " + " · ".join(fact for fact in facts if fact))
        listing += nodes.list_item("", head, meta, classes=["pb-item"])
    return listing


def render_notice_list(spec: dict, notices: list[dict], builder, fromdocname: str,
                       layout: Layout) -> list[nodes.Node]:
    """Newest first; bounded by ``limit`` (with a 更多 link) or paged."""
    chosen = newest_first(notices)
    if not chosen:
        return [c.para("暂无通知公告。", classes=("pb-empty",))]
    limit = spec.get("limit") or 0
    if limit:
        out: list[nodes.Node] = [_items(chosen[:limit], builder, fromdocname)]
        more = spec.get("more")
        if more and more in builder.env.all_docs:
            out.append(c.para(nodes.reference("", "更多通知公告 →", internal=True,
                                              refuri=builder.get_relative_uri(fromdocname, more)),
                              classes=("pb-more",)))
        return out
    per_page = spec.get("per_page") or checked(builder.config).page_size
    return layout.paginate(split(chosen, per_page), lambda chunk, pagename: [_items(chunk, builder, pagename)],
                           total=len(chosen), unit="条",
                           key=lambda n: [n["id"], n["title"], n["docname"], n["kind"], n.get("doc_number"),
                                          n["issuer"], n["published"]])
