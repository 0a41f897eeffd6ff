"""``sitemap.xml``: every document and continuation page, in a stable order."""

from __future__ import annotations

from xml.sax.saxutils import escape

from ..pages.pagination import continuation_pages


def sitemap(app) -> str:
    """sitemap.xml listing every document and continuation page, in a stable order.

    Our own instead of sphinx-sitemap, which lists only the pages written by the current build
    (an incremental build shrank the sitemap to the pages it re-wrote), in the order they were
    written, and starts a multiprocessing manager for it.
    """
    base = app.config.html_baseurl
    pages = sorted({*app.env.all_docs, *continuation_pages(app)})
    urls = [base + app.builder.get_target_uri(pagename) for pagename in pages]
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"  <url><loc>{escape(url)}</loc></url>" for url in urls]
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
