"""Small builders for page components (badges, cards, dropdowns) as nodes.

Badges and dropdowns are sphinx-design's structures, built directly so that the program page
uses them without generating markup text from data; cards are our own (``tiles``), lighter.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx_design.shared import create_component

from ..model.lifecycle import COLORS as STANDING_COLORS
from ..model.lifecycle import STATES
from ..model.status import closing_soon, status_label, window_status


def badge(text: str, color: str = "primary", outline: bool = False, extra: tuple = ()) -> nodes.inline:
    classes = ["sd-badge"]
    classes += [f"sd-outline-{color}", f"sd-text-{color}"] if outline else [f"sd-bg-{color}", f"sd-bg-text-{color}"]
    return nodes.inline(text, text, classes=classes + list(extra))


def tiles(items: list[nodes.Node], classes: tuple) -> nodes.container:
    """Cards side by side, laid out by ``policybook.css`` (a CSS grid): the look of sphinx-design's
    grid of cards without its four nested elements per card (1.4 KB of a program page, issue 22)."""
    return nodes.container("", *items, classes=["pb-tiles", *classes])


def tile(title: str | None, body: list[nodes.Node], classes: tuple = ()) -> nodes.container:
    node = nodes.container(classes=["pb-tile", *classes])
    if title:
        node += para(title, classes=("pb-tile-title",))
    node.extend(body)
    return node


def dropdown(title: str, body: list[nodes.Node]) -> nodes.container:
    container = create_component(
        "dropdown", opened=False, type="dropdown", has_title=True, icon=None, chevron=None,
        container_classes=["sd-mb-3"], title_classes=[], body_classes=[])
    container += nodes.rubric(title, title)
    container.extend(body)
    return container


def xref(kind: str, target: str, text: str | None = None, *, docname: str, line: int | None,
         source: str) -> addnodes.pending_xref:
    """A link resolved by the policybook domain; without ``text`` it shows the target's title."""
    node = addnodes.pending_xref(
        "", nodes.inline(text or target, text or target), refdomain="policybook", reftype=kind,
        reftarget=target, refexplicit=text is not None, refdoc=docname, refwarn=False)
    node.source, node.line = source, line
    return node


def section(ids: str, title: str) -> nodes.section:
    node = nodes.section(ids=[ids], names=[title])
    node += nodes.title(title, title)
    return node


def para(*children: nodes.Node | str, classes: tuple = ()) -> nodes.paragraph:
    node = nodes.paragraph(classes=list(classes))
    for child in children:
        node += nodes.Text(child) if isinstance(child, str) else child
    return node


def external(url: str, text: str) -> nodes.reference:
    return nodes.reference(text, text, refuri=url, classes=["pb-external"])


def table(columns: list[tuple[str, int]], rows: list[list], classes: tuple = ()) -> nodes.table:
    """A table with a header row; ``columns`` are (header, relative width), cells are text or nodes."""
    node = nodes.table(classes=list(classes))
    group = nodes.tgroup(cols=len(columns))
    node += group
    for _header, width in columns:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    head += _row([header for header, _width in columns])
    group += head
    body = nodes.tbody()
    for cells in rows:
        body += _row(cells)
    group += body
    return node


def _row(cells: list) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        if isinstance(cell, list):
            entry += para(*cell)
        elif isinstance(cell, nodes.paragraph):
            entry += cell
        else:
            entry += para(cell)
        row += entry
    return row


def status_badge(window: dict, today, detail: bool = False) -> nodes.inline:
    status = window_status(window, today)
    extra = ["pb-status", f"pb-status-{status}"]
    if closing_soon(window, today):
        extra.append("pb-closing-soon")
    label = status_label(window, today, detail)  # pb-window.js says the same in the browser
    # Colours come from policybook.css (pb-status-*), not sphinx-design's sd-bg-* classes:
    # lists carry thousands of these badges (page weight).
    return nodes.inline(label, label, classes=["sd-badge", *extra])


def standing_badge(state: str, label: str | None = None) -> nodes.inline:
    """A policy's standing on the build date (现行有效, 已废止 (2025年3月1日起) …)."""
    return badge(label or STATES.label(state), STANDING_COLORS[state], extra=("pb-validity", f"pb-validity-{state}"))
