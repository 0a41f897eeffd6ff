"""Reader navigation on every width: menus that open, one search box, a 404 page that works anywhere.

* ``pb-nav.js`` binds every ☰ (primary) and 目录 (secondary) toggle and opens the theme's
  ``<dialog>`` drawers itself, with a 关闭 button, Escape, focus moved in and back. The theme's
  own handler goes to the first ``.primary-toggle`` in the page, which under sphinx-book-theme is
  a hidden one (pydata/pydata-sphinx-theme#2451, executablebooks/sphinx-book-theme#988).
* ``navbar_persistent`` defaults to nothing: sphinx-book-theme has no top navbar, and
  pydata-sphinx-theme's default put a second search field above the sidebar's on desktops.
  The layout leaves out the empty header (``templates/pydata/layout.html``). The primary
  sidebar's end defaults to nothing too (the theme's default is an ad slot).
* The 404 page (sphinx-notfound-page) is served at any missing address: its links, the feed
  link in its head and ``data-content_root`` (where search finds Pagefind) are made absolute
  under ``notfound_urls_prefix``.
"""

from __future__ import annotations

import re

PYDATA_THEMES = ("sphinx_book_theme", "pydata_sphinx_theme")


def default_options(app, config) -> None:
    if config.html_theme not in PYDATA_THEMES:
        return  # another theme (the tests' basic) has no such option and would warn
    options = dict(config.html_theme_options or {})
    options.setdefault("navbar_persistent", [])
    # pydata-sphinx-theme's default here is Read the Docs' ad placement (sidebar-ethical-ads):
    # an ad slot in every page of a government site
    options.setdefault("primary_sidebar_end", [])
    config.html_theme_options = options


_RELATIVE = re.compile(r'\b(href|src|action)="(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)([^"]*)"')


def absolute_404(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """On the 404 page, every relative address becomes absolute under the site's path."""
    if pagename != getattr(app.config, "notfound_pagename", None):
        return
    prefix = getattr(app.config, "notfound_urls_prefix", None) or "/"
    if not prefix.endswith("/"):
        prefix += "/"
    context["content_root"] = prefix
    for key in ("body", "metatags"):
        if context.get(key):
            context[key] = _RELATIVE.sub(lambda m: f'{m.group(1)}="{prefix}{m.group(2)}"', context[key])


def setup(app) -> None:
    app.connect("config-inited", default_options)
    app.connect("html-page-context", absolute_404, priority=950)  # after notfound and head.page_head
    app.add_js_file("pb-nav.js", defer="defer")
    app.add_css_file("pb-nav.css")
