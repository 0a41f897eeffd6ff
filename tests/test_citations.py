"""``policybook where-cited`` and ``replace-policy``: moving every citation to a new policy.

Staff replacing an amended policy used to search the text for its id and retype each
citation (basis, rules, FAQ answers, guides). Run as staff run it (the command line, on a
copy of the test project): every citation found with its place, exactly the cited tokens
rewritten, the rest of each file byte for byte as it was, and the clauses nobody mapped left
for a person with a reason.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from policybook.validate.citations import parse_map

BASIC = Path(__file__).parent / "roots" / "test-basic"


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(BASIC, root)
    old = (root / "source/policies/ip-measures.md").read_text("utf-8")
    new = (old.replace("id: ip-measures", "id: ip-measures-2027").replace("测科发〔2025〕3号", "测科发〔2027〕1号")
           .replace("/2025-00003", "/2026-00041")  # a new document has its own 索引号
           .replace("supersedes: [old-ip-measures]", "supersedes: [ip-measures]")
           .replace("published: 2025-01-10", "published: 2026-10-10"))
    (root / "source/policies/ip-measures-2027.md").write_text(new, "utf-8")
    return root


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "policybook.cli", "--root", str(root), *args],
                          capture_output=True, text=True, timeout=300)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_where_cited_lists_every_citation_with_its_place(project):
    done = run(project, "where-cited", "ip-measures")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "docs/guide.md:3:34: {policy}`ip-measures#2`: 文中引用 ip-measures#2",
        "docs/guide.md:4:6: {policy}`ip-measures 第三条`: 文中引用 ip-measures#3",
        "docs/guide.md:4:37: {policy}`ip-measures`: 文中引用 ip-measures",
        "source/policies/ip-measures-2027.md:13:14: supersedes[0]: 替代关系 ip-measures",
        "source/policies/old-ip-measures.md:11:16: superseded_by: 替代关系 ip-measures",
        "source/programs/ip-pledge.yaml:20:15: eligibility.rules[0].clause: 依据 ip-measures#3",
        "source/programs/ip-pledge.yaml:27:9: basis[0]: 依据 ip-measures#3",
        "source/programs/patent-grant.yaml:10:26: summary: 文中引用 ip-measures#2",
        "source/programs/patent-grant.yaml:23:15: eligibility.rules[0].clause: 依据 ip-measures#1",
        "source/programs/patent-grant.yaml:26:15: eligibility.rules[1].clause: 依据 ip-measures#2",
        "source/programs/patent-grant.yaml:38:9: basis[0]: 依据 ip-measures#2",
    ]
    assert "共 11 处引用 ip-measures" in done.stderr


def test_replace_policy_rewrites_only_the_cited_tokens(project):
    before = snapshot(project)
    done = run(project, "replace-policy", "ip-measures", "ip-measures-2027", "--map", "1:1,2:3")
    after = snapshot(project)
    changed = {path for path in after if after[path] != before.get(path)}
    assert changed == {"docs/guide.md", "source/programs/patent-grant.yaml"}
    for path in changed:
        old_lines = before[path].decode().splitlines(keepends=True)
        new_lines = after[path].decode().splitlines(keepends=True)
        assert len(old_lines) == len(new_lines)
        for old, new in zip(old_lines, new_lines, strict=True):
            if old != new:  # only the cited token differs on a changed line
                assert old.replace("ip-measures#2", "ip-measures-2027#3").replace("ip-measures#1", "ip-measures-2027#1") \
                    .replace("{policy}`ip-measures`", "{policy}`ip-measures-2027`") == new
    guide = after["docs/guide.md"].decode()
    assert "{policy}`ip-measures-2027#3`" in guide and "{policy}`ip-measures 第三条`" in guide  # clause 3: a person
    assert "{policy}`ip-measures-2027`" in guide
    assert "basis: [ip-measures-2027#3]" in after["source/programs/patent-grant.yaml"].decode()
    lines = done.stdout.splitlines()
    assert "source/programs/patent-grant.yaml:38:9: ip-measures#2 → ip-measures-2027#3" in lines
    assert ("source/programs/ip-pledge.yaml:27:9: 需要人工处理 (needs a person): ip-measures#3: "
            "第3条 没有写在 --map 里: 新政策中对应哪一条, 需要人工判断") in lines
    assert any("old-ip-measures.md:11:16: 需要人工处理" in line and "替代关系" in line for line in lines)
    assert "已修改 6 处引用; 5 处需要人工处理" in done.stderr
    assert done.returncode == 0, done.stderr  # nothing else broke: check is clean afterwards


def test_a_chinese_clause_keeps_its_style(project):
    done = run(project, "replace-policy", "ip-measures", "ip-measures-2027", "--map", "1:1,2:2,3:2")
    assert done.returncode == 0, done.stderr
    guide = (project / "docs/guide.md").read_text("utf-8")
    assert "{policy}`ip-measures-2027 第二条`" in guide
    assert "已修改 9 处引用; 2 处需要人工处理" in done.stderr


def test_dry_run_writes_nothing(project):
    before = snapshot(project)
    done = run(project, "replace-policy", "ip-measures", "ip-measures-2027", "--map", "1:1", "--dry-run")
    assert done.returncode == 0
    assert "将修改 2 处引用" in done.stderr and "dry run: 没有写入文件" in done.stderr
    assert snapshot(project) == before


def test_mistakes_are_refused_in_chinese_before_anything_is_written(project):
    before = snapshot(project)
    bad_map = run(project, "replace-policy", "ip-measures", "ip-measures-2027", "--map", "3-2")
    assert bad_map.returncode == 2
    assert "--map: 条款对应写法不对: '3-2'; 写成 旧条号:新条号, 多个用逗号分开, 如 3:2,8:7" in bad_map.stderr
    unknown = run(project, "replace-policy", "ip-measures", "ip-measures-2028", "--map", "1:1")
    assert unknown.returncode == 2 and "没有编号为 'ip-measures-2028' 的政策文件" in unknown.stderr
    assert snapshot(project) == before
    assert run(project, "where-cited", "no-such").returncode == 2


def test_the_map_accepts_what_staff_type():
    assert parse_map("3:2, 8:7，9：7") == {3: 2, 8: 7, 9: 7}  # Chinese comma and colon too
    assert parse_map("") == {}
    with pytest.raises(ValueError, match="旧条号 3 写了两次"):
        parse_map("3:2,3:4")
