"""``policybook import-policy``: a policy from the Word document the bureau received.

The documents are made here with python-docx the way a county bureau's are laid out (GB/T
9704): the authority line, the 文号, the title, the addressees, chapters and 第N条 articles, a
table, the signature and the 成文日期. The command is run as staff run it, and its output is
checked to the line; then ``policybook check`` and a build accept the result.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from sphinx_helpers import Site

from policybook.importing.policy_text import parse_date

BASIC = Path(__file__).parent / "roots" / "test-basic"


def make_measures_docx(path: Path, *, with_date: bool = True) -> None:
    document = docx.Document()
    for text in ("测试县科学技术局文件", "测科发〔2027〕2号"):
        document.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("测试县知识产权资助办法（2027年修订）").alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("各乡镇人民政府，县直各单位：")
    document.add_paragraph("第一章 总则")
    document.add_paragraph("第一条 适用范围 本办法适用于在本县注册登记并纳税的企业。")
    document.add_paragraph("第二条 为鼓励发明创造，对新授权的发明专利给予资助，标准如下：")
    table = document.add_table(rows=3, cols=2)
    for row, (kind, amount) in zip(table.rows, (("类型", "资助金额"), ("发明专利", "每件 5000 元"),
                                                 ("PCT 国际专利", "每件 2 万元 | 不超过 3 件")), strict=True):
        row.cells[0].text, row.cells[1].text = kind, amount
    document.add_paragraph("第二章 附则")
    document.add_paragraph("第三条 本办法自2027年3月1日起施行。")
    document.add_paragraph("测试县科学技术局")
    if with_date:
        document.add_paragraph("二〇二七年二月十日")
    document.save(str(path))


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(BASIC, root)
    return root


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "policybook.cli", "--root", str(root), *args],
                          capture_output=True, text=True, timeout=300)


def test_a_word_policy_becomes_a_policy_file(project, tmp_path):
    source = tmp_path / "测科发〔2027〕2号.docx"
    make_measures_docx(source)
    done = run(project, "import-policy", str(source), "--id", "ip-measures-2027")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["已导入 source/policies/ip-measures-2027.md: 3 条"]
    assert (project / "source/policies/ip-measures-2027.md").read_text("utf-8") == """---
id: ip-measures-2027
title: 测试县知识产权资助办法（2027年修订）
doc_number: 测科发〔2027〕2号
issuer: 测试县科学技术局
level: county
published: 2027-02-10
effective: 2027-03-01
validity: in-force
---

# 测试县知识产权资助办法（2027年修订）

各乡镇人民政府，县直各单位：

## 第一章 总则

### 第一条 适用范围

本办法适用于在本县注册登记并纳税的企业。

### 第二条

为鼓励发明创造，对新授权的发明专利给予资助，标准如下：

| 类型 | 资助金额 |
|---|---|
| 发明专利 | 每件 5000 元 |
| PCT 国际专利 | 每件 2 万元 \\| 不超过 3 件 |

## 第二章 附则

### 第三条

本办法自2027年3月1日起施行。
"""
    assert run(project, "check").returncode == 0  # accepted as it is
    site = Site(tmp_path / "site")
    shutil.copy(project / "source/policies/ip-measures-2027.md", site.src / "source/policies/")
    result = site.build()
    assert "WARNING" not in result.warnings
    page = result.html("source/policies/ip-measures-2027")
    assert [h.get_text(strip=True).rstrip("¶#") for h in page.select("section h3")] == \
        ["第一条 适用范围", "第二条", "第三条"]


def test_what_the_document_lacks_is_a_todo_that_check_points_at(project, tmp_path):
    source = tmp_path / "draft.docx"
    document = docx.Document()
    document.add_paragraph("关于支持企业研发的若干措施")
    document.add_paragraph("一、加大研发投入奖励")
    document.add_paragraph("（一）对研发费用增长的企业，按增量的 10% 给予奖励。")
    document.add_paragraph("二、附则")
    document.add_paragraph("本措施自发布之日起施行。")
    document.save(str(source))
    done = run(project, "import-policy", str(source))  # the id from the file name
    assert done.returncode == 0, done.stderr
    text = (project / "source/policies/draft.md").read_text("utf-8")
    assert "## 一、加大研发投入奖励" in text and "**（一）**对研发费用增长的企业" in text
    assert "issuer: TODO  # TODO: 文档中没有找到, 请填写" in text
    assert ("  请检查: 文件按“一、（一）”编号, 不是“第N条”: 写成二级标题的“## 三、…”可以像条款一样引用 (#3); "
            "整段以“一、”开头的部分是普通段落, 要引用时拆成标题加正文") in done.stdout
    assert "  请检查: doc_number: 文档中没有找到, 已写为 TODO, 请填写 (policybook check 会指出这一行)" in done.stdout
    check = run(project, "check")
    assert check.returncode == 1
    flagged = {line.split(": ", 2)[1].split(":")[0] for line in check.stdout.splitlines() if line.startswith("source/policies/draft.md")}
    assert {"doc_number", "issuer", "level", "published", "effective"} <= flagged
    assert "source/policies/draft.md:4:13: doc_number: 还没有填写 (TODO)" in check.stdout


def test_files_it_cannot_read_are_refused_in_chinese(project, tmp_path):
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    done = run(project, "import-policy", str(pdf), "--id", "x")
    assert done.returncode == 2 and "无法作为 PDF 打开" in done.stderr  # a PDF is read (tests/browser/test_import_pdf.py)
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip")
    done = run(project, "import-policy", str(broken), "--id", "broken")
    assert done.returncode == 2 and "无法作为 Word 文档 (.docx) 打开" in done.stderr
    source = tmp_path / "m.docx"
    make_measures_docx(source)
    assert run(project, "import-policy", str(source), "--id", "ip-measures").returncode == 1  # exists: not overwritten
    assert run(project, "import-policy", str(source), "--id", "../x").returncode == 2
    assert not (project / "source/x.md").exists()


def test_dates_as_documents_write_them():
    assert parse_date("二〇二七年二月十日") == "2027-02-10"
    assert parse_date("2026年12月1日") == "2026-12-01"
    assert parse_date("二〇二六年十二月三十一日") == "2026-12-31"
    assert parse_date("2026年13月1日") is None
