"""年度数据: what the publicity lists hold, as charts with their numbers in a table beside each.

:func:`figures` is pure (lists in, totals out) so tests compare it with the lists; the charts
are SVG text from :mod:`.charts`, inserted as a raw HTML node made here (never from content).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docutils import nodes

from ..doctree import components as c
from ..model.publicity import total_yuan
from .amounts import amount_zh, wan
from .charts import Bar, bar_chart


@dataclass
class Figures:
    years: list[int] = field(default_factory=list)
    funds: dict[tuple[str, int], float] = field(default_factory=dict)  # (program id, year) → 元
    year_funds: dict[int, float] = field(default_factory=dict)  # year → 元
    units: dict[int, int] = field(default_factory=dict)  # year → distinct units supported
    titles: dict[str, str] = field(default_factory=dict)  # program id → title


def figures(lists: list[dict], programs: dict[str, dict]) -> Figures:
    """Totals by program and year, and distinct units per year (a unit on two lists counts once)."""
    out = Figures()
    units: dict[int, set[str]] = {}
    for entry in lists:
        year, program = int(entry["year"]), entry["program"]
        out.funds[(program, year)] = out.funds.get((program, year), 0) + total_yuan(entry)
        out.year_funds[year] = out.year_funds.get(year, 0) + total_yuan(entry)
        units.setdefault(year, set()).update(item["unit"].strip() for item in entry["entries"])
        known = programs.get(program)
        out.titles[program] = known["title"] if known and not known.get("broken") else program
    out.years = sorted(out.year_funds)
    out.units = {year: len(units[year]) for year in out.years}
    return out


def _figure(chart_id: str, title: str, desc: str, bars: list[Bar], table: nodes.table) -> nodes.container:
    box = nodes.container(classes=["pb-chart-figure"])
    box += c.para(nodes.strong("", title), classes=("pb-chart-title",))
    pair = nodes.container(classes=["pb-chart-pair"])
    pair += nodes.raw("", bar_chart(chart_id, title, desc, bars), format="html")
    table["classes"].append("pb-chart-table")
    pair += table
    box += pair
    return box


def render_annual_data(lists: list[dict], programs: dict[str, dict]) -> list[nodes.Node]:
    found = figures(lists, programs)
    if not found.years:
        return [c.para("暂无公示数据。", classes=("pb-empty",))]
    span = f"{found.years[0]}—{found.years[-1]}年" if len(found.years) > 1 else f"{found.years[0]}年"
    out = [c.para(f"以下数字汇总本站发布的{len(lists)}份公示名单（{span}，含正在公示的名单），"
                  "金额为公示金额，以实际拨付为准。", classes=("pb-chart-note",))]
    bars = [Bar(f"{year}年", wan(found.year_funds[year]), amount_zh(found.year_funds[year]), index)
            for index, year in enumerate(found.years)]
    rows = [[f"{year}年", amount_zh(found.year_funds[year])] for year in found.years]
    out.append(_figure("pb-chart-year-funds", "各年度公示资助金额",
                       "；".join(f"{b.label}{b.text}" for b in bars), bars,
                       c.table([("年度", 40), ("金额", 60)], rows)))
    bars, rows = [], []
    for program in sorted({p for p, _ in found.funds}, key=lambda p: found.titles[p]):
        for index, year in enumerate(found.years):
            amount = found.funds.get((program, year))
            if amount is None:
                continue
            bars.append(Bar(f"{found.titles[program]}（{year}年）", wan(amount), amount_zh(amount), index))
            rows.append([found.titles[program], f"{year}年", amount_zh(amount)])
    out.append(_figure("pb-chart-program-funds", "各事项各年度公示资助金额",
                       "；".join(f"{b.label}{b.text}" for b in bars), bars,
                       c.table([("事项", 50), ("年度", 20), ("金额", 30)], rows)))
    bars = [Bar(f"{year}年", found.units[year], f"{found.units[year]}家", index)
            for index, year in enumerate(found.years)]
    rows = [[f"{year}年", f"{found.units[year]}家"] for year in found.years]
    out.append(_figure("pb-chart-units", "各年度获得支持的单位数",
                       "；".join(f"{b.label}{b.text}" for b in bars) + "（同一单位一年内多次获得支持只计一次）", bars,
                       c.table([("年度", 40), ("单位数", 60)], rows)))
    return out
