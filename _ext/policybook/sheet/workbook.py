"""The .xlsx file itself (openpyxl): a 事项 sheet to edit, a 说明 sheet on how, and a very
hidden copy of the exported values, so import can tell a cell staff changed from a YAML file
someone else changed after the export."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from .columns import Column, path_of_header
from .guide import write_guide

SHEET = "事项"
GUIDE = "说明"
BASE = "导出时的值"
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_READ_ONLY_FILL = PatternFill("solid", fgColor="E7E6E6")
_WIDTHS = {"id": 30, "date": 13, "number": 10, "bool": 10, "enum": 14}


@dataclass
class Sheet:
    """What import reads: headers by column number, and each non-empty row's cells."""

    headers: dict[int, Any] = field(default_factory=dict)
    rows: list[tuple[int, dict[int, Any]]] = field(default_factory=list)
    base: dict[tuple[str, str], Any] | None = None  # (program id, field path) → exported value


class NotAWorkbook(Exception):
    pass


def write(path: Path, columns: list[Column], rows: list[list[Any]]) -> None:
    """Write the workbook: ``rows`` are the cell values in ``columns`` order."""
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    _fill(sheet, columns, rows)
    _style(sheet, columns, rows)
    write_guide(book.create_sheet(GUIDE), columns)
    base = book.create_sheet(BASE)
    _fill(base, columns, rows)
    base.sheet_state = "veryHidden"
    book.active = 0
    book.save(path)


def _fill(sheet: Worksheet, columns: list[Column], rows: list[list[Any]]) -> None:
    sheet.append([c.header for c in columns])
    for values in rows:
        sheet.append(values)


def _style(sheet: Worksheet, columns: list[Column], rows: list[list[Any]]) -> None:
    sheet.freeze_panes = "B2"
    sheet.row_dimensions[1].height = 48
    last = len(rows) + 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{last}"
    for number, column in enumerate(columns, start=1):
        letter = get_column_letter(number)
        header = sheet.cell(1, number)
        header.font = Font(bold=True)
        header.fill = _READ_ONLY_FILL if column.kind == "id" else _HEADER_FILL
        header.alignment = Alignment(wrap_text=True, vertical="top")
        width = _WIDTHS.get(column.kind) or _text_width([row[number - 1] for row in rows])
        sheet.column_dimensions[letter].width = width
        for row in range(2, last + 1):
            cell = sheet.cell(row, number)
            if column.kind == "id":
                cell.fill, cell.font = _READ_ONLY_FILL, Font(color="595959")
            elif column.kind == "date":
                cell.number_format = "yyyy-mm-dd"
            elif column.kind != "number":
                cell.number_format = "@"  # text: Excel must not turn 0797-5550123 into a number
        if column.vocab is not None and column.kind == "enum":
            _choices(sheet, column, f"{letter}2:{letter}{last + 200}")


def _choices(sheet: Worksheet, column: Column, cells: str) -> None:
    assert column.vocab is not None
    validation = DataValidation(type="list", formula1='"' + ",".join(column.vocab.ids) + '"', allow_blank=True,
                                showErrorMessage=False)
    validation.promptTitle = column.label[:32]
    validation.prompt = "、".join(f"{key}={label}" for key, label in column.vocab.labels.items())[:255]
    validation.add(cells)
    sheet.add_data_validation(validation)


def _text_width(values: list[Any]) -> float:
    """A column wide enough for most of its texts (CJK characters count double), capped."""
    def width(value: Any) -> int:
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(value or ""))
    widths = sorted(width(value) for value in values) or [0]
    typical = widths[int(len(widths) * 0.9) - 1] if len(widths) > 1 else widths[0]
    return max(12, min(50, typical + 2))


def read(path: Path) -> Sheet:
    """The 事项 sheet of a workbook (and the exported values, when the hidden copy is there)."""
    try:
        book = load_workbook(path, data_only=True)
    except OSError:
        raise  # locked or unreadable: the caller says so
    except Exception as error:  # openpyxl raises many kinds for a file that is not .xlsx
        raise NotAWorkbook(str(error)) from None
    if SHEET not in book.sheetnames:
        raise KeyError(SHEET)
    found = Sheet()
    sheet = book[SHEET]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, ())
    found.headers = {number: value for number, value in enumerate(header, start=1)}
    for number, values in enumerate(rows, start=2):
        cells = {index: _plain(value) for index, value in enumerate(values, start=1)}
        if any(value is not None and str(value).strip() for value in cells.values()):
            found.rows.append((number, cells))
    if BASE in book.sheetnames:
        found.base = _base(book[BASE])
    return found


def _base(sheet: Worksheet) -> dict[tuple[str, str], Any]:
    rows = sheet.iter_rows(values_only=True)
    paths = [path_of_header(value) for value in next(rows, ())]
    base = {}
    for values in rows:
        cells = dict(zip(paths, values, strict=False))
        for path, value in cells.items():
            if path and cells.get("id"):
                base[(str(cells["id"]), path)] = _plain(value)
    return base


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    return value
