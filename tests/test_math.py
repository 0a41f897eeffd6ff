"""Formulas are MathML written at build time: no MathJax, no script, nothing from another site.

Sphinx's default renderer put a MathJax ``<script>`` from a public CDN on every page with a
formula (blocked by the site's CSP, loaded from a third party where no CSP is sent, unreliable
from Chinese networks). ``pages/mathml.py`` converts TeX with latex2mathml instead; a formula
it cannot convert is a located problem and shows as its TeX source. The hostile formulas of
the test root are checked in ``test_escaping.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx_helpers import Site

from policybook.pages.mathml import MathError, to_mathml

BAD = """# 补助金额的计算

行内 {math}`\\left( x` 与 {math}`\\fracc{a}{b}`, 好的 {math}`a^2`。

```{math}
a_{
```
"""


def plain(warnings: str) -> list[str]:
    return [line.split("/src/", 1)[-1] for line in re.sub(r"\x1b\[[0-9;]*m", "", warnings).splitlines() if line]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    result = Site(tmp_path_factory.mktemp("math"), "test-math").build()
    assert plain(result.warnings) == []
    return result


def test_formulas_are_mathml(built):
    page = built.html("docs/formulas")
    inline = page.select("p span.math > math")
    assert len(inline) == 1 and inline[0]["display"] == "inline"
    assert "min" in inline[0].get_text() and "×" in inline[0].get_text()
    assert "$I$" in page.get_text()  # dollarmath is off: a dollar is a dollar
    numbered = page.select_one("div.math#equation-subsidy")
    assert numbered.select_one("span.eqno").get_text().startswith("(1)")
    assert [m["display"] for m in numbered.select("math")] == ["block"]
    assert numbered.select_one("munderover mo").get_text() == "∑" and numbered.select_one("mfrac")
    assert page.select_one("p a.reference.internal[href=\"#equation-subsidy\"]").get_text() == "(1)"
    # equations separated by a blank line are one <math> each, stacked in one scrolling box
    [pair] = [div for div in page.select("div.math") if div is not numbered]
    assert len(pair.select(".pb-equations > math[display=block]")) == 2 and pair.select_one("msqrt")


def test_no_page_loads_mathjax_or_any_script_from_elsewhere(built):
    out = Path(built.app.outdir)
    pages = sorted(out.rglob("*.html"))
    assert len(pages) >= 3
    for path in pages:
        html = path.read_text("utf-8")
        assert "mathjax" not in html.lower(), path
        for script in BeautifulSoup(html, "html.parser").find_all("script"):
            src = script.get("src", "")
            assert not re.match(r"(?i)\s*([a-z][a-z0-9+.-]*:|//)", src), (path, src)
            assert src or script.get("type") == "application/ld+json", (path, str(script)[:80])
    assert not list(out.rglob("*mathjax*")) and not list(out.rglob("tex-*.js"))


def test_the_formula_stylesheet_comes_only_with_formulas(built):
    out = Path(built.app.outdir)

    def stylesheets(page: str) -> list[str]:
        """The stylesheets a page loads; a bundle (pages/weight.py) by the parts its first line names."""
        found = []
        for link in built.html(page).select('link[rel="stylesheet"]'):
            href = link["href"].split("?", 1)[0]
            if "pb-bundle-" in href:
                first = (out / "_static" / Path(href).name).read_text("utf-8").splitlines()[0]
                found += re.match(r"/\* pb-bundle: (.*?) \*/", first)[1].split()
            else:
                found.append(href)
        return found

    assert any("pb-math.css" in href for href in stylesheets("docs/formulas"))
    assert not any("pb-math.css" in href for href in stylesheets("index"))
    assert (Path(built.app.outdir) / "_static" / "pb-math.css").is_file()


def test_a_bad_formula_is_a_located_problem_and_shows_as_tex(tmp_path):
    site = Site(tmp_path, "test-math")
    site.write("docs/formulas.md", BAD)
    result = site.build()
    warnings = plain(result.warnings)
    assert warnings == [
        "docs/formulas.md:3: WARNING: 数学公式无法转换: \\left 没有对应的 \\right (公式: \\left( x) "
        "(TeX math not converted to MathML: \\left without a matching \\right) 提示: 检查花括号 { } 是否成对、"
        "\\begin 与 \\end 是否对应、命令是否拼错; 改好之前, 页面按原文显示这个公式 [policybook.math]",
        "docs/formulas.md:3: WARNING: 数学公式无法转换: 未知的命令 \\fracc (公式: \\fracc{a}{b}) "
        "(TeX math not converted to MathML: unknown command \\fracc) 提示: 检查花括号 { } 是否成对、"
        "\\begin 与 \\end 是否对应、命令是否拼错; 改好之前, 页面按原文显示这个公式 [policybook.math]",
        "docs/formulas.md:5: WARNING: 数学公式无法转换: ^ 或 _ 后面缺少内容 (公式: a_{) "
        "(TeX math not converted to MathML: nothing after ^ or _) 提示: 检查花括号 { } 是否成对、"
        "\\begin 与 \\end 是否对应、命令是否拼错; 改好之前, 页面按原文显示这个公式 [policybook.math]",
    ]
    assert "Traceback" not in result.app.status.getvalue() + result.warnings
    page = result.html("docs/formulas")
    assert [code.get_text() for code in page.select("span.math > code.pb-math-source")] == ["\\left( x", "\\fracc{a}{b}"]
    assert page.select_one("div.math pre.pb-math-source").get_text() == "a_{"
    assert len(page.select("span.math > math")) == 1  # the good one beside them
    # reported by every build, also one that reads nothing (-W keeps failing until it is fixed)
    again = site.build()
    assert again.read == [] and plain(again.warnings) == warnings


def test_a_bad_formula_in_a_program_field_points_into_the_yaml(tmp_path):
    site = Site(tmp_path)
    site.edit("source/programs/patent-grant.yaml", "  text: 本县企业均可申请。",
              "  text: 本县企业均可申请, 按 {math}`\\frac{1}{2}` 与 {math}`\\sqrt` 计算。")
    result = site.build()
    [warning] = [line for line in plain(result.warnings) if "policybook.math" in line]
    assert warning.startswith("source/programs/patent-grant.yaml:17: WARNING: 数学公式无法转换: 命令缺少内容")
    page = result.html("source/programs/patent-grant")
    assert page.select_one("span.math > math mfrac") and page.select_one("code.pb-math-source").get_text() == "\\sqrt"


def test_a_chosen_renderer_is_kept(tmp_path):
    result = Site(tmp_path, "test-math").build(confoverrides={"html_math_renderer": "policybook"})
    assert result.app.builder.math_renderer_name == "policybook"
    assert Site(tmp_path / "b", "test-math").build().app.builder.math_renderer_name == "policybook"


@pytest.mark.parametrize("tex", [
    r"\frac{a", r"\left( x", r"\begin{matrix} 1", r"a_{", r"x^1^2", r"\sqrt", "{" * 3000, r"\undefinedcommand x",
])
def test_unconvertible_tex_raises_math_error(tex):
    with pytest.raises(MathError) as raised:
        to_mathml(tex)
    chinese, english = raised.value.reason
    assert re.search(r"[\u4e00-\u9fff]", chinese) and english


@pytest.mark.parametrize("tex", [
    r"\text{<script>alert(1)</script>}", r"\text{&lt;b&gt; & \" '}", r"\href{javascript:alert(1)}{x}",
    r"\style{color:red}{x}", r"\class{evil}{x}", r"\color{red\" onclick=\"alert(1)}{x}", r"\operatorname{<i>}",
    r"\mathrm{</math><img src=x onerror=alert(1)>}",
])
def test_mathml_carries_no_markup_links_or_styles(tex):
    try:
        mathml = to_mathml(tex, "block")
    except MathError:
        return
    soup = BeautifulSoup(mathml, "html.parser")
    assert [tag.name for tag in soup.find_all(True) if not tag.name.startswith("m")] == []
    attributes = {name for tag in soup.find_all(True) for name in tag.attrs}
    assert attributes <= {"display", "mathcolor", "mathvariant", "stretchy", "fence", "form", "width"}, attributes
    assert "<script" not in mathml and "<img" not in mathml and "<i>" not in mathml
