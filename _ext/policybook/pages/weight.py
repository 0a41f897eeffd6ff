"""Page weight (issue 16): what a page makes the browser fetch before it can paint.

On a slow phone line every request costs a round trip (about 0.56 s on Fast 3G), and a
browser fetches only a few at a time, so the number of files that block the first paint
matters as much as their size. The theme's fontawesome.js is gone (``templates/pydata/
layout.html``, icons from ``pb-icons.css``); here, per page:

* Sphinx's and the themes' small head scripts are deferred: none of them has to run before
  the page is drawn (they set up search highlighting, page options and tab syncing that the
  theme's own deferred script reads later; deferred scripts keep their order);
* ``pygments.css`` (code highlighting) is left out of pages without a highlighted code block,
  sphinx-design's ``design-tabs.js`` out of pages without a tab set;
* the stylesheets that follow each other in the head are served as one file, and so are our
  own deferred scripts that follow each other (:mod:`.bundles`);

* the templates' own blank lines go: Jinja keeps the line of every ``{% if %}``/``{% endif %}``
  of the theme's layout as an empty or indented line (about 0.6 KB a page, 1.5 % of the 40 KB
  budget of issue 22). ``trim_blocks``/``lstrip_blocks`` drop them as the templates are compiled;
  what the page shows and every element's place are unchanged (checked on the sample site,
  phone and desktop); the text of the content is not touched.

``bench/page_weight.py`` measures the result; ``tests/test_page_weight.py`` guards it.
"""

from __future__ import annotations

import os

from . import bundles
from .csp import PYDATA_THEMES

# Scripts that may run after parsing: nothing in them draws the page or must run before it.
DEFERRABLE = frozenset(f"_static/{name}" for name in (
    "documentation_options.js", "doctools.js", "sphinx_highlight.js", "pb-docopts.js", "scripts/sphinx-book-theme.js",
    "design-tabs.js"))


# sphinx-design's tab sync: only pages with a tab set use it
TAB_SCRIPT = "_static/design-tabs.js"


def trim_template_lines(app) -> None:
    """``builder-inited``, before ``template_cache.install`` (its key includes these settings)."""
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is not None:
        environment.trim_blocks = environment.lstrip_blocks = True


def _deferred(js):
    if os.fspath(js.filename or "") not in DEFERRABLE or "defer" in js.attributes or "async" in js.attributes:
        return js
    return type(js)(js.filename, priority=js.priority, **{**js.attributes, "defer": "defer"})


# docutils' HTML5 writer adds this to every page's meta tags; Sphinx's basic layout, which every
# HTML theme extends, writes its own just before them: two in every head
_DOCUTILS_VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1" />\n'


def lighten(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    metatags = context.get("metatags")
    if isinstance(metatags, str):
        context["metatags"] = metatags.replace(_DOCUTILS_VIEWPORT, "", 1)
    if app.config.html_theme not in PYDATA_THEMES:
        return
    scripts = context.get("script_files")
    if isinstance(scripts, list):
        tabs = 'class="sd-tab-set' in context.get("body", "")
        scripts[:] = [_deferred(js) for js in scripts if tabs or os.fspath(js.filename or "") != TAB_SCRIPT]
    styles = context.get("css_files")
    if isinstance(styles, list) and 'class="highlight' not in context.get("body", ""):
        styles[:] = [css for css in styles if os.fspath(css.filename) != "_static/pygments.css"]
    if app.builder.format == "html":
        # in the order the page will have them: Sphinx sorts by priority after this event
        # (stably; a bundle takes its first part's priority, so it keeps its place)
        if isinstance(styles, list):
            styles[:] = bundles.bundle(app.outdir, sorted(styles, key=lambda css: css.priority), bundles.CSS)
        if isinstance(scripts, list):
            scripts[:] = bundles.bundle(app.outdir, sorted(scripts, key=lambda js: js.priority), bundles.JS)
