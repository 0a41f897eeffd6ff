"""From an edited sheet to a list of field changes, or located reasons to change nothing.

Each cell is compared with what export wrote (kept in the workbook's hidden copy): an
untouched cell changes nothing, whatever the YAML says now; a touched cell whose field was
also changed in the YAML since the export is a conflict, never a silent overwrite. Rows are
programs by id: a row with an unknown id, a row without one (an added program) and a
program's missing row are refused, since programs are added with ``policybook new`` and
stopped with ``archived``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter

from .cells import CellProblem, read, same, to_cell
from .columns import CONTACT_KEYS, ITEM_KEYS, MISSING, TAIL, TOP, WINDOW, Column, column, get, path_of_header
from .workbook import SHEET, Sheet
from .yaml_edit import Document

_REPEATED = re.compile(rf"(funding\.items\[(\d+)\]\.({'|'.join(ITEM_KEYS)})|contacts\[(\d+)\]\.({'|'.join(CONTACT_KEYS)}))")


@dataclass
class Program:
    id: str
    path: str  # project-relative, e.g. source/programs/patent-subsidy.yaml
    document: Document


@dataclass(frozen=True)
class CellError:
    """One refused cell (or row, or header): where, which field, what is wrong, how to fix."""

    cell: str  # e.g. C7; '' for the sheet as a whole
    program: str
    label: str
    path: str
    message: str
    hint: str
    code: str

    def __str__(self) -> str:
        where = f"表格“{SHEET}”单元格 {self.cell}" if self.cell else f"表格“{SHEET}”"
        what = " ".join(part for part in (self.program, self.label, f"({self.path})" if self.path else "") if part)
        return f"{where}{f' [{what}]' if what else ''}: {self.message} 提示: {self.hint} ({self.code})"


@dataclass(frozen=True)
class Change:
    program: Program
    column: Column
    cell: str
    old: Any
    new: Any  # None: remove the field


@dataclass
class Plan:
    changes: list[Change] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)  # program id → row number
    columns: dict[str, int] = field(default_factory=dict)  # field path → column number
    labels: dict[str, str] = field(default_factory=dict)  # field path → the header's Chinese label
    broken: dict[str, str] = field(default_factory=dict)  # file name → path of an unreadable program file

    def cell_of(self, program_id: str, field_path: str) -> tuple[str, str]:
        """The cell a validator problem of ``field_path`` points at, and its column's path."""
        row = self.rows.get(program_id)
        if row is None:
            return "", field_path
        for path, number in self.columns.items():
            if field_path == path or field_path.startswith(path + "["):
                return f"{get_column_letter(number)}{row}", path
        for path, number in self.columns.items():
            if path.startswith(field_path + ".") or path.startswith(field_path + "["):
                return f"{get_column_letter(number)}{row}", path
        return f"{get_column_letter(self.columns.get('id', 1))}{row}", field_path


def allowed(path: str) -> bool:
    return path in TOP or path in WINDOW or path in TAIL or bool(_REPEATED.fullmatch(path))


def plan(sheet: Sheet, programs: dict[str, Program], broken: dict[str, str] | None = None) -> Plan:
    """The changes the sheet asks for; ``broken`` maps the names of program files that could
    not be read as YAML to their paths (their rows are refused with what to do)."""
    found = Plan(broken=broken or {})
    columns = _columns(sheet, found)
    if "id" not in found.columns:
        found.errors.append(CellError("", "", "", "id", "找不到“编号·只读 (id)”这一列",
                                      "用 policybook export-sheet 重新导出表格, 不要删除或改动编号列的标题", "missing"))
        return found
    id_column = found.columns["id"]
    for row, cells in sheet.rows:
        program = _program(row, cells.get(id_column), id_column, programs, found)
        if program is not None:
            for number, col in columns.items():
                _compare(program, col, cells.get(number), f"{get_column_letter(number)}{row}", sheet, found)
    for program_id in sorted(set(programs) - set(found.rows)):
        found.errors.append(CellError("", program_id, "", "", f"表格中没有事项 {program_id} 的一行 (被删除了?)",
                                      f"导入不会删除事项: 请恢复这一行, 或重新导出; 停止执行的事项在“已停止执行”"
                                      f"一列填“是”; 确要删除, 请删除文件 {programs[program_id].path}", "missing"))
    return found


def _columns(sheet: Sheet, found: Plan) -> dict[int, Column]:
    columns = {}
    for number, header in sheet.headers.items():
        if header is None or not str(header).strip():
            continue  # a column without a header is not imported
        letter = get_column_letter(number)
        path = path_of_header(header)
        if path is None or not allowed(path):
            found.errors.append(CellError(f"{letter}1", "", str(header), path or "", f"无法识别的列标题 '{header}'",
                                          "标题要保留括号里的字段名, 如 截止日期 (window.close); 自己加的列请删除, "
                                          "或清空它的标题 (标题为空的列不导入)", "unknown-key"))
        elif path in found.columns:
            found.errors.append(CellError(f"{letter}1", "", str(header), path, f"字段 {path} 有两列",
                                          "删除其中一列", "duplicate-key"))
        else:
            found.columns[path] = number
            found.labels[path] = _label(str(header), path)
            if path != "id":
                columns[number] = column(path, found.labels[path])
    return columns


def _label(header: str, path: str) -> str:
    return header[:header.rindex(f"({path})")].strip() or path


def _program(row: int, value: Any, id_column: int, programs: dict[str, Program], found: Plan) -> Program | None:
    cell = f"{get_column_letter(id_column)}{row}"
    program_id = str(value).strip() if value is not None else ""
    if not program_id:
        found.errors.append(CellError(cell, "", "编号", "id", "这一行没有编号 (新增的行?)",
                                      "表格不能新增事项: 用 policybook new program <编号> 新建, 再重新导出表格; "
                                      "不需要的行请整行删除", "missing"))
        return None
    if program_id in found.broken:
        found.errors.append(CellError(cell, program_id, "编号", "id", f"{found.broken[program_id]} 现在无法读取 (YAML 有错误)",
                                      "先运行 policybook check, 按提示改正这个文件, 再导入表格", "yaml-syntax"))
        return None
    if program_id not in programs:
        found.errors.append(CellError(cell, program_id, "编号", "id", f"没有编号为 '{program_id}' 的事项",
                                      "编号一列只读, 请改回导出时的编号; 改编号用 policybook rename-program, "
                                      "新增事项用 policybook new program", "unknown-program"))
        return None
    if program_id in found.rows:
        found.errors.append(CellError(cell, program_id, "编号", "id",
                                      f"事项 {program_id} 有两行 (另一行是第 {found.rows[program_id]} 行)",
                                      "删除重复的一行", "duplicate"))
        return None
    found.rows[program_id] = row
    return programs[program_id]


def _compare(program: Program, col: Column, cell: Any, where: str, sheet: Sheet, found: Plan) -> None:
    raw = get(program.document.data, col.parts)
    exported = to_cell(col, raw)
    if same(cell, exported):
        return
    base = sheet.base.get((program.id, col.path), exported) if sheet.base is not None else exported
    if same(cell, base):
        return  # staff left it alone; the YAML changed since the export
    if not same(exported, base):
        found.errors.append(_error(where, program, col, f"导出表格之后, 有人在 YAML 中改了这个字段 (现在是 "
                                   f"'{exported if exported is not None else '空'}'), 表格中的修改不会覆盖它",
                                   "重新导出表格, 在新表格中再做修改", "sheet-conflict"))
        return
    try:
        new = read(col, cell)
    except CellProblem as problem:
        found.errors.append(_error(where, program, col, problem.message, problem.hint, problem.code))
        return
    if raw is MISSING:
        if new is not None:
            found.errors.append(_error(where, program, col, "这个事项没有这一项 (支持标准或联系方式的条数不够)",
                                       f"表格只能修改已有的项; 增加一项请直接编辑 {program.path}", "missing"))
        return
    if same(to_cell(col, new), exported):
        return  # e.g. 县级 typed for county
    found.changes.append(Change(program, col, where, raw, new))


def _error(where: str, program: Program, col: Column, message: str, hint: str, code: str) -> CellError:
    return CellError(where, program.id, col.label, col.path, message, hint, code)
