"""Bad and hostile input: every file yields a located error or a safely escaped page.

The corpus is ``tests/badinput/`` (its manifest says what each file must give). Each file goes
through three layers, and each layer must reach the manifest's verdict for it:

* the loaders, all files in one child process, each under a time limit and with its peak
  memory measured: a located problem with the expected code, field and line, or none at all;
  never a traceback, a hang or a memory spike;
* ``policybook check`` (and its command line) on a copy of ``tests/roots/test-basic`` holding
  the whole corpus: every error at once, each with its location;
* one Sphinx build of that copy: a located warning for every error, a page for every file (an
  entry is never dropped silently), and nothing active in any page.

Then ``make html`` with many bad files: all reported, a non-zero exit, the last good site kept.
Every layer records a row of the summary table (``tests/badinput/report.py``). Regression tests
for the bugs the corpus found are at the end of this file.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest
from badinput import harness, inert, report
from badinput.harness import PEAK_MB_PER_FILE, SECONDS_PER_FILE, Case

from policybook.cli.check import check
from policybook.model.loading import load_policy_front_matter, load_program

HERE = Path(__file__).parent
BASIC = HERE / "roots" / "test-basic"
REPO = HERE.parent
FILE = "source/programs/patent-grant.yaml"

CASES = harness.load_manifest()
ERROR, SAFE, FAILURE = "located-error", "safe-render", "failure"


def problems_of(text: str | bytes, filename: str = FILE) -> list[str]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return [str(p) for p in load_program(data, filename).problems]


def layer_param(case: Case, layer: str):
    """A test parameter for ``case``; a known gap of ``layer`` makes it a strict expected failure."""
    marks = [pytest.mark.xfail(reason=f"known gap: {case.gaps[layer]}", strict=True)] if layer in case.gaps else []
    return pytest.param(case, id=case.id, marks=marks)


def params(layer: str, kinds=("program", "policy", "guide", "notice")):
    return [layer_param(case, layer) for case in CASES if case.kind in kinds]


@dataclass
class Verdict:
    outcome: str  # ERROR, SAFE or FAILURE
    reason: str = ""


def record(row: str, verdicts: dict[str, Verdict], note: str = "") -> None:
    outcomes = [v.outcome for v in verdicts.values()]
    report.record(row, tried=len(outcomes), errors=outcomes.count(ERROR), safe=outcomes.count(SAFE),
                  failures=outcomes.count(FAILURE), note=note)


def expected_hits(case: Case, problems: list[dict], code: str, fields: bool = True) -> tuple[list[dict], str]:
    """Problems matching the case's code (and field, and line); '' or why none match."""
    hits = [p for p in problems if p["code"] == code and (not fields or not case.field or p["field"] == case.field)]
    if not hits:
        seen = ", ".join(f"{p['code']}@{p['field'] or '-'}:{p['line']}" for p in problems) or "nothing"
        return [], f"expected {code} at {case.field or 'any field'}; got {seen}"
    if case.line and not any(p["line"] == case.line for p in hits):
        return hits, f"expected line {case.line}; got lines {sorted({p['line'] for p in hits})}"
    return hits, ""


def judge(case: Case, problems: list[dict], layer: str, *, code: str = "") -> Verdict:
    """The verdict for ``problems`` (dicts with code, field, line) reported for one case."""
    unlocated = [p for p in problems if not p["line"] or p["line"] < 1]
    if unlocated:
        return Verdict(FAILURE, f"problems without a line: {unlocated}")
    if case.error_in(layer):
        _hits, why = expected_hits(case, problems, code or case.code)
        return Verdict(FAILURE, why) if why else Verdict(ERROR)
    if problems:
        return Verdict(FAILURE, f"expected no problem; got {problems}")
    return Verdict(SAFE)


def test_manifest_describes_every_corpus_file():
    listed = [case.file for case in CASES]
    assert len(listed) == len(set(listed)), "a file is listed twice"
    assert sorted(case.file for case in CASES if not case.generate) == sorted(harness.committed_files())
    assert len(CASES) >= 60
    assert harness.REQUIRED_TOPICS <= {case.topic for case in CASES}
    for case in CASES:
        assert case.expect in ("error", "safe-render") and case.layer in harness.LAYERS, case
        assert bool(case.code) == (case.expect == "error"), case
        assert set(case.gaps) <= {"build", "check"}, case
        assert not case.generate or case.generate in harness.GENERATORS, case


# --- layer 1: the loaders, one child process, time and memory measured -------------------------

@pytest.fixture(scope="module")
def loader_verdicts() -> dict[str, Verdict]:
    results = harness.run_loaders(CASES)
    verdicts = {}
    for case in CASES:
        if case.kind == "guide":
            continue
        result = results.get(case.file)
        if result is None:
            verdicts[case.file] = Verdict(FAILURE, "no result: the child process died before this file")
        elif result.error:
            verdicts[case.file] = Verdict(FAILURE, f"raised:\n{result.error}")
        elif not result.seconds <= SECONDS_PER_FILE:
            verdicts[case.file] = Verdict(FAILURE, f"took {result.seconds:.1f} s")
        elif not result.peak_mb <= PEAK_MB_PER_FILE:
            verdicts[case.file] = Verdict(FAILURE, f"peaked at {result.peak_mb:.0f} MB")
        else:
            verdict = judge(case, result.problems, "file")
            if verdict.outcome == ERROR and result.loaded:
                verdict = Verdict(FAILURE, "problems reported, yet the loader returned data")
            if verdict.outcome == SAFE and not result.loaded:
                verdict = Verdict(FAILURE, "no problem reported, yet no data")
            verdicts[case.file] = verdict
    slowest = max(results.values(), key=lambda r: r.seconds if r.seconds == r.seconds else 0)
    heaviest = max(results.values(), key=lambda r: r.peak_mb if r.peak_mb == r.peak_mb else 0)
    record("corpus-loader", verdicts,
           f"最慢 slowest {slowest.seconds:.1f} s, 内存峰值 peak {heaviest.peak_mb:.0f} MB "
           f"(上限 limits {SECONDS_PER_FILE:.0f} s / {PEAK_MB_PER_FILE} MB)")
    return verdicts


@pytest.mark.parametrize("case", params("file", ("program", "policy", "notice")))
def test_loader(case, loader_verdicts):
    verdict = loader_verdicts[case.file]
    assert verdict.outcome != FAILURE, f"{case.file} ({case.about}): {verdict.reason}"


# --- layer 2: policybook check on the whole corpus at once --------------------------------------

@pytest.fixture(scope="module")
def corpus_project(tmp_path_factory) -> Path:
    return harness.corpus_project(tmp_path_factory.mktemp("corpus-check"), CASES)


@pytest.fixture(scope="module")
def check_verdicts(corpus_project) -> tuple[list[dict], dict[str, Verdict]]:
    problems = [p.as_dict() for p in check(corpus_project).problems]
    by_file = defaultdict(list)
    for problem in problems:
        by_file[problem["file"]].append(problem)
    verdicts = {case.file: judge(case, by_file.get(case.file, []), "project") for case in CASES}
    outside = {f for f in by_file if f not in verdicts}
    for name in outside:
        verdicts[name] = Verdict(FAILURE, f"problems in a file that was fine: {by_file[name]}")
    record("corpus-check", verdicts, f"一次运行报告全部 {len(problems)} 个问题 (all at once)")
    return problems, verdicts


@pytest.mark.parametrize("case", params("check"))
def test_check(case, check_verdicts):
    verdict = check_verdicts[1][case.file]
    assert verdict.outcome != FAILURE, f"{case.file} ({case.about}): {verdict.reason}"


def test_check_reports_nothing_outside_the_corpus(check_verdicts):
    corpus = {case.file for case in CASES}
    assert [p for p in check_verdicts[0] if p["file"] not in corpus] == []


def test_check_command_line_agrees(corpus_project, check_verdicts):
    """``policybook check --format json``: the same problems, and a failing exit status."""
    done = subprocess.run([sys.executable, "-m", "policybook.cli", "--root", str(corpus_project), "check",
                           "--format", "json"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr[-2000:]
    data = json.loads(done.stdout)
    assert data["ok"] is False
    assert data["problems"] == check_verdicts[0]


# --- layer 3: one Sphinx build of the whole corpus ---------------------------------------------

WARNING = re.compile(r"^(?P<path>.+?)(?::(?P<line>\d+))?(?::(?P<column>\d+))?: "
                     r"(?:WARNING|ERROR|CRITICAL): (?P<text>.*?)(?: \[(?P<code>[\w.-]+)\])?$")


# The field a problem names: a YAML field path, or the role as written in Markdown.
FIELD = re.compile(r"^((?:\{[\w:-]+\}`[^`]*`)|[A-Za-z0-9_.\[\]-]+): ")


NOTICE_LINE = re.compile(r"^(?P<path>.+?)(?::(?P<line>\d+))?(?::(?P<column>\d+))?: "
                         r"(?P<kind>提示) \(不影响发布\): (?P<text>.*?)(?: \[(?P<code>[\w.-]+)\])?$")


def parse_warnings(text: str, srcdir: Path, notices: str = "") -> list[dict]:
    """Sphinx's warnings (and, from ``notices``, the build's notices) as dicts: file relative to
    the project, line, code, text. A notice points at another place one reported error affects."""
    plain = lambda out: re.sub(r"\x1b\[[0-9;]*m", "", out).splitlines()  # noqa: E731
    found = []
    for pattern, lines in ((WARNING, plain(text)), (NOTICE_LINE, plain(notices))):
        for line in lines:
            match = pattern.match(line)
            if not match:
                continue
            path = match["path"].removeprefix(str(srcdir) + os.sep)
            code = (match["code"] or "").removeprefix("policybook.")
            field = FIELD.match(match["text"]) if match["code"] and match["code"].startswith("policybook.") else None
            found.append({"file": path, "line": int(match["line"] or 0), "code": code,
                          "field": field[1] if field else "", "text": match["text"],
                          "notice": pattern is NOTICE_LINE})
    return found


def page_of(case: Case, outdir: Path) -> Path:
    return outdir / (case.file.rsplit(".", 1)[0] + ".html")


BASELINES = {"program": "source/programs/patent-grant.html", "policy": "source/policies/ip-measures.html",
             "guide": "docs/guide.html", "notice": "source/policies/ip-measures.html"}


@pytest.fixture(scope="module")
def build_verdicts(tmp_path_factory) -> tuple[list[dict], dict[str, Verdict]]:
    site, result = harness.corpus_build(tmp_path_factory)
    outdir = Path(result.app.outdir)
    warnings = parse_warnings(result.warnings, site.src, result.app.status.getvalue())
    by_file = defaultdict(list)
    for warning in warnings:
        by_file[warning["file"]].append(warning)
    baselines = {kind: (outdir / page).read_text("utf-8") for kind, page in BASELINES.items()}
    verdicts = {}
    for case in CASES:
        mine = by_file.get(case.file, [])
        page = page_of(case, outdir)
        if not case.published:
            verdicts[case.file] = (Verdict(FAILURE, f"a page {page.name} was written") if page.is_file()
                                   else judge(case, mine, "build", code=case.build_code or case.code))
            continue
        if not page.is_file():
            verdicts[case.file] = Verdict(FAILURE, f"no page {page.name}: the entry was dropped")
            continue
        html = page.read_text("utf-8", "replace")
        active = inert.problems(html, baselines[case.kind])
        if active:
            verdicts[case.file] = Verdict(FAILURE, f"active content in the page: {active}")
            continue
        if case.error_in("build"):
            mine = [{**w, "code": w["code"]} for w in mine]
            verdict = judge(case, mine, "build", code=case.build_code or case.code)
        else:
            verdict = judge(case, mine, "build")
            if verdict.outcome == SAFE and case.kind == "program" and "pb-broken" in html:
                verdict = Verdict(FAILURE, "rendered as a broken entry")
        verdicts[case.file] = verdict
    for name in {f for f in by_file if f not in verdicts}:
        verdicts[name] = Verdict(FAILURE, f"warnings for a file that was fine: {by_file[name]}")
    seconds = harness._BUILD["seconds"]
    record("corpus-build", verdicts, f"一次构建 one build, {seconds:.0f} s, 共 {len(warnings)} 条带位置的警告")
    return warnings, verdicts


@pytest.mark.parametrize("case", params("build"))
def test_build(case, build_verdicts):
    verdict = build_verdicts[1][case.file]
    assert verdict.outcome != FAILURE, f"{case.file} ({case.about}): {verdict.reason}"


def test_build_warns_only_about_the_corpus_and_always_with_a_location(build_verdicts):
    corpus = {case.file for case in CASES}
    warnings = build_verdicts[0]
    assert [w for w in warnings if w["file"] not in corpus] == []
    assert [w for w in warnings if not w["line"]] == []


def test_safe_entries_reach_the_shared_export(tmp_path_factory, build_verdicts):
    """Accepted programs are in data/programs.json; broken ones are left out, never silently."""
    site, result = harness.corpus_build(tmp_path_factory)
    exported = {p["id"] for p in json.loads((Path(result.app.outdir) / "data/programs.json")
                                              .read_text("utf-8"))["programs"]}
    for case in CASES:
        stem = Path(case.file).stem
        if case.kind == "program" and case.expect == "safe-render":
            assert stem in exported, case.file
        elif case.kind == "program" and case.error_in("file"):
            assert stem not in exported or stem in ("ip-pledge",), case.file


# --- make html: several bad files at once --------------------------------------------------------

def tree_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def run_make(project: Path) -> subprocess.CompletedProcess:
    venv = Path(sys.executable).parent.parent
    env = {**os.environ, "POLICYBOOK_DATE": "2026-11-21"}
    return subprocess.run(["make", "-C", str(project), "html", f"VENV={venv}", "-o", f"{venv}/.installed"],
                          capture_output=True, text=True, env=env, timeout=600)


def test_make_html_reports_every_bad_file_and_keeps_the_last_good_site(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(BASIC, project)
    shutil.copy(REPO / "Makefile", project / "Makefile")
    first = run_make(project)
    assert first.returncode == 0, first.stderr[-3000:]
    good = tree_digest(project / "_build/html")

    committed = [case for case in CASES if not case.generate]
    bad = [case for case in committed if case.error_in("build") and "build" not in case.gaps]
    harness.install(project, committed)
    failed = run_make(project)
    warnings = parse_warnings(failed.stderr, project, failed.stdout)
    reported = {w["file"] for w in warnings if w["line"] >= 1}
    missing = [case.file for case in bad if case.file not in reported]
    verdicts = {case.file: Verdict(FAILURE if case.file in missing else ERROR) for case in bad}
    record("make-html", verdicts, "退出码非零, _build/html 与上次成功构建逐字节相同 (exit 1, last good site kept)")
    assert failed.returncode != 0
    assert missing == []
    assert "上一次成功构建的网站" in failed.stderr
    assert tree_digest(project / "_build/html") == good
    assert not (project / "_build/next").exists()


# --- regressions -------------------------------------------------------------------------------

def test_a_duplicate_policy_id_keeps_the_first_policys_clauses(tmp_path):
    """An older copy of a policy under another folder replaced the real policy's clauses, so
    every page citing a later article warned '没有第N条' (found by the corpus; fixed in
    policy_page.py, a64b882)."""
    from sphinx_helpers import Site

    site = Site(tmp_path)
    site.write("source/policies/zz/ip-measures.md", (BASIC / "source/policies/ip-measures.md").read_text("utf-8")
               .split("## 第二条")[0])  # an older copy with only the first article
    warnings = parse_warnings(site.build().warnings, site.src)
    assert [(w["file"], w["code"]) for w in warnings] == [("source/policies/zz/ip-measures.md", "duplicate")]


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
        "from policybook.model.loading import load_program\n"
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
