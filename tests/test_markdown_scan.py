"""The validator reads Markdown as MyST does: marks found by the tokenizer, lines and columns."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from policybook.validate import markdown
from policybook.validate.files import SAFE_SCHEMES

PIECES = st.sampled_from([
    "{program}`patent-subsidy`", "{policy}`county-ip-measures#3`", "{policy}`标题 <x#2>`", "{progam}`x`",
    "[申报表](../forms/申报表.docx)", "[官网](https://kjj.example.cn/a)", "[电话](tel:0123-5550103)",
    "[坏](javascript:alert(1))", "`code {program}`", "``x``", "文字", "企业", " ", "\n", "\n\n", "- ", "1. ",
    "**重点**", "{", "}", "[", "]", "(", ")", "<https://a.cn>", "![图](x.png)", "\\", "    ", "第三条 ",
])


def tokenized(text: str, offset: int) -> markdown.Scan:
    found = markdown.Scan()
    markdown._Scanner(found, text.split("\n"), offset, ()).run(text, offset)
    return found


def unsafe(refused):
    return sorted((url, line) for url, line in refused if markdown.url_scheme(url) not in SAFE_SCHEMES)


@settings(max_examples=400, derandomize=True, database=None, deadline=None)
@given(st.lists(PIECES, max_size=14).map("".join), st.integers(0, 50))
def test_the_quick_scan_of_a_text_field_agrees_with_the_tokenizer(text, offset):
    quick = markdown._plain_scan(text, offset)
    if quick is None:
        return  # not plain enough: the tokenizer reads it
    full = tokenized(text, offset)
    assert quick.marks == [m for m in full.marks if m.kind in ("role", "link")]
    assert unsafe(quick.refused_links) == unsafe(full.refused_links)


def test_roles_in_code_are_not_roles():
    found = markdown.scan("见 `{program}`x`` 与 {program}`y`\n\n```\n{program}`z`\n```\n")
    assert [(m.name, m.value) for m in found.of("role")] == [("program", "y")]


def test_directive_bodies_are_scanned_with_their_own_lines():
    text = "# T\n\n:::{note}\n:class: tip\n\n见 {program}`a`\n:::\n\n```{program-list}\n:category: ip\n```\n"
    found = markdown.scan(text, ("colon_fence",))
    [role] = found.of("role")
    assert (role.value, role.line, role.column) == ("a", 6, 3)
    directives = {m.name: m for m in found.of("directive")}
    assert directives["program-list"].options == (("category", "ip", 10),)


def test_clauses_are_headings_and_paragraphs_but_not_quotes_inside_an_article():
    text = "# 办法\n\n## 第一条 总则\n\n第二条 所称企业…… (quotes the next article inside the first)\n\n## 第二条 对象\n\n" \
           "## 附则\n\n第三条 本办法自发布之日起施行。\n"
    assert markdown.scan(text).clauses == [(1, 3), (2, 7), (3, 11)]


def test_link_targets_are_decoded_as_myst_decodes_them():
    [link] = markdown.scan("下载[申报表](../forms/%E7%94%B3%E6%8A%A5%E8%A1%A8.docx)").of("link")
    assert link.value == "../forms/申报表.docx"
