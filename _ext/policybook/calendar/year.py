"""年度申报一览: every window of the next twelve months on one timeline, drawn at build time.

Each program is a row; each window a bar over half-month columns (CSS grid classes, no inline
style: the site's CSP forbids it). Forecast (预计) windows are hatched and say 预计 in the
table. The chart is a picture for sighted readers (``aria-hidden``, nothing focusable in it);
the table under it says the same in words, for screen readers and for print.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from ..doctree.directives import option_spec
from ..model import windows
from .view import HORIZON_MONTHS, active_programs, dated_spans, months_ahead

COLUMNS = 2 * HORIZON_MONTHS  # half months
BADGE = '<span class="sd-badge sd-outline-warning sd-text-warning pb-forecast">预计</span> '


class program_year(nodes.General, nodes.Element):  # noqa: N801
    """The year view placeholder, filled at write time (it depends on the build date)."""


class ProgramYearDirective(SphinxDirective):
    has_content = False
    option_spec = option_spec("program-year")

    def run(self) -> list[nodes.Node]:
        # Shows every active program: any program change (or a new build date) re-writes it.
        self.env.domains["policybook"].note_list(self.env.docname, {"sort": "deadline", "calendar": True})
        node = program_year()
        self.set_source_info(node)
        return [node]


def column(day: dt.date, months: list[tuple[int, int]], end: bool) -> int:
    """The 1-based grid line where ``day`` starts (or, with ``end``, after which it ends),
    clipped to the chart."""
    first_year, first_month = months[0]
    index = (day.year - first_year) * 12 + day.month - first_month
    half = 0 if day.day <= 15 else 1
    line = index * 2 + half + (2 if end else 1)
    return max(1, min(COLUMNS + 1, line))


def bars(program: dict, today: dt.date, months: list[tuple[int, int]]) -> list[tuple[windows.Span, int, int]]:
    """(window, start line, end line) for each window on the chart."""
    start, stop = dt.date(*months[0], 1), windows.last_day_of(f"{months[-1][0]}-{months[-1][1]:02d}")
    out = []
    for span in dated_spans(program, today):
        last = span.close or windows.last_day_of(f"{span.open.year}-{span.open.month:02d}")
        if span.open > stop or last < start:
            continue
        opens = span.open if not span.open_month else span.open.replace(day=1)
        out.append((span, column(max(opens, start), months, False), column(min(last, stop), months, True)))
    return out


def _chart(rows: list, months: list[tuple[int, int]], today: dt.date) -> str:
    head = "".join(
        f'<span class="pb-yr-month{" pb-yr-now" if (y, m) == (today.year, today.month) else ""}">'
        f'{m}月{f"<small>{y}</small>" if m == 1 or i == 0 else ""}</span>'
        for i, (y, m) in enumerate(months))
    out = [f'<div class="pb-yr-chart" aria-hidden="true"><div class="pb-yr-row pb-yr-head">'
           f'<span class="pb-yr-name"></span><div class="pb-yr-track pb-yr-months">{head}</div></div>']
    for program, program_bars in rows:
        track, labels = [], []
        for span, start, end in program_bars:
            css = ["pb-yr-bar", f"pb-yr-s{start}", f"pb-yr-e{end}"]
            if span.forecast:
                css.append("pb-yr-forecast")
            if span.close is None:
                css.append("pb-yr-open-ended")
            track.append(f'<span class="{" ".join(css)}"></span>')
            labels.append(("预计" if span.forecast else "") + _short(span))
        out.append(f'<div class="pb-yr-row"><span class="pb-yr-name">{escape(program["title"])}'
                   f'<span class="pb-yr-dates">{escape(" · ".join(labels))}</span></span>'
                   f'<div class="pb-yr-track">{"".join(track)}</div></div>')
    out.append("</div>")
    return "".join(out)


def _short(span: windows.Span) -> str:
    """A bar's own label: 3/1–4/30, 2月, 8月."""
    opens = f"{span.open.month}月" if span.open_month else f"{span.open.month}/{span.open.day}"
    if span.close is None:
        return opens
    if span.open_month and span.close_month and span.open.month == span.close.month:
        return opens
    closes = f"{span.close.month}月" if span.close_month else f"{span.close.month}/{span.close.day}"
    return f"{opens}–{closes}"


def _table(rows: list, builder, fromdocname: str) -> str:
    body = []
    for program, program_bars in rows:
        href = escape(builder.get_relative_uri(fromdocname, program["docname"]))
        when = "".join(f"<li>{BADGE if s.forecast else ''}{escape(windows.span_text(s, mark=False))}"
                       f"{escape(f'（{s.note}）') if s.note else ''}</li>" for s, _start, _end in program_bars)
        body.append(f'<tr><th scope="row"><a class="reference internal" href="{href}">{escape(program["title"])}</a></th>'
                    f'<td><ul class="pb-yr-when">{when}</ul></td></tr>')
    return ('<table class="table pb-yr-table"><caption>文字版：各事项的申报时间</caption>'
            '<thead><tr><th scope="col">事项</th><th scope="col">申报时间</th></tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')


def render_year(domain, today: dt.date, builder, fromdocname: str) -> list[nodes.Node]:
    months = months_ahead(today)
    rows = []
    for program in active_programs(domain.programs):
        program_bars = bars(program, today, months)
        if program_bars:
            rows.append((program, program_bars))
    rows.sort(key=lambda row: (row[1][0][1], row[0]["title"]))
    first, last = months[0], months[-1]
    intro = nodes.paragraph(classes=["pb-yr-intro"])
    intro += nodes.Text(f"{first[0]}年{first[1]}月至{last[0]}年{last[1]}月，共{len(rows)}个事项。"
                        "实线是已确定的申报期，斜线是预计的时间（以当期通知为准）；常年受理的事项不在图中。")
    legend = ('<p class="pb-yr-legend" aria-hidden="true"><span class="pb-yr-key"></span> 已确定 '
              '<span class="pb-yr-key pb-yr-forecast"></span> 预计</p>')
    if not rows:
        return [intro, nodes.paragraph("", "未来 12 个月没有定期申报的事项。", classes=["pb-empty"])]
    html = legend + _chart(rows, months, today) + _table(rows, builder, fromdocname)
    return [intro, nodes.raw("", html, format="html")]


def resolve_years(app, doctree: nodes.document, fromdocname: str) -> None:
    from ..state import state

    for node in list(doctree.findall(program_year)):
        node.replace_self(render_year(app.env.domains["policybook"], state(app).today, app.builder, fromdocname))
