"""``policybook check``: every mistake in the content, found in seconds, without a Sphinx build.

Loads all programs and policies with the same strict loaders the build uses, then checks what
only the whole project can tell: duplicate ids, references to programs, policies, clauses and
forms, programs citing repealed or expired policies, supersession cycles, and unsafe links in
markdown. Pure Python: no Sphinx import, so it is fast and easy to test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..model.loading import load_policy_front_matter, load_program
from ..model.problems import Problem
from ..model.refs import leading_clause_number, parse_clause_ref
from . import messages


@dataclass
class Layout:
    """Where content lives, relative to the project root (mirrors the ``policybook_*`` config)."""

    programs: str = "source/programs"
    policies: str = "source/policies"
    forms: str = "source/forms"
    markdown: tuple[str, ...] = ("index.md", "source", "docs")


@dataclass
class Entry:
    path: str
    data: dict
    lines: dict[str, int]
    columns: dict[str, int]
    source: list[str] = field(default_factory=list)  # the file's lines, to place findings exactly

    def at(self, field_path: str) -> tuple[int, int]:
        return self.lines.get(field_path, 1), self.columns.get(field_path, 1)


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    programs: int = 0
    policies: int = 0
    markdown: int = 0

    def add(self, path: str, line: int, column: int, field_path: str,
            message: tuple[str, str, str], code: str) -> None:
        text, gloss, hint = message
        self.problems.append(Problem(path, line, column, field_path, text, gloss, hint, code))


ROLE_RE = re.compile(r"\{(program|policy)\}`([^`]+)`")
LINK_RE = re.compile(r"\]\(\s*<?(?P<url>[a-zA-Z][a-zA-Z0-9+.\-]*:[^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*)"
                     r"|<(?P<auto>[a-zA-Z][a-zA-Z0-9+.\-]*:[^<>\s]+)>")
SAFE = {"http", "https", "mailto", "tel"}
_CLAUSE_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*)$")


def clauses_in_markdown(text: str) -> dict[int, int]:
    """Clause number → line, for ``## 第N条`` headings and paragraphs starting with 第N条."""
    found: dict[int, int] = {}
    previous_blank = True
    for number, line in enumerate(text.splitlines(), start=1):
        heading = _CLAUSE_HEADING.match(line)
        candidate = heading.group(1) if heading else (line if previous_blank else "")
        clause = leading_clause_number(candidate) if candidate else None
        if clause is not None:
            found.setdefault(clause, number)
        previous_blank = not line.strip()
    return found


def supersedes_cycle(get, start: str, old: str) -> list[str]:
    """``[start, old, …, start]`` when ``old`` (transitively) supersedes ``start``, else []."""
    paths, seen = [[start, old]], {old}
    while paths:
        path = paths.pop()
        if path[-1] == start:
            return path
        entry = get(path[-1])
        for older in (entry.get("supersedes", []) if entry else []):
            if older == start or older not in seen:
                seen.add(older)
                paths.append([*path, older])
    return []


def superseded_by_cycle(get, start: str) -> list[str]:
    """``[start, …, start]`` when following superseded_by comes back to ``start``, else []."""
    chain, seen = [start], {start}
    current = (get(start) or {}).get("superseded_by")
    while current is not None and get(current) is not None:
        chain.append(current)
        if current == start:
            return chain
        if current in seen:
            return []  # a loop that does not pass through start: reported from its own members
        seen.add(current)
        current = get(current).get("superseded_by")
    return []


def supersession_problems(policy: dict, get) -> list[tuple[str, tuple[str, str, str]]]:
    """Cycles in a policy's supersedes / superseded_by, as (field path, message). Pure; used by
    ``policybook check`` and by the build, so both say the same."""
    found = []
    for index, old in enumerate(policy.get("supersedes", [])):
        if get(old) is not None and (cycle := supersedes_cycle(get, policy["id"], old)):
            found.append((f"supersedes[{index}]",
                          (f"政策替代关系形成循环: {' → '.join(cycle)}", "supersession cycle",
                           "检查 supersedes, 政策不能替代自己, 旧政策也不能再替代新政策")))
    if policy.get("superseded_by") and (cycle := superseded_by_cycle(get, policy["id"])):
        found.append(("superseded_by",
                      (f"政策替代关系形成循环: {' → '.join(cycle)}", "supersession cycle",
                       "检查 superseded_by, 新政策不能再被旧政策替代")))
    return found


def _stub(partial: dict | None, path: Path) -> dict | None:
    """What validated of a broken entry, marked broken; None when even the file was unreadable."""
    if partial is None:
        return None
    return {**partial, "id": partial.get("id", path.stem), "broken": True}


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _strings(value, path: str = ""):
    """Every string in a loaded entry with its field path (``a.b[0].c``)."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}[{index}]")


# How Sphinx splits ``title <target>`` in a role (``sphinx.util.docutils.ReferenceRole``): the
# target starts at the first '<' after the title, so the checker resolves what the build resolves.
_EXPLICIT_TITLE = re.compile(r"^(.+?)\s*(?<!\x00)<(.*?)>$", re.DOTALL)


def role_target(text: str) -> str:
    """``title <target>`` → target; plain text is the target itself."""
    match = _EXPLICIT_TITLE.match(text)
    return (match.group(2) if match else text).strip()


class Checker:
    def __init__(self, root: Path, layout: Layout | None = None) -> None:
        self.root = root
        self.layout = layout or Layout()
        self.report = Report()
        self.programs: dict[str, Entry] = {}
        self.policies: dict[str, Entry] = {}
        self.clauses: dict[str, dict[int, int]] = {}

    # -- loading -------------------------------------------------------------------------------
    def load(self) -> None:
        programs_dir = self.root / self.layout.programs
        for path in sorted(list(programs_dir.rglob("*.yaml")) + list(programs_dir.rglob("*.yml"))):
            rel = _relative(path, self.root)
            loaded = load_program(path.read_bytes(), rel)
            self.report.programs += 1
            self.report.problems.extend(loaded.problems)
            data = loaded.data if loaded.data is not None else _stub(loaded.partial, path)
            if data is not None:
                source = path.read_bytes().decode("utf-8-sig", "replace").split("\n")
                self._register(self.programs, data["id"], Entry(rel, data, loaded.lines, loaded.columns, source))
        for path in sorted((self.root / self.layout.policies).rglob("*.md")):
            if path.name == "index.md":
                continue
            rel = _relative(path, self.root)
            data = path.read_bytes()
            loaded = load_policy_front_matter(data, rel)
            self.report.policies += 1
            self.report.problems.extend(loaded.problems)
            policy = loaded.data if loaded.data is not None else _stub(loaded.partial, path)
            if policy is not None:
                policy_id = policy["id"]
                if self._register(self.policies, policy_id, Entry(rel, policy, loaded.lines, loaded.columns)):
                    self.clauses[policy_id] = clauses_in_markdown(data.decode("utf-8", "replace"))

    def _register(self, table: dict[str, Entry], key: str, entry: Entry) -> bool:
        """Keep one entry per id; a second one is a duplicate. Broken entries are kept too, so
        references to them do not cascade into "not found" errors."""
        other = table.get(key)
        if other is not None:
            line, column = entry.at("id")
            self.report.add(entry.path, line, column, "id",
                            (f"编号 '{key}' 重复: {other.path} 已使用同一个编号", "duplicate id",
                             "每个编号只能用一次; 改名其中一个"), "duplicate")
            return False
        table[key] = entry
        return True

    # -- checks --------------------------------------------------------------------------------
    def run(self) -> Report:
        self.load()
        for entry in self.programs.values():
            self.check_program(entry)
        for entry in self.policies.values():
            self.check_policy(entry)
        self.check_markdown()
        self.report.problems.sort(key=lambda p: (p.file, p.line, p.column))
        return self.report

    def check_clause_ref(self, entry: Entry, field_path: str, ref: dict, *, cite_rule: bool) -> None:
        line, column = entry.at(field_path)
        policy = self.policies.get(ref["policy"])
        if policy is None:
            self.report.add(entry.path, line, column, field_path,
                            messages.unknown_policy(ref["policy"], self.policies), "ref")
            return
        clause = ref["clause"]
        if clause is not None and clause not in self.clauses.get(ref["policy"], {}):
            self.report.add(entry.path, line, column, field_path,
                            messages.unknown_clause(ref["policy"], clause, self.clauses.get(ref["policy"], {})), "ref")
        if cite_rule and policy.data.get("validity") in ("repealed", "expired"):
            self.report.add(entry.path, line, column, field_path,
                            messages.cites_inactive_policy(policy.data), "inactive-policy")

    def check_program(self, entry: Entry) -> None:
        program = entry.data
        active = not program.get("archived")
        for index, ref in enumerate(program.get("basis", [])):
            self.check_clause_ref(entry, f"basis[{index}]", ref, cite_rule=active)
        for index, rule in enumerate(program.get("eligibility", {}).get("rules", [])):
            self.check_clause_ref(entry, f"eligibility.rules[{index}].clause", rule["clause"], cite_rule=active)
        for index, other in enumerate(program.get("related", [])):
            if other not in self.programs:
                line, column = entry.at(f"related[{index}]")
                self.report.add(entry.path, line, column, f"related[{index}]",
                                messages.unknown_program(other, self.programs), "ref")
        forms = self.root / self.layout.forms
        for index, material in enumerate(program.get("materials", [])):
            if material.get("form") and not (forms / material["form"]).is_file():
                path = f"materials[{index}].form"
                line, column = entry.at(path)
                self.report.add(entry.path, line, column, path,
                                messages.missing_form(material["form"], self.layout.forms), "form")
        for path, text in _strings(program):
            self.check_text(entry.path, text, *entry.at(path), field_path=path, source=entry.source)

    def check_policy(self, entry: Entry) -> None:
        policy = entry.data
        for index, old in enumerate(policy.get("supersedes", [])):
            if old not in self.policies:
                line, column = entry.at(f"supersedes[{index}]")
                self.report.add(entry.path, line, column, f"supersedes[{index}]",
                                messages.unknown_policy(old, self.policies), "ref")
        newer = policy.get("superseded_by")
        if newer is not None and not policy.get("broken") and newer not in self.policies:
            line, column = entry.at("superseded_by")
            self.report.add(entry.path, line, column, "superseded_by",
                            messages.unknown_policy(newer, self.policies), "ref")
        if not policy.get("broken"):
            def get(key: str) -> dict | None:
                found = self.policies.get(key)
                return found.data if found is not None else None

            for field_path, message in supersession_problems(policy, get):
                line, column = entry.at(field_path)
                self.report.add(entry.path, line, column, field_path, message, "cycle")

    def check_text(self, path: str, text: str, line: int, column: int, field_path: str = "",
                   source: list[str] | None = None) -> None:
        """Roles and links inside markdown text starting at (line, column)."""
        for match in ROLE_RE.finditer(text):
            offset = text.count("\n", 0, match.start())
            at_line = line + offset
            at_col = (column + match.start()) if offset == 0 else match.start() - text.rfind("\n", 0, match.start())
            if source and 0 < at_line <= len(source) and match.group(0) in source[at_line - 1]:
                at_col = source[at_line - 1].index(match.group(0)) + 1
            kind, target = match.group(1), role_target(match.group(2))
            label = field_path or match.group(0)
            if kind == "program":
                if target not in self.programs:
                    self.report.add(path, at_line, at_col, label, messages.unknown_program(target, self.programs), "ref")
                continue
            ref = parse_clause_ref(target)
            if ref is None:
                self.report.add(path, at_line, at_col, label,
                                (f"无法识别的政策引用 '{target}'", "bad policy reference",
                                 "写成 政策编号#条号, 例如 county-ip-measures#3"), "ref")
            elif ref.policy not in self.policies:
                self.report.add(path, at_line, at_col, label, messages.unknown_policy(ref.policy, self.policies), "ref")
            elif ref.clause is not None and ref.clause not in self.clauses.get(ref.policy, {}):
                self.report.add(path, at_line, at_col, label,
                                messages.unknown_clause(ref.policy, ref.clause, self.clauses.get(ref.policy, {})), "ref")
        for match in LINK_RE.finditer(text):
            url = match.group("url") or match.group("auto")
            if url.split(":", 1)[0].lower() in SAFE:
                continue
            offset = text.count("\n", 0, match.start())
            at_col = (column + match.start()) if offset == 0 else match.start() - text.rfind("\n", 0, match.start())
            if source and 0 < line + offset <= len(source) and url in source[line + offset - 1]:
                at_col = source[line + offset - 1].index(url) + 1
            self.report.add(path, line + offset, at_col, field_path, messages.unsafe_link(url), "url")

    def check_markdown(self) -> None:
        files: list[Path] = []
        for name in self.layout.markdown:
            target = self.root / name
            if target.is_file():
                files.append(target)
            elif target.is_dir():
                files.extend(sorted(target.rglob("*.md")))
        for path in files:
            rel = _relative(path, self.root)
            data = path.read_bytes()
            self.report.markdown += 1
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                policy_dir = rel.startswith(self.layout.policies.rstrip("/") + "/")
                if not policy_dir:  # policies already reported by their loader
                    line = data[: exc.start].count(b"\n") + 1
                    self.report.add(rel, line, 0, "", ("文件不是 UTF-8 编码", "file is not valid UTF-8",
                                                       "请用 UTF-8 编码重新保存"), "encoding")
                continue
            self.check_text(rel, _blank_code(text), 1, 1)


def _blank_code(text: str) -> str:
    """Hide fenced code blocks (examples of syntax in the handbook) but keep line numbers."""
    out, fence = [], None
    for line in text.split("\n"):
        stripped = line.lstrip()
        marker = stripped[:3] if stripped[:3] in ("```", "~~~") else None
        if fence is None and marker:
            fence = marker
            out.append("")
        elif fence is not None:
            if marker == fence and stripped.strip("`~ ") == "":
                fence = None
            out.append("")
        else:
            out.append(re.sub(r"``[^`]*``|`` .* ``", lambda m: " " * len(m.group(0)), line))
    return "\n".join(out)


def check(root: Path, layout: Layout | None = None) -> Report:
    return Checker(root, layout).run()
