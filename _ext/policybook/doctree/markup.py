"""Render the markdown in YAML text fields, with MyST, inside a document we build by hand.

Text fields may use everything MyST offers in a guide (emphasis, lists, links and our
``{program}``/``{policy}`` roles), with line numbers that point back into the YAML file. What
they may not do is inject markup into the page: raw HTML becomes visible, inert text, and file
inclusion is switched off. Links may only use the schemes ``policybook check`` allows (http,
https, mailto, tel), however they are written (Markdown, autolinks, ``{eval-rst}``, directive
options); ``<meta>`` tags cannot be planted in the page head; and images and downloads must be
files inside the source folder. Each refusal is a located problem, so ``-W`` fails the build.
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.mdit import create_md_parser
from sphinx import addnodes

from ..model.problems import Problem
from ..validate import messages
from ..validate.files import SAFE_SCHEMES
from ..validate.markdown import url_scheme

# A line break between two CJK characters is a soft wrap in the YAML, not a space in the text.
_CJK_SOFT_BREAK = re.compile(r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])\n[ \t]*(?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])")


def join_cjk_lines(text: str) -> str:
    return _CJK_SOFT_BREAK.sub("", text)


class TextRenderer:
    """Renders many small markdown snippets into one docutils document."""

    def __init__(self, document: nodes.document) -> None:
        env = document.settings.env
        self.env = env
        self.md = create_md_parser(env.myst_config, SphinxRenderer)
        self.md.options["document"] = document
        self.renderer: SphinxRenderer = self.md.renderer
        self.renderer.setup_render(self.md.options, {})
        document.settings.raw_enabled = False
        document.settings.file_insertion_enabled = False
        self._refused: list = []

    def block(self, text: str, line: int, classes: tuple[str, ...] = ()) -> nodes.container:
        """Paragraphs, lists and the like, wrapped in a ``<div>``."""
        container = nodes.container(classes=list(classes))
        with self.renderer.current_node_context(container):
            self.renderer.nested_render_text(join_cjk_lines(text), max(line - 1, 0))
        neutralise_raw(container)
        self._refused.extend(neutralise_unsafe(container, self.env, line))
        return container

    def inline(self, text: str, line: int) -> list[nodes.Node]:
        """Inline markup (emphasis, roles, links) for use inside a paragraph or table cell."""
        holder = nodes.inline()
        with self.renderer.current_node_context(holder):
            self.renderer.nested_render_text(join_cjk_lines(text), max(line - 1, 0), inline=True)
        neutralise_raw(holder)
        self._refused.extend(neutralise_unsafe(holder, self.env, line))
        return list(holder.children)

    def refused(self, source: str, reported: list[Problem]) -> list[Problem]:
        """What the snippets rendered so far refused, that the validator did not report."""
        return refusals_as_problems(self._refused, source, reported)


def neutralise_raw(tree: nodes.Element) -> None:
    """Replace raw HTML with its literal text, so pasted ``<script>`` shows and never runs."""
    for raw in list(tree.findall(nodes.raw)):
        text = nodes.Text(raw.astext())
        inline = isinstance(raw.parent, nodes.TextElement)
        raw.replace_self(text if inline else nodes.paragraph("", "", text, classes=["pb-inert"]))


Refusal = tuple[str, str, int, tuple[str, str, str]]  # (code, value, line, message)


def neutralise_unsafe(tree: nodes.Element, env, line: int) -> list[Refusal]:
    """Keep what was rendered into ``tree`` (text starting at ``line`` of the current document)
    from linking to other schemes, planting ``<meta>`` tags or publishing files from outside the
    source folder. Offending links and images become their text.

    Returns what was refused as (code, value, line, message): the validator reports what it can
    see in the text itself; the rest (links written in ``{eval-rst}``, directive options) is
    reported from here, with the same codes and words.
    """
    refused: list[Refusal] = []

    def refuse(value: str, at: nodes.Node, message: tuple[str, str, str], code: str = "url") -> None:
        where: nodes.Node | int = at
        while isinstance(where, nodes.Node):  # the nearest node that knows its line
            where = where.line or (where.parent if where.parent is not None and where is not tree else line)
        if all(value != done[1] for done in refused):
            refused.append((code, value, where, message))

    _neutralise_links(tree, refuse)
    for meta in list(tree.findall(nodes.meta)):
        refuse(f"meta:{meta.get('name') or meta.get('http-equiv')}", meta, messages.meta_tag(), "meta")
        meta.parent.remove(meta)
    _keep_files_local(tree, env, refuse)
    return refused


def _neutralise_links(tree: nodes.Element, refuse) -> None:
    """Links to schemes other than http(s), mailto and tel become their text."""
    for ref in list(tree.findall(nodes.reference)):
        uri = ref.get("refuri")
        scheme = url_scheme(uri) if uri is not None else None
        if scheme is not None and scheme not in SAFE_SCHEMES:
            refuse(uri, ref, messages.unsafe_link(uri))
            ref.replace_self(nodes.inline("", "", *ref.children) if ref.children else nodes.Text(uri))
    for xref in list(tree.findall(addnodes.pending_xref)):
        target = xref.get("reftarget", "")
        scheme = url_scheme(target) if xref.get("reftype") == "myst" else None
        if scheme is None:
            continue
        if scheme in SAFE_SCHEMES:  # e.g. tel:, which MyST does not know as a URL scheme
            link = nodes.reference("", "", *xref.children, refuri=target, internal=False)
            xref.replace_self(link)
        else:
            refuse(target, xref, messages.unsafe_link(target))
            xref.replace_self(nodes.inline("", "", *xref.children))


def _keep_files_local(tree: nodes.Element, env, refuse) -> None:
    """Downloads and images: web addresses and files inside the source folder only."""
    srcdir = Path(env.srcdir).resolve()

    def outside(target: str) -> bool:
        try:
            _rel, absolute = env.relfn2path(target, env.docname)
        except (KeyError, ValueError, OSError):
            return True
        return not Path(absolute).is_relative_to(srcdir)

    def keep_local(node: nodes.Element, target: str, replacement) -> None:
        scheme = url_scheme(target)
        if scheme in ("http", "https") or (scheme is None and not outside(target)):
            return
        if scheme:
            refuse(target, node, messages.unsafe_link(target))
        else:
            refuse(target, node, messages.outside_file(target), "outside-file")
        node.replace_self(replacement())

    for download in list(tree.findall(addnodes.download_reference)):
        keep_local(download, download.get("reftarget", ""), lambda d=download: nodes.inline("", "", *d.children))
    for image in list(tree.findall(nodes.image)):
        keep_local(image, image.get("uri", ""), lambda i=image: nodes.inline("", i.get("alt", "")))


def refusals_as_problems(refused, source: str, reported: list[Problem]) -> list[Problem]:
    """What :func:`neutralise_unsafe` refused and the validator did not report already."""
    known = {(p.code, _plain(value)) for p in reported for value in _quoted(p.message)}
    known |= {(p.code, "") for p in reported if p.code == "meta"}
    problems = []
    for code, value, line, (text, gloss, hint) in refused:
        key = (code, "" if code == "meta" else _plain(value))
        if key not in known:
            known.add(key)
            problems.append(Problem(source, line or 0, 0, "", text, gloss, hint, code))
    return problems


def _quoted(message: str) -> list[str]:
    return re.findall(r"'([^']*)'", message)


def _plain(url: str) -> str:
    """A URL as a browser reads it (whitespace and controls dropped, as written in a message)."""
    return re.sub(r"[\x00-\x20\x7f]|\\[tnr]", "", url).lower()
