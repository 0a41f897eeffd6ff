"""One declaration of the program and policy formats, driving everything that reads them.

The same field tables convert YAML nodes into plain Python values (with located problems), export
the JSON Schema that editors use for completion and hover help, and feed the field reference in
the staff handbook. Values come out as plain, picklable data: ``str``, ``int``/``float``,
``bool``, :class:`datetime.date`, lists and dicts.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

from . import refs
from .problems import Problems, choices_hint, did_you_mean
from .vocab import (
    AMOUNT_UNITS,
    APPLICANT_TYPES,
    CATEGORIES,
    FACTS,
    INDUSTRIES,
    LEVELS,
    OPERATORS,
    OPERATORS_BY_KIND,
    SUPPORT_TYPES,
    VALIDITY,
    WINDOW_MODES,
    Vocab,
)

INVALID: Any = type("Invalid", (), {"__repr__": lambda self: "INVALID"})()
"""Returned by a converter that reported a problem; never stored."""


@dataclass
class Context:
    problems: Problems
    line_offset: int = 0
    lines: dict[str, int] = field(default_factory=dict)  # field path → 1-based line of its text
    columns: dict[str, int] = field(default_factory=dict)  # field path → 1-based column
    partial: dict[str, dict] = field(default_factory=dict)  # path → valid fields of an invalid object

    def note_line(self, node: yaml.Node, path: str) -> None:
        """Remember where a value's text starts, so markup warnings can point at it."""
        line = node.start_mark.line + 1 + self.line_offset
        if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
            line += 1  # a block scalar's text starts on the line after the indicator
        self.lines[path] = line
        self.columns[path] = node.start_mark.column + 1

    def report(self, node: yaml.Node, path: str, message: str, *, gloss: str = "",
               hint: str = "", code: str = "invalid") -> Any:
        line, column = node.start_mark.line + 1 + self.line_offset, node.start_mark.column + 1
        self.problems.add(line, column, path, message, gloss=gloss, hint=hint, code=code)
        return INVALID


def _kind_name(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "字段组"
    if isinstance(node, yaml.SequenceNode):
        return "列表"
    return "文字"


class Type:
    """A value type: converts a node and describes itself as JSON Schema."""

    description = ""

    def convert(self, node: yaml.Node, ctx: Context, path: str) -> Any:
        raise NotImplementedError

    def json_schema(self) -> dict[str, Any]:
        raise NotImplementedError

    def describe(self) -> str:
        """Short Chinese description of accepted values, for the field reference."""
        return self.description


# Control characters (tab and line breaks aside) and non-characters: YAML escapes such as "\0"
# or "\e" produce them, and they are invalid in XML (the feeds) and in HTML.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_LINE_BREAK = re.compile(r"[\n\r\u2028\u2029]")


class Scalar(Type):
    """Base for types written as one YAML scalar."""

    expected = "一个值"

    def convert(self, node: yaml.Node, ctx: Context, path: str) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            return ctx.report(node, path, f"应为{self.expected}, 实际是{_kind_name(node)}",
                              gloss=f"expected a scalar, got {node.id}", code="type")
        text = node.value.strip()
        control = _CONTROL.search(text)
        if control:
            return ctx.report(node, path, f"含有不可见的控制字符 (U+{ord(control.group()):04X})",
                              gloss="control character", hint="删除这个字符; 常见于从网页、Word 或 PDF 复制",
                              code="control")
        return self.parse(text, node, ctx, path)

    def parse(self, text: str, node: yaml.Node, ctx: Context, path: str) -> Any:
        raise NotImplementedError


@dataclass
class Str(Scalar):
    """Plain one-line text (names, phone numbers): never parsed as markup."""

    max_length: int = 200
    pattern: str | None = None
    pattern_hint: str = ""
    description: str = ""
    expected = "文字"

    def parse(self, text, node, ctx, path):
        if _LINE_BREAK.search(text):
            return ctx.report(node, path, "此处只能写一行文字", gloss="must be a single line",
                              hint="删除换行", code="multiline")
        if len(text) > self.max_length:
            return ctx.report(node, path, f"文字过长 (最多 {self.max_length} 字)",
                              gloss="text too long", code="too-long")
        if self.pattern and not re.fullmatch(self.pattern, text):
            return ctx.report(node, path, "格式不正确", gloss=f"must match {self.pattern}",
                              hint=self.pattern_hint, code="format")
        return text

    def json_schema(self):
        schema: dict[str, Any] = {"type": "string", "maxLength": self.max_length}
        if self.pattern:
            schema["pattern"] = self.pattern
        return schema


@dataclass
class Text(Scalar):
    """Running text in MyST markdown: paragraphs, lists, and the ``{program}``/``{policy}`` roles."""

    max_length: int = 5000
    description: str = "正文 (Markdown, 可用 {program}`编号` 和 {policy}`编号#条` 引用)"
    expected = "文字"

    def parse(self, text, node, ctx, path):
        if len(text) > self.max_length:
            return ctx.report(node, path, f"文字过长 (最多 {self.max_length} 字)",
                              gloss="text too long", code="too-long")
        return text

    def json_schema(self):
        return {"type": "string", "maxLength": self.max_length}


@dataclass
class Id(Scalar):
    description: str = "编号: 小写英文字母、数字和连字符"
    expected = "编号"

    def parse(self, text, node, ctx, path):
        problem = refs.id_problem(text)
        if problem:
            return ctx.report(node, path, f"{problem[0]}: '{text}'", gloss="invalid id",
                              hint=problem[1], code="id")
        return text

    def json_schema(self):
        return {"type": "string", "pattern": refs.ID_PATTERN, "maxLength": refs.ID_MAX}


@dataclass
class ClauseRefType(Scalar):
    """A policy id with an optional clause: ``policy-id#3`` or ``policy-id 第三条``."""

    need_clause: bool = False
    description: str = "政策条款: 政策编号#条号, 例如 county-ip-measures#3"
    expected = "政策条款引用"

    def parse(self, text, node, ctx, path):
        ref = refs.parse_clause_ref(text)
        if ref is None or refs.id_problem(ref.policy):
            return ctx.report(node, path, f"无法识别的条款引用 '{text}'", gloss="bad clause reference",
                              hint="写成 政策编号#条号, 例如 county-ip-measures#3", code="ref")
        if self.need_clause and ref.clause is None:
            return ctx.report(node, path, f"引用 '{text}' 缺少条号", gloss="clause number missing",
                              hint=f"写成 {ref.policy}#条号, 指明依据的具体条款", code="ref")
        return {"policy": ref.policy, "clause": ref.clause}

    def json_schema(self):
        return {"type": "string", "pattern": r"^[a-z0-9-]+(\s*#\s*[0-9]+|\s*第.+条)?$"}


@dataclass
class Date(Scalar):
    description: str = "日期, 格式 YYYY-MM-DD"
    expected = "日期"

    def parse(self, text, node, ctx, path):
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return ctx.report(node, path, f"日期格式不正确: '{text}'", gloss="expected YYYY-MM-DD",
                              hint="写成 2026-03-01 这样的格式", code="date")
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return ctx.report(node, path, f"不存在的日期: '{text}'", gloss="no such date",
                              hint="检查月份和日期", code="date")

    def json_schema(self):
        return {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "format": "date"}


@dataclass
class Number(Scalar):
    minimum: float = 0
    maximum: float = 1e9
    integer: bool = False
    description: str = "数字"
    expected = "数字"

    def parse(self, text, node, ctx, path):
        cleaned = text
        if not re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
            hint = "只写阿拉伯数字, 不要带单位、逗号或汉字"
            if re.fullmatch(r"-?[\d,，]+(\.\d+)?", cleaned):
                hint = "删除千位分隔逗号"
            return ctx.report(node, path, f"应为数字, 实际是 '{text}'", gloss="expected a number",
                              hint=hint, code="number")
        value = float(cleaned)
        if self.integer and not value.is_integer():
            return ctx.report(node, path, f"应为整数, 实际是 '{text}'", gloss="expected an integer",
                              code="number")
        if not self.minimum <= value <= self.maximum:
            return ctx.report(node, path, f"数值 {text} 超出合理范围 {self.minimum:g}–{self.maximum:g}",
                              gloss="number out of range", hint="检查单位和位数", code="range")
        return int(value) if value.is_integer() else value

    def json_schema(self):
        return {"type": "integer" if self.integer else "number",
                "minimum": self.minimum, "maximum": self.maximum}


@dataclass
class Bool(Scalar):
    description: str = "true 或 false"
    expected = "true 或 false"
    _TRUE = ("true", "是")
    _FALSE = ("false", "否")

    def parse(self, text, node, ctx, path):
        if text in self._TRUE:
            return True
        if text in self._FALSE:
            return False
        return ctx.report(node, path, f"应为 true 或 false, 实际是 '{text}'", gloss="expected a boolean",
                          hint="写 true (是) 或 false (否)", code="bool")

    def json_schema(self):
        return {"type": "boolean"}


@dataclass
class Enum(Scalar):
    vocab: Vocab = LEVELS
    expected = "可选值之一"

    def parse(self, text, node, ctx, path):
        if text in self.vocab:
            return text
        by_label = {label: key for key, label in self.vocab.labels.items()}
        hint = (f"'{text}' 请写成 '{by_label[text]}'" if text in by_label
                else choices_hint(text, self.vocab.ids))
        return ctx.report(node, path, f"未知的取值 '{text}'", gloss=f"unknown {self.vocab.name}",
                          hint=hint, code="enum")

    def describe(self):
        return "可选: " + ", ".join(f"{k} ({v})" for k, v in self.vocab.labels.items())

    def json_schema(self):
        return {"type": "string", "enum": list(self.vocab.ids),
                "markdownEnumDescriptions": list(self.vocab.labels.values())}


SAFE_SCHEMES = ("http://", "https://", "mailto:", "tel:")


@dataclass
class Url(Scalar):
    description: str = "网址, 以 https:// 或 http:// 开头 (也可 mailto:、tel:)"
    expected = "网址"

    def parse(self, text, node, ctx, path):
        lowered = re.sub(r"[\s\x00-\x1f]", "", text).lower()
        if not lowered.startswith(SAFE_SCHEMES) or any(c in text for c in "<>\"' "):
            return ctx.report(node, path, f"不安全或无效的链接 '{text}'", gloss="unsafe or invalid URL",
                              hint="只允许 http、https、mailto 和 tel 链接", code="url")
        return text

    def json_schema(self):
        return {"type": "string", "pattern": r"^(https?://|mailto:|tel:)\S+$"}


@dataclass
class FormPath(Scalar):
    """A downloadable form bundled in the repository, relative to the forms folder."""

    description: str = "表格文件名, 放在 source/forms/ 目录下, 例如 patent-subsidy-application.docx"
    expected = "文件名"

    def parse(self, text, node, ctx, path):
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*\.(docx|doc|xlsx|xls|pdf|odt|ods|wps)", text):
            return ctx.report(node, path, f"无效的表格文件名 '{text}'", gloss="invalid form file name",
                              hint="只写文件名 (英文、数字、连字符), 扩展名为 docx/xlsx/pdf 等",
                              code="form")
        return text

    def json_schema(self):
        return {"type": "string", "pattern": r"^[A-Za-z0-9][A-Za-z0-9._-]*\.(docx|doc|xlsx|xls|pdf|odt|ods|wps)$"}


@dataclass
class ListOf(Type):
    item: Type = field(default_factory=Str)
    min_items: int = 0
    max_items: int = 200
    unique: bool = False

    def convert(self, node, ctx, path):
        if not isinstance(node, yaml.SequenceNode):
            hint = "每一项单独一行, 以 '- ' 开头"
            return ctx.report(node, path, f"应为列表, 实际是{_kind_name(node)}",
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
            return ctx.report(node, path or "(文件)", f"应为字段组 (字段名: 值), 实际是{_kind_name(node)}",
                              gloss=f"expected a mapping, got {node.id}", code="type")
        values: dict[str, Any] = {}
        seen: dict[str, yaml.Node] = {}
        failed: set[str] = set()
        ok = True
        for key_node, value_node in node.value:
            if ctx.problems.full:
                return INVALID
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
            sub = f"{path}.{key}" if path else key
            if key in seen:
                first = seen[key].start_mark.line + 1 + ctx.line_offset
                ctx.report(key_node, sub, f"字段 '{key}' 重复出现 (第一次在第 {first} 行)",
                           gloss="duplicate key", hint="删除其中一个, 或合并两处内容",
                           code="duplicate-key")
                ok = False
                continue
            seen[key] = key_node
            if key in self.passthrough:
                continue
            spec = self.by_name.get(key)
            if spec is None:
                guess = did_you_mean(key, list(self.by_name))
                ctx.report(key_node, sub, f"未知字段 '{key}'", gloss="unknown key",
                           hint=guess or ("可用字段: " + ", ".join(self.by_name)), code="unknown-key")
                ok = False
                continue
            if isinstance(value_node, yaml.ScalarNode) and value_node.value.strip() == "":
                continue  # an empty value counts as absent
            ctx.note_line(value_node, sub)
            value = spec.type.convert(value_node, ctx, sub)
            if value is INVALID:
                ok = False
                failed.add(key)
            else:
                values[key] = value
        for spec in self.fields:
            if spec.name in values or spec.name in failed:
                continue
            if spec.required and spec.name not in seen:
                sub = f"{path}.{spec.name}" if path else spec.name
                ctx.report(node, sub, f"缺少必填字段 '{spec.name}' ({spec.label})",
                           gloss="required field missing",
                           hint=f"示例: {spec.name}: {spec.example}" if spec.example else "",
                           code="missing")
                ok = False
            elif spec.required:
                sub = f"{path}.{spec.name}" if path else spec.name
                ctx.report(seen[spec.name], sub, f"必填字段 '{spec.name}' ({spec.label}) 不能为空",
                           gloss="required field empty", code="missing")
                ok = False
            elif spec.default is not None:
                values[spec.name] = spec.default() if callable(spec.default) else spec.default
        if not ok:
            ctx.partial[path] = values
            return INVALID
        if self.check:
            before = len(ctx.problems)
            self.check(values, node, ctx, path)
            if len(ctx.problems) > before:
                ctx.partial[path] = values
                return INVALID
        return values

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


# --- eligibility rules -------------------------------------------------------------------------

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
        op_node = _child(node, "op")
        if op not in OPERATORS:
            return ctx.report(op_node, f"{path}.op", f"未知运算符 '{op}'", gloss="unknown operator",
                              hint=choices_hint(op, tuple(OPERATORS)), code="operator")
        if op == "manual":
            for key in ("fact", "value"):
                if key in rule:
                    return ctx.report(_child(node, key), f"{path}.{key}",
                                      f"人工审核的条件不需要 '{key}'", gloss=f"manual rule takes no {key}",
                                      hint=f"删除 {key}", code="rule")
            return rule
        if "fact" not in rule:
            return ctx.report(node, f"{path}.fact", "缺少判断项 'fact'", gloss="rule needs a fact",
                              hint="可选: " + ", ".join(FACTS) + "; 无法自动判断时写 op: manual",
                              code="missing")
        fact = FACTS.get(rule["fact"])
        if fact is None:
            return ctx.report(_child(node, "fact"), f"{path}.fact", f"未知判断项 '{rule['fact']}'",
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
        value_node = _child(node, "value")
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


def _child(node: yaml.MappingNode, key: str) -> yaml.Node:
    for key_node, value_node in node.value:
        if key_node.value == key:
            return value_node
    return node


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


# --- programs ----------------------------------------------------------------------------------

def _check_window(window: dict, node, ctx: Context, path: str) -> None:
    if window["mode"] == "scheduled":
        for key in ("open", "close"):
            if key not in window:
                ctx.report(node, f"{path}.{key}", f"定期申报需要填写 '{key}' 日期",
                           gloss=f"scheduled window needs {key}",
                           hint="常年受理的事项请写 mode: rolling", code="missing")
    if "open" in window and "close" in window and window["open"] > window["close"]:
        ctx.report(_child(node, "close"), f"{path}.close",
                   f"截止日期 {window['close']} 早于开始日期 {window['open']}",
                   gloss="close date before open date", hint="检查年份和月份", code="date-order")


def _check_funding_item(item: dict, node, ctx: Context, path: str) -> None:
    if "min" in item and "max" in item and item["min"] > item["max"]:
        ctx.report(_child(node, "min"), f"{path}.min", f"最低金额 {item['min']} 高于最高金额 {item['max']}",
                   gloss="min greater than max", code="range")
    if not any(k in item for k in ("max", "min", "rate", "amount")) and "basis" not in item:
        ctx.report(node, path, "支持标准至少写明金额 (max/min/amount)、比例 (rate) 或计算方式 (basis) 之一",
                   gloss="funding item needs an amount, rate or basis", code="missing")


FUNDING_ITEM = Obj(fields=[
    Field("name", Str(max_length=80), "支持项目", "这一档支持的名称", required=True, example="发明专利授权资助"),
    Field("amount", Number(maximum=1e8), "定额", "固定金额", example="5000"),
    Field("max", Number(maximum=1e8), "最高金额", example="200000"),
    Field("min", Number(maximum=1e8), "最低金额"),
    Field("unit", Enum(vocab=AMOUNT_UNITS), "金额单位", "默认为元", default="yuan", example="yuan"),
    Field("rate", Number(maximum=1000), "比例 (%)", "按比例补助或扣除时的百分比 (如加计扣除 100)", example="50"),
    Field("basis", Text(max_length=300), "计算方式", "按什么计算, 如: 按上年度研发投入增量计"),
    Field("payment", Text(max_length=300), "拨付方式", "何时、如何拨付"),
], check=_check_funding_item)

WINDOW = Obj(fields=[
    Field("mode", Enum(vocab=WINDOW_MODES), "申报方式", "定期申报 (scheduled) 或常年受理 (rolling)",
          required=True, example="scheduled"),
    Field("open", Date(), "开始日期", example="2026-03-01"),
    Field("close", Date(), "截止日期", example="2026-04-30"),
    Field("next", Str(max_length=100), "下次申报预计", "已截止时告诉企业下一次大约何时开放",
          example="预计 2027 年 3 月"),
    Field("note", Text(max_length=500), "时间说明"),
], check=_check_window)

PROGRAM = Obj(fields=[
    Field("id", Id(), "编号", "必须与文件名相同", required=True, example="patent-subsidy"),
    Field("title", Str(max_length=80), "事项名称", required=True, example="专利资助"),
    Field("aliases", ListOf(Str(max_length=40), unique=True), "别名和简称", "企业常用的叫法, 搜索时也能找到",
          example="高企认定"),
    Field("level", Enum(vocab=LEVELS), "层级", required=True, example="county"),
    Field("category", Enum(vocab=CATEGORIES), "类别", required=True, example="ip"),
    Field("support_type", Enum(vocab=SUPPORT_TYPES), "支持方式", required=True, example="grant"),
    Field("authority", Str(max_length=100), "主管部门", required=True, example="县科学技术局"),
    Field("applicants", ListOf(Enum(vocab=APPLICANT_TYPES), min_items=1, unique=True), "申报主体",
          required=True, example="enterprise"),
    Field("industries", ListOf(Enum(vocab=INDUSTRIES), min_items=1, unique=True), "适用行业",
          "不限行业写 all", default=lambda: ["all"], example="all"),
    Field("tags", ListOf(Str(max_length=20), unique=True), "标签", "便于归类和查找的关键词"),
    Field("summary", Text(max_length=600), "事项简介", "两三句话说明这是什么、支持什么", required=True),
    Field("funding", Obj(fields=[
        Field("summary", Str(max_length=120), "支持力度概述", "一句话, 如: 最高 50 万元", required=True,
              example="最高 50 万元"),
        Field("items", ListOf(FUNDING_ITEM), "支持标准明细"),
        Field("note", Text(max_length=1000), "补充说明"),
    ]), "支持标准", required=True),
    Field("eligibility", Obj(fields=[
        Field("text", Text(), "条件说明", "申报条件的整体说明"),
        Field("rules", ListOf(RuleType(), min_items=1), "条件规则", "每条写明依据条款", required=True),
        Field("exclusions", ListOf(Text(max_length=300)), "不予支持的情形"),
    ]), "申报条件", required=True),
    Field("materials", ListOf(Obj(fields=[
        Field("name", Str(max_length=120), "材料名称", required=True, example="申报书"),
        Field("required", Bool(), "是否必需", default=True, example="true"),
        Field("note", Text(max_length=500), "说明"),
        Field("form", FormPath(), "表格文件", "可下载的表格, 放在 source/forms/ 下"),
    ]), min_items=1), "申报材料", required=True),
    Field("process", ListOf(Obj(fields=[
        Field("title", Str(max_length=60), "步骤名称", required=True, example="网上申报"),
        Field("text", Text(max_length=1000), "步骤说明"),
        Field("duration", Str(max_length=40), "所需时间", example="5 个工作日"),
    ]), min_items=1), "申报流程", required=True),
    Field("window", WINDOW, "申报时间", required=True),
    Field("processing_time", Str(max_length=100), "办理时限", example="受理后 20 个工作日"),
    Field("channels", ListOf(Obj(fields=[
        Field("name", Str(max_length=80), "渠道名称", required=True, example="省科技业务管理系统"),
        Field("url", Url(), "网址"),
        Field("note", Text(max_length=300), "说明"),
    ])), "申报渠道"),
    Field("basis", ListOf(ClauseRefType(), min_items=1, unique=True), "政策依据",
          "依据的政策及条款", required=True, example="county-sci-measures#5"),
    Field("contacts", ListOf(Obj(fields=[
        Field("name", Str(max_length=60), "联系部门", required=True, example="县科技局高新技术科"),
        Field("person", Str(max_length=20), "联系人"),
        Field("phone", Str(max_length=40, pattern=r"[0-9+\-() 转]+", pattern_hint="只写数字和连字符, 如 0797-5550123"),
              "电话", example="0797-5550123"),
        # ASCII only: the address becomes a mailto: link, where quotes, brackets and spaces break it
        Field("email", Str(max_length=80, pattern=r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+",
                           pattern_hint="如 kjj@example.gov.cn"), "邮箱"),
        Field("address", Str(max_length=120), "地址"),
        Field("hours", Str(max_length=80), "办公时间"),
    ]), min_items=1), "咨询方式", required=True),
    Field("links", ListOf(Obj(fields=[
        Field("title", Str(max_length=80), "链接标题", required=True),
        Field("url", Url(), "网址", required=True),
    ])), "相关链接"),
    Field("faq", ListOf(Obj(fields=[
        Field("q", Str(max_length=200), "问题", required=True),
        Field("a", Text(max_length=2000), "回答", required=True),
    ])), "常见问题"),
    Field("related", ListOf(Id(), unique=True), "相关事项", "其他事项的编号"),
    Field("reviewed", Date(), "最后核对日期", "工作人员最后一次核对本页内容的日期", required=True,
          example="2026-11-01"),
    Field("changes", ListOf(Obj(fields=[
        Field("date", Date(), "日期", required=True),
        Field("text", Str(max_length=200), "变更内容", required=True),
    ])), "变更记录", "按时间倒序或顺序记录本事项的重要变化"),
    Field("archived", Bool(), "已停止执行", "停止执行的事项标记为 true, 保留页面备查", default=False),
])


# --- policies ----------------------------------------------------------------------------------

def _check_policy(policy: dict, node, ctx: Context, path: str) -> None:
    if "expiry" in policy and policy["effective"] > policy["expiry"]:
        ctx.report(_child(node, "expiry"), "expiry", f"失效日期 {policy['expiry']} 早于施行日期 {policy['effective']}",
                   gloss="expiry before effective date", code="date-order")


MYST_FRONT_MATTER_KEYS = ("orphan", "html_meta", "myst", "substitutions", "html_theme.sidebar_secondary.remove")

POLICY = Obj(fields=[
    Field("id", Id(), "编号", "必须与文件名相同", required=True, example="county-sci-measures"),
    Field("title", Str(max_length=120), "政策名称", required=True),
    Field("doc_number", Str(max_length=60), "文号", example="某科发〔2024〕12号"),
    Field("issuer", Str(max_length=120), "发文机关", required=True, example="某县人民政府办公室"),
    Field("level", Enum(vocab=LEVELS), "层级", required=True, example="county"),
    Field("published", Date(), "发布日期", required=True),
    Field("effective", Date(), "施行日期", required=True),
    Field("expiry", Date(), "失效日期", "有效期截止日; 长期有效可不填"),
    Field("validity", Enum(vocab=VALIDITY), "效力状态", required=True, example="in-force"),
    Field("supersedes", ListOf(Id(), unique=True), "替代的旧政策", "本政策废止或替代的政策编号"),
    Field("superseded_by", Id(), "被替代为", "替代本政策的新政策编号"),
    Field("summary", Text(max_length=600), "政策摘要"),
    Field("source_url", Url(), "原文链接", "发文机关网站上的原文"),
], check=_check_policy, passthrough=MYST_FRONT_MATTER_KEYS)


def to_json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) editors use for ``kind`` ('program' or 'policy')."""
    shape = PROGRAM if kind == "program" else POLICY
    schema = shape.json_schema()
    title = "Policybook 申报事项" if kind == "program" else "Policybook 政策文件 (front matter)"
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"https://policybook.invalid/schemas/{kind}.schema.json",
            "title": title, **schema}
