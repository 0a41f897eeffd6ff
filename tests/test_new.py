"""``policybook new``: a template a staff member can fill in, check and build into a page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from sphinx_helpers import Site

from policybook.cli import main
from policybook.cli.check import check
from policybook.model.schema import PROGRAM

BASIC = Path(__file__).parent / "roots" / "test-basic"

FILLED = {
    "title": "技术合同登记奖励",
    "level": "county",
    "category": "transfer",
    "support_type": "award",
    "summary": "对登记的技术合同给予奖励, 见 {policy}`ip-measures#1`。",
    "funding.summary": "最高 10 万元",
    "funding.items[0].name": "技术合同奖励",
    "funding.items[0].max": "10",
    "funding.items[0].basis": "按技术交易额的 1% 计",
    "eligibility.text": "本县企业均可申请。",
    "eligibility.rules[0].text": "在本县注册登记并纳税",
    "eligibility.rules[0].clause": "ip-measures#1",
    "materials[0].name": "技术合同登记证明",
    "process[0].title": "提交申请",
    "process[0].duration": "5 个工作日",
    "window.open": "2026-11-01",
    "window.close": "2026-12-31",
    "basis[0]": "ip-measures#1",
    "contacts[0].phone": "0123-5550104",
    "reviewed": "2026-11-20",
}


def fill(text: str, values: dict[str, str]) -> str:
    """Fill the template's empty fields in place, keeping its comments (as a person would)."""
    lines = text.split("\n")
    for path, value in values.items():
        key = path.split(".")[-1].split("[")[0] if not path.endswith("]") else None
        for index, line in enumerate(lines):
            stripped = line.strip()
            if key and stripped in (f"{key}:", f"- {key}:") and not line.startswith("#"):
                lines[index] = f"{line} {value}"
                break
            if key is None and stripped == "-":
                lines[index] = f"{line} {value}"
                break
    return "\n".join(lines)


def test_new_program_check_and_build(tmp_path, capsys):
    root = tmp_path / "project"
    shutil.copytree(BASIC, root)
    assert main(["--root", str(root), "new", "program", "tech-contract-award"]) == 0
    path = root / "source/programs/tech-contract-award.yaml"
    template = path.read_text("utf-8")
    assert template.startswith("# yaml-language-server: $schema=../../_ext/policybook/editor/program.schema.json")
    # every field of the schema is explained in the template
    assert {f.name for f in PROGRAM.fields} <= set(yaml.safe_load(template))

    unfilled = [p.field for p in check(root).problems]
    assert {"title", "level", "summary", "reviewed"} <= set(unfilled)

    path.write_text(fill(template, FILLED), "utf-8")
    assert [str(p) for p in check(root).problems] == []

    site = Site.__new__(Site)
    site.src = root
    result = site.build()
    assert result.warnings == ""
    page = result.html("source/programs/tech-contract-award")
    assert page.h1.get_text().startswith("技术合同登记奖励")
    assert "最高 10 万元" in page.get_text()


def test_new_refuses_to_overwrite_and_bad_ids(tmp_path, capsys):
    root = tmp_path / "project"
    shutil.copytree(BASIC, root)
    before = (root / "source/programs/ip-pledge.yaml").read_bytes()
    assert main(["--root", str(root), "new", "program", "ip-pledge"]) == 1
    assert "已存在, 不会覆盖" in capsys.readouterr().err
    assert (root / "source/programs/ip-pledge.yaml").read_bytes() == before
    assert main(["--root", str(root), "new", "program", "Patent_Subsidy"]) == 2
    assert "编号格式不正确" in capsys.readouterr().err


def test_new_policy_and_guide(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(BASIC, root)
    assert main(["--root", str(root), "new", "policy", "county-new-measures"]) == 0
    assert main(["--root", str(root), "new", "guide", "how-to-apply"]) == 0
    policy = (root / "source/policies/county-new-measures.md").read_text("utf-8")
    assert "id: county-new-measures" in policy and "## 第一条" in policy
    assert (root / "source/guides/how-to-apply.md").read_text("utf-8").startswith("# 指南标题")
    fields = {p.field for p in check(root).problems if p.file.endswith("county-new-measures.md")}
    assert {"title", "issuer", "published", "effective"} <= fields


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("kind", ["program", "policy", "guide"])
@pytest.mark.parametrize(("name", "why"), [
    ("../../x", "不能包含路径"),
    ("../escaped", "不能包含路径"),
    ("/tmp/absolute", "不能包含路径"),
    ("a/b", "不能包含路径"),
    ("a\\b", "不能包含路径"),
    ("..", "不能包含路径"),
    ("~user", "不能包含路径"),
    ("x\n", "控制字符"),  # the id pattern's $ matched before a final newline: docs/x\n.md was written
    ("a\tb", "编号格式不正确"),
    ("a\u200bb", "不可见字符"),
    ("ｐａｔｅｎｔ", "全角字符"),
    ("Patent_Subsidy", "编号格式不正确"),
    ("a b", "编号格式不正确"),
    (".hidden", "编号格式不正确"),
    ("a:b", "编号格式不正确"),
    ("", "编号格式不正确"),
    ("con", "Windows 保留的设备名"),
    ("lpt1", "Windows 保留的设备名"),
])
def test_new_refuses_names_that_are_not_plain_file_names(tmp_path, capsys, kind, name, why):
    root = tmp_path / "project"
    shutil.copytree(BASIC, root)
    before = snapshot(tmp_path)
    assert main(["--root", str(root), "new", kind, name]) == 2
    err = capsys.readouterr().err
    assert why in err and "无效" in err and "\n" not in err.rstrip("\n")  # one line, control characters shown
    assert snapshot(tmp_path) == before  # nothing written, inside the project or outside it


def test_new_never_writes_through_a_link_out_of_the_project(tmp_path, capsys):
    root = tmp_path / "project"
    shutil.copytree(BASIC, root)
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / "source/guides").mkdir()
    (root / "source/guides/planted.md").symlink_to(outside / "planted.md")  # a dangling link in the folder
    assert main(["--root", str(root), "new", "guide", "planted"]) == 1
    assert "已存在, 不会覆盖" in capsys.readouterr().err
    shutil.rmtree(root / "source/policies")
    (root / "source/policies").symlink_to(outside, target_is_directory=True)  # the folder is a link
    assert main(["--root", str(root), "new", "policy", "county-new-measures"]) == 2
    assert "指向项目以外的文件夹" in capsys.readouterr().err
    assert list(outside.iterdir()) == []
