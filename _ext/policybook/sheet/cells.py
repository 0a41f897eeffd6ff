"""A cell's value as the sheet shows it, and back: what staff typed, read or refused.

Export writes codes for choices (``county``), 、-separated text for lists, real date cells
for dates and numbers for amounts. Import accepts what Excel or WPS hands back for those, a
choice's Chinese label as well as its code, and refuses the rest with what is wrong and how
to fix it (the problem registry's codes: date, number, enum, keyboard, bool).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from ..model.vocab import Vocab
from .columns import MISSING, Column

SEPARATOR = "、"
_WRONG_SEPARATORS = {"，": "中文逗号", ",": "英文逗号", "；": "分号", ";": "分号", "：": "全角冒号 '：'",
                     ":": "冒号", "/": "斜杠", "\n": "换行"}
YES, NO = "是", "否"


@dataclass(frozen=True)
class CellProblem(Exception):
    """Why a cell cannot be read: message, hint (Chinese) and a registered problem code."""

    message: str
    hint: str
    code: str


def to_cell(column: Column, raw: Any) -> Any:
    """The value export writes for a raw YAML value (None: an empty cell)."""
    if raw is None or raw is MISSING:
        return None
    if column.kind in ("list", "enum-list"):
        return SEPARATOR.join(str(item) for item in raw) if isinstance(raw, list) else str(raw)
    if column.kind == "date" and isinstance(raw, dt.date):
        return raw if not isinstance(raw, dt.datetime) else raw.date()
    if column.kind == "number" and isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return int(raw) if float(raw).is_integer() else float(raw)
    if column.kind == "bool" and isinstance(raw, bool):
        return YES if raw else NO
    return str(raw)


def same(cell: Any, exported: Any) -> bool:
    """Whether a cell still holds what export wrote (Excel hands dates back as datetimes)."""
    if isinstance(cell, dt.datetime) and not isinstance(exported, dt.datetime):
        cell = cell.date() if cell.time() == dt.time() else cell
    if isinstance(cell, str):
        cell = cell.strip() or None
    if isinstance(exported, str):
        exported = exported.strip() or None
    if isinstance(cell, (int, float)) and isinstance(exported, (int, float)) \
            and not isinstance(cell, bool) and not isinstance(exported, bool):
        return float(cell) == float(exported)
    return type(cell) is type(exported) and cell == exported


def read(column: Column, cell: Any) -> Any:
    """The YAML value for a changed cell (None: remove the field); CellProblem if unreadable."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    reader = {"text": _text, "list": _list, "enum-list": _list, "enum": _enum, "date": _date,
              "number": _number, "bool": _bool}[column.kind]
    return reader(column, cell)


def _text(column: Column, cell: Any) -> str:
    if isinstance(cell, bool):
        raise CellProblem(f"应为文字, 单元格是逻辑值 {cell}", "把单元格格式设为“文本”后重新输入", "type")
    if isinstance(cell, (dt.date, dt.datetime)):
        raise CellProblem("应为文字, 单元格是日期", "把单元格格式设为“文本”后重新输入", "type")
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return str(cell).strip()


def _choice(vocab: Vocab, text: str) -> str:
    if text in vocab:
        return text
    by_label = {label: key for key, label in vocab.labels.items()}
    if text in by_label:
        return by_label[text]
    choices = "、".join(f"{key} ({label})" for key, label in vocab.labels.items())
    raise CellProblem(f"未知的取值 '{text}'", f"写可选值的英文编号或中文名称: {choices}", "enum")


def _enum(column: Column, cell: Any) -> str:
    assert column.vocab is not None
    return _choice(column.vocab, str(cell).strip())


def _list(column: Column, cell: Any) -> list[str]:
    text = _text(column, cell)
    for mark, name in _WRONG_SEPARATORS.items():
        if mark in text:
            fixed = SEPARATOR.join(part.strip() for part in re.split(r"[，,；;：:/\n]", text) if part.strip())
            raise CellProblem(f"列表中用了{name}分隔各项", f"各项之间只用顿号 '、' 分隔, 如 {fixed}", "keyboard")
    items = [item.strip() for item in text.split(SEPARATOR)]
    if not all(items):
        raise CellProblem("列表中有空的一项 (两个顿号相连, 或以顿号开头、结尾)", "删除多余的顿号 '、'", "format")
    if column.kind == "enum-list":
        assert column.vocab is not None
        return [_choice(column.vocab, item) for item in items]
    return items


_DATE_TEXT = re.compile(r"(\d{4})\s*(?:-|/|\.|年)\s*(\d{1,2})\s*(?:-|/|\.|月)\s*(\d{1,2})\s*日?")


def _date(column: Column, cell: Any) -> dt.date:
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    hint = "写成 2026-03-01 这样的日期 (单元格格式为日期)"
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        raise CellProblem(f"不是日期, 是数字 {cell:g}", hint, "date")
    text = str(cell).strip()
    match = _DATE_TEXT.fullmatch(text)
    if not match:
        raise CellProblem(f"不是日期: '{text}'", hint, "date")
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise CellProblem(f"不存在的日期: '{text}'", "检查月份和日期 (如 2 月没有 30 日)", "date") from None


def _number(column: Column, cell: Any) -> int | float:
    if isinstance(cell, bool):
        raise CellProblem(f"应为数字, 单元格是逻辑值 {cell}", "只写阿拉伯数字", "number")
    if isinstance(cell, (int, float)):
        return int(cell) if float(cell).is_integer() else float(cell)
    text = str(cell).strip()
    if re.fullmatch(r"-?\d+(\.\d+)?", text):
        value = float(text)
        return int(value) if value.is_integer() else value
    hint = "只写阿拉伯数字, 不带单位、逗号或汉字"
    if column.path.startswith("funding.items"):
        hint += "; 单位写在同一支持标准的“金额单位 (unit)”一列: wan (万元) 或 yuan (元)"
    raise CellProblem(f"应为数字, 实际是 '{text}'", hint, "number")


def _bool(column: Column, cell: Any) -> bool:
    if isinstance(cell, bool):
        return cell
    text = str(cell).strip().lower()
    if text in (YES, "true"):
        return True
    if text in (NO, "false"):
        return False
    raise CellProblem(f"应为 是 或 否, 实际是 '{cell}'", "写“是”或“否”", "bool")
