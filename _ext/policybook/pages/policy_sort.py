"""Policy lists the reader can re-sort (发布日期 / 成文日期 / 文号) without leaving the page.

Each item of a policy list carries its sort keys in an empty ``<span class="pb-sort-keys">``
(``data-published``, ``data-written``, ``data-doc``); ``pb-policy-sort.js`` adds the sort
buttons and reorders the items. Without script the list stays in its built order (newest
first), so nothing is lost; the script is only linked from pages that have such a list.
"""

from __future__ import annotations

from docutils import nodes

SORTABLE = "pb-sortable"
SCRIPT = "pb-policy-sort.js"


class sort_keys(nodes.Inline, nodes.Element):  # noqa: N801
    """The keys one list item is sorted by (attributes ``published``, ``written``, ``doc``)."""


def keys_of(policy: dict) -> sort_keys:
    written = policy.get("written") or policy["published"]
    return sort_keys(published=policy["published"].isoformat(), written=written.isoformat(),
                     doc=policy.get("doc_number") or "")


def visit_sort_keys_html(self, node: sort_keys) -> None:
    attrs = {"data-published": node["published"], "data-written": node["written"], "data-doc": node["doc"]}
    self.body.append(self.starttag(node, "span", "", CLASS="pb-sort-keys", **attrs))


def depart_sort_keys_html(self, node: sort_keys) -> None:
    self.body.append("</span>")


def _skip(self, node: nodes.Element) -> None:
    raise nodes.SkipNode


def link_script(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """``html-page-context``: the sort script, on the pages (and list pages 2, 3 …) that need it."""
    if SORTABLE in (context.get("body") or ""):
        # the builder's list, reset for every page: app.add_js_file would also put it in the
        # registry, and a warm rebuild (make serve) would then link it from every page
        app.builder.add_js_file(SCRIPT, defer="defer")


def setup(app) -> None:
    others = ("latex", "text", "man", "texinfo")
    app.add_node(sort_keys, html=(visit_sort_keys_html, depart_sort_keys_html),
                 **{name: (_skip, None) for name in others})
    app.connect("html-page-context", link_script)
