"""Value types of the content schema: how one YAML node becomes one plain Python value.

Each type converts a node (reporting located problems through :class:`Context`), describes
itself as JSON Schema for editors, and in Chinese for the handbook's field reference. Scalars
live here; lists and field groups in :mod:`.shapes`. Values come out as plain, picklable data:
``str``, ``int``/``float``, ``bool``, :class:`datetime.date`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from . import refs
from .problems import Problems, choices_hint
from .vocab import LEVELS, Vocab

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


def kind_name(node: yaml.Node) -> str:
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
# Zero-width characters and bidi controls: a title of only these renders as an empty link, and
# bidi controls make text read differently from what it is ("Trojan source").
_HIDDEN = re.compile(r"[\u200b-\u200f\u2060\ufeff\u00ad\u202a-\u202e\u2066-\u2069]")


class Scalar(Type):
    """Base for types written as one YAML scalar."""

    expected = "一个值"

    def convert(self, node: yaml.Node, ctx: Context, path: str) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            return ctx.report(node, path, f"应为{self.expected}, 实际是{kind_name(node)}",
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
        hidden = _HIDDEN.search(text)
        if hidden:
            return ctx.report(node, path, f"含有看不见的字符 (U+{ord(hidden.group()):04X}, 零宽或改变文字方向)",
                              gloss="invisible or bidi control character",
                              hint="删除这个字符后重新输入; 常见于从网页或 Word 复制", code="control")
        if text and not text.strip("\u3000 "):
            return ctx.report(node, path, "只有空白, 没有可见的文字", gloss="no visible text",
                              hint="写上内容, 或删除这个字段", code="missing")
        if text.strip().upper() == "TODO":  # left by policybook import-policy for a person
            return ctx.report(node, path, "还没有填写 (TODO)", gloss="still TODO",
                              hint="按原文填写; 原文中没有的可选字段可以删除", code="missing")
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
            shown = text if len(text) <= 60 else text[:60] + "…"
            return ctx.report(node, path, f"无法识别的条款引用 '{shown}'", gloss="bad clause reference",
                              hint="写成 政策编号#条号, 例如 county-ip-measures#3", code="bad-reference")
        if self.need_clause and ref.clause is None:
            return ctx.report(node, path, f"引用 '{text}' 缺少条号", gloss="clause number missing",
                              hint=f"写成 {ref.policy}#条号, 指明依据的具体条款", code="bad-reference")
        return {"policy": ref.policy, "clause": ref.clause}

    def json_schema(self):
        return {"type": "string", "pattern": r"^[a-z0-9-]+(\s*#\s*[0-9]+|\s*第.+条)?$"}


@dataclass
class Date(Scalar):
    description: str = "日期, 格式 YYYY-MM-DD"
    expected = "日期"
    # Calendars, feeds and statuses need real dates: year 1 or 9999 is a typing slip (and broke
    # the .ics writer). Policies may be older than windows.
    earliest: dt.date = dt.date(1949, 10, 1)
    latest: dt.date = dt.date(2100, 12, 31)

    def parse(self, text, node, ctx, path):
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return ctx.report(node, path, f"日期格式不正确: '{text}'", gloss="expected YYYY-MM-DD",
                              hint="写成 2026-03-01 这样的格式", code="date")
        try:
            value = dt.date.fromisoformat(text)
        except ValueError:
            return ctx.report(node, path, f"不存在的日期: '{text}'", gloss="no such date",
                              hint="检查月份和日期", code="date")
        if not self.earliest <= value <= self.latest:
            return ctx.report(node, path, f"日期 {text} 超出合理范围 ({self.earliest.year}–{self.latest.year} 年)",
                              gloss="date out of range", hint="检查年份", code="date")
        return value

    def json_schema(self):
        return {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "format": "date"}


@dataclass
class MonthOrDate(Date):
    """A forecast: a day (``2027-02-15``) or, when only the month is known, ``2027-02``."""

    description: str = "日期 YYYY-MM-DD, 只知道月份时写 YYYY-MM"
    expected = "日期或月份"

    def parse(self, text, node, ctx, path):
        if re.fullmatch(r"\d{4}-\d{2}", text):
            year, month = int(text[:4]), int(text[5:])
            if not 1 <= month <= 12:
                return ctx.report(node, path, f"不存在的月份: '{text}'", gloss="no such month",
                                  hint="月份在 01 到 12 之间", code="date")
            if not self.earliest.year <= year <= self.latest.year:
                return ctx.report(node, path, f"日期 {text} 超出合理范围 ({self.earliest.year}–{self.latest.year} 年)",
                                  gloss="date out of range", hint="检查年份", code="date")
            return text
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return ctx.report(node, path, f"日期格式不正确: '{text}'", gloss="expected YYYY-MM-DD or YYYY-MM",
                              hint="写成 2027-02-15, 只知道月份时写 2027-02", code="date")
        return super().parse(text, node, ctx, path)

    def json_schema(self):
        return {"type": "string", "pattern": r"^\d{4}-\d{2}(-\d{2})?$"}


@dataclass
class MonthDay(Scalar):
    """A day of every year, ``MM-DD``; a day past the month's end means the month's last day."""

    description: str = "每年的月-日, 格式 MM-DD, 如 03-01; 写 31 表示月末"
    expected = "月-日"

    def parse(self, text, node, ctx, path):
        match = re.fullmatch(r"(\d{2})-(\d{2})", text)
        if not match or not 1 <= int(match[1]) <= 12 or not 1 <= int(match[2]) <= 31:
            return ctx.report(node, path, f"月-日格式不正确: '{text}'", gloss="expected MM-DD",
                              hint="写成 03-01 这样的格式 (月份 01–12, 日 01–31; 31 表示月末)", code="date")
        return text

    def json_schema(self):
        return {"type": "string", "pattern": r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"}


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
