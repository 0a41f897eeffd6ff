"""Math without MathJax: TeX becomes MathML when the site is built.

Sphinx's default HTML math renderer loads MathJax from a public CDN. The site's CSP
(``script-src 'self'``) blocks it, a host that sends no CSP loads a third-party script on every
page with a formula, and the CDN is slow or unreachable from many Chinese networks. Here
``latex2mathml`` (pure Python) converts each formula while the page is written, and browsers draw
MathML themselves (Chromium 109+, Firefox, Safari): no script, no request to another site.

The library's own string output un-escapes text (``\\text{<b>}`` would become markup) and passes
``\\href``, ``\\style`` and ``\\class`` through as attributes, so its element tree is serialised
here instead: known MathML elements and attributes only, every text and value escaped.

A formula that cannot be converted (``\\left`` without ``\\right``, a misspelt command) is a
located problem, found when the document is read and kept in its report so that every build
reports it, and the page shows the formula's TeX source as code.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from xml.etree.ElementTree import Element

from docutils import nodes

from ..model.problems import Problem
from ..report import source_of, warn

RENDERER = "policybook"
STYLESHEET = "pb-math.css"

#: MathML elements the converter may produce (MathML Core and the common presentation ones).
ELEMENTS = frozenset(
    "math mrow mi mn mo ms mtext mspace msub msup msubsup munder mover munderover mfrac msqrt mroot "
    "mstyle mpadded mphantom menclose mtable mtr mtd mlabeledtr merror mmultiscripts mprescripts none".split())
#: Attributes kept; anything else (href, style, class, id, event handlers) is dropped.
ATTRIBUTES = frozenset(
    "display mathvariant mathsize stretchy fence separator form accent accentunder movablelimits largeop "
    "lspace rspace minsize maxsize symmetric width height depth voffset linebreak displaystyle scriptlevel "
    "linethickness notation columnalign columnlines columnspacing rowalign rowlines rowspacing frame "
    "framespacing equalrows equalcolumns mathcolor mathbackground".split())
_COLOUR = re.compile(r"#?[A-Za-z0-9]{1,20}")
_CHAR_REF = re.compile(r"&#x([0-9A-Fa-f]{1,6});")
_COMMAND = re.compile(r"\\[A-Za-z]+")
#: Elements that need a fixed number of children (``\frac{a`` gives a fraction without a denominator).
ARITY = {"mfrac": 2, "mroot": 2, "msub": 2, "msup": 2, "munder": 2, "mover": 2, "msubsup": 3, "munderover": 3}

#: Why a formula failed, by the converter's exception: (Chinese, English).
REASONS = {
    "MissingEndError": ("\\begin{…} 没有对应的 \\end{…}", "\\begin without a matching \\end"),
    "ExtraLeftOrMissingRightError": ("\\left 没有对应的 \\right", "\\left without a matching \\right"),
    "NoAvailableTokensError": ("命令缺少内容 (如 \\sqrt 后没有 {…})", "a command is missing its argument"),
    "MissingSuperScriptOrSubscriptError": ("^ 或 _ 后面缺少内容", "nothing after ^ or _"),
    "DoubleSubscriptsError": ("同一处写了两个下标, 用花括号分组, 如 x_{i_j}", "double subscript"),
    "DoubleSuperscriptsError": ("同一处写了两个上标, 用花括号分组, 如 x^{a^b}", "double superscript"),
    "NumeratorNotFoundError": ("\\frac 缺少分子", "\\frac without a numerator"),
    "DenominatorNotFoundError": ("\\frac 缺少分母", "\\frac without a denominator"),
    "LimitsMustFollowMathOperatorError": ("\\limits 只能写在 \\sum、\\int 等运算符之后",
                                          "\\limits must follow an operator"),
    "RecursionError": ("花括号嵌套过深", "nested too deeply"),
}
HINT = "检查花括号 { } 是否成对、\\begin 与 \\end 是否对应、命令是否拼错; 改好之前, 页面按原文显示这个公式"


class MathError(ValueError):
    """A formula that cannot be shown as MathML: ``reason`` is (Chinese, English)."""

    def __init__(self, reason: tuple[str, str]) -> None:
        super().__init__(reason[1])
        self.reason = reason


@lru_cache(maxsize=1024)
def to_mathml(tex: str, display: str = "inline") -> str:
    """``tex`` as a ``<math>`` element whose every text and attribute is escaped (MathError if
    it cannot be converted, or uses a command the converter does not know)."""
    from latex2mathml.converter import convert_to_element

    try:
        tree = convert_to_element(tex, display=display)
    except Exception as error:  # a third-party parser: any failure of it is a bad formula
        name = type(error).__name__
        raise MathError(REASONS.get(name, ("公式写法无法识别", f"the converter failed ({name})"))) from None
    return _serialise(tree)


def _serialise(element: Element) -> str:
    tag = element.tag
    if tag not in ELEMENTS:
        raise MathError(("公式中有无法显示的结构", f"unsupported MathML element <{tag}>"))
    if tag in ("mi", "mo", "mn") and (command := _COMMAND.fullmatch(element.text or "")):
        raise MathError((f"未知的命令 {command[0]}", f"unknown command {command[0]}"))
    if len(element) != ARITY.get(tag, len(element)):
        raise MathError(("命令缺少内容 (如 \\frac 缺少分母)", f"<{tag}> is missing a part"))
    attributes = "".join(f' {name}="{html.escape(_text(value))}"' for name, value in sorted(element.attrib.items())
                         if name in ATTRIBUTES and _allowed(name, value))
    inner = html.escape(_text(element.text or ""), quote=False) + "".join(
        _serialise(child) + html.escape(_text(child.tail or ""), quote=False) for child in element)
    return f"<{tag}{attributes}>{inner}</{tag}>"


def _allowed(name: str, value: str) -> bool:
    return name not in ("mathcolor", "mathbackground") or bool(_COLOUR.fullmatch(value))


def _text(value: str) -> str:
    """The converter writes symbols as character references (``&#x0003D;``): the characters."""
    def char(match: re.Match) -> str:
        code = int(match[1], 16)
        return chr(code) if code in range(0x20, 0x110000) and not 0xD800 <= code <= 0xDFFF else "\ufffd"
    return _CHAR_REF.sub(char, value)


def equations(node: nodes.math_block) -> list[str]:
    """A math block's equations: Sphinx separates them by blank lines."""
    return [part for part in node.astext().split("\n\n") if part.strip()]


# -- reading: every formula is tried once, so a bad one is a problem of its document -----------

def check_formulas(app, doctree: nodes.document) -> None:
    """``doctree-read``: each formula that does not convert is a located problem in the
    document's report (the build reports every report's problems, every build)."""
    env = app.env
    found = []
    for node in doctree.findall(lambda n: isinstance(n, (nodes.math, nodes.math_block))):
        block = isinstance(node, nodes.math_block)
        for tex in equations(node) if block else [node.astext()]:
            try:
                to_mathml(tex, "block" if block else "inline")
            except MathError as error:
                found.append(_problem(source_of(env, env.docname), _line_of(node), tex, error.reason))
    if not found:
        return
    report = env.domains["policybook"].report_of(env.docname)
    if report is None:
        for problem in found:
            warn(problem)
        return
    report.problems.extend(problem for problem in found if problem not in report.problems)


def _problem(source: str, line: int, tex: str, reason: tuple[str, str]) -> Problem:
    shown = " ".join(tex.split())
    shown = shown if len(shown) <= 60 else shown[:57] + "…"
    return Problem(source, line, 0, "", f"数学公式无法转换: {reason[0]} (公式: {shown})",
                   f"TeX math not converted to MathML: {reason[1]}", HINT, "math")


def _line_of(node: nodes.Node) -> int:
    while node is not None:
        if getattr(node, "line", None):
            return node.line
        node = node.parent
    return 0


# -- writing ---------------------------------------------------------------------------------------

def visit_inline(self, node: nodes.math) -> None:
    tex = node.astext()
    try:
        body = to_mathml(tex, "inline")
    except MathError:  # reported when the document was read
        body = f'<code class="pb-math-source">{html.escape(tex)}</code>'
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate") + body + "</span>")
    raise nodes.SkipNode


def visit_block(self, node: nodes.math_block) -> None:
    from sphinx.locale import _
    from sphinx.util.math import get_node_equation_number

    self.body.append(self.starttag(node, "div", CLASS="math notranslate"))
    if node.get("number"):
        self.body.append(f'<span class="eqno">({html.escape(str(get_node_equation_number(self, node)))})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    parts = []
    for tex in equations(node):
        try:
            parts.append(to_mathml(tex, "block"))
        except MathError:  # reported when the document was read
            parts.append(f'<pre class="pb-math-source">{html.escape(tex)}</pre>')
    self.body.append(f'<div class="pb-equations">{"".join(parts)}</div></div>\n')
    raise nodes.SkipNode


def choose_renderer(app, config) -> None:
    """``config-inited``: ours, unless ``conf.py`` chose another renderer."""
    if not config.html_math_renderer:
        config.html_math_renderer = RENDERER


def add_stylesheet(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """``html-page-context``: the few rules for formulas, on the pages that have one."""
    if context.get("has_maths_elements") and getattr(app.builder, "math_renderer_name", None) == RENDERER:
        app.builder.add_css_file(STYLESHEET)


def setup(app) -> None:
    app.add_html_math_renderer(RENDERER, (visit_inline, None), (visit_block, None))
    app.connect("config-inited", choose_renderer)
    app.connect("doctree-read", check_formulas)
    app.connect("html-page-context", add_stylesheet)
