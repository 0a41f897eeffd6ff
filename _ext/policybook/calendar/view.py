"""The 申报日历 page and the 加入日历 link on program pages.

The ``{program-calendar}`` directive records a placeholder; the view is built at write time
from the domain's data and the build date (like the program lists), so it is never stale.
"""

from __future__ import annotations

import datetime as dt

from docutils import nodes
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from ..doctree import components as c
from ..doctree.components import status_badge
from ..doctree.directives import option_spec
from ..doctree.program_page import forecast_badge
from ..model import windows
from ..model.formatting import date_zh, window_text
from ..model.status import window_status
from ..model.vocab import LEVELS
from ..pages.live_status import live
from ..state import state
from ..validate.directives import as_int
from . import ics


class program_calendar(nodes.General, nodes.Element):  # noqa: N801
    """The 申报日历 view (attribute ``recent``: days of recently closed windows to show)."""

CALENDAR_DIR = "calendar"
ALL_ICS = f"{CALENDAR_DIR}/all.ics"
ALARM_TEXT = "截止前7天和1天提醒"


class ProgramCalendarDirective(SphinxDirective):
    """Open and upcoming windows by month, rolling programs, optionally recently closed ones.

    ``:recent: 60`` also lists windows that closed in the last 60 days.
    """

    has_content = False
    option_spec = option_spec("program-calendar")

    def run(self) -> list[nodes.Node]:
        # Shows every active program: any program change (or a new build date) re-writes it.
        self.env.domains["policybook"].note_list(self.env.docname, {"sort": "deadline", "calendar": True})
        node = program_calendar(recent=as_int(self.options.get("recent") or "", 0) or 0,
                                per_page=as_int(self.options.get("per-page") or "") or 0)
        self.set_source_info(node)
        return [node]


# -- data ----------------------------------------------------------------------------------------
def active_programs(programs: dict) -> list[dict]:
    """Programs the 申报日历 shows: current ones one applies for (免申即享 has no window to meet)."""
    return [p for p in programs.values()
            if not p.get("broken") and not p.get("archived") and not p.get("no_application")]


def has_dates(program: dict) -> bool:
    """A window with dates to put in a calendar; 免申即享's dates are the bureau's, not the reader's."""
    window = program["window"]
    return (not program.get("no_application") and window.get("mode") != "rolling"
            and bool(window.get("open")) and bool(window.get("close")))


def ics_path(program_id: str) -> str:
    return f"{CALENDAR_DIR}/{ics.token(program_id)}.ics"


# -- the page ------------------------------------------------------------------------------------
PAGE_SIZE = 20  # entries per calendar page (an entry is larger than a list item)
KEEP_TOGETHER = frozenset({"cal-rolling"})  # 常年受理 is read as one list: not split over pages ...
TOGETHER_PAGES = 2  # ... unless it is longer than this many pages: a province's hundreds of year-round
                    # programs on one page made it 160 KB; 40 entries stay within the 40 KB budget


def split_entries(entries: list, per_page: int, together=KEEP_TOGETHER) -> list[list]:
    """Entries in pages of ``per_page``, except that a section in ``together`` stays on one page:
    it starts a new page when it does not fit on the current one (and may make that page longer,
    up to ``TOGETHER_PAGES`` × ``per_page`` entries; a longer section goes on in pages that long)."""
    if per_page <= 0 or len(entries) <= per_page:
        return [list(entries)]
    chunks: list[list] = [[]]
    index = 0
    while index < len(entries):
        section = entries[index][0]
        end = index + 1
        if section in together:
            while end < len(entries) and entries[end][0] == section and end - index < per_page * TOGETHER_PAGES:
                end += 1
        group = entries[index:end]
        if chunks[-1] and len(chunks[-1]) + len(group) > per_page:
            chunks.append([])
        chunks[-1].extend(group)
        index = end
    return chunks


class _Links:
    """Links from the page being written: to programs and to .ics files."""

    def __init__(self, builder) -> None:
        self.builder = builder

    def program(self, program: dict, page: str) -> nodes.reference:
        return nodes.reference("", program["title"], internal=True, classes=["pb-cal-link"],
                               refuri=self.builder.get_relative_uri(page, program["docname"]))

    def ics(self, target: str, text: str, label: str, page: str) -> nodes.reference:
        here = self.builder.get_target_uri(page)
        ref = nodes.reference("", text, refuri=relative_uri(here, target), internal=True, classes=["pb-ics"])
        ref["reftitle"] = label
        return ref


def month_marks(span: windows.Span, year: int, month: int) -> tuple[dt.date, str]:
    """What a window's entry in one month shows: the sort day and 开始 / 截止 / 全月受理 (a window
    spanning months is listed in every month it touches)."""
    opens_here = (span.open.year, span.open.month) == (year, month)
    closes_here = span.close is not None and (span.close.year, span.close.month) == (year, month)
    if closes_here and not (opens_here and span.open_month):
        return span.close, "close"
    if opens_here:
        return span.open, "open"
    return dt.date(year, month, 1), "during"


HORIZON_MONTHS = 12  # the calendar and the year view look this far ahead


def months_ahead(today: dt.date, count: int = HORIZON_MONTHS) -> list[tuple[int, int]]:
    """(year, month) from this month on, ``count`` months."""
    index = today.year * 12 + today.month - 1
    return [((index + step) // 12, (index + step) % 12 + 1) for step in range(count)]


def dated_spans(program: dict, today: dt.date) -> list[windows.Span]:
    """The program's windows that have not closed: current (open or upcoming) and expected."""
    return [span for span in windows.windows(program["window"], today)
            if (span.close or windows.last_day_of(f"{span.open.year}-{span.open.month:02d}")) >= today]


def _entries(programs: list[dict], today: dt.date, recent: int, links: _Links) -> list[tuple]:
    """Entries in page order: (section id, heading, note, item maker taking the page name, what
    the item shows: for the digest of continuation pages). Sections: every month a window that
    has not closed touches (expected windows as 预计), 常年受理, 近期已截止."""
    keyed, rolling, closed = [], [], []
    horizon = set(months_ahead(today))
    for program in programs:
        status = window_status(program["window"], today)
        if status == "rolling":
            rolling.append(program)
            continue
        if status == "closed" and has_dates(program):
            closed.append(program)
        for span in dated_spans(program, today):
            for year, month in span.months():
                if (year, month) in horizon:
                    day, kind = month_marks(span, year, month)
                    keyed.append((day, kind, span, program))
    # in a month: dated entries by day, then the windows open all month
    keyed.sort(key=lambda e: (e[0].year, e[0].month, e[1] == "during", e[0].day, e[3]["title"], e[2].role))
    entries: list[tuple] = []
    for key_date, kind, span, program in keyed:
        entries.append((f"cal-{key_date.year}-{key_date.month:02d}", f"{key_date.year}年{key_date.month}月", "",
                        lambda page, d=key_date, k=kind, w=span, p=program: _entry(
                            p, d, k, today, lambda q: links.program(q, page),
                            lambda *a: links.ics(*a, page), w), _shown(program, kind, key_date, span)))
    for program in sorted(rolling, key=lambda p: p["title"]):
        entries.append(("cal-rolling", "常年受理", "以下事项不设申报期，随时可以办理。",
                        lambda page, p=program: _rolling_entry(p, today, links.program(p, page)),
                        _shown(program, "rolling", None)))
    closed = [p for p in closed if recent and (today - p["window"]["close"]).days <= recent]
    for program in sorted(closed, key=lambda p: (-p["window"]["close"].toordinal(), p["title"])):
        entries.append(("cal-closed", "近期已截止", f"最近{recent}天内截止的事项，供错过申报的企业了解下一次安排。",
                        lambda page, p=program: _entry(
                            p, p["window"]["close"], "closed", today, lambda q: links.program(q, page),
                            (lambda *a: links.ics(*a, page)) if windows.expected(p["window"], today) else None),
                        _shown(program, "closed", None)))
    return entries


def _intro(today: dt.date, links: _Links, page: str, has_dated: bool) -> list[nodes.Node]:
    intro = c.para(classes=("pb-cal-subscribe",))
    intro += links.ics(ALL_ICS, "下载全部申报时间 (.ics)", "全部申报时间，iCalendar 格式", page)
    intro += nodes.Text(" 可导入手机或电脑日历（苹果日历、Outlook、各类手机日历等）；每个申报期在开始和截止当天各有一个全天日程，"
                        f"{ALARM_TEXT}；预计的时间标为“暂定”，日期变化后订阅的日历会自动更新。"
                        "单个事项的日历文件在下面每一项的“加入日历”链接中。")
    out = [intro, c.para("状态按", nodes.inline("", date_zh(today), classes=["pb-build-date"]),
                         "计算；页面打开时会按当天日期自动更新。", classes=("pb-asof",))]
    if not has_dated:
        out.append(c.para("目前没有正在受理或即将开始的定期申报事项。", classes=("pb-empty",)))
    return out


def _jump_links(starts: dict[str, tuple[str, int]], names: list[str], builder, page: str) -> nodes.container:
    """跳转到: each section's first page (an anchor on this page, a link to a later one)."""
    jump = nodes.bullet_list(classes=["pb-cal-jump"])
    for section_id, (title, index) in starts.items():
        if index == 0:
            ref = nodes.reference("", title, refid=section_id, internal=True)
        else:
            uri = builder.get_relative_uri(page, names[index]) + f"#{section_id}"
            ref = nodes.reference("", title, refuri=uri, internal=True)
        jump += nodes.list_item("", c.para(ref))
    nav = nodes.container(classes=["pb-cal-nav"])
    nav += c.para("跳转到：", classes=("pb-cal-nav-label",))
    nav += jump
    return nav


def _sections(chunk: list, page_number: int, starts: dict[str, tuple[str, int]], page: str) -> list[nodes.section]:
    """One page's entries under their section headings (（续） where a section began earlier)."""
    sections: list[nodes.section] = []
    for section_id, title, note, make, _shown_data in chunk:
        if not sections or sections[-1]["ids"][0] != section_id:
            continued = starts[section_id][1] != page_number
            sec = c.section(section_id, title + ("（续）" if continued else ""))
            sec["classes"].append({"cal-rolling": "pb-cal-rolling", "cal-closed": "pb-cal-closed"}
                                  .get(section_id, "pb-cal-month"))
            if note and not continued:
                sec += c.para(note, classes=("pb-cal-note",))
            sec += nodes.bullet_list(classes=["pb-cal-list"])
            sections.append(sec)
        sections[-1][-1] += make(page)
    return sections


def render_calendar(node: program_calendar, domain, today: dt.date, builder, fromdocname: str,
                    layout=None) -> list[nodes.Node]:
    """Intro, jump links and the entries by section (month, 常年受理, 近期已截止), over pages."""
    links = _Links(builder)
    recent = node.get("recent", 0)
    entries = _entries(active_programs(domain.programs), today, recent, links)
    has_dated = any(e[0] not in ("cal-rolling", "cal-closed") for e in entries)
    out = _intro(today, links, fromdocname, has_dated)
    if not entries:
        return out
    chunks = split_entries(entries, node.get("per_page") or PAGE_SIZE)
    names = layout.next_names(len(chunks)) if layout is not None else [fromdocname]
    starts: dict[str, tuple[str, int]] = {}
    for index, chunk in enumerate(chunks):
        for section_id, title, *_rest in chunk:
            starts.setdefault(section_id, (title, index))
    if len(starts) > 1:
        out.append(_jump_links(starts, names, builder, fromdocname))

    def render(chunk: list, page: str) -> list[nodes.Node]:
        return _sections(chunk, names.index(page), starts, page)

    if layout is None:
        return out + render(entries, fromdocname)
    return out + layout.paginate(chunks, render, total=len(entries), key=lambda e: [e[0], e[4]],
                                 context=[str(today), recent, sorted((k, v[1]) for k, v in starts.items())])


def _shown(program: dict, kind: str, key_date: dt.date | None, span: windows.Span | None = None) -> list:
    """Everything a calendar entry shows of a program (what a continuation page's digest covers)."""
    return [kind, key_date, program["id"], program["title"], program["docname"], program["level"],
            program["window"], program["funding"]["summary"], repr(span)]


def _rolling_entry(program: dict, today: dt.date, link: nodes.reference) -> nodes.list_item:
    head = c.para(link, classes=("pb-cal-title",))
    meta = c.para(live(program, False, status_badge(program["window"], today)), classes=("pb-cal-meta",))
    meta += nodes.Text(" ")
    meta += c.badge(LEVELS.label(program["level"]), "primary", outline=True)
    meta += nodes.Text(f" {program['funding']['summary']}")
    return nodes.list_item("", head, meta, classes=["pb-cal-item", "pb-cal-item-rolling"])


WHAT = {"close": "截止", "open": "开始", "during": "全月受理", "closed": "已截止"}
CSS = {"close": "pb-cal-deadline", "open": "pb-cal-start", "during": "pb-cal-during", "closed": "pb-cal-ended"}


def _day(key_date: dt.date, kind: str, span: windows.Span | None) -> str:
    if kind == "during":
        return f"{key_date.month}月"
    month_only = span is not None and (span.open_month if kind == "open" else span.close_month)
    return windows.day_text(key_date, month_only)


def _entry(program: dict, key_date: dt.date, kind: str, today: dt.date, link_to, ics_link,
           span: windows.Span | None = None) -> nodes.list_item:
    window = program["window"]
    forecast = span is not None and span.forecast
    when = nodes.inline("", "", classes=["pb-cal-date"])
    when += nodes.inline("", _day(key_date, kind, span), classes=["pb-cal-day"])
    when += nodes.inline("", WHAT[kind] + ("（日期待定）" if kind == "open" and span and span.open_month else ""),
                         classes=["pb-cal-what"])
    head = c.para(when, link_to(program), classes=("pb-cal-title",))
    if span is not None and span.role == "expected":
        meta = c.para(forecast_badge(), classes=("pb-cal-meta",))
        meta += nodes.Text(" ")
        meta += c.badge(LEVELS.label(program["level"]), "primary", outline=True)
        meta += nodes.Text(f" 下次申报：{windows.span_text(span, mark=False)}")
        if span.note:
            meta += nodes.Text(f"（{span.note}）")
    else:
        meta = c.para(live(program, True, status_badge(window, today, detail=True)), classes=("pb-cal-meta",))
        if forecast:
            meta += nodes.Text(" ")
            meta += forecast_badge()
        meta += nodes.Text(" ")
        meta += c.badge(LEVELS.label(program["level"]), "primary", outline=True)
        meta += nodes.Text(f" 受理时间：{window_text(window)}")
    if kind == "closed":
        expected = windows.expected(window, today)
        if expected is not None:
            meta += nodes.Text(f" · 下次申报：{windows.span_text(expected)}")
        elif window.get("next"):
            meta += nodes.Text(f" · 下次申报：{window['next']}")
    classes = ["pb-cal-item", CSS[kind]] + (["pb-cal-forecast"] if forecast else [])
    item = nodes.list_item("", head, meta, classes=classes)
    if ics_link is not None:
        text = "提醒我下次申报" if kind == "closed" else "加入日历"
        item += c.para(ics_link(ics_path(program["id"]), text,
                                f"把“{program['title']}”的申报时间加入日历 (.ics)"), classes=("pb-cal-actions",))
    return item


def resolve_calendars(app, doctree: nodes.document, fromdocname: str) -> None:
    nodes_found = list(doctree.findall(program_calendar))
    if not nodes_found:
        return
    domain = app.env.domains["policybook"]
    today = state(app).today
    from ..pages.pagination import Layout

    layout = Layout.of(app, fromdocname)
    for node in nodes_found:
        node.replace_self(render_calendar(node, domain, today, app.builder, fromdocname, layout))


def add_ics_link(app, doctree: nodes.document, docname: str, program: dict, today: dt.date) -> None:
    """On a program page with a dated window that has not closed: a 加入日历 link."""
    if program.get("archived") or not has_dates(program):
        return
    closed = window_status(program["window"], today) == "closed"
    if closed and windows.expected(program["window"], today) is None:
        return
    here = app.builder.get_target_uri(docname)
    text = "提醒我下次申报 (.ics)" if closed else "加入日历 (.ics)"
    ref = nodes.reference("", text, refuri=relative_uri(here, ics_path(program["id"])),
                          internal=True, classes=["pb-ics"])
    ref["reftitle"] = "下载本事项申报时间的日历文件"
    what = "预计的下次申报开始和截止当天有日程" if closed else "开始和截止当天有日程"
    para = c.para(ref, f" 下载后用手机或电脑日历打开：{what}，{ALARM_TEXT}。", classes=("pb-ics-link",))
    target = None
    for section in doctree.findall(nodes.section):
        if "window" in section["ids"]:
            target = section
            break
    if target is None:
        return
    fields = [n for n in target.children if isinstance(n, nodes.field_list)]
    if fields:
        fields[0].parent.insert(fields[0].parent.index(fields[0]) + 1, para)
    else:
        target += para
