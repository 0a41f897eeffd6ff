"""One file at a time: what it declares, what it refers to, and what is wrong with it alone.

Each ``*_file`` function takes a file's text and returns a :class:`FileReport`; the build
(reading the text Sphinx hands it) and ``policybook check`` (reading the file from disk) call
the same function, so a file means the same thing to both. What needs the other files (does
the program it cites exist?) is left as :class:`Ref` objects for :mod:`.project`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from ..model import strictyaml
from ..model.fields import Text
from ..model.loading import (
    PAGE_LIMIT,
    POLICY_LIMIT,
    PROGRAM_LIMIT,
    Loaded,
    load_policy_front_matter_text,
    load_program_text,
)
from ..model.paths import link_target, project_path
from ..model.problems import Problem, Problems
from ..model.refs import clause_label
from ..model.schema import PROGRAM
from ..model.shapes import ListOf, Obj
from . import compact, markdown, messages
from .amounts import amount_problems
from .directives import option_problems

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


@dataclass(frozen=True)
class Ref:
    """A reference that only the whole project can resolve."""

    kind: str  # program, policy, citation, role, directive, link, image, download, doc, form,
    #   interpreted-policy, interpreted-clause (what a 政策解读 explains)
    target: str
    line: int
    column: int = 0
    field: str = ""  # field path in a YAML file, or the role as written in Markdown
    active: bool = False  # a citation by a current program (must not cite a repealed policy)


@dataclass
class FileReport:
    """What one file says (``entry``) and what is wrong with it on its own (``problems``)."""

    path: str  # relative to the project, e.g. source/programs/patent-subsidy.yaml
    docname: str
    kind: str  # program, policy, notice, publicity, interpretation or page
    entry: dict[str, Any] | None = None  # validated data; a stub marked "broken" for a broken entry
    id_at: tuple[int, int] = (1, 1)
    problems: list[Problem] = field(default_factory=list)
    refs: list[Ref] = field(default_factory=list)
    clauses: dict[int, int] = field(default_factory=dict)  # policy: clause number → line
    clause_texts: dict[int, str] = field(default_factory=dict)  # the build's first words of each clause
    toctrees: list[markdown.Toctree] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)  # explicit targets, (name)=
    orphan: bool = False  # a page kept out of every toctree on purpose
    lines: dict[str, int] = field(default_factory=dict)  # field path → line of its value
    columns: dict[str, int] = field(default_factory=dict)

    @property
    def entry_id(self) -> str | None:
        return self.entry["id"] if self.entry else None

    def add(self, line: int, column: int, field_path: str, code: str, message: tuple[str, str, str]) -> None:
        text, gloss, hint = message
        self.problems.append(Problem(self.path, line, column, field_path, text, gloss, hint, code))

    # Pickled compactly in Sphinx's environment; the packed parts are decoded on first read.
    # (Rebuilt by compact.restore: code without it cannot read such a pickle and starts afresh.)
    def __reduce__(self):
        return compact.restore, (type(self), compact.pack(self.__dict__, Ref))

    def __getattr__(self, name: str):
        return compact.unpack(self, name, Ref)


def report_for(text: str, path: str, docname: str, settings, extensions: tuple[str, ...] = ()) -> FileReport:
    """The report of any content file, by what it is: a program (YAML), a policy, or a page."""
    if path.endswith((".yaml", ".yml")):
        return program_file(text, path, docname, extensions)
    if not path.endswith(".md"):
        return FileReport(path, docname, "page", orphan=True)  # not Markdown: not ours to judge
    if settings.is_policy_doc(docname):
        return policy_file(text, path, docname, extensions)
    if settings.is_notice_doc(docname):
        from .notices import notice_file
        return notice_file(text, path, docname, extensions)
    if settings.is_publicity_doc(docname):
        from .publicity import publicity_file
        return publicity_file(text, path, docname, extensions)
    if settings.is_interpretation_doc(docname):
        from .interpretations import interpretation_file
        return interpretation_file(text, path, docname, extensions, settings.interpretations_dir)
    return page_file(text, path, docname, extensions)


def unreadable(path: str, docname: str, settings, problems) -> FileReport:
    """The report of a file that could not be decoded (or is too large): its problems, and a
    stub under the file's name so that references to it do not cascade."""
    stem = PurePosixPath(path).stem
    if path.endswith((".yaml", ".yml")):
        kind, entry = "program", {"id": stem, "title": f"{stem} (数据有误)", "broken": True, "docname": docname}
    elif settings.is_policy_doc(docname):
        kind, entry = "policy", {"id": stem, "title": stem, "broken": True, "docname": docname}
    elif settings.is_notice_doc(docname):
        kind, entry = "notice", {"id": stem, "title": stem, "broken": True, "docname": docname}
    elif settings.is_publicity_doc(docname):
        kind, entry = "publicity", {"id": stem, "title": stem, "broken": True, "docname": docname}
    elif settings.is_interpretation_doc(docname):
        kind, entry = "interpretation", {"id": stem, "title": stem, "broken": True, "docname": docname}
    else:
        kind, entry = "page", None
    return FileReport(path, docname, kind, entry, problems=list(problems), orphan=True)


def limit_of(path: str, docname: str, settings) -> tuple[int, str]:
    """How large a file of this kind may be."""
    if path.endswith((".yaml", ".yml")):
        return PROGRAM_LIMIT
    framed = (settings.is_policy_doc(docname) or settings.is_notice_doc(docname)
              or settings.is_publicity_doc(docname) or settings.is_interpretation_doc(docname))
    return POLICY_LIMIT if framed else PAGE_LIMIT


def _stub(loaded: Loaded, stem: str, title: str | None = None) -> dict:
    """What validated of a broken entry, marked broken, so references to it do not cascade.

    A broken program's links read "<file name> (数据有误)" (its page says what is wrong); a
    broken policy keeps its title, since its text is still published."""
    partial = loaded.partial or {}
    return {**partial, "id": partial.get("id", stem), "broken": True,
            "title": (partial.get("title") or title or stem) if title is not None else f"{stem} (数据有误)"}


# --- programs ---------------------------------------------------------------------------------

def program_file(text: str, path: str, docname: str, extensions: tuple[str, ...] = ()) -> FileReport:
    """A program YAML file (already decoded)."""
    loaded = load_program_text(text, path)
    report = FileReport(path, docname, "program", lines=loaded.lines, columns=loaded.columns)
    report.problems.extend(loaded.problems)
    report.entry = loaded.data if loaded.data is not None else _stub(loaded, PurePosixPath(path).stem)
    report.id_at = (loaded.lines.get("id", 1), loaded.columns.get("id", 1))
    # What did validate of a broken entry is checked too: every mistake at once.
    program = loaded.data if loaded.data is not None else (loaded.partial or {})
    active = not program.get("archived")
    at = report_at(loaded)
    for index, ref in enumerate(program.get("basis", [])):
        report.refs.append(Ref("citation", _clause_text(ref), *at(f"basis[{index}]"), f"basis[{index}]", active))
    for index, rule in enumerate(program.get("eligibility", {}).get("rules", [])):
        path_ = f"eligibility.rules[{index}].clause"
        report.refs.append(Ref("citation", _clause_text(rule["clause"]), *at(path_), path_, active))
    for index, item in enumerate(program.get("funding", {}).get("items", [])):
        if item.get("clause"):
            path_ = f"funding.items[{index}].clause"
            report.refs.append(Ref("citation", _clause_text(item["clause"]), *at(path_), path_, active))
    for index, other in enumerate(program.get("related", [])):
        report.refs.append(Ref("program", other, *at(f"related[{index}]"), f"related[{index}]"))
    for index, material in enumerate(program.get("materials", [])):
        if material.get("form"):
            path_ = f"materials[{index}].form"
            report.refs.append(Ref("form", material["form"], *at(path_), path_))
    if loaded.data is not None:
        for line, column, path_, message in amount_problems(program, at):
            report.add(line, column, path_, "amount", message)
        if report.problems:  # an amount that cannot be right: the entry is not published
            report.entry = {**program, "broken": True, "title": f"{PurePosixPath(path).stem} (数据有误)"}
    source_lines = text.split("\n")
    for field_path, value in _text_fields(program):
        line, column = at(field_path)
        scan_text(report, value, line, field_path, extensions, source_lines, column)
    if report.entry and not report.entry.get("broken") and any(p.code == "too-deep" for p in report.problems):
        report.entry = {**report.entry, "broken": True, "title": f"{PurePosixPath(path).stem} (数据有误)"}
    return report


#: Directives that read a file into the page at build time, and where they name it.
READS_ARGUMENT = frozenset({"include", "literalinclude"})
READS_OPTION = "file"  # csv-table's (raw's too, but raw is refused whole)


def inserted_files(mark: markdown.Mark) -> list[str]:
    """The files a directive reads into the page at build time."""
    found = [mark.value] if mark.name in READS_ARGUMENT and mark.value else []
    return found + [value for name, value, _line in mark.options if name == READS_OPTION and mark.name != "raw"]


def site_file_target_ok(target: str) -> bool:
    """``{site-file}`` links a file the build writes next to the pages: a path inside the site."""
    target = target.strip().lstrip("/")
    return bool(target) and ".." not in target.split("/") and markdown.url_scheme(target) is None


def report_at(loaded: Loaded):
    def at(field_path: str) -> tuple[int, int]:
        return loaded.lines.get(field_path, 1), loaded.columns.get(field_path, 1)
    return at


def _clause_text(ref: dict) -> str:
    return ref["policy"] if ref["clause"] is None else f"{ref['policy']}#{ref['clause']}"


def _text_fields(value, shape=None, path: str = ""):
    """Every Markdown text in an entry (fields of type Text) with its field path (``a.b[0].c``);
    names, phone numbers and other plain fields are shown as written, never as Markdown."""
    shape = PROGRAM if shape is None else shape
    if isinstance(shape, Text) and isinstance(value, str):
        yield path, value
    elif isinstance(shape, Obj) and isinstance(value, dict):
        for key, item in value.items():
            spec = shape.by_name.get(key)
            if spec is not None:
                yield from _text_fields(item, spec.type, f"{path}.{key}" if path else key)
    elif isinstance(shape, ListOf) and isinstance(value, list):
        for index, item in enumerate(value):
            yield from _text_fields(item, shape.item, f"{path}[{index}]")


# --- Markdown: policies and pages -------------------------------------------------------------

def policy_file(text: str, path: str, docname: str, extensions: tuple[str, ...] = ()) -> FileReport:
    """A policy document: strict front matter, clauses, and its Markdown."""
    loaded = load_policy_front_matter_text(text, path)
    report = FileReport(path, docname, "policy", lines=loaded.lines, columns=loaded.columns, orphan=True)
    report.problems.extend(loaded.problems)
    page_scan = scan_page(report, text, extensions)
    report.entry = loaded.data if loaded.data is not None else _stub(loaded, PurePosixPath(path).stem,
                                                                      title=_first_heading(text) or "")
    report.id_at = (loaded.lines.get("id", 1), loaded.columns.get("id", 1))
    seen: dict[int, int] = {}
    for number, line in page_scan.clauses:
        if number in seen:
            report.add(line, 0, "", "duplicate-clause",
                       (f"{clause_label(number)} 重复出现 (第一次在第 {seen[number]} 行)", "duplicate clause number",
                        "检查条号是否写错; 每一条只能出现一次"))
            continue
        seen[number] = line
    report.clauses = seen
    for text, line in page_scan.bad_clauses:
        report.add(line, 1, "", "clause-number", messages.clause_number(text))
    policy = loaded.data
    if policy is not None:
        for index, old in enumerate(policy.get("supersedes", [])):
            report.refs.append(Ref("policy", old, *report_at(loaded)(f"supersedes[{index}]"), f"supersedes[{index}]"))
        if policy.get("superseded_by"):
            report.refs.append(Ref("policy", policy["superseded_by"], *report_at(loaded)("superseded_by"),
                                   "superseded_by"))
    return report


def page_file(text: str, path: str, docname: str, extensions: tuple[str, ...] = ()) -> FileReport:
    """Any other Markdown page: a guide, a category page, the home page."""
    report = FileReport(path, docname, "page")
    page_scan = scan_page(report, text, extensions)
    report.orphan = _front_matter_orphan(page_scan.front_matter)
    if page_scan.front_matter is not None:  # MyST reads it too: malformed YAML is a mistake
        problems = Problems(path)
        strictyaml.compose(page_scan.front_matter, problems, page_scan.front_matter_line - 1)
        report.problems.extend(p for p in problems if p.code != "empty")
    return report


def scan_page(report: FileReport, text: str, extensions: tuple[str, ...]) -> markdown.Scan:
    page_scan = markdown.scan(text, extensions)
    _add_marks(report, page_scan, "", text.split("\n"))
    report.toctrees.extend(page_scan.toctrees)
    for mark in page_scan.of("target"):
        if mark.value in report.targets:
            report.add(mark.line, 1, f"({mark.value})=", "duplicate-label", messages.duplicate_label(mark.value))
        report.targets.append(mark.value)
    _heading_levels(report, page_scan.headings)
    return page_scan


def _heading_levels(report: FileReport, headings: list[tuple[int, int]]) -> None:
    """As MyST reads headings: the first is '#', and none skips a level under its parent."""
    open_levels: list[int] = []
    for level, line in headings:
        while open_levels and open_levels[-1] >= level:
            open_levels.pop()
        parent = open_levels[-1] if open_levels else 0
        if level > parent + 1:
            report.add(line, 1, "", "heading-level", messages.heading_level(level, parent))
        open_levels.append(level)


def _front_matter_orphan(front_matter: str | None) -> bool:
    if not front_matter:
        return False
    return any(line.split(":", 1)[0].strip() == "orphan" and line.split(":", 1)[1].strip().lower() in ("true", "yes")
               for line in front_matter.split("\n") if ":" in line)


def _first_heading(text: str) -> str | None:
    for line in text.split("\n"):
        if line.startswith("# "):
            return line[2:].strip()
    return None


# --- the Markdown inside a file ---------------------------------------------------------------

def scan_text(report: FileReport, text: str, line: int, field_path: str, extensions: tuple[str, ...],
              source_lines: list[str], column: int = 1) -> None:
    """The Markdown of one YAML text field, whose text starts on ``line``."""
    if not any(char in text for char in "{[<!"):
        return  # plain text: nothing to find (most fields)
    found = markdown.scan(text, extensions, line_offset=line - 1, field=True)
    _add_marks(report, found, field_path, source_lines, default_column=column)


def _add_marks(report: FileReport, found: markdown.Scan, field_path: str, source_lines: list[str],
               default_column: int = 0) -> None:
    if found.too_deep:
        report.add(found.too_deep, 1, field_path, "too-deep", messages.too_deep())
    def find(mark: markdown.Mark, needle: str) -> tuple[int, int] | None:
        """The mark's line and column in the file (the text of a YAML field may be folded)."""
        for line in range(mark.line, min(mark.line + 30, len(source_lines)) + 1):
            found_at = source_lines[line - 1].find(needle) if 0 < line <= len(source_lines) else -1
            if found_at >= 0:
                return line, found_at + 1
        return None

    def place(mark: markdown.Mark, needle: str) -> tuple[int, int]:
        return find(mark, needle) or (mark.line, mark.column or default_column)

    for mark in found.marks:
        if mark.kind == "role":
            written = f"{{{mark.name}}}`{mark.value}`"
            line, column = place(mark, written)
            label = field_path or (written if len(written) <= 80 else written[:79] + "…`")
            report.refs.append(Ref("role", mark.name, line, column, label))
            target = markdown.role_target(mark.value)
            if mark.name in ("program", "policybook:program"):
                report.refs.append(Ref("program", target, line, column, label))
            elif mark.name in ("policy", "policybook:policy"):
                report.refs.append(Ref("policy-role", target, line, column, label))
            elif mark.name in ("notice", "policybook:notice"):
                report.refs.append(Ref("notice", target, line, column, label))
            elif mark.name == "download" and project_path(report.path, link_target(target)) is None:
                report.add(line, column, label, "outside-file", messages.outside_file(target))
            elif mark.name in ("doc", "download"):
                report.refs.append(Ref(mark.name, target, line, column, label))
            elif mark.name == "site-file" and not site_file_target_ok(target):
                report.add(line, column, label, "site-file", messages.site_file(target))
        elif mark.kind == "directive":
            _add_directive(report, mark, field_path, find, place)
        elif mark.kind in ("link", "image"):
            scheme = markdown.url_scheme(mark.value)
            line, column = place(mark, mark.value)
            if scheme is None and link_target(mark.value) and project_path(report.path, link_target(mark.value)) is None:
                report.add(line, column, field_path, "outside-file", messages.outside_file(mark.value))
            elif scheme is None:
                report.refs.append(Ref(mark.kind, mark.value, line, column, field_path))
            elif scheme not in SAFE_SCHEMES and not (mark.kind == "image" and scheme in ("http", "https")):
                report.add(line, column, field_path, "url", messages.unsafe_link(mark.value))
    for url, line in found.refused_links:
        if markdown.url_scheme(url) in SAFE_SCHEMES:
            continue
        line, column = place(markdown.Mark("link", "", url, line), url)
        if not any(p.code == "url" and p.line == line and url in p.message for p in report.problems):
            report.add(line, column, field_path, "url", messages.unsafe_link(url))


def _add_directive(report: FileReport, mark: markdown.Mark, field_path: str, find, place) -> None:
    """A directive's own problems and references: its name, its options, the files it reads."""
    # the MyST form ```{name}, or reStructuredText's ".. name::" inside {eval-rst}
    line, column = (find(mark, f"{{{mark.name}}}") or find(mark, f".. {mark.name}::")
                    or place(mark, f"{mark.name}::"))
    report.refs.append(Ref("directive", mark.name, line, column, field_path or f"{{{mark.name}}}"))
    if mark.name == "meta":  # would plant tags in the page's <head>
        report.add(line, column, field_path, "meta", messages.meta_tag())
    refusal = messages.file_insertion(mark.name, {name for name, _value, _line in mark.options})
    if refusal is not None:  # content never fetches URLs or writes raw HTML
        report.add(line, column, field_path, "file-insertion", refusal)
    for inserted in inserted_files(mark):  # read at build time: only files of the content folders
        if project_path(report.path, inserted) is None:
            report.add(line, column, field_path, "file-insertion", messages.outside_insertion(inserted))
        else:
            report.refs.append(Ref("insert", inserted, line, column, field_path or f"{{{mark.name}}}"))
    for name, value, option_line in mark.options:
        wrong = option_problems(mark.name, name, value)
        if wrong is not None:
            at_line, at_column = place(markdown.Mark("option", name, value, option_line), f":{name}:")
            report.add(at_line, at_column, field_path or f"{{{mark.name}}} :{name}:", "list-option", wrong)
        elif name == "more" and mark.name in ("program-list", "notice-list"):
            at_line, at_column = place(markdown.Mark("option", name, value, option_line), f":{name}:")
            report.refs.append(Ref("doc", value.strip().removesuffix(".md"), at_line, at_column,
                                   field_path or f"{{{mark.name}}} :{name}:"))
