"""Read MyST Markdown the way MyST does, and note what the checks need to know.

The tokenizer is markdown-it with the plugins MyST enables (front matter, roles, targets,
directives as fenced blocks, and the ``myst_enable_extensions`` of ``conf.py``), so a role in
inline code or in a code block is not a role here either. Directive bodies that MyST parses as
Markdown are scanned too, with their real line numbers. Pure: no Sphinx, no docutils.

What comes out (:class:`Scan`): the roles, directives, links and images used, the explicit
targets ``(name)=``, the clause headings and paragraphs (``第N条``), the toctrees and the
front matter, each with its 1-based line (and column where it can be told).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.rules_block import make_fence_rule
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.field_list import fieldlist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
from mdit_py_plugins.myst_blocks import myst_block_plugin
from mdit_py_plugins.myst_role import myst_role_plugin

from ..model.refs import leading_clause_number, leading_part_number, looks_like_clause

#: Directives whose body is not Markdown (code, data, other syntaxes, our own lists).
LITERAL_BODIES = frozenset({
    "code-block", "code", "sourcecode", "code-cell", "literalinclude", "include", "math", "raw",
    "csv-table", "eval-rst", "toctree", "highlight", "index", "productionlist", "tabularcolumns",
    "mermaid", "graphviz", "parsed-literal", "program-list", "policy-list", "program-calendar", "program-year",
    "program-finder", "eligibility-check", "policybook-fields", "policybook-problems",
    "policybook-settings", "site-map", "content-health",
})
_OPTION = re.compile(r"^:[\w][\w-]*:")
# A link or autolink with a scheme, as written (markdown-it drops javascript: and the like).
_RAW_LINK = re.compile(r"\]\(\s*<?(?P<url>[a-zA-Z][a-zA-Z0-9+.\-]*:[^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*)"
                       r"|<(?P<auto>[a-zA-Z][a-zA-Z0-9+.\-]*:[^<>\s]+)>")
# ".. name:: argument" (or a substitution ".. |x| name::"), then its indented ":option: value" lines
_RST_DIRECTIVE = re.compile(r"^[ \t]*\.\. (?:\|[^|\n]+\| )?([\w:-]+)::(?P<argument>[^\n]*)"
                            r"(?P<options>(?:\n[ \t]+:[\w-]+:[^\n]*)*)", re.MULTILINE)
_RST_OPTION = re.compile(r"\n[ \t]+:([\w-]+):([^\n]*)")
_RST_ROLE = re.compile(r"(?<![\w`]):([\w:+-]+):`([^`]+)`")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)


@dataclass(frozen=True)
class Mark:
    """Something found in the text: a role, directive, link, image or target."""

    kind: str  # role, directive, link, image, target
    name: str  # the role's or directive's name; '' for links and images
    value: str  # the role's content, the directive's argument, the link's target
    line: int  # 1-based, in the file
    column: int = 0  # 1-based; 0 when it cannot be told
    options: tuple[tuple[str, str, int], ...] = ()  # a directive's (name, value, line)


@dataclass(frozen=True)
class Toctree:
    line: int
    entries: tuple[tuple[str, int], ...]  # (target as written, line)
    glob: bool = False


@dataclass
class Scan:
    marks: list[Mark] = field(default_factory=list)
    clauses: list[tuple[int, int]] = field(default_factory=list)  # (number, line), in order
    bad_clauses: list[tuple[str, int]] = field(default_factory=list)  # 第10000条 …: (text, line)
    too_deep: int = 0  # the line where directives nest deeper than MAX_NESTING (0: they do not)
    toctrees: list[Toctree] = field(default_factory=list)
    headings: list[tuple[int, int]] = field(default_factory=list)  # (level, line) of the page itself
    front_matter: str | None = None  # the YAML between the first two '---'
    front_matter_line: int = 0  # line of its first YAML line
    # links markdown-it refuses to make (javascript:, data: …): still mistakes to report
    refused_links: list[tuple[str, int]] = field(default_factory=list)

    def of(self, kind: str) -> list[Mark]:
        return [mark for mark in self.marks if mark.kind == kind]


@lru_cache(maxsize=8)
def parser(extensions: tuple[str, ...] = ()) -> MarkdownIt:
    """markdown-it set up as ``myst_parser.parsers.mdit.create_md_parser`` sets it up."""
    md = (MarkdownIt("commonmark").enable("table").use(front_matter_plugin).use(myst_block_plugin)
          .use(myst_role_plugin).use(footnote_plugin, inline=False, move_to_end=False, always_match_refs=True))
    if "dollarmath" in extensions:
        md.use(dollarmath_plugin)
    if "colon_fence" in extensions:
        md.block.ruler.before("fence", "colon_fence", make_fence_rule(markers=(":",), token_type="colon_fence"),
                              {"alt": ["paragraph", "reference", "blockquote", "list", "footnote_def"]})
    if "deflist" in extensions:
        md.use(deflist_plugin)
    if "fieldlist" in extensions:
        md.use(fieldlist_plugin)
    if "strikethrough" in extensions:
        md.enable("strikethrough")
    return md


def scan(text: str, extensions: tuple[str, ...] = (), line_offset: int = 0, inline: bool = False,
         field: bool = False) -> Scan:
    """Scan ``text`` whose first line is line ``line_offset + 1`` of its file.

    ``inline`` scans one paragraph's worth of text; ``field`` says it is a YAML text field (no
    clauses, toctrees or targets to find there), which may take the quick way (:func:`_plain_scan`).
    """
    quick = _plain_scan(text, line_offset) if field else None
    if quick is not None:
        return quick
    result = Scan()
    _Scanner(result, text.split("\n"), line_offset, extensions).run(text, line_offset, inline)
    return result


# Text with nothing but roles and plain links gives the same marks by its shape alone; the
# tokenizer (slow in pure Python) is needed only where code, HTML, fences, escapes or any other
# bracket could change what a role or link is. Most text fields of a program are this plain.
_PLAIN_ROLE = re.compile(r"\{([\w:+-]+)\}`([^`]+)`")
_PLAIN_LINK = re.compile(r"\[([^\[\]`]*)\]\(([^()\s<>]*)\)")
_NOT_PLAIN = re.compile(r"[\\<>|$]|!\[|`{2,}|~~~|:::|^\s*\[[^\]]*\]:|^(?: {4}|\t)", re.MULTILINE)


def _plain_scan(text: str, line_offset: int) -> Scan | None:
    """The marks of ``text`` without the tokenizer, when its shape leaves no doubt; else None."""
    if _NOT_PLAIN.search(text) or "---" in text[:4]:
        return None
    rest = _PLAIN_LINK.sub("", _PLAIN_ROLE.sub("", text))
    if any(char in rest for char in "`[]{}") or "](" in rest:
        return None  # a backtick, bracket or brace that is not a role or a plain link
    result = Scan()
    lines = text.split("\n")

    def where(start: int, needle: str) -> tuple[int, int]:
        row = text.count("\n", 0, start)
        return line_offset + row + 1, lines[row].find(needle) + 1

    for match in _PLAIN_ROLE.finditer(text):
        written = f"{{{match.group(1)}}}`"
        result.marks.append(Mark("role", match.group(1), match.group(2), *where(match.start(), written)))
    for match in _PLAIN_LINK.finditer(_PLAIN_ROLE.sub(lambda m: " " * len(m.group(0)), text)):
        href = match.group(2)
        if href and not (url_scheme(href) or "").startswith(("javascript", "vbscript", "file", "data")):
            result.marks.append(Mark("link", "", _link_target(href), *where(match.start(), href)))
        elif href:
            result.refused_links.append((href, line_offset + text.count("\n", 0, match.start()) + 1))
    result.marks.sort(key=lambda mark: (mark.line, mark.column))
    return result


MAX_NESTING = 12  # directives inside directives; MyST recurses once per level (150 crashed the build)


class _Scanner:
    def __init__(self, result: Scan, lines: list[str], base: int, extensions: tuple[str, ...]) -> None:
        self.result, self.lines, self.base, self.extensions = result, lines, base, extensions
        self.depth = 0

    def run(self, text: str, offset: int, inline: bool = False) -> None:
        md = parser(self.extensions)
        tokens = md.parseInline(text) if inline else md.parse(text)
        clause_section = None  # heading level of the clause section we are in (第N条 as a heading)
        for index, token in enumerate(tokens):
            line = offset + (token.map[0] + 1 if token.map else 1)
            if token.type == "front_matter" and offset == self.base and self.result.front_matter is None:
                self.result.front_matter = token.content
                self.result.front_matter_line = line + 1
            elif token.type == "myst_target":
                self.result.marks.append(Mark("target", "", token.content.strip(), line))
            elif token.type in ("fence", "colon_fence"):
                self.directive(token, line)
            elif token.type == "inline":
                opener = tokens[index - 1] if index else None
                first_line = token.content.split("\n", 1)[0]
                number = leading_clause_number(first_line)
                if number is None and looks_like_clause(first_line):
                    self.result.bad_clauses.append((first_line[:30], line))
                if opener is not None and opener.type == "heading_open":
                    if number is None:
                        number = leading_part_number(first_line)  # 一、… parts of 若干措施 and 意见
                    level = int(opener.tag[1:])
                    if offset == self.base:
                        self.result.headings.append((level, line))
                    if clause_section is not None and level <= clause_section:
                        clause_section = None  # the clause's section ends at the next heading
                    if number is not None:
                        self.result.clauses.append((number, line))
                        clause_section = level
                elif opener is not None and opener.type == "paragraph_open" and number is not None \
                        and clause_section is None:
                    # A paragraph starting with 第N条 is an article, unless it sits in an article's
                    # own section, where it quotes or continues that article.
                    self.result.clauses.append((number, line))
                self.inline(token, line)

    def inline(self, token, line: int) -> None:
        text = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), token.content)
        for match in _RAW_LINK.finditer(text):
            url = match.group("url") or match.group("auto")
            self.result.refused_links.append((url, line + text.count("\n", 0, match.start())))
        row = line
        for child in token.children or ():
            if child.type in ("softbreak", "hardbreak"):
                row += 1
            elif child.type == "myst_role":
                name = child.meta.get("name", "")
                self.mark("role", name, child.content, row, f"{{{name}}}`")
            elif child.type == "link_open":
                href = _link_target(child.attrGet("href") or "")
                self.mark("link", "", href, row, href)
            elif child.type == "image":
                src = child.attrGet("src") or ""
                self.mark("image", "", src, row, src)

    def mark(self, kind: str, name: str, value: str, line: int, needle: str) -> None:
        self.result.marks.append(Mark(kind, name, value, line, self.column(line, needle)))

    def column(self, line: int, needle: str) -> int:
        """Where ``needle`` starts on ``line`` (1-based), or 0."""
        index = line - self.base - 1
        if 0 <= index < len(self.lines) and needle:
            found = self.lines[index].find(needle)
            if found >= 0:
                return found + 1
        return 0

    def directive(self, token, line: int) -> None:
        info = (token.info or "").strip()
        name, _, argument = info.partition(" ")
        if not (name.startswith("{") and name.endswith("}")):
            return  # a code block
        name, argument = name[1:-1], argument.strip()
        body, skipped, options = _split_options(token.content)
        self.result.marks.append(Mark("directive", name, argument, line, self.column(line, "{" + name + "}"),
                                      tuple((options.line_names[at], value, line + at) for at, value in options.items())))
        body_offset = line + skipped  # the body's first line is line body_offset + 1
        # Paths and URLs in the argument and options: an image's file, a button's or card's link
        if name in ("image", "figure") and argument:
            self.mark("image", "", argument, line, argument)
        elif url_scheme(argument):
            self.mark("link", "", argument, line, argument)
        for option_line, value in options.items():
            if url_scheme(value):
                self.mark("link", "", value, line + option_line, value)
        if name == "toctree":
            self.toctree(body, body_offset, line, "glob" in options)
        elif name == "eval-rst":  # reStructuredText: links, directives and roles by their shape
            for match in _RAW_LINK.finditer(body):
                url = match.group("url") or match.group("auto")
                self.result.refused_links.append((url, body_offset + 1 + body.count("\n", 0, match.start())))
            for match in _RST_DIRECTIVE.finditer(body):
                row = body_offset + 1 + body.count("\n", 0, match.start())
                options = tuple((option.group(1), option.group(2).strip(), row + 1 + number)
                                for number, option in enumerate(_RST_OPTION.finditer(match.group("options") or "")))
                self.result.marks.append(Mark("directive", match.group(1), match.group("argument").strip(), row,
                                              self.column(row, f"{match.group(1)}::"), options))
            for match in _RST_ROLE.finditer(body):
                row = body_offset + 1 + body.count("\n", 0, match.start())
                self.mark("role", match.group(1), match.group(2), row, f":{match.group(1)}:`")
        elif name not in LITERAL_BODIES and body.strip():
            if self.depth >= MAX_NESTING:
                self.result.too_deep = self.result.too_deep or line
                return
            self.depth += 1
            try:
                self.run(body, body_offset)
            finally:
                self.depth -= 1

    def toctree(self, body: str, offset: int, line: int, glob: bool) -> None:
        entries = []
        for number, text in enumerate(body.split("\n"), start=offset + 1):
            entry = text.strip()
            if entry:
                match = re.match(r"^(.*?)\s*<([^<>]+)>$", entry)
                entries.append(((match.group(2) if match else entry).strip(), number))
        self.result.toctrees.append(Toctree(line, tuple(entries), glob))


class _Options(dict):
    """Option values by the line they are on (1-based within the content); ``in`` asks for a name."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self.line_names: dict[int, str] = {}

    def __contains__(self, name: object) -> bool:
        return name in self.names


def _split_options(content: str) -> tuple[str, int, _Options]:
    """(body, lines before it, options) of a directive's content, as MyST reads options:
    a YAML block between '---' lines, or ``:name: value`` lines at the top."""
    lines = content.split("\n")
    options = _Options()
    if lines and lines[0].strip() == "---":
        for end in range(1, len(lines)):
            if lines[end].strip() == "---":
                for number, text in enumerate(lines[1:end], start=2):
                    match = re.match(r"^([\w-]+)\s*:\s*(.*)$", text)
                    if match:
                        options.names.add(match.group(1))
                        options.line_names[number] = match.group(1)
                        options[number] = match.group(2).strip().strip("'\"")
                return "\n".join(lines[end + 1:]), end + 1, options
        return "", len(lines), options
    count = 0
    while count < len(lines) and _OPTION.match(lines[count]):
        _, name, value = lines[count].split(":", 2)
        options.names.add(name)
        options.line_names[count + 1] = name
        options[count + 1] = value.strip()
        count += 1
    return "\n".join(lines[count:]), count, options


# --- roles, targets and links as Sphinx reads them ------------------------------------------------

def _link_target(href: str) -> str:
    """A link's target as written: markdown-it percent-encodes it (申报表.docx), MyST decodes it."""
    return unquote(href) if url_scheme(href) is None else href


_EXPLICIT_TITLE = re.compile(r"^(.+?)\s*(?<!\x00)<(.*?)>$", re.DOTALL)
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
# Browsers drop ASCII tabs and newlines anywhere in a URL and trim controls and spaces around
# it, so "java\tscript:" is still javascript: — read the scheme the way they do.
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]")


def role_target(text: str) -> str:
    """``title <target>`` → target; plain text is the target itself (as Sphinx's ReferenceRole)."""
    match = _EXPLICIT_TITLE.match(text)
    return (match.group(2) if match else text).strip()


def url_scheme(url: str) -> str | None:
    """The scheme of ``url`` in lower case, as a browser reads it; None for a relative URL."""
    match = _SCHEME.match(_URL_NOISE.sub("", url))
    return match.group(1).lower() if match else None
