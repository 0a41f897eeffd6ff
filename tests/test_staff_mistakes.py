"""What staff do wrong, and what they are told: the right place, the right words, one error per cause.

Each case is a mistake made with a Chinese keyboard, a paste from Word, or a file deleted too
early, with the exact message ``policybook check`` and the build both give (test_parity.py holds
the two to the same words for every case of the bad-input corpus).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from sphinx_helpers import ROOTS, Site

from policybook.cli.check import check
from policybook.model.loading import load_program_text
from policybook.validate.files import program_file

PROGRAM = "source/programs/patent-grant.yaml"
TEXT = (ROOTS / "test-basic" / PROGRAM).read_text("utf-8")


def problems_after(old: str, new: str) -> list[str]:
    assert old in TEXT
    return [str(p) for p in load_program_text(TEXT.replace(old, new, 1), PROGRAM).problems]


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("title: 发明专利授权资助", "title：发明专利授权资助",
     "source/programs/patent-grant.yaml:2:6: title: 字段名 'title' 后面是中文 (全角) 冒号 '：', YAML 不认 "
     "(full-width colon after a key) 提示: 把 '：' 改成英文冒号 ':', 冒号后空一格, 如 title: 值 (输入法切换到英文再输入)"),
    ("  summary: 每件", "summary: 每件",
     "source/programs/patent-grant.yaml:12:1: summary: 字段 'summary' 没有缩进, 成了 'funding' 之外的字段 "
     "(mapping values are not allowed in this context) 提示: 在 summary 前面加空格, 与 'funding' 下的其他字段对齐 (通常是两个空格)"),
    ("applicants: [enterprise]", "applicants: [enterprise，individual]",
     "source/programs/patent-grant.yaml:8:24: applicants: 列表中用了中文标点 '，' 分隔各项, YAML 会把它们读成一项 "
     "(Chinese comma in a list) 提示: 各项之间改用英文逗号 ',', 如 [enterprise, individual]; 如果这本来就是一项, 给它加英文引号"),
    ("title: 发明专利授权资助", "title: “发明专利授权资助”",
     "source/programs/patent-grant.yaml:2:8: title: 值两端是中文引号 “…”, 会原样显示在网页上 (curly quotes around a value) "
     "提示: 删除两端的中文引号; 值里有冒号等符号需要引号时, 用英文引号 \"…\""),
    ("  summary: 每件", "\u3000\u3000summary: 每件",
     "source/programs/patent-grant.yaml:12:1: 缩进里有全角空格 (U+3000) (ideographic space in indentation) "
     "提示: 删除全角空格, 只用英文空格缩进 (同一组字段左对齐)"),
])
def test_a_chinese_keyboard_mistake_is_named_where_it_is(old, new, expected):
    assert problems_after(old, new) == [expected]


def test_a_chinese_comma_in_free_text_lists_is_not_silently_one_item():
    [problem] = problems_after("title: 发明专利授权资助\n", "title: 发明专利授权资助\naliases: [专利资助，发明专利]\n")
    assert problem.startswith("source/programs/patent-grant.yaml:3:15: aliases: 列表中用了中文标点 '，'")


def test_full_width_punctuation_inside_prose_is_fine():
    text = TEXT.replace("summary: 对授权发明专利给予资助,", "summary: |\n  申请条件：企业，且“双百计划”入选者\n  对授权发明专利给予资助,")
    loaded = load_program_text(text, PROGRAM)
    assert [str(p) for p in loaded.problems] == []


# --- one cause, one error -----------------------------------------------------------------------

def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(ROOTS / "test-basic", root)
    return root


def cite_everywhere(root: Path, target: str, times: int) -> None:
    for n in range(times):
        (root / f"docs/cites-{n}.md").write_text(f"---\norphan: true\n---\n# 引用 {n}\n\n见 {{policy}}`{target}`。\n", "utf-8")


def test_a_deleted_policy_still_cited_is_one_error_that_says_to_mark_it_repealed(tmp_path):
    root = project(tmp_path)
    cite_everywhere(root, "gone-measures#2", 8)
    report = check(root)
    errors = [p for p in report.problems if not p.notice]
    notices = [p for p in report.problems if p.notice]
    [error] = errors
    assert error.code == "unknown-policy" and "(共 8 处引用)" in error.message
    assert "不要删除它的文件" in error.hint and "validity: repealed" in error.hint and "superseded_by" in error.hint
    assert "等 7 处" in error.hint or error.hint.count("docs/cites-") == 7
    assert len(notices) == 7 and all(n.code == "unknown-policy" for n in notices)
    assert "是否想写" not in error.hint  # never another policy for a missing one


def test_suggestions_are_typos_of_policies_in_force_only(tmp_path):
    root = project(tmp_path)
    cite_everywhere(root, "ip-measure#2", 1)  # one character off ip-measures (in force)
    cite_everywhere_path = root / "docs/cites-old.md"
    cite_everywhere_path.write_text("---\norphan: true\n---\n# 旧\n\n见 {policy}`old-ip-measure`。\n", "utf-8")
    hints = {p.file: p.hint for p in check(root).problems}
    assert hints["docs/cites-0.md"] == "是否想写 'ip-measures'?"
    # old-ip-measures is repealed: not proposed for a missing policy
    assert "old-ip-measures" not in hints["docs/cites-old.md"]


def test_an_unreadable_policy_is_one_error_not_a_cascade(tmp_path):
    root = project(tmp_path)
    policy = root / "source/policies/ip-measures.md"
    policy.write_bytes(policy.read_text("utf-8").encode("gbk"))
    problems = check(root).problems
    assert [(p.file, p.code) for p in problems] == [("source/policies/ip-measures.md", "encoding")]
    assert "记事本" in problems[0].hint and "VS Code" in problems[0].hint


def test_the_id_filename_hint_never_renames_onto_an_existing_file(tmp_path):
    root = project(tmp_path)
    copy = root / "source/programs/patent-grant-2027.yaml"
    copy.write_text((root / PROGRAM).read_text("utf-8"), "utf-8")  # copied, id not changed yet
    [problem] = check(root).problems
    assert problem.code == "id-filename"
    assert problem.hint == "把 id 改为 patent-grant-2027 (source/programs/patent-grant.yaml 已存在, 不能把本文件改成这个名字)"


def test_the_build_says_the_same(tmp_path):
    site = Site(tmp_path)
    cite_everywhere(site.src, "gone-measures#2", 3)
    result = site.build()
    warnings = re.sub(r"\x1b\[[0-9;]*m", "", result.warnings)
    assert warnings.count("WARNING:") == 1 and "(共 3 处引用)" in warnings
    assert re.sub(r"\x1b\[[0-9;]*m", "", result.app.status.getvalue()).count("提示 (不影响发布)") == 2


# --- amounts and windows -------------------------------------------------------------------------

def program_problems(text: str) -> list:
    return program_file(text, PROGRAM, "source/programs/patent-grant").problems


def test_an_amount_without_its_unit_is_caught_against_the_summary():
    [problem] = map(str, program_problems(TEXT.replace("  summary: 每件 5000 元", "  summary: 每件 10 万元")
                                          .replace("amount: 5000", "amount: 10")))
    assert problem == ("source/programs/patent-grant.yaml:12:12: funding.summary: 支持标准明细与概述不一致: "
                       "概述写 10 万元, 明细是 10元 (funding items do not match the summary) 提示: 概述是 10 万元: "
                       "在 funding.items[0] 中写 amount: 10 并加一行 unit: wan (万元)")


def test_an_implausibly_small_amount_is_caught():
    text = TEXT.replace("  summary: 每件 5000 元", "  summary: 按件资助").replace("amount: 5000", "amount: 50")
    [problem] = program_problems(text)
    assert (problem.field, problem.code) == ("funding.items[0].amount", "amount")
    assert "unit: wan" in problem.hint


def test_a_closed_window_with_no_next_one_is_a_notice(tmp_path):
    root = project(tmp_path)
    conf = root / "conf.py"
    conf.write_text(conf.read_text("utf-8").replace('"2026-11-21"', '"2030-01-01"'), "utf-8")
    problems = check(root).problems
    stale = [p for p in problems if p.code == "stale-window"]
    assert stale and all(p.notice and p.field == "window.close" for p in stale)
    assert all("还没有写下一次申报时间" in p.message and "window.expected" in p.hint for p in stale)
