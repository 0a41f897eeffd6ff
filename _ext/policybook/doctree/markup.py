"""Render the markdown in YAML text fields, with MyST, inside a document we build by hand.

Text fields may use everything MyST offers in a guide (emphasis, lists, links and our
``{program}``/``{policy}`` roles), with line numbers that point back into the YAML file. What
they may not do is inject markup into the page: raw HTML becomes visible, inert text, and file
inclusion is switched off. Links may only use the schemes ``policybook check`` allows (http,
https, mailto, tel), however they are written (Markdown, autolinks, ``{eval-rst}``, directive
options); ``<meta>`` tags cannot be planted in the page head; and images and downloads must be
files inside the source folder. Each refusal is a located warning, so ``-W`` fails the build.
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.mdit import create_md_parser
from sphinx import addnodes
from sphinx.util import logging

from ..validate import messages
from ..validate.project import LINK_RE, SAFE

logger = logging.getLogger(__name__)

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
# Browsers drop ASCII tabs and newlines anywhere in a URL and trim controls and spaces around
# it, so "java\tscript:" is still javascript: — read the scheme the way they do.
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]")


def url_scheme(url: str) -> str | None:
    """The scheme of ``url`` in lower case, as a browser reads it; None for a relative URL."""
    match = _SCHEME.match(_URL_NOISE.sub("", url))
    return match.group(1).lower() if match else None


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

    def block(self, text: str, line: int, classes: tuple[str, ...] = ()) -> nodes.container:
        """Paragraphs, lists and the like, wrapped in a ``<div>``."""
        container = nodes.container(classes=list(classes))
        with self.renderer.current_node_context(container):
            self.renderer.nested_render_text(join_cjk_lines(text), max(line - 1, 0))
        neutralise_raw(container)
        neutralise_unsafe(container, self.env, text, line)
        return container

    def inline(self, text: str, line: int) -> list[nodes.Node]:
        """Inline markup (emphasis, roles, links) for use inside a paragraph or table cell."""
        holder = nodes.inline()
        with self.renderer.current_node_context(holder):
            self.renderer.nested_render_text(join_cjk_lines(text), max(line - 1, 0), inline=True)
        neutralise_raw(holder)
        neutralise_unsafe(holder, self.env, text, line)
        return list(holder.children)


def neutralise_raw(tree: nodes.Element) -> None:
    """Replace raw HTML with its literal text, so pasted ``<script>`` shows and never runs."""
    for raw in list(tree.findall(nodes.raw)):
        text = nodes.Text(raw.astext())
        inline = isinstance(raw.parent, nodes.TextElement)
        raw.replace_self(text if inline else nodes.paragraph("", "", text, classes=["pb-inert"]))


def neutralise_unsafe(tree: nodes.Element, env, text: str, line: int) -> None:
    """Keep what ``text`` (starting at ``line`` of the current document) rendered to from
    linking to other schemes, planting ``<meta>`` tags or publishing files from outside the
    source folder. Offending links and images become their text; each is a located warning."""
    warned: set[str] = set()

    def warn(url: str, at: nodes.Node | int, message: tuple[str, str, str], code: str = "url") -> None:
        if url in warned:
            return
        warned.add(url)
        while isinstance(at, nodes.Node):  # the nearest node that knows its line
            at = at.line or (at.parent if at.parent is not None and at is not tree else line)
        text_, gloss, hint = message
        logger.warning("%s (%s) 提示: %s", text_, gloss, hint, location=(env.docname, at),
                       type="policybook", subtype=code)

    # Links Markdown itself refuses to render ([x](javascript:…) stays text) are still mistakes,
    # reported exactly as ``policybook check`` reports them.
    for match in LINK_RE.finditer(text):
        url = match.group("url") or match.group("auto")
        if url_scheme(url) not in SAFE:
            warn(url, line + text.count("\n", 0, match.start()), messages.unsafe_link(url))
    for ref in list(tree.findall(nodes.reference)):
        uri = ref.get("refuri")
        if uri is None:
            continue
        scheme = url_scheme(uri)
        if scheme is not None and scheme not in SAFE:
            warn(uri, ref, messages.unsafe_link(uri))
            ref.replace_self(nodes.inline("", "", *ref.children) if ref.children else nodes.Text(uri))
    for xref in list(tree.findall(addnodes.pending_xref)):
        target = xref.get("reftarget", "")
        scheme = url_scheme(target) if xref.get("reftype") == "myst" else None
        if scheme is None:
            continue
        if scheme in SAFE:  # e.g. tel:, which MyST does not know as a URL scheme
            link = nodes.reference("", "", *xref.children, refuri=target, internal=False)
            xref.replace_self(link)
        else:
            warn(target, xref, messages.unsafe_link(target))
            xref.replace_self(nodes.inline("", "", *xref.children))
    for meta in list(tree.findall(nodes.meta)):
        warn(f"meta:{meta.get('name') or meta.get('http-equiv')}", meta,
             ("文字中不能设置页面的 meta 信息", "meta tags are not allowed in text fields", "删除 meta 指令"), "meta")
        meta.parent.remove(meta)
    srcdir = Path(env.srcdir).resolve()

    def outside(target: str) -> bool:
        try:
            _rel, absolute = env.relfn2path(target, env.docname)
        except (KeyError, ValueError, OSError):
            return True
        return not Path(absolute).is_relative_to(srcdir)

    refusal = ("不能引用网站源文件目录以外的文件", "file outside the source folder",
               "把文件放进源文件目录 (如 source/forms/), 并用相对路径引用")
    def keep_local(node: nodes.Element, target: str, replacement) -> None:
        """Leave web and in-tree files alone; anything else becomes ``replacement()``, warned."""
        scheme = url_scheme(target)
        if scheme in ("http", "https") or (scheme is None and not outside(target)):
            return
        if scheme:
            warn(target, node, messages.unsafe_link(target))
        else:
            warn(target, node, (f"{refusal[0]}: '{target}'", *refusal[1:]), "file")
        node.replace_self(replacement())

    for download in list(tree.findall(addnodes.download_reference)):
        keep_local(download, download.get("reftarget", ""), lambda d=download: nodes.inline("", "", *d.children))
    for image in list(tree.findall(nodes.image)):
        keep_local(image, image.get("uri", ""), lambda i=image: nodes.inline("", i.get("alt", "")))
