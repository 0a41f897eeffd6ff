"""Status badges the browser keeps current: each one carries its window's dates.

A page built last month must not say 申报中 after the window closed. Every status badge, on
program pages (the ``window_status`` placeholder) and in lists, is wrapped in a
:class:`live_status` node whose ``data-pb-*`` attributes give the window; ``pb-status.js``
recomputes the badge for today with ``pb-window.js``, the browser's copy of
:mod:`policybook.model.status`. "Today" is the date in the bureau's time zone
(``policybook_time_zone``), which every page names in ``<meta name="pb-time-zone">``: the site's
CSP allows no inline script.
"""

from __future__ import annotations

import html

from docutils import nodes

from ..config import checked
from ..doctree.nodes import window_status


class live_status(nodes.Inline, nodes.Element):  # noqa: N801
    """A status badge that the browser recomputes (attributes ``mode``, ``open``, ``close``,
    ``detail``, ``program``)."""


def visit_live_status_html(self, node: live_status) -> None:
    # The window is all pb-status.js needs (no program id: lists carry thousands of these).
    attrs = {"data-pb-mode": node.get("mode", ""), "data-pb-open": node.get("open", ""),
             "data-pb-close": node.get("close", "")}
    if node.get("detail"):  # absent means 0 (lists carry thousands of these: page weight)
        attrs["data-pb-detail"] = "1"
    self.body.append(self.starttag(node, "span", "", CLASS="pb-live-status", **attrs))


def depart_live_status_html(self, node: live_status) -> None:
    self.body.append("</span>")


def _passthrough(self, node: nodes.Element) -> None:
    pass


def live(program: dict, detail: bool, badge: nodes.Node | None = None) -> live_status:
    """A wrapper for a status badge, carrying the window's dates so the browser can recompute it."""
    window = program["window"]
    node = live_status(program=program["id"], mode=window.get("mode", ""),
                       open=window["open"].isoformat() if window.get("open") else "",
                       close=window["close"].isoformat() if window.get("close") else "",
                       detail=detail)
    if badge is not None:
        node += badge
    return node


def wrap_status_placeholders(app, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``, before the placeholders are filled: wrap each ``window_status``."""
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


def add_time_zone(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """``html-page-context``: the zone pb-window.js computes "today" in."""
    zone = html.escape(checked(app.config).time_zone)
    context["metatags"] = (context.get("metatags") or "") + f'<meta name="pb-time-zone" content="{zone}">\n'


def setup(app) -> None:
    others = ("latex", "text", "man", "texinfo")
    app.add_node(live_status, html=(visit_live_status_html, depart_live_status_html),
                 **{name: (_passthrough, _passthrough) for name in others})
    # pb-window.js is the rule pb-status.js and the finder's scripts use: below their priority
    # (500) it comes first in the page, and deferred scripts run in document order.
    app.add_js_file("pb-window.js", defer="defer", priority=490)
    app.add_js_file("pb-status.js", defer="defer")
    app.connect("html-page-context", add_time_zone)
    # The main extension fills its placeholders at the default priority (500).
    app.connect("doctree-resolved", wrap_status_placeholders, priority=450)
    app.connect("doctree-resolved", lambda app, doctree, docname: wrap_list_badges(app, doctree, docname),
                priority=550)
    from .pagination import EVENT

    # the same on page 2, 3… of long lists
    app.connect(EVENT, lambda app, body, pagename: wrap_list_badges(app, body, pagename))
