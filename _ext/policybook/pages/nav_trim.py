"""A long section in the sidebar shows the pages around the current one, not all of them.

sphinx-book-theme expands the current section of the navigation on every page in it: with one
guide per 50 programs, each of 200 guides at 10,000 programs would carry 200 sidebar links
(about 25 KB), and the guides index page as many again. A list of more than ``LIMIT`` pages
keeps ``2 × AROUND + 1`` of them around the current page (the first ones on the section's own
page) and ends with a link to the section's page, whose body lists them all.

Only the sidebar is touched (pydata-sphinx-theme's ``generate_toctree_html`` is wrapped for the
page being written); the toctree and the section page stay complete.
"""

from __future__ import annotations

import functools

LIMIT = 15  # pages a sidebar list may show before it is trimmed
AROUND = 5  # pages kept on each side of the current one
ITEM = '<li class="toctree-l'


def trim(html):
    """The sidebar's toctree (the theme's BeautifulSoup, or HTML text) with every list longer than
    ``LIMIT`` trimmed; the soup is changed in place, text comes back as text."""
    if isinstance(html, str):
        if html.count(ITEM) <= LIMIT:
            return html
        from bs4 import BeautifulSoup  # pydata-sphinx-theme's own dependency

        return str(_trim(BeautifulSoup(html, "html.parser")))
    return _trim(html)


def _trim(soup):
    for ul in soup.find_all("ul"):
        items = ul.find_all("li", recursive=False)
        section = ul.find_parent("li")
        anchor = section.find("a") if section is not None else None
        if len(items) <= LIMIT or anchor is None:
            continue  # a top-level list has no section page to send the reader to
        current = next((i for i, li in enumerate(items) if "current" in (li.get("class") or [])), 0)
        width = 2 * AROUND + 1
        start = max(0, min(current - AROUND, len(items) - width))
        level = next((c for c in items[0].get("class") or [] if c.startswith("toctree-l")), "toctree-l2")
        for index, li in enumerate(items):
            if not start <= index < start + width:
                li.decompose()
        more = soup.new_tag("li", attrs={"class": f"{level} pb-nav-more"})
        href = anchor.get("href") or "#"
        if href == "#":  # the section's own page: its body lists them all
            more.string = f"共{len(items)}篇，全部列在本页"
        else:
            link = soup.new_tag("a", attrs={"class": "reference internal", "href": href})
            link.string = f"查看全部{len(items)}篇 →"
            more.append(link)
        ul.append(more)
        ul.append("\n")
    return soup


def wrap_sidebar(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Wrap the theme's toctree function so the sidebar it returns is trimmed."""
    original = context.get("generate_toctree_html")
    if original is None or getattr(original, "pb_trimmed", False):
        return

    @functools.wraps(original)
    def generate(kind: str, *args, **kwargs):
        html = original(kind, *args, **kwargs)
        return trim(html) if kind == "sidebar" else html

    generate.pb_trimmed = True
    context["generate_toctree_html"] = generate


def setup(app) -> None:
    app.connect("html-page-context", wrap_sidebar, priority=600)  # after the theme adds the function
