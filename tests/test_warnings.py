"""Mistakes become located warnings (so -W fails the build), never tracebacks or lost pages."""

from __future__ import annotations

import re

from sphinx_helpers import Site


def warning_lines(result) -> list[str]:
    """Warnings as 'relative/path:line: message', colours and temp dirs stripped."""
    plain = re.sub(r"\x1b\[[0-9;]*m", "", result.warnings)
    return [line.split("WARNING: ", 1)[0].rsplit("/src/", 1)[-1] + line.split("WARNING: ", 1)[1]
            for line in plain.splitlines() if "WARNING: " in line]


def test_unknown_ids_and_clauses_warn_with_locations(tmp_path):
    site = Site(tmp_path)
    site.write("docs/guide.md", "# 指南\n\n见 {program}`patent-grnt`。\n\n另见 {policy}`ip-measures#9` 与 {policy}`nope`。\n")
    site.edit("source/programs/patent-grant.yaml", "related: [ip-pledge]", "related: [ip-pledges]")
    result = site.build()
    # the same words, place (line and column) and field as ``policybook check`` gives
    assert sorted(warning_lines(result)) == sorted([
        "docs/guide.md:3:3: {program}`patent-grnt`: 未找到编号为 'patent-grnt' 的申报事项 (unknown program id) "
        "提示: 是否想写 'patent-grant'? [policybook.unknown-program]",
        "docs/guide.md:5:4: {policy}`ip-measures#9`: 政策 'ip-measures' 中没有第九条 (unknown clause) "
        "提示: 已有: 第一条, 第二条, 第三条; 条款须是以 '第N条' 开头的标题或段落 [policybook.unknown-clause]",
        "docs/guide.md:5:30: {policy}`nope`: 未找到编号为 'nope' 的政策文件 (unknown policy id) "
        "提示: 检查编号拼写 (即政策文件名, 不含 .md)。如果这份政策已废止或失效, 不要删除它的文件: 恢复文件, "
        "在开头写 validity: repealed 和 superseded_by: 新政策编号, 引用它的地方会提示改引新政策 [policybook.unknown-policy]",
        "source/programs/patent-grant.yaml:45:11: related[0]: 未找到编号为 'ip-pledges' 的申报事项 (unknown program id) "
        "提示: 是否想写 'ip-pledge'? [policybook.unknown-program]",
    ])
    # the unknown clause still links to the policy itself
    link = result.html("docs/guide").select_one("a[href$='ip-measures.html']")
    assert link.get_text() == "《测试县知识产权资助办法》第九条"


def test_broken_yaml_warns_per_mistake_and_still_makes_a_page(tmp_path):
    site = Site(tmp_path)
    site.edit("source/programs/ip-pledge.yaml", "level: municipal", "level: city")
    site.edit("source/programs/ip-pledge.yaml", "mode: rolling", "mode: always")
    result = site.build()
    assert warning_lines(result) == [
        "source/programs/ip-pledge.yaml:3:8: level: 未知的取值 'city' (unknown level) 提示: 是否想写 'county'? 可选: national, provincial, municipal, county [policybook.enum]",
        "source/programs/ip-pledge.yaml:26:9: window.mode: 未知的取值 'always' (unknown window_mode) 提示: 可选: scheduled, rolling [policybook.enum]",
    ]
    page = result.html("source/programs/ip-pledge")
    assert "本事项的数据有误" in page.get_text()
    assert "window.mode" in page.select_one(".pb-broken").get_text()
    # pages that link to it still build, and do not cascade unknown-id warnings
    assert "ip-pledge (数据有误)" in result.html("source/programs/patent-grant").get_text()


def test_duplicate_ids_warn_naming_both_files(tmp_path):
    site = Site(tmp_path)
    original = (site.src / "source/programs/ip-pledge.yaml").read_text("utf-8")
    site.write("source/programs/archive/ip-pledge.yaml", original)
    result = site.build()
    [line] = warning_lines(result)
    assert line == ("source/programs/ip-pledge.yaml:1:5: id: 编号 'ip-pledge' 重复: "
                    "source/programs/archive/ip-pledge.yaml 已使用同一个编号 (duplicate id) "
                    "提示: 每个编号只能用一次; 给本文件换一个没有用过的编号, 如 ip-pledge-2 "
                    "(同时把文件改名为 ip-pledge-2.yaml) [policybook.duplicate]")


def test_gbk_file_is_a_located_warning_not_a_crash(tmp_path):
    site = Site(tmp_path)
    path = site.src / "source/programs/ip-pledge.yaml"
    path.write_bytes(path.read_text("utf-8").encode("gbk"))
    result = site.build()
    lines = warning_lines(result)
    assert lines[0].startswith("source/programs/ip-pledge.yaml:2: 文件不是 UTF-8 编码 (file is not valid UTF-8) 提示: 文件看起来是 GBK/GB18030 编码")


def test_raw_html_in_text_fields_is_inert(tmp_path):
    site = Site(tmp_path)
    site.edit("source/programs/ip-pledge.yaml", "summary: 按利息的一半给予贴息。",
              "summary: |\n  按利息的一半给予贴息。<script>alert(1)</script>\n\n  <img src=x onerror=alert(2)>")
    result = site.build()
    html = (result.app.outdir / "source/programs/ip-pledge.html").read_text("utf-8")
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
