"""Keep pages free of inline scripts and styles, so a strict Content-Security-Policy holds.

pydata-sphinx-theme adds two small inline scripts per page (the page name and a search
option) and an inline mode script and ``<noscript><style>`` in its head. We replace the head
block with external files (``templates/pydata/layout.html``) and move the per-page values into
a ``<meta>`` tag read by ``pb-docopts.js``. The deploy guide's nginx config sends the policy
``CSP`` below; a browser test loads pages under it and fails on any violation.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

TEMPLATES = Path(__file__).parent.parent / "templates" / "pydata"
PYDATA_THEMES = ("sphinx_book_theme", "pydata_sphinx_theme")

CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
       "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
       "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


def add_templates(app, config) -> None:
    if config.html_theme in PYDATA_THEMES and str(TEMPLATES) not in map(str, config.templates_path):
        config.templates_path = [str(TEMPLATES), *config.templates_path]  # a new list, not the shared default


def keep_script(js) -> bool:
    """Drop the theme's per-page inline scripts, and Sphinx's translations.js, whose plural
    rule goes through ``new Function`` (eval) and only serves Sphinx's own search box."""
    if js.filename:
        return not str(js.filename).endswith("translations.js")
    body = str(js.attributes.get("body", ""))
    return not body.startswith(("DOCUMENTATION_OPTIONS.pagename", "DOCUMENTATION_OPTIONS.search_as_you_type"))


def strip_inline_scripts(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    if app.config.html_theme not in PYDATA_THEMES:
        return
    scripts = context.get("script_files")
    if not isinstance(scripts, list):
        return
    scripts[:] = [js for js in scripts if keep_script(js)]
    context["metatags"] = context.get("metatags", "") + \
        f'<meta name="pb-pagename" content="{html.escape(pagename)}">\n'


_EXTERNAL = re.compile(r'<a class="([^"]*\breference external\b[^"]*)" href="')


def external_links_rel(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Links to other sites open without handing them this page (rel="noopener noreferrer")."""
    body = context.get("body")
    if body:
        context["body"] = _EXTERNAL.sub(r'<a class="\1" rel="noopener noreferrer" href="', body)
