"""``policybook export-sheet FILE.xlsx`` and ``policybook import-sheet FILE.xlsx [--dry-run]``.

Export writes one row per program. Import compares each cell with what was exported, reads
the changed ones (refusing what is not a date, a number, a known code …), writes them into
copies of the YAML texts, and runs the validator ``check`` uses over the project with those
copies in place of the files. Only when no cell is refused and the validator finds nothing
new are the files written; otherwise every problem is listed by sheet, cell and field.
"""

from __future__ import annotations

import difflib
import re
import sys
from pathlib import Path

from openpyxl.utils import column_index_from_string

from ..sheet.cells import to_cell
from ..sheet.columns import columns_for, get, key_order
from ..sheet.plan import CellError, Plan, Program, plan
from ..sheet.workbook import NotAWorkbook, read, write
from ..sheet.yaml_edit import Document


def programs_of(root: Path, reports) -> tuple[dict[str, Program], list[str]]:
    """The programs check found (by id), and the files that could not be read as YAML."""
    programs, unreadable = {}, []
    for report in sorted((r for r in reports if r.kind == "program"), key=lambda r: r.path):
        try:
            document = Document((root / report.path).read_bytes())
        except Exception:  # noqa: BLE001 - any YAML or decoding error: check reports it in detail
            unreadable.append(report.path)
            continue
        program_id = get(document.data, ["id"]) if isinstance(document.data, dict) else None
        if not program_id or str(program_id) in programs:
            unreadable.append(report.path)
            continue
        programs[str(program_id)] = Program(str(program_id), report.path, document)
    return programs, unreadable


def run_export_sheet(root: Path, target: Path) -> int:
    from .check import check

    if target.suffix.lower() != ".xlsx":
        print(f"{target.name}: 请用 .xlsx 作为文件扩展名, 如 事项.xlsx", file=sys.stderr)
        return 2
    if not target.parent.is_dir():
        print(f"文件夹 {target.parent} 不存在; 换一个已有的文件夹, 如 ~/事项.xlsx", file=sys.stderr)
        return 2
    programs, unreadable = programs_of(root, check(root).reports)
    for path in unreadable:
        print(f"{path}: 无法读取 (YAML 有错误或编号重复), 没有导出; 先运行 policybook check 改正", file=sys.stderr)
    columns = columns_for([p.document.data for p in programs.values()])
    rows = [[to_cell(c, get(p.document.data, c.parts)) for c in columns] for p in programs.values()]
    try:
        write(target, columns, rows)
    except OSError as error:
        print(f"{target}: 无法写入 ({error.strerror}); 文件在 Excel 或 WPS 中打开时请先关闭", file=sys.stderr)
        return 2
    print(f"已导出 {len(rows)} 个事项到 {target} (每行一个事项, {len(columns)} 列)。", file=sys.stderr)
    print(f"改完后运行: policybook import-sheet {target.name} --dry-run 查看将修改的内容", file=sys.stderr)
    return 0


def run_import_sheet(root: Path, source: Path, dry_run: bool) -> int:
    from .check import check

    if not source.is_file():
        print(f"找不到文件 {source} (file not found)", file=sys.stderr)
        return 2
    try:
        sheet = read(source)
    except NotAWorkbook:
        print(f"{source.name} 无法作为 Excel 表格 (.xlsx) 打开; 用 WPS 或 Excel “另存为” .xlsx 后再导入", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"{source.name}: 无法读取 ({error.strerror or error}); 文件在 Excel 或 WPS 中打开时请先关闭",
              file=sys.stderr)
        return 2
    except KeyError as missing:
        print(f"{source.name} 中没有名为“{missing.args[0]}”的工作表; 请用 policybook export-sheet 导出的表格",
              file=sys.stderr)
        return 2
    baseline = check(root)
    programs, unreadable = programs_of(root, baseline.reports)
    found = plan(sheet, programs, {Path(path).stem: path for path in unreadable})
    texts = _edited_texts(found)
    if texts:  # the cells that could be read are validated too: every mistake at once
        found.errors += _new_problems(found, baseline.problems, check(root, texts).problems, programs)
    if found.errors:
        return _refuse(found.errors)
    return _write(root, found, texts, programs, dry_run)


def _edited_texts(found: Plan) -> dict[str, bytes]:
    """Each changed file's new content (refusing the cells of a file ruamel cannot keep)."""
    texts = {}
    by_file: dict[str, list] = {}
    for change in found.changes:
        by_file.setdefault(change.program.path, []).append(change)
    for path, changes in by_file.items():
        document = changes[0].program.document
        if not document.faithful:
            found.errors += [CellError(c.cell, c.program.id, c.column.label, c.column.path,
                                       "这个文件的写法无法在保留原样的前提下自动修改",
                                       f"请直接编辑 {path}", "yaml-syntax") for c in changes]
            continue
        for change in changes:
            parts = change.column.parts
            document.set(parts, key_order(parts[:-1]), change.new)
        texts[path] = document.text()
    return texts


def _new_problems(found: Plan, before, after, programs: dict[str, Program]) -> list[CellError]:
    """The validator's problems the edits would bring, each at the cell it concerns."""
    known = {(p.file, p.field, p.code, p.message) for p in before}
    ids = {program.path: program.id for program in programs.values()}
    errors = []
    for problem in after:
        if problem.notice or (problem.file, problem.field, problem.code, problem.message) in known:
            continue
        program_id = ids.get(problem.file, "")
        cell, path = found.cell_of(program_id, problem.field)
        hint = f"{problem.hint} ({problem.location()})" if problem.hint else problem.location()
        errors.append(CellError(cell, program_id, found.labels.get(path, ""), problem.field,
                                problem.message, hint, problem.code))
    return errors


def _position(error: CellError) -> tuple[int, int, str]:
    match = re.fullmatch(r"([A-Z]+)(\d+)", error.cell)
    if not match:
        return (0, 0, error.program)
    return (int(match[2]), column_index_from_string(match[1]), "")


def _refuse(errors: list[CellError]) -> int:
    for error in sorted(errors, key=_position):
        print(error)
    print(f"发现 {len(errors)} 个问题, 没有修改任何文件 (nothing was written)。改正表格后重新导入。", file=sys.stderr)
    return 1


def _write(root: Path, found: Plan, texts: dict[str, bytes], programs: dict[str, Program], dry_run: bool) -> int:
    if not texts:
        print("表格与 YAML 文件一致, 没有需要修改的内容 (nothing to change)。", file=sys.stderr)
        return 0
    fields: dict[str, list[str]] = {}
    for change in found.changes:
        fields.setdefault(change.program.path, []).append(f"{change.column.label} ({change.column.path})")
    for path, text in sorted(texts.items()):
        print(f"{path}: {'、'.join(fields[path])}")
        if dry_run:
            old = (root / path).read_bytes().decode("utf-8-sig").splitlines(keepends=True)
            new = text.decode("utf-8-sig").splitlines(keepends=True)
            sys.stdout.writelines(difflib.unified_diff(old, new, f"a/{path}", f"b/{path}"))
        else:
            (root / path).write_bytes(text)
    verb = "将修改" if dry_run else "已修改"
    print(f"{verb} {len(texts)} 个文件、{len(found.changes)} 个字段" + (" (dry run: 没有写入文件)" if dry_run else
          "; 校验通过 (没有新的问题)。用 git diff 查看, 再提交"), file=sys.stderr)
    return 0
