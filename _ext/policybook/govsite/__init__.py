"""Government-site conventions (政府网站发展指引, GB/T 37668, 适老化): the footer of every page
(主办/承办单位, 网站标识码, ICP and 公安 records, 联系我们, 隐私与免责声明, 网站地图), 我为政府网站找错
on every page, the ``{site-map}`` page, 长辈版 (large text) and the print header.

``footer`` fills the template context from the settings; ``sitemap`` renders ``{site-map}`` at
write time. 长辈版 and print are CSS (pb-govsite.css, pb-print.css) with two small scripts.
"""

from __future__ import annotations


def setup(app) -> dict:
    from .footer import check_pages, page_context
    from .sitemap import SiteMapDirective, resolve_site_maps, site_map, site_maps_to_rewrite

    app.add_node(site_map)
    app.add_directive("site-map", SiteMapDirective)
    app.connect("doctree-resolved", resolve_site_maps)
    app.connect("env-get-updated", site_maps_to_rewrite)
    app.connect("env-check-consistency", check_pages)
    app.connect("html-page-context", page_context)
    # In <head>, not deferred: 长辈版 is on before the first paint (no flash of small text).
    app.add_js_file("pb-elder.js", priority=190)
    app.add_js_file("pb-print.js", loading_method="defer")
    app.add_css_file("pb-govsite.css")
    app.add_css_file("pb-print.css", media="print")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
