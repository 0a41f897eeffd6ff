"""Chinese full-text search, application calendar and in-browser status (sub-extension).

* Search: Pagefind's extended build indexes the article of every page after the HTML build
  (:mod:`.pagefind`); ``pb-search.js`` answers the theme's search dialog (Ctrl+K) and the
  search page from that index, ranking program titles and aliases first. Sphinx's own zh
  search cannot segment a query typed without spaces (see docs/search-evaluation.md).
  ``policybook_search = "sphinx"`` turns all of this off and leaves Sphinx's search in place.
* Status: ``pb-status.js`` recomputes every status badge for the reader's day, from the dates
  carried by :class:`.nodes.live_status` wrappers (:mod:`.pages`).
* Calendar: the ``{program-calendar}`` directive, ``calendar/*.ics`` files and a 加入日历 link
  on program pages (:mod:`.calendar`, serializer in :mod:`.ics`).

Nothing here imports Sphinx at module level, so :mod:`.ics` stays a pure module.
"""

from __future__ import annotations

from pathlib import Path

TEMPLATES = Path(__file__).parent / "templates"


def _config_inited(app, config) -> None:
    if config.policybook_search != "pagefind":
        return
    if str(TEMPLATES) not in [str(p) for p in config.templates_path]:
        # Our search.html replaces the theme's (which runs Sphinx's own search). A new list, not
        # insert(): the default list is shared by every Sphinx app in the process (tests).
        config.templates_path = [str(TEMPLATES), *config.templates_path]


def _builder_inited(app) -> None:
    if app.config.policybook_search == "pagefind":
        app.add_js_file("pb-search.js", defer="defer")
        app.add_css_file("pb-search.css")
        if getattr(app.builder, "search", False):
            # Sphinx's own index (searchindex.js, over 1 MB at 2,000 programs) serves nothing
            # now; keep only its search page, rendered from our template.
            app.builder.search = False
            app.config.html_additional_pages = {**app.config.html_additional_pages, "search": "search.html"}


def _html_page_context(app, pagename, templatename, context, doctree) -> None:
    # For templates: "pagefind" means Sphinx's searchtools/searchindex need not load on pages.
    context["policybook_search"] = app.config.policybook_search
    if app.config.policybook_search == "pagefind" and pagename == "search":
        context["title"] = "搜索"


def setup(app):
    from . import calendar, nodes, pagefind, pages

    # "pagefind" (default): Pagefind index and UI; "sphinx": leave Sphinx's built-in search.
    app.add_config_value("policybook_search", "pagefind", "env", str)
    # CSS selector of the element holding a page's content (empty: the theme's article).
    app.add_config_value("policybook_search_root", "", "html", str)
    nodes.register(app)
    app.add_directive("program-calendar", calendar.ProgramCalendarDirective)
    app.connect("config-inited", _config_inited)
    app.connect("doctree-read", pages.add_search_meta)
    # The main extension fills its placeholders at the default priority (500).
    app.connect("doctree-resolved", pages.wrap_status_placeholders, priority=450)
    app.connect("doctree-resolved", pages.finish_page, priority=550)
    from ..pagination import add_page_hook

    add_page_hook(app, pages.wrap_list_badges)  # the same on page 2, 3… of long lists
    app.connect("html-page-context", _html_page_context)
    app.connect("build-finished", calendar.write_calendars)
    app.connect("html-collect-pages", pagefind.start_pagefind, priority=1)
    app.connect("build-finished", pagefind.finish_pagefind, priority=900)

    app.connect("builder-inited", _builder_inited)
    app.add_js_file("pb-status.js", defer="defer")
    app.add_css_file("pb-calendar.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
