"""公示 / 结果公开: publicity lists as pages, in lists, on program pages and as 年度数据 charts.

Read side (:mod:`.page`), placeholders filled at write time (:mod:`.render`, :mod:`.annual`,
charts by :mod:`.charts`), exact incremental rebuilds (:mod:`.incremental`), the browser's
status update (``static/pb-publicity.js``). The format and its checks are in
:mod:`policybook.model.publicity` and :mod:`policybook.validate.publicity`.
"""

from __future__ import annotations

SCRIPT = "pb-publicity.js"


def _skip(self, node) -> None:
    from docutils import nodes

    raise nodes.SkipNode


def link_script(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """``html-page-context``: the status script, only on pages with a publicity status."""
    if "pb-publicity-live" in (context.get("body") or ""):
        app.builder.add_js_file(SCRIPT, defer="defer")


def setup(app) -> dict:
    from . import incremental, page, render
    from .nodes import PLACEHOLDERS

    for node_class in PLACEHOLDERS:
        app.add_node(node_class)
    others = ("latex", "text", "man", "texinfo")
    app.add_node(render.publicity_live, html=(render.visit_publicity_live_html, render.depart_publicity_live_html),
                 **{name: (_skip, None) for name in others})
    app.add_directive("publicity-list", page.PublicityListDirective)
    app.add_directive("annual-data", page.AnnualDataDirective)
    app.connect("doctree-read", page.after_read, priority=600)
    app.connect("doctree-resolved", render.resolve)
    app.connect("env-get-updated", incremental.pages_to_rewrite)
    app.connect("html-page-context", link_script)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
