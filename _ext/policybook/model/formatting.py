"""How amounts and dates read in Chinese. Pure functions, shared by pages, lists and exports."""

from __future__ import annotations

import datetime as dt

_UNIT_YUAN = {"yuan": 1, "wan": 10_000}


def money(value: float, unit: str) -> str:
    """5000, 'yuan' → '5,000元'; 20, 'wan' → '20万元'; 150000, 'yuan' → '15万元' (公文: no space)."""
    yuan = value * _UNIT_YUAN[unit]
    if yuan >= 10_000 and (yuan / 10_000) == int(yuan / 10_000):
        return f"{int(yuan / 10_000):,}万元"
    if yuan >= 10_000:
        return f"{yuan / 10_000:,.2f}".rstrip("0").rstrip(".") + "万元"
    return f"{yuan:,.0f}元" if float(yuan).is_integer() else f"{yuan:,.2f}元"


def funding_standard(item: dict) -> str:
    """One funding tier as a phrase: '按50%，最高20万元'."""
    unit = item.get("unit", "yuan")
    parts = []
    if "rate" in item:
        parts.append(f"按{item['rate']:g}%")
    if "amount" in item:
        parts.append(money(item["amount"], unit))
    if "min" in item and "max" in item:
        parts.append(f"{money(item['min'], unit)}至{money(item['max'], unit)}")
    elif "max" in item:
        parts.append(f"最高{money(item['max'], unit)}")
    elif "min" in item:
        parts.append(f"不低于{money(item['min'], unit)}")
    return "，".join(parts) or "—"


def max_amount_yuan(funding: dict) -> float:
    """The largest single amount a program offers, in 元 (0 when it states none)."""
    best = 0.0
    for item in funding.get("items", []):
        for key in ("max", "amount", "min"):
            if key in item:
                best = max(best, item[key] * _UNIT_YUAN[item.get("unit", "yuan")])
    return best


def date_zh(value: dt.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def window_text(window: dict) -> str:
    if window.get("mode") == "rolling":
        return "常年受理"
    opens, closes = window.get("open"), window.get("close")
    if opens and closes:
        return ("预计" if window.get("forecast") else "") + f"{date_zh(opens)}至{date_zh(closes)}"
    return "以当期通知为准"
