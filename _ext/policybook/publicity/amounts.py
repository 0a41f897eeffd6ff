"""Amounts as public pages write them, in 公文 style: 20万元, 5000元, 123.5万元 (no spaces)."""

from __future__ import annotations


def amount_zh(yuan: float) -> str:
    if yuan >= 10_000:
        wan = round(yuan / 10_000, 4)
        text = f"{wan:,.4f}".rstrip("0").rstrip(".")
        return f"{text}万元"
    return f"{yuan:,.0f}元" if float(yuan).is_integer() else f"{yuan:,.2f}元"


def wan(yuan: float) -> float:
    """元 → 万元, for chart axes and tables (four decimals at most)."""
    return round(yuan / 10_000, 4)
