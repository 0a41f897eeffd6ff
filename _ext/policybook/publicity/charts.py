"""A small bar-chart writer: static, accessible SVG text, no dependency, no script, no style.

Each chart is an ``<svg role="img">`` with ``<title>`` and ``<desc>`` (screen readers announce
them; the numbers are also in a table beside the chart). Bars are horizontal with the label on
its own line above the bar, so long Chinese names fit a phone's width; the SVG scales to its
container (``viewBox``) and prints as drawn. Colours are presentation attributes, allowed by the
site's strict CSP (no ``style`` attribute). Every text is escaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

WIDTH = 400
ROW = 52  # label line + bar
BAR = 20
TOP = 8
FONT = 18
COLOURS = ("#1f5fa8", "#2e8b57", "#b5651d", "#6a4c93", "#c0392b", "#117a8b")


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the value as the chart writes it, e.g. 60万元
    series: int = 0  # colour index (e.g. the year within a program)


def bar_chart(chart_id: str, title: str, desc: str, bars: list[Bar]) -> str:
    """The SVG text of a horizontal bar chart; ``chart_id`` makes the title/desc ids unique."""
    height = TOP * 2 + ROW * max(len(bars), 1)
    top = max((bar.value for bar in bars), default=0) or 1
    span = WIDTH - 120  # room on the right for the value text
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="pb-chart" role="img" viewBox="0 0 {WIDTH} {height}" '
             f'aria-labelledby="{chart_id}-title {chart_id}-desc" preserveAspectRatio="xMinYMin meet">',
             f'<title id="{chart_id}-title">{escape(title)}</title>',
             f'<desc id="{chart_id}-desc">{escape(desc)}</desc>']
    for index, bar in enumerate(bars):
        y = TOP + index * ROW
        length = max(2.0, span * bar.value / top) if bar.value > 0 else 0
        colour = COLOURS[bar.series % len(COLOURS)]
        parts.append(f'<text x="0" y="{y + FONT}" font-size="{FONT}" fill="#222">{escape(bar.label)}</text>')
        parts.append(f'<rect x="0" y="{y + FONT + 6}" width="{length:.1f}" height="{BAR}" fill={quoteattr(colour)}/>')
        parts.append(f'<text x="{length + 6:.1f}" y="{y + FONT + 6 + BAR - 4}" font-size="{FONT}" fill="#222">'
                     f'{escape(bar.text)}</text>')
    if not bars:
        parts.append(f'<text x="0" y="{TOP + FONT}" font-size="{FONT}" fill="#555">暂无数据</text>')
    parts.append("</svg>")
    return "".join(parts)
