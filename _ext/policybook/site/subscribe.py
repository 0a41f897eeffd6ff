"""订阅更新: visible links to the Atom feeds and .ics calendars, and to the 如何订阅 help page.

The feeds (``feeds/all.atom``, ``feeds/<category>.atom``, :mod:`.publish`) and calendars
(``calendar/all.ics``, ``calendar/<id>.ics``, :mod:`policybook.calendar.files`) were only named
in ``<link rel=alternate>``, which no reader sees. At ``doctree-resolved`` the home page, the
calendar page (the one with ``{program-calendar}``), each category page and each program page
get a small 订阅更新 box at the end of the article:

* home and calendar: all updates (Atom) and every application date (.ics);
* a category page: that category's updates, and all updates;
* a program page: its category's updates, and this program's dates (.ics) when it has dated
  windows (an archived program, or one accepted all year, has no calendar file).

Every box links the help page (``source/subscribe``, 如何订阅) when the site has it. Links are
relative to the page, so they work from a sub-path and from ``file://``. The help page itself
gets the list of every facet feed (按筛选条件订阅: one per level, category, support type and
applicant, :func:`feeds.feed_list`), added to its section on RSS, so the list never falls behind
the vocabularies.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util.osutil import relative_uri

from ..calendar.view import ALL_ICS, has_dates, ics_path, program_calendar
from ..config import checked
from ..model.vocab import CATEGORIES
from .feeds import FACET_VOCABS, feed_list
from .feeds import feed_path as facet_feed_path

HELP_PAGE = "source/subscribe"
ALL_FEED = "feeds/all.atom"


def feed_path(category: str) -> str:
    return f"feeds/{category}.atom"


def links_for(app, doctree: nodes.document, docname: str) -> list[tuple[str, str, str]]:
    """(text, site path, kind) of each subscription this page offers; [] for other pages."""
    settings = checked(app.config)
    if docname == app.config.root_doc or any(True for _ in doctree.findall(program_calendar)):
        return [("本站全部更新 (RSS/Atom)", ALL_FEED, "feed"),
                ("全部申报时间（.ics 日历文件）", ALL_ICS, "ics")]
    for category in CATEGORIES.ids:
        if docname == settings.category_page.format(id=category):
            return [(f"{CATEGORIES.label(category)}类事项更新 (RSS/Atom)", feed_path(category), "feed"),
                    ("本站全部更新 (RSS/Atom)", ALL_FEED, "feed")]
    domain = app.env.domains["policybook"]
    program = next((e for kind, _key, e in domain.entries_of(docname) if kind == "program" and not e.get("broken")),
                   None)
    if program is None or program.get("docname") != docname:
        return []
    category = program["category"]
    links = [(f"{CATEGORIES.label(category)}类事项更新 (RSS/Atom)", feed_path(category), "feed")]
    if not program.get("archived") and has_dates(program):
        links.append(("本事项申报时间（.ics 日历文件）", ics_path(program["id"]), "ics"))
    else:
        links.append(("全部申报时间（.ics 日历文件）", ALL_ICS, "ics"))
    return links


def feed_directory(here: str) -> nodes.section:
    """按筛选条件订阅: a line of links per facet, each to the feed of one value."""
    section = nodes.section(ids=["pb-feed-directory"], classes=["pb-feed-directory"])
    section += nodes.title("", "按筛选条件订阅")
    section += nodes.paragraph("", "只关心某一层级、某一类别、某种支持方式或某类申报主体的事项，可以只订阅这一部分。"
                               "在政策查找页面选好条件后点“订阅此筛选”，会自动找到对应的订阅链接。")
    lines = nodes.bullet_list(classes=["pb-feed-directory-list"])
    for facet, (label, _vocab) in FACET_VOCABS.items():
        para = nodes.paragraph("", f"{label}：")
        values = [(value, text.split("：", 1)[1]) for key, value, text in feed_list() if key == facet]
        for n, (value, text) in enumerate(values):
            if n:
                para += nodes.Text("、")
            path = facet_feed_path(facet, value)
            para += nodes.reference("", text, refuri=relative_uri(here, path), classes=["pb-subscribe-feed"])
        lines += nodes.list_item("", para)
    section += lines
    return section


def add_feed_directory(app, doctree: nodes.document, docname: str) -> None:
    """On the help page: the facet feeds, at the end of its section on RSS (else of the page)."""
    if app.builder.format != "html" or docname != HELP_PAGE:
        return
    sections = [s for s in doctree.findall(nodes.section) if "RSS" in s[0].astext()]
    parent = sections[0] if sections else next(iter(doctree.findall(nodes.section)), doctree)
    position = next((i for i, child in enumerate(parent.children) if isinstance(child, nodes.section)),
                    len(parent.children))
    parent.insert(position, feed_directory(app.builder.get_target_uri(docname)))


def add_subscribe_box(app, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved`` (before the calendar is rendered, which removes its node)."""
    if app.builder.format != "html":
        return
    links = links_for(app, doctree, docname)
    if not links:
        return
    here = app.builder.get_target_uri(docname)
    box = nodes.container(classes=["pb-subscribe"])
    box += nodes.rubric("订阅更新", "订阅更新", classes=["pb-subscribe-title"])
    box += nodes.paragraph("", "事项和政策有变化、申报时间有更新时，不用反复打开本站也能知道：",
                           classes=["pb-subscribe-intro"])
    items = nodes.bullet_list(classes=["pb-subscribe-links"])
    for text, path, kind in links:
        ref = nodes.reference("", text, refuri=relative_uri(here, path), classes=[f"pb-subscribe-{kind}"])
        items += nodes.list_item("", nodes.paragraph("", "", ref))
    box += items
    if HELP_PAGE in app.env.all_docs and docname != HELP_PAGE:
        help_link = nodes.reference("", "如何订阅", internal=True, classes=["pb-subscribe-help"],
                                    refuri=app.builder.get_relative_uri(docname, HELP_PAGE))
        box += nodes.paragraph("", "", nodes.Text("第一次使用？看"), help_link,
                               nodes.Text("：用 RSS 阅读器订阅更新，或把申报时间导入手机和电脑的日历。"),
                               classes=["pb-subscribe-note"])
    doctree += box


def setup(app) -> None:
    app.connect("doctree-resolved", add_subscribe_box, priority=530)
    app.connect("doctree-resolved", add_feed_directory, priority=530)
