"""The staff handbook's reference tables, generated from the declarations they describe.

* ``{policybook-fields} program`` (or ``policy``): one row per field (nested fields as dotted
  paths), with its Chinese name, whether it is required, what it means and which values it takes.
* ``{policybook-problems}``: every problem code (:mod:`policybook.model.codes`): what it means
  and how to fix it, in the order staff meet them.
* ``{policybook-settings}``: every ``policybook_*`` setting of ``conf.py`` (:mod:`policybook.config`).

They can never drift from what the validator and the build do.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from ..config import PREFIX, PolicybookConfig, defaults
from ..model.codes import CODES
from ..model.rules import RuleType
from ..model.schema import POLICY, PROGRAM
from ..model.shapes import ListOf, Obj
from ..model.vocab import FACTS, OPERATORS
from . import components as c


def rows(shape: Obj, prefix: str = ""):
    for spec in shape.fields:
        path = f"{prefix}{spec.name}"
        inner = spec.type.item if isinstance(spec.type, ListOf) else spec.type
        shown = f"{path}[]" if isinstance(spec.type, ListOf) else path
        yield shown, spec
        if isinstance(inner, Obj):
            yield from rows(inner, f"{shown}.")
        elif isinstance(inner, RuleType):
            yield from rows(inner.shape, f"{shown}.")


class FieldReference(SphinxDirective):
    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        kind = self.arguments[0]
        from ..model.interpretation import INTERPRETATION
        from ..model.notice_schema import NOTICE
        from ..model.publicity import PUBLICITY

        shape = {"program": PROGRAM, "policy": POLICY, "notice": NOTICE, "publicity": PUBLICITY,
                 "interpretation": INTERPRETATION}.get(kind)
        if shape is None:
            raise self.error("policybook-fields 的参数应为 program、policy、notice、publicity 或 interpretation")
        body = []
        for path, spec in rows(shape):
            description = spec.help or ""
            accepted = spec.type.describe()
            text = "。".join(part for part in (description, accepted) if part)
            if spec.example:
                text = f"{text} (示例: {spec.example})".strip()
            body.append([c.para(nodes.literal(path, path)), spec.label, "是" if spec.required else "", text])
        table = c.table([("字段", 3), ("名称", 2), ("必填", 1), ("说明", 6)], body, ("pb-fieldref",))
        result: list[nodes.Node] = [table]
        if kind == "program":
            result.append(c.para("条件规则中 fact 的取值 (企业情况):", classes=("pb-lead",)))
            facts = nodes.bullet_list()
            for fact in FACTS.values():
                extra = f", 取值: {', '.join(fact.vocab.ids)}" if fact.vocab else (f", 单位: {fact.unit}" if fact.unit else "")
                facts += nodes.list_item("", c.para(nodes.literal(fact.id, fact.id), f" {fact.question} ({fact.kind}{extra})"))
            result.append(facts)
            ops = ", ".join(f"{key} ({label})" for key, label in OPERATORS.items())
            result.append(c.para(f"op 的取值: {ops}。"))
        return result


STAGES = {"file": "单个文件", "project": "对照其他文件", "build": "构建时"}


class ProblemReference(SphinxDirective):
    """``{policybook-problems}``: the problem codes, what each means and how to fix it."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        rows = [[c.para(nodes.literal(code.id, code.id)), code.title, code.fix, STAGES[code.stage]]
                for code in CODES.values()]
        return [c.table([("代码", 2), ("问题", 4), ("怎么改", 7), ("发现于", 2)], rows, ("pb-problems",))]


class SettingsReference(SphinxDirective):
    """``{policybook-settings}``: every ``policybook_*`` setting, its default and what it does."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        rows = []
        for spec in PolicybookConfig.settings():
            name = PREFIX + spec.name
            default = defaults()[spec.name]
            rows.append([c.para(nodes.literal(name, name)), c.para(nodes.literal(repr(default), repr(default))),
                         spec.metadata["help"]])
        return [c.table([("配置项", 4), ("默认值", 3), ("说明", 8)], rows, ("pb-settings",))]
