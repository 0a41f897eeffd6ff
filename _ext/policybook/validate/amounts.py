"""Amounts that cannot be what staff meant: the funding items against the summary readers see.

``amount: 10`` next to a summary saying 10万元 published "10 元": the unit defaults to 元, and
the summary is the line enterprises read first. Items must agree with it, and amounts a county
cannot mean (under 100 元; over 1 亿元 for a county) are flagged with the unit fix.
"""

from __future__ import annotations

import re

from ..model.formatting import money

_UNIT_YUAN = {"yuan": 1, "wan": 10_000}
_WRITTEN = re.compile(r"(\d+(?:\.\d+)?)\s*(亿元|万元|元)")
_WRITTEN_YUAN = {"亿元": 100_000_000, "万元": 10_000, "元": 1}
SMALLEST = 100  # 元: nothing a bureau pays is smaller
LARGEST_LOCAL = 100_000_000  # 元: more than a county or city pays for one item


def _written(text: str) -> list[tuple[float, str]]:
    """Amounts in prose: '最高 20 万元' → [(200000.0, '20 万元')]."""
    return [(float(number) * _WRITTEN_YUAN[unit], f"{number} {unit}") for number, unit in _WRITTEN.findall(text)]


def amount_problems(program: dict, at) -> list[tuple[int, int, str, tuple[str, str, str]]]:
    """(line, column, field, message) for each amount that cannot be right; ``at(field)`` places it."""
    funding = program.get("funding", {})
    items = funding.get("items", [])
    found = []
    values = []  # (yuan, field path, item, key)
    for index, item in enumerate(items):
        for key in ("amount", "max", "min"):
            if key in item:
                values.append((item[key] * _UNIT_YUAN[item.get("unit", "yuan")], f"funding.items[{index}].{key}", item, key))
    summary = funding.get("summary", "")
    written = _written(summary)
    if written and values and not {round(y, 2) for y, *_ in values} & {round(y, 2) for y, _ in written}:
        # one cause, one problem: a unit slip shows here, the item's own size is not said again
        return [(*at("funding.summary"), "funding.summary",
                 (f"支持标准明细与概述不一致: 概述写 {'、'.join(text for _, text in written)}, 明细是 "
                  f"{'、'.join(money(item[key], item.get('unit', 'yuan')) for _, _, item, key in values)}",
                  "funding items do not match the summary", _unit_hint(written, values)))]
    for yuan, path, item, key in values:
        if yuan < SMALLEST:
            found.append((*at(path), path, (f"金额 {money(item[key], item.get('unit', 'yuan'))} 太小, 不像一项资助",
                                            "implausible amount",
                                            f"金额单位默认是元; 如果是 {item[key]:g} 万元, 写 {key}: {item[key]:g} 并加一行 unit: wan")))
        elif yuan > LARGEST_LOCAL and program.get("level") in ("county", "municipal"):
            found.append((*at(path), path, (f"金额 {money(item[key], item.get('unit', 'yuan'))} 超过 1 亿元, 不像县市一项资助",
                                            "implausible amount", "检查位数和单位 (unit: wan 表示万元)")))
    return found


def _unit_hint(written: list[tuple[float, str]], values: list) -> str:
    """The likely fix: an item written in 元 whose number is the summary's in 万元."""
    for _yuan, path, item, key in values:
        for amount, text in written:
            if item.get("unit", "yuan") == "yuan" and item[key] * 10_000 == amount:
                return f"概述是 {text}: 在 {path.rsplit('.', 1)[0]} 中写 {key}: {item[key]:g} 并加一行 unit: wan (万元)"
    return "改正明细的金额和单位 (unit: yuan 元 / wan 万元), 或改正概述, 使两者一致"
