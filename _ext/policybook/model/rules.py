"""Eligibility rules: a machine-readable condition per rule, each citing its clause.

A rule names a fact an enterprise states about itself (:data:`.vocab.FACTS`), an operator and
a value; ``op: any`` lists such conditions of which one suffices (发明专利 1 件以上, 或其他知识产权
5 件以上); ``op: manual`` marks a condition a person must judge. The self-check and the build
read the same converted rules (:mod:`.matching`).
"""

from __future__ import annotations

import re
from collections import Counter

from .fields import INVALID, Bool, ClauseRefType, Number, Str, Type
from .problems import choices_hint
from .shapes import Field, ListOf, Obj, child
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
            Field("any", ListOf(Obj(fields=[
                Field("fact", Str(max_length=40), "判断项", required=True, example="invention_patents"),
                Field("op", Str(max_length=10), "运算符", required=True, example="ge"),
                Field("value", Str(max_length=200), "比较值", required=True, example="1"),
            ]), min_items=2, max_items=10), "满足其一即可", "op 为 any 时, 列出几个条件, 满足其中一个即可"),
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
        if op in ("manual", "any"):
            for key in ("fact", "value"):
                if key in rule:
                    what = "人工审核的条件" if op == "manual" else "满足其一的条件 (any)"
                    return ctx.report(child(node, key), f"{path}.{key}", f"{what}不需要 '{key}'",
                                      gloss=f"{op} rule takes no {key}", hint=f"删除 {key}", code="rule")
        if op == "manual":
            if "any" in rule:
                return ctx.report(child(node, "any"), f"{path}.any", "人工审核的条件不需要 'any'",
                                  gloss="manual rule takes no any", hint="删除 any, 或把 op 改为 any", code="rule")
            return rule
        if op == "any":
            if "any" not in rule:
                return ctx.report(node, f"{path}.any", "op: any 需要列出条件 'any'", gloss="any rule needs conditions",
                                  hint="在 any 下列出两个以上条件, 每个写 fact、op、value", code="missing")
            converted, items = rule.pop("any"), child(node, "any").value
            if len(converted) != len(items):  # an item was reported already
                return INVALID
            conditions = [_condition(sub, item, ctx, f"{path}.any[{i}]", nested=True)
                          for i, (sub, item) in enumerate(zip(converted, items, strict=True))]
            if INVALID in conditions:
                return INVALID
            rule["value"] = conditions
            return rule
        if "any" in rule:
            return ctx.report(child(node, "any"), f"{path}.any", "只有 op: any 的条件才写 'any'",
                              gloss="any given without op: any", hint="把 op 改为 any, 或删除 any", code="rule")
        checked = _condition(rule, node, ctx, path)
        return INVALID if checked is INVALID else {**rule, "value": checked["value"]}

    def json_schema(self):
        schema = self.shape.json_schema()
        schema["properties"]["fact"]["enum"] = list(FACTS)
        schema["properties"]["fact"]["markdownEnumDescriptions"] = [f.question for f in FACTS.values()]
        schema["properties"]["op"]["enum"] = list(OPERATORS)
        schema["properties"]["op"]["markdownEnumDescriptions"] = list(OPERATORS.values())
        schema["properties"]["value"]["type"] = ["string", "number", "boolean"]
        condition = schema["properties"]["any"]["items"]
        condition["properties"]["fact"]["enum"] = list(FACTS)
        condition["properties"]["op"]["enum"] = [op for op in OPERATORS if op not in ("manual", "any")]
        condition["properties"]["value"]["type"] = ["string", "number", "boolean"]
        return schema


def _condition(rule: dict, node, ctx, path: str, nested: bool = False):
    """One machine test (fact, op, value) checked against the fact's kind; value converted."""
    op = rule["op"]
    op_node = child(node, "op")
    if (nested and op not in OPERATORS) or op in ("manual", "any"):
        return ctx.report(op_node, f"{path}.op", f"any 里的条件不能用运算符 '{op}'", gloss="bad operator in any",
                          hint="any 里每个条件都要能自动判断; 无法判断的条件写成单独一条 op: manual",
                          code="operator")
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
    value = _rule_value(fact, op, rule["value"], child(node, "value"), ctx, f"{path}.value")
    if value is INVALID:
        return INVALID
    return {"fact": rule["fact"], "op": op, "value": value}


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


def shared_clause(rules: list[dict]) -> dict | None:
    """The clause most of ``rules`` cite, to be named once above them; None when no clause is
    cited by at least two rules and by more than half of them (then each rule names its own)."""
    cited = Counter((rule["clause"]["policy"], rule["clause"]["clause"]) for rule in rules)
    if not cited:
        return None
    (policy, clause), count = cited.most_common(1)[0]
    if count < 2 or count * 2 <= len(rules):
        return None
    return {"policy": policy, "clause": clause}  # as ClauseRefType converts every rule's clause
