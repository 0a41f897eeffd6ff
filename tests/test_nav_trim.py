"""Issue 22, every page ≤ 40 KB: a long sidebar section is trimmed around the current page.

At 10,000 programs the generated site has 200 guides, and sphinx-book-theme put all 200 in the
sidebar of every guide page (about 25 KB each). The HTML below is the theme's own shape
(pydata-sphinx-theme 0.20, ``collapse_navbar``).
"""

from __future__ import annotations

from bs4 import BeautifulSoup

from policybook.pages import nav_trim


def _sidebar(count: int, current: int | None, section_href: str = "index.html") -> str:
    items = []
    for k in range(1, count + 1):
        if k == current:
            items.append(f'<li class="toctree-l2 current active"><a class="current reference internal" href="#">指南{k}</a></li>')
        else:
            items.append(f'<li class="toctree-l2"><a class="reference internal" href="guide-{k:03d}.html">指南{k}</a></li>')
    return ('<ul class="current nav bd-sidenav">\n'
            '<li class="toctree-l1"><a class="reference internal" href="../source/finder.html">政策查找</a></li>\n'
            f'<li class="toctree-l1 current active has-children"><a class="reference internal" href="{section_href}">办事指南</a>'
            '<details open="open"><summary>…</summary><ul class="current">\n' + "\n".join(items) + "\n</ul>\n</details></li>\n</ul>")


def _shown(html) -> tuple[list[str], BeautifulSoup]:
    soup = html if isinstance(html, BeautifulSoup) else BeautifulSoup(html, "html.parser")
    inner = soup.select("li.toctree-l1 ul")[0]
    return [li.get_text() for li in inner.find_all("li", recursive=False)], soup


def test_long_section_keeps_the_pages_around_the_current_one():
    shown, soup = _shown(nav_trim.trim(BeautifulSoup(_sidebar(200, 120), "html.parser")))
    assert shown[:-1] == [f"指南{k}" for k in range(115, 126)]
    more = soup.select("li.pb-nav-more a")[0]
    assert more["href"] == "index.html" and more.get_text() == "查看全部200篇 →"
    assert len(soup.select("li.toctree-l1")) == 2  # the top level is left whole


def test_window_stays_full_at_either_end():
    assert _shown(nav_trim.trim(_sidebar(40, 2)))[0][:-1] == [f"指南{k}" for k in range(1, 12)]
    assert _shown(nav_trim.trim(_sidebar(40, 40)))[0][:-1] == [f"指南{k}" for k in range(30, 41)]


def test_section_page_itself_says_its_body_lists_them_all():
    shown, soup = _shown(nav_trim.trim(_sidebar(200, None, section_href="#")))
    assert shown == [f"指南{k}" for k in range(1, 12)] + ["共200篇，全部列在本页"]
    assert not soup.select("li.pb-nav-more a")


def test_short_section_untouched_and_text_stays_text():
    html = _sidebar(nav_trim.LIMIT, 3)
    assert _shown(nav_trim.trim(html))[0] == [f"指南{k}" for k in range(1, nav_trim.LIMIT + 1)]
    small = _sidebar(3, 1)
    assert nav_trim.trim(small) is small  # not even parsed
    assert isinstance(nav_trim.trim(_sidebar(30, 3)), str)


def test_wrapper_trims_only_the_sidebar():
    calls = []

    def theme(kind, **kwargs):
        calls.append(kind)
        return BeautifulSoup(_sidebar(50, 10), "html.parser")

    context = {"generate_toctree_html": theme}
    nav_trim.wrap_sidebar(None, "docs/guide-010", "page.html", context, None)
    nav_trim.wrap_sidebar(None, "docs/guide-010", "page.html", context, None)  # not wrapped twice
    assert len(_shown(context["generate_toctree_html"]("sidebar", startdepth=0))[0]) == 12
    assert len(_shown(context["generate_toctree_html"]("raw"))[0]) == 50
    assert calls == ["sidebar", "raw"]
