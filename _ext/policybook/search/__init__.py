"""Chinese full-text search with Pagefind (sub-extension).

Pagefind's extended build indexes the article of every page after the HTML build
(:mod:`.pagefind`); ``pb-search.js`` answers the theme's search dialog (Ctrl+K) and the search
page from that index through the query layer ``pb-query.js`` (:mod:`.entries` writes what it
ranks: names, keywords, the staff-kept search terms), with every page's kind and state (:mod:`.meta`). Sphinx's own zh
search cannot segment a query typed without spaces (see docs/search-evaluation.md, in the staff build).
``policybook_search = "sphinx"`` turns all of this off and leaves Sphinx's search in place.
"""

from __future__ import annotations

from pathlib import Path

from ..config import checked

TEMPLATES = Path(__file__).parent / "templates"


def _config_inited(app, config) -> None:
    terms = checked(config).search_terms
    if terms and terms not in config.exclude_patterns:
        # The table is read by the search (search.pagefind.search_terms), never as a page.
        config.exclude_patterns = [*config.exclude_patterns, terms]
    if checked(config).search != "pagefind":
        return
    if str(TEMPLATES) not in [str(p) for p in config.templates_path]:
        # Our search.html replaces the theme's (which runs Sphinx's own search). A new list, not
        # insert(): the default list is shared by every Sphinx app in the process (tests).
        config.templates_path = [str(TEMPLATES), *config.templates_path]


def _builder_inited(app) -> None:
    if checked(app.config).search == "pagefind":
        app.add_js_file("pb-query.js", defer="defer")  # the ranking (pure), before its user
        app.add_js_file("pb-search.js", defer="defer")
        app.add_css_file("pb-search.css")
        if getattr(app.builder, "search", False):
            # Sphinx's own index (searchindex.js, over 1 MB at 2,000 programs) serves nothing
            # now; keep only its search page, rendered from our template.
            app.builder.search = False
            app.config.html_additional_pages = {**app.config.html_additional_pages, "search": "search.html"}


def _html_page_context(app, pagename, templatename, context, doctree) -> None:
    # For templates: "pagefind" means Sphinx's searchtools/searchindex need not load on pages.
    context["policybook_search"] = checked(app.config).search
    if checked(app.config).search == "pagefind" and pagename == "search":
        context["title"] = "搜索"


def setup(app):
    from . import alone, meta, nodes, pagefind
    from .zhsearch import SearchChineseFixed

    nodes.register(app)
    app.connect("config-inited", _config_inited)
    app.connect("doctree-read", meta.add_search_meta)
    app.connect("doctree-resolved", meta.policy_states)
    app.connect("html-page-context", _html_page_context)
    app.connect("html-collect-pages", pagefind.start_pagefind, priority=1)
    app.connect("build-finished", pagefind.finish_pagefind, priority=900)
    app.connect("build-finished", alone.hand_over, priority=2000)  # last of all: may end the process
    app.connect("builder-inited", _builder_inited)
    app.add_search_language(SearchChineseFixed)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
