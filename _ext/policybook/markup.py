"""Render the markdown in YAML text fields, with MyST, inside a document we build by hand.

Text fields may use everything MyST offers in a guide (emphasis, lists, links and our
``{program}``/``{policy}`` roles), with line numbers that point back into the YAML file. What
they may not do is inject markup into the page: raw HTML becomes visible, inert text, and file
inclusion is switched off.
"""

from __future__ import annotations

from docutils import nodes
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.mdit import create_md_parser


class TextRenderer:
    """Renders many small markdown snippets into one docutils document."""

    def __init__(self, document: nodes.document) -> None:
        env = document.settings.env
        self.md = create_md_parser(env.myst_config, SphinxRenderer)
        self.md.options["document"] = document
        self.renderer: SphinxRenderer = self.md.renderer
        self.renderer.setup_render(self.md.options, {})
        document.settings.raw_enabled = False
        document.settings.file_insertion_enabled = False

    def block(self, text: str, line: int, classes: tuple[str, ...] = ()) -> nodes.container:
        """Paragraphs, lists and the like, wrapped in a ``<div>``."""
        container = nodes.container(classes=list(classes))
        with self.renderer.current_node_context(container):
            self.renderer.nested_render_text(text, max(line - 1, 0))
        neutralise_raw(container)
        return container

    def inline(self, text: str, line: int) -> list[nodes.Node]:
        """Inline markup (emphasis, roles, links) for use inside a paragraph or table cell."""
        holder = nodes.inline()
        with self.renderer.current_node_context(holder):
            self.renderer.nested_render_text(text, max(line - 1, 0), inline=True)
        neutralise_raw(holder)
        return list(holder.children)


def neutralise_raw(tree: nodes.Element) -> None:
    """Replace raw HTML with its literal text, so pasted ``<script>`` shows and never runs."""
    for raw in list(tree.findall(nodes.raw)):
        text = nodes.Text(raw.astext())
        inline = isinstance(raw.parent, nodes.TextElement)
        raw.replace_self(text if inline else nodes.paragraph("", "", text, classes=["pb-inert"]))
