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
* the stylesheets that follow each other in the head (ours, sphinx-design's, the book theme's)
  are served as one file, ``_static/pb-bundle-<key>.css``, concatenated in the same order from
  the copies in the output folder (a print-only sheet between them stays separate, after it).
  Each bundle starts with a comment naming its parts, and ``build-finished`` rewrites every
  bundle from them, so a stylesheet edited without any page being re-written is not served stale.

* the templates' own blank lines go: Jinja keeps the line of every ``{% if %}``/``{% endif %}``
  of the theme's layout as an empty or indented line (about 0.6 KB a page, 1.5 % of the 40 KB
  budget of issue 22). ``trim_blocks``/``lstrip_blocks`` drop them as the templates are compiled;
  what the page shows and every element's place are unchanged (checked on the sample site,
  phone and desktop); the text of the content is not touched.

``bench/page_weight.py`` measures the result; ``tests/test_page_weight.py`` guards it.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

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


_PARTS = re.compile(r"/\* pb-bundle: (.*?) \*/")
_PLAIN_ATTRS = {"rel": "stylesheet", "type": "text/css"}


def _mergeable(css, static: Path) -> bool:
    name = os.fspath(css.filename or "")
    if "://" in name or not name.startswith("_static/") or not name.endswith(".css"):
        return False
    if any(css.attributes.get(key, value) != value for key, value in _PLAIN_ATTRS.items()) \
            or set(css.attributes) - set(_PLAIN_ATTRS):
        return False
    path = static.parent / name
    if not path.is_file():
        return False
    # url() and @import are relative to the file: only files already in _static/ itself keep them
    return "/" not in name.removeprefix("_static/") or not re.search(r"url\(|@import", path.read_text("utf-8"))


def _bundle_text(static: Path, parts: list[str]) -> str:
    chunks = [f"/* pb-bundle: {' '.join(parts)} */\n"]
    for part in parts:
        chunks.append(f"/* --- {part} --- */\n{(static.parent / part).read_text('utf-8')}\n")
    return "".join(chunks)


def _write_if_changed(path: Path, text: str) -> None:
    if path.is_file() and path.read_text("utf-8") == text:
        return
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, "utf-8")
    os.replace(tmp, path)  # atomic: parallel writers (-j) write the same text


def _bundle(app, styles: list) -> list:
    static = Path(app.outdir) / "_static"
    out, run, passed = [], [], []

    def flush():
        if len(run) >= 2:
            parts = [os.fspath(css.filename) for css in run]
            key = hashlib.sha1(" ".join(parts).encode()).hexdigest()[:10]
            name = f"_static/pb-bundle-{key}.css"
            _write_if_changed(static.parent / name, _bundle_text(static, parts))
            out.append(type(run[0])(name, priority=run[0].priority, **run[0].attributes))
        else:
            out.extend(run)
        out.extend(passed)
        run.clear()
        passed.clear()

    for css in styles:
        if _mergeable(css, static):
            run.append(css)
        elif run and css.attributes.get("media") == "print":
            passed.append(css)  # does not block drawing the screen: may follow the bundle
        else:
            flush()
            out.append(css)
    flush()
    return out


def refresh_bundles(app, exception) -> None:
    """Rewrite every bundle from its parts' current copies (an edited stylesheet, no page re-written)."""
    static = Path(app.outdir) / "_static"
    if exception is not None or not static.is_dir():
        return
    for path in static.glob("pb-bundle-*.css"):
        found = _PARTS.match(path.read_text("utf-8"))
        parts = found.group(1).split() if found else []
        if parts and all((static.parent / part).is_file() for part in parts):
            _write_if_changed(path, _bundle_text(static, parts))


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
    if isinstance(styles, list) and app.builder.format == "html":
        styles[:] = _bundle(app, styles)
