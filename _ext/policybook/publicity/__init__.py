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


RESULTS_ENTRY = '<li><a class="reference internal" href="#past-results">往年立项 / 获奖名单</a></li>'


def results_in_toc(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """``html-page-context``: the 往年立项 section is filled in at write time, after Sphinx made the
    page's 目录 from what was read; put it there too, after 政策依据 where the page shows it."""
    toc = context.get("toc") or ""
    if 'id="past-results"' not in (context.get("body") or "") or "#past-results" in toc:
        return
    anchor = toc.find('href="#basis"')
    end = toc.find("</li>", anchor) if anchor != -1 else -1
    if end != -1:
        context["toc"] = toc[:end + 5] + "\n" + RESULTS_ENTRY + toc[end + 5:]


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
    app.connect("doctree-read", page.after_read, priority=400)  # before the download collector
    app.connect("doctree-resolved", render.resolve)
    app.connect("env-get-updated", incremental.pages_to_rewrite)
    app.connect("html-page-context", link_script)
    app.connect("html-page-context", results_in_toc)
    app.connect("build-finished", write_data)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def write_data(app, exception) -> None:
    """``build-finished``: ``data/publicity.json`` and its schema (unchanged files left alone)."""
    import json
    from pathlib import Path

    from ..site.publish import site_info, up_to_date, url_maker, write_if_changed
    from ..state import state
    from .export import publicity_document, publicity_schema

    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir) / "data"
    if up_to_date(app, out / "publicity.json"):
        return
    domain = app.env.domains["policybook"]
    document = publicity_document(domain.data.get("publicity", {}), domain.programs, url_maker(app.builder),
                                  state(app).today, site_info(app))
    write_if_changed(out / "publicity.json", json.dumps(document, ensure_ascii=False, sort_keys=True,
                                                        separators=(",", ":")) + "\n")
    write_if_changed(out / "publicity.schema.json",
                     json.dumps(publicity_schema(), ensure_ascii=False, indent=1, sort_keys=True) + "\n")
