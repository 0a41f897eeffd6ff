"""Lists and field groups: the containers of the content schema.

:class:`Obj` is a group of named :class:`Field` values (a YAML mapping): it reports unknown,
duplicate and missing keys, keeps what did validate of an invalid group, and runs a
cross-field check once every field converted. :class:`ListOf` is a YAML sequence of one type.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

from .fields import INVALID, Bool, Context, Number, Str, Type, kind_name
from .problems import did_you_mean


@dataclass
class ListOf(Type):
    item: Type = field(default_factory=Str)
    min_items: int = 0
    max_items: int = 200
    unique: bool = False

    def convert(self, node, ctx, path):
        if not isinstance(node, yaml.SequenceNode):
            hint = "每一项单独一行, 以 '- ' 开头"
            return ctx.report(node, path, f"应为列表, 实际是{kind_name(node)}",
                              gloss=f"expected a list, got {node.id}", hint=hint, code="type")
        if len(node.value) < self.min_items:
            return ctx.report(node, path, f"至少需要 {self.min_items} 项", gloss="too few items",
                              code="min-items")
        if len(node.value) > self.max_items:
            return ctx.report(node, path, f"最多 {self.max_items} 项", gloss="too many items",
                              code="max-items")
        values, seen = [], set()
        for index, child in enumerate(node.value):
            if ctx.problems.full:
                return INVALID
            ctx.note_line(child, f"{path}[{index}]")
            value = self.item.convert(child, ctx, f"{path}[{index}]")
            if value is INVALID:
                continue
            if self.unique:
                key = repr(value)
                if key in seen:
                    ctx.report(child, f"{path}[{index}]", "重复的列表项", gloss="duplicate item",
                               hint="删除重复的一项", code="duplicate-item")
                    continue
                seen.add(key)
            values.append(value)
        return values

    def describe(self):
        return f"列表, 每项为: {self.item.describe()}"

    def json_schema(self):
        schema: dict[str, Any] = {"type": "array", "items": self.item.json_schema(),
                                  "maxItems": self.max_items}
        if self.min_items:
            schema["minItems"] = self.min_items
        if self.unique:
            schema["uniqueItems"] = True
        return schema


@dataclass
class Field:
    name: str
    type: Type
    label: str  # Chinese name, shown in error messages, hover help and the handbook
    help: str = ""
    required: bool = False
    default: Any = None
    example: str = ""


Check = Callable[[dict, yaml.Node, Context, str], None]


@dataclass
class Obj(Type):
    fields: list[Field] = field(default_factory=list)
    check: Check | None = None  # cross-field validation, run when every field converted
    passthrough: tuple[str, ...] = ()  # keys other tools own (e.g. MyST's front matter keys)
    description: str = "字段组"

    def __post_init__(self):
        self.by_name = {f.name: f for f in self.fields}

    def convert(self, node, ctx, path):
        if not isinstance(node, yaml.MappingNode):
            return ctx.report(node, path or "(文件)", f"应为字段组 (字段名: 值), 实际是{kind_name(node)}",
                              gloss=f"expected a mapping, got {node.id}", code="type")
        values: dict[str, Any] = {}
        seen: dict[str, yaml.Node] = {}
        failed: set[str] = set()
        if not self._convert_keys(node, ctx, path, values, seen, failed):
            return INVALID
        complete = self._fill_missing(node, ctx, path, values, seen, failed)
        if failed or not complete:
            ctx.partial[path] = values
            return INVALID
        if self.check:
            before = len(ctx.problems)
            self.check(values, node, ctx, path)
            if len(ctx.problems) > before:
                ctx.partial[path] = values
                return INVALID
        return values

    def _convert_keys(self, node, ctx, path: str, values: dict, seen: dict, failed: set) -> bool:
        """Each key in turn; False when the list of problems is full (stop looking)."""
        for key_node, value_node in node.value:
            if ctx.problems.full:
                return False
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
            sub = f"{path}.{key}" if path else key
            if key in seen:
                first = seen[key].start_mark.line + 1 + ctx.line_offset
                ctx.report(key_node, sub, f"字段 '{key}' 重复出现 (第一次在第 {first} 行)",
                           gloss="duplicate key", hint="删除其中一个, 或合并两处内容",
                           code="duplicate-key")
                failed.add(f"?{key}")
                continue
            seen[key] = key_node
            if key in self.passthrough:
                continue
            spec = self.by_name.get(key)
            if spec is None:
                guess = did_you_mean(key, list(self.by_name))
                ctx.report(key_node, sub, f"未知字段 '{key}'", gloss="unknown key",
                           hint=guess or ("可用字段: " + ", ".join(self.by_name)), code="unknown-key")
                failed.add(f"?{key}")
                continue
            if isinstance(value_node, yaml.ScalarNode) and value_node.value.strip() == "":
                continue  # an empty value counts as absent
            ctx.note_line(value_node, sub)
            value = spec.type.convert(value_node, ctx, sub)
            if value is INVALID:
                failed.add(key)
            else:
                values[key] = value
        return True

    def _fill_missing(self, node, ctx, path: str, values: dict, seen: dict, failed: set) -> bool:
        """Required fields that are missing or empty are problems; optional ones get defaults."""
        ok = True
        for spec in self.fields:
            if spec.name in values or spec.name in failed:
                continue
            sub = f"{path}.{spec.name}" if path else spec.name
            if spec.required and spec.name not in seen:
                ctx.report(node, sub, f"缺少必填字段 '{spec.name}' ({spec.label})",
                           gloss="required field missing",
                           hint=f"示例: {spec.name}: {spec.example}" if spec.example else "",
                           code="missing")
                ok = False
            elif spec.required:
                ctx.report(seen[spec.name], sub, f"必填字段 '{spec.name}' ({spec.label}) 不能为空",
                           gloss="required field empty", code="missing")
                ok = False
            elif spec.default is not None:
                values[spec.name] = spec.default() if callable(spec.default) else spec.default
        return ok

    def describe(self):
        return self.description

    def json_schema(self):
        properties = {}
        for spec in self.fields:
            schema = dict(spec.type.json_schema())
            schema["title"] = spec.label
            description = spec.help or spec.label
            extra = spec.type.describe()
            schema["description"] = f"{description}。{extra}" if extra else description
            if spec.example:
                example = _typed_example(spec.type, spec.example)
                schema["examples"] = [[example] if isinstance(spec.type, ListOf) else example]
            properties[spec.name] = schema
        for key in self.passthrough:
            properties[key] = {"description": "由 MyST 处理的字段"}
        result: dict[str, Any] = {"type": "object", "properties": properties,
                                  "additionalProperties": False}
        required = [spec.name for spec in self.fields if spec.required]
        if required:
            result["required"] = required
        return result


def _typed_example(type_: Type, example: str):
    """The example as an editor's YAML parser would read it (numbers and booleans typed)."""
    inner = type_.item if isinstance(type_, ListOf) else type_
    if isinstance(inner, Number):
        return float(example) if "." in example else int(example)
    if isinstance(inner, Bool):
        return example == "true"
    return example


def child(node: yaml.MappingNode, key: str) -> yaml.Node:
    for key_node, value_node in node.value:
        if key_node.value == key:
            return value_node
    return node
