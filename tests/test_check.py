"""``policybook check`` and ``policybook new``: every check with a fixture file and its message."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from policybook.cli import main
from policybook.cli.check import check

HERE = Path(__file__).parent
BASIC = HERE / "roots" / "test-basic"
FIXTURES = HERE / "fixtures" / "check"

EXPECTED = {
    "enum": ["source/programs/enum.yaml:3:8: level: 未知的取值 'city' (unknown level) 提示: 是否想写 'county'? 可选: national, provincial, municipal, county"],
    "unknown-key": [
        "source/programs/unknown-key.yaml:1:1: summary: 缺少必填字段 'summary' (事项简介) (required field missing)",
        "source/programs/unknown-key.yaml:8:1: sumary: 未知字段 'sumary' (unknown key) 提示: 是否想写 'summary'?",
    ],
    "duplicate-key": ["source/programs/duplicate-key.yaml:5:1: category: 字段 'category' 重复出现 (第一次在第 4 行) (duplicate key) 提示: 删除其中一个, 或合并两处内容"],
    "duplicate-id": ["source/programs/ip-pledge.yaml:1:5: id: 编号 'ip-pledge' 重复: source/programs/archive/ip-pledge.yaml 已使用同一个编号 (duplicate id) 提示: 每个编号只能用一次; 给本文件换一个没有用过的编号, 如 ip-pledge-2 (同时把文件改名为 ip-pledge-2.yaml)"],
    "id-filename": ["source/programs/id-filename.yaml:1:5: id: 编号 'ip-pledge-2' 与文件名 'id-filename' 不一致 (id does not match file name) 提示: 把文件改名为 ip-pledge-2.yaml, 或把 id 改为 id-filename"],
    "dangling-program": ["source/programs/dangling-program.yaml:31:11: related[0]: 未找到编号为 'ip-pledges' 的申报事项 (unknown program id) 提示: 是否想写 'ip-pledge'?"],
    "dangling-policy": ["source/programs/dangling-policy.yaml:27:9: basis[0]: 未找到编号为 'ip-measure' 的政策文件 (unknown policy id) 提示: 是否想写 'ip-measures'?"],
    "dangling-clause": ["source/programs/dangling-clause.yaml:27:9: basis[0]: 政策 'ip-measures' 中没有第九条 (unknown clause) 提示: 已有: 第一条, 第二条, 第三条; 条款须是以 '第N条' 开头的标题或段落"],
    "dangling-form": ["source/programs/dangling-form.yaml:23:11: materials[0].form: 找不到表格文件 'loan-form.docx' (form file not found) 提示: 把文件放到 source/forms/ 目录下, 并确认文件名大小写一致"],
    "date-order": ["source/programs/date-order.yaml:28:10: window.close: 截止日期 2026-04-01 早于开始日期 2026-05-01 (close date before open date) 提示: 检查年份和月份"],
    "policy-date-order": ["source/policies/hightech-measures.md:8:9: expiry: 失效日期 2024-12-31 早于施行日期 2025-03-01 (expiry before effective date)"],
    "inactive-policy": ["source/programs/inactive-policy.yaml:27:9: basis[0]: 引用了已废止（2025年2月1日起）的政策 'old-ip-measures' (cites a policy that is repealed) 提示: 改为引用替代它的政策 'ip-measures'"],
    "unsafe-link": [
        "source/programs/unsafe-link.yaml:8:19: summary: 不安全的链接 'javascript:alert(1)' (unsafe link scheme) 提示: 只允许 http、https、mailto 和 tel 链接",
        "source/programs/unsafe-link.yaml:33:10: links[0].url: 不安全或无效的链接 'javascript:alert(2)' (unsafe or invalid URL) 提示: 只允许 http、https、mailto 和 tel 链接",
    ],
    "gbk": ["source/programs/gbk.yaml:2: 文件不是 UTF-8 编码 (file is not valid UTF-8) 提示: 文件看起来是 GBK/GB18030 编码; 请用 UTF-8 编码重新保存。记事本: 文件 → 另存为 → 下方“编码”选 UTF-8 → 保存; VS Code: 点右下角的编码 (如 GBK) → 通过编码保存 → UTF-8"],
    "tabs": ["source/programs/tabs.yaml:12:1: 缩进中使用了 Tab 字符 (tab used for indentation) 提示: YAML 只能用空格缩进; 请把 Tab 换成两个空格"],
    # a manual rule that the questionnaire could decide (issue 18): a notice, located at its text
    "manual-fact": ["source/programs/manual-fact.yaml:18:13: eligibility.rules[0].text: 人工审核的条件 “已取得科技型中小企业入库登记编号” 涉及问卷已经询问的 “已取得的企业资质” (certifications) (manual rule names a questionnaire fact) 提示: 改写成 fact: certifications 的规则 (几个条件满足其一时用 op: any), 把判断不了的部分留作 op: manual; 否则填写了相反答案的企业仍会看到“符合”"],
    # funding formulas (预计可享) and op: any conditions
    "formula": [
        "source/programs/formula.yaml:17:15: funding.items[0].clause: 政策 'ip-measures' 中没有第九条 (unknown clause) 提示: 已有: 第一条, 第二条, 第三条; 条款须是以 '第N条' 开头的标题或段落",
        "source/programs/formula.yaml:19:13: funding.items[1].rate: 'employees' (人) 不是金额, 不能按比例计算 (rate of a non-money fact) 提示: 按件数计算时写 amount (每件金额)",
        "source/programs/formula.yaml:24:7: funding.items[2].clause: 按企业情况计算的支持标准要写依据条款 clause (formula needs a clause) 提示: 写成 政策编号#条号, 如 county-sci-measures#4",
        "source/programs/formula.yaml:36:15: eligibility.rules[0].any[1].op: 判断项 'ip_count' 不能用运算符 'has' (operator not valid for this fact) 提示: 可选: ge, gt, le, lt, eq, ne",
    ],
    "guide-reference": [
        "docs/guide.md:3:4: {program}`patent-grnt`: 未找到编号为 'patent-grnt' 的申报事项 (unknown program id) 提示: 是否想写 'patent-grant'?",
        "docs/guide.md:4:1: {policy}`ip-measures 第十条`: 政策 'ip-measures' 中没有第十条 (unknown clause) 提示: 已有: 第一条, 第二条, 第三条; 条款须是以 '第N条' 开头的标题或段落",
    ],
}


def project_with(tmp_path: Path, *fixtures: str) -> Path:
    root = tmp_path / "project"
    shutil.copytree(BASIC, root)
    for name in fixtures:
        shutil.copytree(FIXTURES / name, root, dirs_exist_ok=True)
    return root


def test_every_fixture_has_an_expectation():
    assert sorted(p.name for p in FIXTURES.iterdir()) == sorted(EXPECTED)


def test_clean_project_passes(tmp_path, capsys):
    assert main(["--root", str(project_with(tmp_path)), "check"]) == 0
    assert "没有发现问题" in capsys.readouterr().err


@pytest.mark.parametrize("fixture", sorted(EXPECTED))
def test_each_check_reports_its_exact_message(tmp_path, fixture):
    report = check(project_with(tmp_path, fixture))
    assert [str(p) for p in report.problems] == EXPECTED[fixture]


def test_ten_planted_mistakes_are_all_reported_at_once(tmp_path, capsys):
    planted = ["enum", "unknown-key", "duplicate-key", "id-filename", "dangling-program", "dangling-clause",
               "dangling-form", "date-order", "inactive-policy", "tabs"]
    root = project_with(tmp_path, *planted)
    assert main(["--root", str(root), "check"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert sorted(out) == sorted(line for name in planted for line in EXPECTED[name])
    assert len({line.split(":")[0] for line in out}) == 10


def test_json_format_for_ci_annotations(tmp_path, capsys):
    root = project_with(tmp_path, "enum")
    assert main(["--root", str(root), "check", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False and data["programs"] == 5
    assert data["problems"] == [{
        "file": "source/programs/enum.yaml", "line": 3, "column": 8, "field": "level", "code": "enum",
        "message": "未知的取值 'city'", "gloss": "unknown level",
        "hint": "是否想写 'county'? 可选: national, provincial, municipal, county", "severity": "error"}]


def test_bundled_content_passes(monkeypatch):
    monkeypatch.setenv("POLICYBOOK_DATE", "2026-11-21")  # the date the sample content is written for
    report = check(HERE.parent)
    assert [str(p) for p in report.problems if not p.notice] == []
    # history told in prose (a guide, an FAQ) may link the repealed 2021 measures: notices
    assert {p.code for p in report.problems if p.notice} <= {"inactive-policy"}
    assert report.programs >= 8 and report.policies >= 4
