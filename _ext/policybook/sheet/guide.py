"""The 说明 sheet: how to use the workbook, written into it, for whoever opens the file."""

from __future__ import annotations

from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from ..model.vocab import AMOUNT_UNITS, APPLICANT_TYPES, CATEGORIES, INDUSTRIES, LEVELS, SUPPORT_TYPES, WINDOW_MODES
from .columns import Column

STEPS = [
    "怎样使用这个表格",
    "1. 只在“事项”表里改单元格的内容。一行是一个申报事项, 一列是一个字段, 列标题括号里是 YAML 中的字段名。",
    "2. 灰色的“编号·只读 (id)”一列不要改: 导入时按编号找到事项的 YAML 文件。改编号用 policybook rename-program。",
    "3. 不要增加或删除行: 新增事项用 policybook new program <编号>; 停止执行的事项在“已停止执行 (archived)”一列填“是”。",
    "4. 列表 (别名、申报主体、标签等) 各项之间用顿号“、”分隔, 不用逗号、分号或冒号。",
    "5. 日期写成 2026-03-01 (单元格格式为日期); 金额只写数字, 单位在同一支持标准的“金额单位 (unit)”一列: wan = 万元, yuan = 元。",
    "6. 可选值 (层级、类别、支持方式等) 写下面表格中的英文编号, 也可以写中文名称。",
    "7. 清空一个单元格 = 删除这个字段 (必填字段不能清空)。只能修改已有的支持标准和联系方式; 增加新的一项请在 YAML 文件中编辑。",
    "8. 改完保存为 .xlsx, 然后运行: policybook import-sheet 文件名.xlsx --dry-run (先看将修改哪些行), "
    "再运行 policybook import-sheet 文件名.xlsx 写入。",
    "9. 有任何单元格不合格时, 导入会列出“表格 单元格 (如 C7)、字段、问题和改法”, 并且不修改任何文件; 改正后重新导入即可。",
    "10. 简介、申报条件、材料、流程、政策依据、常见问题等较长的内容不在表格里, 请直接编辑 YAML 文件。",
    "11. 导出表格之后, 如果有同事直接改了同一个字段的 YAML, 导入会提示冲突而不覆盖: 请重新导出后再改。",
]

VOCABS = [("层级 (level)", LEVELS), ("类别 (category)", CATEGORIES), ("支持方式 (support_type)", SUPPORT_TYPES),
          ("申报主体 (applicants)", APPLICANT_TYPES), ("适用行业 (industries)", INDUSTRIES),
          ("申报方式 (window.mode)", WINDOW_MODES), ("金额单位 (unit)", AMOUNT_UNITS)]


def write_guide(sheet: Worksheet, columns: list[Column]) -> None:
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 24
    sheet.column_dimensions["C"].width = 90
    for line in STEPS:
        sheet.append([line])
        sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=3)
        sheet.cell(sheet.max_row, 1).alignment = Alignment(wrap_text=True, vertical="top")
        sheet.row_dimensions[sheet.max_row].height = 32
    sheet.cell(1, 1).font = Font(bold=True, size=14)
    sheet.append([])
    sheet.append(["可选值", "英文编号", "中文名称"])
    _bold(sheet)
    for name, vocab in VOCABS:
        for key, label in vocab.labels.items():
            sheet.append([name, key, label])
    sheet.append([])
    sheet.append(["列", "字段", "内容"])
    _bold(sheet)
    kinds = {"id": "编号, 只读", "text": "一行文字", "list": "列表, 用“、”分隔", "enum-list": "可选值列表, 用“、”分隔",
             "enum": "可选值之一", "date": "日期", "number": "数字", "bool": "是 或 否"}
    for column in columns:
        sheet.append([column.label, column.path, kinds[column.kind]])


def _bold(sheet: Worksheet) -> None:
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
