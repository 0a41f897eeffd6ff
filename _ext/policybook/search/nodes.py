"""Nodes of the search/calendar sub-extension and how HTML (and other builders) render them.

``live_status``: wraps a status badge and carries the window's dates as ``data-pb-*``
attributes, so ``pb-status.js`` can recompute the badge for the reader's day.
``search_meta``: invisible metadata for Pagefind (result kind, aliases indexed with a high
weight). Both render their attribute values through the translator's escaping.
``program_calendar``: placeholder for the ``{program-calendar}`` directive, resolved at write
time like the lists in :mod:`policybook.nodes`.
"""

from __future__ import annotations

from docutils import nodes


class program_calendar(nodes.General, nodes.Element):  # noqa: N801
    """The 申报日历 view (attribute ``recent``: days of recently closed windows to show)."""


class live_status(nodes.Inline, nodes.Element):  # noqa: N801
    """A status badge that the browser recomputes (attributes ``mode``, ``open``, ``close``,
    ``detail``, ``program``)."""


class search_meta(nodes.General, nodes.Element):  # noqa: N801
    """Pagefind metadata for a page (attributes ``kind``; ``text``: extra words to index)."""


class search_ignore(nodes.General, nodes.Element):  # noqa: N801
    """Content Pagefind must not index: the page said ``nosearch`` (as for Sphinx's search)."""


# Pagefind weights run from 0 to 10; headings get 7 (h1) down to 2 by default. Aliases are
# names a reader types for the program itself, so they weigh as much as the title.
ALIAS_WEIGHT = "7"


def visit_live_status_html(self, node: live_status) -> None:
    # The window is all pb-status.js needs (no program id: lists carry thousands of these).
    attrs = {"data-pb-mode": node.get("mode", ""), "data-pb-open": node.get("open", ""),
             "data-pb-close": node.get("close", "")}
    if node.get("detail"):  # absent means 0 (lists carry thousands of these: page weight)
        attrs["data-pb-detail"] = "1"
    self.body.append(self.starttag(node, "span", "", CLASS="pb-live-status", **attrs))


def depart_live_status_html(self, node: live_status) -> None:
    self.body.append("</span>")


def visit_search_meta_html(self, node: search_meta) -> None:
    attrs = {"hidden": "hidden", "data-pagefind-meta": f"kind:{node.get('kind', '')}"}
    if node.get("text"):
        attrs["data-pagefind-weight"] = ALIAS_WEIGHT
    self.body.append(self.starttag(node, "div", "", CLASS="pb-search-meta", **attrs))
    self.body.append(self.encode(node.get("text", "")))
    self.body.append("</div>\n")
    raise nodes.SkipNode


def visit_search_ignore_html(self, node: search_ignore) -> None:
    self.body.append(self.starttag(node, "div", "", CLASS="pb-search-ignore", **{"data-pagefind-ignore": "all"}))


def depart_search_ignore_html(self, node: search_ignore) -> None:
    self.body.append("</div>\n")


def visit_passthrough(self, node: nodes.Element) -> None:
    pass


def depart_passthrough(self, node: nodes.Element) -> None:
    pass


def skip(self, node: nodes.Element) -> None:
    raise nodes.SkipNode


def register(app) -> None:
    others = ("latex", "text", "man", "texinfo")
    app.add_node(program_calendar)
    app.add_node(live_status, html=(visit_live_status_html, depart_live_status_html),
                 **{name: (visit_passthrough, depart_passthrough) for name in others})
    app.add_node(search_ignore, html=(visit_search_ignore_html, depart_search_ignore_html),
                 **{name: (visit_passthrough, depart_passthrough) for name in others})
    app.add_node(search_meta, html=(visit_search_meta_html, None),
                 **{name: (skip, None) for name in others})
