"""``policybook export-sheet`` / ``import-sheet``: staff edit programs in Excel, the YAML keeps its shape.

Run on a copy of the sample site, as staff run it: export, edit cells the way Excel saves
them (openpyxl), import. A sheet nobody edited changes no byte; one edited cell changes one
line and ``check`` still passes; a wrong cell is refused with its sheet, cell, field and a
hint, and then no file is written at all.
"""

from __future__ import annotations

import ast
import datetime as dt
import difflib
import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from policybook.cli import main
from policybook.cli.check import check
from policybook.model.codes import CODES
from policybook.sheet.yaml_edit import Document

REPO = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> tuple[Path, Path]:
    """The sample site copied once, and the sheet exported from it."""
    root = tmp_path_factory.mktemp("sheet") / "site"
    root.mkdir()
    shutil.copytree(REPO / "source", root / "source")
    shutil.copy(REPO / "conf.py", root / "conf.py")
    sheet = root.parent / "事项.xlsx"
    assert main(["--root", str(root), "export-sheet", str(sheet)]) == 0
    return root, sheet


@pytest.fixture
def site(exported, tmp_path) -> tuple[Path, Path]:
    """A fresh copy of the exported site and its sheet, for one test to edit."""
    root, sheet = exported
    copy = tmp_path / "site"
    shutil.copytree(root, copy)
    shutil.copy(sheet, tmp_path / "事项.xlsx")
    return copy, tmp_path / "事项.xlsx"


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "source").rglob("*")) if p.is_file()}


def programs(root: Path) -> list[Path]:
    return sorted((root / "source" / "programs").glob("*.yaml"))


class Cells:
    """The 事项 sheet opened as Excel would save it: cells by program id and field path."""

    def __init__(self, path: Path):
        self.path = path
        self.book = load_workbook(path)
        self.sheet = self.book["事项"]
        self.columns = {re.search(r"\(([^()]*)\)$", str(c.value))[1]: c.column for c in self.sheet[1]}
        self.rows = {self.sheet.cell(r, 1).value: r for r in range(2, self.sheet.max_row + 1)}

    def address(self, program: str, field: str) -> str:
        return f"{get_column_letter(self.columns[field])}{self.rows[program]}"

    def __getitem__(self, key: tuple[str, str]):
        return self.sheet[self.address(*key)].value

    def __setitem__(self, key: tuple[str, str], value) -> None:
        self.sheet[self.address(*key)].value = value

    def save(self) -> None:
        self.book.save(self.path)


def run(root: Path, capsys, *args: str) -> tuple[int, str, str]:
    code = main(["--root", str(root), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def changed_lines(before: bytes, after: bytes) -> list[str]:
    diff = difflib.unified_diff(before.decode().splitlines(), after.decode().splitlines(), n=0, lineterm="")
    return [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_the_sheet_has_a_row_per_program_chinese_headers_and_real_dates(exported):
    root, path = exported
    cells = Cells(path)
    assert set(cells.rows) == {p.stem for p in programs(root)}
    headers = [c.value for c in cells.sheet[1]]
    assert headers[:3] == ["编号·只读 (id)", "事项名称 (title)", "别名和简称 (aliases)"]
    assert {"截止日期 (window.close)", "最后核对日期 (reviewed)", "支持标准 1·定额 (funding.items[0].amount)",
            "联系方式 1·电话 (contacts[0].phone)"} <= set(headers)
    assert cells.sheet.freeze_panes == "B2"
    assert isinstance(cells["academician-workstation", "reviewed"], dt.datetime)
    assert cells["academician-workstation", "funding.items[0].amount"] == 30
    assert cells["academician-workstation", "aliases"] == "院士工作站、院士站、院士专家工作站"
    assert cells["academician-workstation", "level"] == "county"
    assert "说明" in cells.book.sheetnames
    guide = "\n".join(str(row[0]) for row in cells.book["说明"].iter_rows(values_only=True) if row[0])
    assert "import-sheet" in guide and "顿号" in guide


def test_every_sample_program_survives_the_yaml_round_trip_byte_for_byte():
    for path in programs(REPO):
        data = path.read_bytes()
        document = Document(data)
        assert document.faithful, path.name
        assert document.text() == data, path.name


def test_importing_an_unedited_sheet_changes_no_byte(site, capsys):
    root, path = site
    before = snapshot(root)
    Cells(path).save()  # saved again, as Excel or WPS would
    code, out, err = run(root, capsys, "import-sheet", str(path))
    assert code == 0, out + err
    assert "没有需要修改的内容" in err
    assert snapshot(root) == before


def test_one_edited_cell_changes_one_line_and_check_passes(site, capsys):
    root, path = site
    errors_before = [p for p in check(root).problems if not p.notice]
    scheduled = next(p.stem for p in programs(root) if re.search(r"^  close: \d{4}-\d\d-\d\d$", p.read_text("utf-8"), re.M))
    cells = Cells(path)
    new_close = cells[scheduled, "window.close"] + dt.timedelta(days=3)
    cells[scheduled, "window.close"] = new_close
    cells["academician-workstation", "title"] = "院士工作站建站和运行资助"
    cells.save()
    before = snapshot(root)

    code, out, err = run(root, capsys, "import-sheet", str(path), "--dry-run")
    assert code == 0, out + err
    assert snapshot(root) == before
    assert "+title: 院士工作站建站和运行资助" in out and "dry run" in err

    code, out, err = run(root, capsys, "import-sheet", str(path))
    assert code == 0, out + err
    after = snapshot(root)
    changed = {name for name in after if after[name] != before[name]}
    assert changed == {f"source/programs/{scheduled}.yaml", "source/programs/academician-workstation.yaml"}
    assert changed_lines(before[f"source/programs/{scheduled}.yaml"], after[f"source/programs/{scheduled}.yaml"])[1] \
        == f"+  close: {new_close.date().isoformat()}"
    assert changed_lines(before["source/programs/academician-workstation.yaml"],
                         after["source/programs/academician-workstation.yaml"]) == [
        "-title: 院士工作站建站资助", "+title: 院士工作站建站和运行资助"]
    assert f"source/programs/{scheduled}.yaml: 截止日期 (window.close)" in out
    assert [p for p in check(root).problems if not p.notice] == errors_before


def test_invalid_cells_are_refused_with_their_cell_field_and_hint_and_nothing_is_written(site, capsys):
    root, path = site
    cells = Cells(path)
    edits = {
        ("academician-workstation", "reviewed"): ("上周五", "不是日期"),
        ("academician-workstation", "level"): ("town", "未知的取值 'town'"),
        ("academician-workstation", "aliases"): ("院士站，院士工作站", "中文逗号"),
        ("academician-workstation", "applicants"): ("enterprise：team", "全角冒号"),
        ("academician-workstation", "funding.items[0].amount"): ("30万", "应为数字"),
        ("academician-workstation", "window.mode"): ("每年", "未知的取值"),
        ("academician-workstation", "contacts[0].email"): ("rchz at minghu", "格式不正确"),  # the validator's
    }
    for key, (value, _) in edits.items():
        cells[key] = value
    cells.save()
    before = snapshot(root)
    code, out, err = run(root, capsys, "import-sheet", str(path))
    assert code == 1
    assert snapshot(root) == before
    assert "没有修改任何文件" in err
    lines = out.splitlines()
    for (program, field), (_, message) in edits.items():
        where = f"表格“事项”单元格 {cells.address(program, field)} [{program} "
        found = [line for line in lines if line.startswith(where) and f"({field})" in line]
        assert found and message in found[0] and "提示: " in found[0], (field, out)
    assert len(lines) == len(edits)


def test_comments_key_order_and_quoting_survive_an_edit(exported, tmp_path, capsys):
    source_root, _ = exported
    root = tmp_path / "site"
    shutil.copytree(source_root, root)
    program = root / "source/programs/academician-workstation.yaml"
    text = program.read_text("utf-8").replace("title: 院士工作站建站资助\n", "# 名称与省里的文件一致\ntitle: '院士工作站建站资助'  # 不要改\n")
    program.write_text(text, "utf-8")
    path = tmp_path / "表.xlsx"
    assert run(root, capsys, "export-sheet", str(path))[0] == 0
    cells = Cells(path)
    cells["academician-workstation", "title"] = "院士工作站资助"
    cells["academician-workstation", "processing_time"] = "受理后约 20 个工作日"
    cells.save()
    code, out, err = run(root, capsys, "import-sheet", str(path))
    assert code == 0, out + err
    after = program.read_text("utf-8")
    changed = changed_lines(text.encode(), after.encode())
    assert changed[0] == "-title: '院士工作站建站资助'  # 不要改"
    assert re.fullmatch(r"\+title: '院士工作站资助' +# 不要改", changed[1])  # the comment keeps its column
    assert changed[2:] == ["-processing_time: 受理后约30个工作日", "+processing_time: 受理后约 20 个工作日"]
    assert "# 名称与省里的文件一致\n" in after
    keys = [line.split(":")[0] for line in after.splitlines() if re.match(r"^[a-z_]+:", line)]
    assert keys == [line.split(":")[0] for line in text.splitlines() if re.match(r"^[a-z_]+:", line)]


def test_unknown_added_and_removed_rows_are_refused(site, capsys):
    root, path = site
    cells = Cells(path)
    cells["maker-space", "id"] = "maker-spaces"
    row = cells.sheet.max_row + 1
    cells.sheet.cell(row, cells.columns["title"]).value = "新事项"
    removed = cells.rows["patent-subsidy"]  # rows below it move up one
    cells.sheet.delete_rows(removed)
    cells.save()
    broken = root / "source/programs/tech-incubator.yaml"
    broken.write_text(broken.read_text("utf-8").replace("\ntitle: ", "\ntitle: [", 1), "utf-8")
    before = snapshot(root)
    code, out, err = run(root, capsys, "import-sheet", str(path))
    assert code == 1
    assert snapshot(root) == before
    assert "没有编号为 'maker-spaces' 的事项" in out and "rename-program" in out
    assert f"单元格 A{cells.rows['tech-incubator'] - 1} [tech-incubator 编号 (id)]: " \
           "source/programs/tech-incubator.yaml 现在无法读取" in out
    assert f"单元格 A{row - 1} [编号 (id)]: 这一行没有编号" in out and "policybook new program" in out
    assert "表格中没有事项 patent-subsidy 的一行" in out
    assert "表格中没有事项 maker-space 的一行" in out


def test_a_field_changed_in_yaml_after_the_export_is_not_overwritten(site, capsys):
    root, path = site
    program = root / "source/programs/academician-workstation.yaml"
    program.write_text(program.read_text("utf-8").replace("title: 院士工作站建站资助", "title: 院士工作站资助"), "utf-8")
    cells = Cells(path)
    cells["academician-workstation", "title"] = "院士专家工作站资助"
    cells.save()
    before = snapshot(root)
    code, out, _ = run(root, capsys, "import-sheet", str(path))
    assert code == 1 and snapshot(root) == before
    assert "有人在 YAML 中改了这个字段" in out and "(sheet-conflict)" in out
    cells["academician-workstation", "title"] = "院士工作站建站资助"  # as exported: the YAML's edit stays
    cells.save()
    code, out, err = run(root, capsys, "import-sheet", str(path))
    assert code == 0 and snapshot(root) == before, out + err


def test_every_code_a_refused_cell_names_is_registered():
    positions = {"CellProblem": 2, "CellError": 6, "_error": 5}
    codes = set()
    for path in [*(REPO / "_ext/policybook/sheet").glob("*.py"), REPO / "_ext/policybook/cli/sheet.py"]:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in positions:
                argument = node.args[positions[node.func.id]]
                if isinstance(argument, ast.Constant):
                    codes.add(argument.value)
    assert {"date", "number", "enum", "keyboard", "sheet-conflict", "unknown-program"} <= codes
    assert codes <= set(CODES)
