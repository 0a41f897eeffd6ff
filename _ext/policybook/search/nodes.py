"""Nodes Pagefind reads: what kind of page this is, and what it must not index.

``search_meta``: invisible metadata (result kind, aliases indexed with a title's weight).
``search_ignore``: content a page marked ``nosearch``. Both render their attribute values
through the translator's escaping.
"""

from __future__ import annotations

from docutils import nodes


class search_meta(nodes.General, nodes.Element):  # noqa: N801
    """Pagefind metadata for a page (attributes ``kind``; ``text``: extra words to index)."""


class search_ignore(nodes.General, nodes.Element):  # noqa: N801
    """Content Pagefind must not index: the page said ``nosearch`` (as for Sphinx's search)."""


# Pagefind weights run from 0 to 10; headings get 7 (h1) down to 2 by default. Aliases are
# names a reader types for the program itself, so they weigh as much as the title.
ALIAS_WEIGHT = "7"


# Further metadata, one hidden element each (a value may not hold a comma): a program's window
# (``mode|open|close``), a policy's standing and its next change (``YYYY-MM-DD|label``).
EXTRA_META = {"window": "window", "state": "state", "state_next": "state_next"}


def visit_search_meta_html(self, node: search_meta) -> None:
    attrs = {"hidden": "hidden", "data-pagefind-meta": f"kind:{node.get('kind', '')}"}
    if node.get("text"):
        attrs["data-pagefind-weight"] = ALIAS_WEIGHT
    self.body.append(self.starttag(node, "div", "", CLASS="pb-search-meta", **attrs))
    self.body.append(self.encode(node.get("text", "")))
    self.body.append("</div>\n")
    for attribute, key in EXTRA_META.items():
        value = str(node.get(attribute, "")).replace(",", " ")
        if value:
            self.body.append(f'<span hidden class="pb-search-meta-{key}" '
                             f'data-pagefind-meta="{self.attval(f"{key}:{value}")}"></span>\n')
    raise nodes.SkipNode


def visit_search_ignore_html(self, node: search_ignore) -> None:
    self.body.append(self.starttag(node, "div", "", CLASS="pb-search-ignore", **{"data-pagefind-ignore": "all"}))


def depart_search_ignore_html(self, node: search_ignore) -> None:
    self.body.append("</div>\n")


def _passthrough(self, node: nodes.Element) -> None:
    pass


def _skip(self, node: nodes.Element) -> None:
    raise nodes.SkipNode


def register(app) -> None:
    others = ("latex", "text", "man", "texinfo")
    app.add_node(search_ignore, html=(visit_search_ignore_html, depart_search_ignore_html),
                 **{name: (_passthrough, _passthrough) for name in others})
    app.add_node(search_meta, html=(visit_search_meta_html, None),
                 **{name: (_skip, None) for name in others})
