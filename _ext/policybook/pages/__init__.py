"""Sphinx glue, write side: a doctree becomes an HTML page.

Placeholders are resolved for the build date, long lists are split over pages, status badges
are made live for the reader's day, formulas become MathML (no script), and every page gets
its head tags and a strict CSP.
"""

from __future__ import annotations


def setup(app) -> None:
    from . import audience, csp, head, live_status, mathml, pagination, weight
    from .resolve import resolve_placeholders

    pagination.setup(app)
    from . import nav  # menus that open at every width, one search box, a 404 page that works anywhere
    nav.setup(app)
    from . import nav_trim  # a long section in the sidebar shows the pages around the current one
    nav_trim.setup(app)
    live_status.setup(app)
    from . import policy_sort
    policy_sort.setup(app)  # policy lists re-sorted by 发布日期 / 成文日期 / 文号
    mathml.setup(app)  # formulas as MathML: no MathJax from a CDN
    audience.setup(app)  # the staff build's 工作人员文档 section
    from . import health
    health.setup(app)  # {content-health}: the staff build's 内容体检 page
    from . import fullwidth
    fullwidth.setup(app)  # field names end in ：, not :
    from . import dropdown_marker
    dropdown_marker.setup(app)  # the dropdowns' chevron from the stylesheet, not an SVG in each
    app.connect("config-inited", head.add_templates)
    app.connect("config-inited", csp.add_templates)
    app.connect("doctree-resolved", resolve_placeholders)
    app.connect("html-page-context", head.page_head, priority=400)
    app.connect("html-page-context", head.page_links)
    app.connect("html-page-context", head.page_dates)
    app.connect("html-page-context", csp.strip_inline_scripts, priority=900)
    app.connect("html-page-context", weight.lighten, priority=910)  # head scripts deferred, CSS in one file
    from . import bundles
    app.connect("build-finished", bundles.refresh)
    app.connect("builder-inited", weight.trim_template_lines, priority=400)  # before template_cache
    app.connect("html-page-context", csp.external_links_rel)
    app.add_js_file("pb-docopts.js", priority=201)
    app.add_css_file("pb-icons.css")  # the theme's icons from a 3 KB font, not fontawesome.js
    app.add_css_file("policybook.css")
