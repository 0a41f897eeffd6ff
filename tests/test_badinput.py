"""Bad and hostile input: every file yields a located error or a safely escaped page.

Regression tests for the bugs the corpus found are at the end of this file.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from policybook.check import check
from policybook.loading import load_policy_front_matter, load_program

HERE = Path(__file__).parent
BASIC = HERE / "roots" / "test-basic"
FILE = "source/programs/patent-grant.yaml"


def problems_of(text: str | bytes, filename: str = FILE) -> list[str]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return [str(p) for p in load_program(data, filename).problems]


# --- regressions -------------------------------------------------------------------------------

def test_file_level_yaml_problems_have_a_line():
    """Control characters, deep nesting and oversized files point at a line, never at line 0
    (Sphinx reads a location without a line as a document name and reports ``x.yaml.rst``)."""
    [control] = problems_of("id: 中文\ntitle: 标题\nsummary: a\x07b\n")
    assert control.startswith(f"{FILE}:3:11: 文件中有不可见的控制字符 (U+0007)")
    [deep] = problems_of("id: x\nsummary: " + "[" * 50 + "]" * 50 + "\n")
    assert deep.startswith(f"{FILE}:2:50: 结构嵌套过深")
    [indented] = problems_of("a:\n" + "".join(" " * (2 * i) + f"k{i}:\n" for i in range(1, 90)))
    assert indented.startswith(f"{FILE}:82:161: 结构嵌套过深")
    [large] = problems_of(b"a: " + b"x" * 1_100_000)
    assert large.startswith(f"{FILE}:1: 文件过大")


def test_control_characters_from_yaml_escapes_are_refused(valid_program_text):
    """Double-quoted escapes ("\\0", "\\e", "\\x07") survive the reader's check and would reach
    the Atom feeds as invalid XML; a title with a Unicode line separator is not one line."""
    for escape, code in ((r"\0", "U+0000"), (r"\e", "U+001B"), (r"\x9b", "U+009B"), (r"\uFFFE", "U+FFFE")):
        text = valid_program_text.replace("title: 发明专利授权资助", f'title: "发明{escape}专利"')
        assert problems_of(text) == [f"{FILE}:2:8: title: 含有不可见的控制字符 ({code}) (control character)"
                                     " 提示: 删除这个字符; 常见于从网页、Word 或 PDF 复制"]
    text = valid_program_text.replace("title: 发明专利授权资助", 'title: "发明\\L专利"')
    assert problems_of(text) == [f"{FILE}:2:8: title: 此处只能写一行文字 (must be a single line) 提示: 删除换行"]
    summary = next(line for line in valid_program_text.splitlines() if line.startswith("summary:"))
    text = valid_program_text.replace(summary, 'summary: "\\t对\\r\\n授权"')
    assert problems_of(text) == []  # tabs and line breaks stay fine in running text


def test_problems_per_file_are_capped():
    """A megabyte of unknown keys used to yield 90,000 problems (and take 15 s of "did you
    mean" look-ups); now the first hundred are listed and one more says the list is cut.
    (The megabyte itself is in the corpus; 5,000 keys show the cap.)"""
    text = "".join(f"k{i:06d}: v\n" for i in range(5_000))
    problems = list(load_program(text.encode(), FILE).problems)
    assert len(problems) == 101
    assert problems[0].code == "unknown-key" and problems[0].line == 1
    assert problems[-1].code == "too-many-problems"
    assert problems[-1].message == "问题过多, 只列出前 100 个"


POLICY_FRONT_MATTER = ("---\nid: p\ntitle: T\nissuer: I\nlevel: county\npublished: 2025-01-01\n"
                       "effective: 2025-01-01\nvalidity: in-force\n---\n\n# T\n\n")


def test_a_long_policy_document_is_not_refused_for_its_body():
    """The YAML size limit applied to the whole Markdown file, so a 1.2 MB policy with a
    ten-line front matter was refused with a hint about YAML entries."""
    body = "".join(f"## 第{n}条 标题\n\n" + "政策正文。" * 40 + "\n\n" for n in range(1, 2000))
    data = (POLICY_FRONT_MATTER + body).encode()
    assert 1_000_000 < len(data) < 5_000_000
    loaded = load_policy_front_matter(data, "source/policies/p.md")
    assert not loaded.problems and loaded.data["id"] == "p"
    [big] = load_policy_front_matter(data * 5, "source/policies/p.md").problems
    assert (big.code, big.line) == ("too-large", 1) and "政策文件" in big.hint
    huge_front_matter = ("---\nid: p\nsummary: " + "长" * 400_000 + "\n---\n# T\n").encode()
    [yaml_big] = load_policy_front_matter(huge_front_matter, "source/policies/p.md").problems
    assert (yaml_big.code, yaml_big.line) == ("too-large", 1)


def test_supersedes_cycles_are_reported(tmp_path):
    """Only ``superseded_by`` chains were followed: a policy superseding itself, or two
    policies superseding each other, passed the checker."""
    root = tmp_path / "project"
    shutil.copytree(BASIC, root)
    policies = root / "source/policies"
    (policies / "self.md").write_text(POLICY_FRONT_MATTER.replace("id: p", "id: self")
                                      .replace("---\n\n", "supersedes: [self]\n---\n\n", 1), "utf-8")
    for me, other in (("a", "b"), ("b", "a")):
        (policies / f"{me}.md").write_text(POLICY_FRONT_MATTER.replace("id: p", f"id: {me}")
                                           .replace("---\n\n", f"supersedes: [{other}]\n---\n\n", 1), "utf-8")
    found = [str(p) for p in check(root).problems if p.code == "cycle"]
    hint = "(supersession cycle) 提示: 检查 supersedes, 政策不能替代自己, 旧政策也不能再替代新政策"
    assert found == [
        f"source/policies/a.md:9:14: supersedes[0]: 政策替代关系形成循环: a → b → a {hint}",
        f"source/policies/b.md:9:14: supersedes[0]: 政策替代关系形成循环: b → a → b {hint}",
        f"source/policies/self.md:9:14: supersedes[0]: 政策替代关系形成循环: self → self {hint}",
    ]


def test_unclosed_quotes_and_brackets_point_where_they_open():
    """An unclosed quote was reported at the end of the file ("文件意外结束", line 35 of 35)."""
    assert problems_of('id: x\ntitle: "测试\nlevel: county\nsummary: 简介\n') == [
        f"{FILE}:2:8: 引号没有闭合 (while scanning a quoted scalar found unexpected end of stream)"
        " 提示: 检查这一段文字的引号是否成对"]
    [bracket] = problems_of("id: x\napplicants: [enterprise\nlevel: county\n")
    assert bracket.startswith(f"{FILE}:2:13: 方括号 '[' 没有闭合")


def test_block_indicators_nesting_too_deep_do_not_crash_the_process():
    """A 200 KB line of "- - - …" (or "? ? ? …") nests 100,000 levels deep without a single
    bracket or indented line; libyaml's composer then overflowed the C stack and the build or
    ``policybook check`` died of a segmentation fault. Run in a child process: a crash here
    must fail this test, not take pytest down."""
    script = (
        "import sys\n"
        "from policybook.loading import load_program\n"
        "for indicator in ('- ', '? ', '- ? '):\n"
        "    [p] = load_program((indicator * 100_000 + 'x\\n').encode(), 'f.yaml').problems\n"
        "    print(p.code, p.line, p.column)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"exit {done.returncode}: {done.stderr[-500:]}"
    assert done.stdout.split("\n")[:3] == ["too-deep 1 161"] * 3


def test_checker_splits_role_titles_as_sphinx_does(tmp_path):
    """``{program}`<b>x</b> <patent-grant>``` links to '/b> <patent-grant' in the build
    (Sphinx's target starts at the first '<' after the title) but passed the checker, which
    took the last '<…>': the two tools disagreed about the same line."""
    root = tmp_path / "project"
    shutil.copytree(BASIC, root)
    guide = root / "docs" / "guide.md"
    guide.write_text("# 指南\n\n见 {program}`<b>x</b> <patent-grant>` 和 {program}`专利 <patent-grant>`。\n", "utf-8")
    assert [str(p) for p in check(root).problems] == [
        "docs/guide.md:3:3: {program}`<b>x</b> <patent-grant>`: 未找到编号为 '/b> <patent-grant' 的申报事项"
        " (unknown program id) 提示: 是否想写 'patent-grant'?"]


def test_emails_that_would_break_the_mailto_link_are_refused(valid_program_text):
    """The email pattern only asked for an '@' and a dot, so '"><script>…</script>@evil.example'
    passed and became an invalid mailto: href (the Nu HTML Checker's error on the hostile build)."""
    contact = "  - name: 知识产权科\n"
    for email in ('"><script>alert(1)</script>@evil.example', "a b@example.cn", "a@b@example.cn", "kjj@例子.中国"):
        text = valid_program_text.replace(contact, f"{contact}    email: '{email}'\n")
        [problem] = problems_of(text)
        assert problem.split(": ")[1:3] == ["contacts[0].email", "格式不正确 (must match [A-Za-z0-9._%+\\-]+@"
                                            "[A-Za-z0-9\\-]+(\\.[A-Za-z0-9\\-]+)+) 提示"], problem
    text = valid_program_text.replace(contact, f"{contact}    email: kjj.ip+apply@minghu-county.example.gov.cn\n")
    assert problems_of(text) == []
