"""Funding formulas: a funding item that a reader's own number turns into 元 (预计可享).

An item may name a number fact (:data:`.vocab.FACTS`) with ``fact`` and then give either
``rate`` (percent of the reader's amount: 研发费用增量的 10%) or ``amount`` (per unit: 每件 5000
元), capped by ``max``, citing the ``clause`` that sets it. :func:`check` reports what cannot be
computed; :func:`exported` is what the self-check needs (all in 元) and
:func:`.matching.estimate` computes.
"""

from __future__ import annotations

from .fields import Context
from .shapes import child
from .vocab import FACTS

UNIT_YUAN = {"yuan": 1, "wan": 10_000}
FACT_YUAN = {"万元": 10_000, "元": 1}  # a money fact's answer in 元 per unit


def check(item: dict, node, ctx: Context, path: str) -> None:
    """Located problems of a formula item (nothing for an item without ``fact``)."""
    if "fact" not in item:
        if "clause" in item:
            ctx.report(child(node, "clause"), f"{path}.clause", "clause 只用于按企业情况计算的支持标准",
                       gloss="clause without fact", hint="写上 fact (按哪项企业情况计算), 或删除 clause",
                       code="formula")
        return
    fact = FACTS.get(item["fact"])
    numbers = [f.id for f in FACTS.values() if f.kind == "number"]
    if fact is None or fact.kind != "number":
        what = "未知判断项" if fact is None else "不是数字类判断项"
        ctx.report(child(node, "fact"), f"{path}.fact", f"{what} '{item['fact']}'", gloss="fact must be a number",
                   hint="可选: " + ", ".join(numbers), code="formula")
        return
    if ("rate" in item) == ("amount" in item):
        ctx.report(node, f"{path}.rate", "按企业情况计算的支持标准要写 rate (百分比) 或 amount (每件金额), 只写一个",
                   gloss="formula needs exactly one of rate and amount",
                   hint="按金额比例写 rate: 10; 按件数写 amount: 5000", code="formula")
        return
    money = fact.unit in FACT_YUAN
    if "rate" in item and not money:
        ctx.report(child(node, "rate"), f"{path}.rate", f"'{fact.id}' ({fact.unit}) 不是金额, 不能按比例计算",
                   gloss="rate of a non-money fact", hint="按件数计算时写 amount (每件金额)", code="formula")
    elif "amount" in item and money:
        ctx.report(child(node, "amount"), f"{path}.amount", f"'{fact.id}' 是金额 ({fact.unit}), 不能按每件计算",
                   gloss="per-unit amount of a money fact", hint="按金额比例计算时写 rate", code="formula")
    if "clause" not in item:
        ctx.report(node, f"{path}.clause", "按企业情况计算的支持标准要写依据条款 clause",
                   gloss="formula needs a clause", hint="写成 政策编号#条号, 如 county-sci-measures#4", code="formula")


def exported(item: dict) -> dict | None:
    """The formula of an item, in 元, for the self-check (None when the item has none)."""
    if "fact" not in item or "clause" not in item:
        return None
    unit = UNIT_YUAN[item.get("unit", "yuan")]
    formula = {"fact": item["fact"], "fact_yuan": FACT_YUAN.get(FACTS[item["fact"]].unit, 1)}
    if "rate" in item:
        formula["rate"] = item["rate"]
    else:
        formula["amount_yuan"] = item["amount"] * unit
    if "max" in item:
        formula["max_yuan"] = item["max"] * unit
    return formula
