"""Eligibility rules: a machine-readable condition per rule, each citing its clause.

A rule names a fact an enterprise states about itself (:data:`.vocab.FACTS`), an operator and
a value; ``op: manual`` marks a condition a person must judge. The self-check and the build
read the same converted rules (:mod:`.matching`).
"""

from __future__ import annotations

import re

from .fields import INVALID, Bool, ClauseRefType, Number, Str, Type
from .problems import choices_hint
from .shapes import Field, Obj, child
from .vocab import FACTS, OPERATORS, OPERATORS_BY_KIND


class RuleType(Type):
    """A machine-readable eligibility condition, citing the clause it comes from.

    ``fact`` names something an enterprise says about itself (see :data:`vocab.FACTS`); ``op``
    compares it with ``value``. ``op: manual`` marks a condition that a person must judge.
    """

    description = "申报条件规则"

    def __init__(self) -> None:
        self.shape = Obj(fields=[
            Field("text", Str(max_length=300), "条件说明", "读者看到的条件原文", required=True,
                  example="在本县注册登记并纳税"),
            Field("fact", Str(max_length=40), "判断项", "企业情况中的哪一项; op 为 manual 时可省略",
                  example="registered_in_county"),
            Field("op", Str(max_length=10), "运算符", "比较方式", required=True, example="eq"),
            Field("value", Str(max_length=200), "比较值", "与企业情况比较的值; 列表写成 a, b",
                  example="true"),
            Field("clause", ClauseRefType(need_clause=True), "依据条款", "该条件出自哪部政策的哪一条",
                  required=True, example="county-sci-measures#5"),
        ])

    def convert(self, node, ctx, path):
        rule = self.shape.convert(node, ctx, path)
        if rule is INVALID:
            return INVALID
        op = rule["op"]
        op_node = child(node, "op")
        if op not in OPERATORS:
            return ctx.report(op_node, f"{path}.op", f"未知运算符 '{op}'", gloss="unknown operator",
                              hint=choices_hint(op, tuple(OPERATORS)), code="operator")
        if op == "manual":
            for key in ("fact", "value"):
                if key in rule:
                    return ctx.report(child(node, key), f"{path}.{key}",
                                      f"人工审核的条件不需要 '{key}'", gloss=f"manual rule takes no {key}",
                                      hint=f"删除 {key}", code="rule")
            return rule
        if "fact" not in rule:
            return ctx.report(node, f"{path}.fact", "缺少判断项 'fact'", gloss="rule needs a fact",
                              hint="可选: " + ", ".join(FACTS) + "; 无法自动判断时写 op: manual",
                              code="missing")
        fact = FACTS.get(rule["fact"])
        if fact is None:
            return ctx.report(child(node, "fact"), f"{path}.fact", f"未知判断项 '{rule['fact']}'",
                              gloss="unknown fact", hint=choices_hint(rule["fact"], tuple(FACTS)),
                              code="fact")
        allowed = OPERATORS_BY_KIND[fact.kind]
        if op not in allowed:
            return ctx.report(op_node, f"{path}.op", f"判断项 '{fact.id}' 不能用运算符 '{op}'",
                              gloss="operator not valid for this fact", hint="可选: " + ", ".join(allowed),
                              code="operator")
        if "value" not in rule:
            return ctx.report(node, f"{path}.value", "缺少比较值 'value'", gloss="rule needs a value",
                              code="missing")
        value_node = child(node, "value")
        value = _rule_value(fact, op, rule["value"], value_node, ctx, f"{path}.value")
        if value is INVALID:
            return INVALID
        rule["value"] = value
        return rule

    def json_schema(self):
        schema = self.shape.json_schema()
        schema["properties"]["fact"]["enum"] = list(FACTS)
        schema["properties"]["fact"]["markdownEnumDescriptions"] = [f.question for f in FACTS.values()]
        schema["properties"]["op"]["enum"] = list(OPERATORS)
        schema["properties"]["op"]["markdownEnumDescriptions"] = list(OPERATORS.values())
        schema["properties"]["value"]["type"] = ["string", "number", "boolean"]
        return schema


def _rule_value(fact, op, text, node, ctx, path):
    if fact.kind == "bool":
        return Bool().parse(text, node, ctx, path)
    if fact.kind == "number":
        return Number(minimum=-1e12, maximum=1e12).parse(text, node, ctx, path)
    items = [part.strip() for part in re.split(r"[,，、]", text) if part.strip()]
    if fact.kind == "enum" and op in ("eq", "ne") and len(items) != 1:
        return ctx.report(node, path, "此运算符只能比较一个值", gloss="single value expected",
                          hint="比较多个值请用 in 或 not_in", code="rule")
    for item in items:
        if item not in fact.vocab:
            return ctx.report(node, path, f"'{fact.id}' 没有取值 '{item}'", gloss="unknown value",
                              hint=choices_hint(item, fact.vocab.ids), code="enum")
    if fact.kind == "enum" and op in ("eq", "ne"):
        return items[0]
    if fact.kind == "set" and op == "has_any":
        return items
    if fact.kind == "set" and len(items) != 1:
        return ctx.report(node, path, "has/lacks 只能比较一个资质", gloss="single value expected",
                          hint="具有其中之一即可时用 has_any, 值写成 high-tech, tech-sme", code="rule")
    return items if fact.kind == "enum" else items[0]
