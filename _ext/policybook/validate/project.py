"""Across files: what only the whole project can tell.

Given every file's :class:`~.files.FileReport`, :func:`check_project` finds duplicate ids,
references to programs, policies, clauses, forms, pages and files that do not exist, current
programs citing repealed or expired policies, supersession cycles, role and directive names
nobody registered, and pages left out of every toctree. ``policybook check`` and the build
call it with the same reports, so both find the same problems at the same places.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ..config import PolicybookConfig
from ..model.lifecycle import standing
from ..model.paths import content_folders, project_path
from ..model.problems import Problem, did_you_mean
from ..model.refs import parse_clause_ref
from . import messages
from .files import FileReport, Ref
from .index_numbers import duplicate_index_numbers
from .manual_rules import manual_rule_notices
from .notices import notice_windows, overlay
from .publicity import publicity_problems
from .strays import stray_files
from .supersession import cycles
from .toctrees import outside_toctrees
from .window_notices import past_forecasts, stale_windows


@dataclass(frozen=True)
class Names:
    """The role and directive names a page may use (docutils', Sphinx's and every extension's)."""

    roles: frozenset[str]
    directives: frozenset[str]


@dataclass
class Project:
    reports: list[FileReport]
    settings: PolicybookConfig
    docnames: frozenset[str]  # every document the build reads
    exists: Callable[[str], bool]  # is this project-relative path a file?
    names: Names | None = None  # None: role and directive names are not checked
    root_doc: str = "index"
    suffixes: tuple[str, ...] = (".md", ".yaml", ".yml", ".rst")
    today: dt.date | None = None  # the build date: what is in force, which windows are stale
    # every file of the content folders (None: not listed, any file of the project will do)
    files: frozenset[str] | None = None
    documents: dict[str, str] = field(default_factory=dict)  # docname → path
    outside_links: tuple[str, ...] = ()  # symlinks in the content folders leading out of the project


@dataclass
class Index:
    """Who owns each id: the first file (by path) that declares it; the others are duplicates."""

    programs: dict[str, dict] = field(default_factory=dict)
    policies: dict[str, dict] = field(default_factory=dict)
    notices: dict[str, dict] = field(default_factory=dict)
    publicity: dict[str, dict] = field(default_factory=dict)
    interpretations: dict[str, dict] = field(default_factory=dict)
    clauses: dict[str, dict[int, int]] = field(default_factory=dict)
    owners: dict[tuple[str, str], FileReport] = field(default_factory=dict)
    duplicates: list[tuple[FileReport, FileReport]] = field(default_factory=list)  # (duplicate, owner)
    labels: set[str] = field(default_factory=set)


def index(reports: list[FileReport]) -> Index:
    """Ids to entries, deterministically (the same whatever order files were read in)."""
    found = Index()
    for report in sorted(reports, key=lambda r: r.path):
        found.labels.update(report.targets)
        entry_id = report.entry_id
        if entry_id is None or report.kind == "page":
            continue
        key = (report.kind, entry_id)
        owner = found.owners.get(key)
        if owner is None or (owner.entry.get("broken") and not report.entry.get("broken")):
            found.owners[key] = report
            table = {"program": found.programs, "notice": found.notices, "publicity": found.publicity,
                     "interpretation": found.interpretations}.get(
                report.kind, found.policies)
            table[entry_id] = report.entry
            if report.kind == "policy":
                found.clauses[entry_id] = report.clauses
            if owner is not None:
                found.duplicates.append((owner, report))
        else:
            found.duplicates.append((report, owner))
    found.programs = overlay(found.programs, found.notices)  # as readers see them: with notices' windows
    return found


def all_problems(project: Project, found: Index | None = None) -> list[Problem]:
    """Every problem of the project: each file's own (with hints that know the other files),
    then the cross-file ones; one list, sorted, the same for ``check`` and the build."""
    found = found or index(project.reports)
    problems = {p for report in project.reports for p in _with_project_hints(report, project)}
    problems.update(check_project(project, found))
    return sorted(problems, key=lambda p: (p.file, p.line, p.column, p.code, p.message))


def _with_project_hints(report: FileReport, project: Project) -> list[Problem]:
    """A file's own problems; "rename the file to <id>.yaml" is not offered when that file exists."""
    out = []
    for problem in report.problems:
        if problem.code == "id-filename" and report.entry and report.entry.get("id"):
            folder, name = posixpath.split(report.path)
            wanted = posixpath.join(folder, report.entry["id"] + posixpath.splitext(name)[1])
            if project.exists(wanted):
                stem = posixpath.splitext(name)[0]
                problem = replace(problem, hint=f"把 id 改为 {stem} ({wanted} 已存在, 不能把本文件改成这个名字)")
        out.append(problem)
    return out


def check_project(project: Project, found: Index | None = None) -> list[Problem]:
    """Every cross-file problem, sorted by file and line. References that fail for the same
    reason (one missing policy cited in many places) are one problem listing the others."""
    found = found or index(project.reports)
    # A copy whose id was not changed yet is reported once, for the id (id-filename), not twice
    problems: list[Problem] = [_duplicate(duplicate, owner, found) for duplicate, owner in found.duplicates
                               if not (duplicate.entry.get("broken") and (not duplicate.problems or any(
                                   p.code == "id-filename" for p in duplicate.problems)))]
    resolver = _Resolver(project, found)
    by_reason: dict[tuple, list[Problem]] = {}
    for report in project.reports:
        for ref in report.refs:
            problem = resolver.check(report, ref)
            if problem is not None:
                by_reason.setdefault(_reason(problem, ref), []).append(problem)
        if report.kind == "policy" and report.entry and not report.entry.get("broken"):
            problems.extend(cycles(report, found))
    for same in by_reason.values():
        problems.extend(_grouped(same))
    problems.extend(outside_toctrees(project, resolver))
    problems.extend(duplicate_index_numbers(found.owners))
    problems.extend(stale_windows(project.today, found))
    problems.extend(manual_rule_notices(found.owners.values()))
    problems.extend(past_forecasts(project.today, found))
    problems.extend(notice_windows(found))
    problems.extend(publicity_problems(project.reports, found.programs))
    if project.files is not None:
        problems.extend(stray_files(project.files, project.documents, project.settings,
                                    project.outside_links))
    return sorted(problems, key=lambda p: (p.file, p.line, p.column, p.code, p.message))


_GROUPED = ("unknown-program", "unknown-policy", "unknown-clause")


def _reason(problem: Problem, ref: Ref) -> tuple:
    """What a failed reference is about: the same missing id (or clause) is one reason."""
    if problem.code in _GROUPED:
        return problem.code, problem.message
    return problem.code, problem.file, problem.line, problem.column, problem.message


def _grouped(same: list[Problem]) -> list[Problem]:
    """One error for one reason (a missing policy cited in many places), at its first place with
    the others listed; each other place is a notice, so that editors still point at it."""
    same = sorted(same, key=lambda p: (p.file, p.line, p.column))
    first = same[0]
    if len(same) == 1:
        return [first]
    others = messages.affected([p.location() for p in same[1:]])
    primary = replace(first, message=f"{first.message} (共 {len(same)} 处引用)",
                      hint=f"{first.hint}; 同样受影响的引用: {others}")
    return [primary] + [replace(p, notice=True, hint=f"与 {first.location()} 是同一个问题, 改好那里即可", gloss="")
                        for p in same[1:]]


def _duplicate(duplicate: FileReport, owner: FileReport, found: Index) -> Problem:
    """The second file with an id: which file has it, and a free id to use instead."""
    entry_id = duplicate.entry_id
    table = {"program": found.programs, "notice": found.notices, "publicity": found.publicity,
             "interpretation": found.interpretations}.get(duplicate.kind, found.policies)
    free = next(f"{entry_id}-{n}" for n in range(2, 1000) if f"{entry_id}-{n}" not in table)
    suffix = posixpath.splitext(duplicate.path)[1]
    line, column = duplicate.id_at
    return Problem(duplicate.path, line, column, "id", f"编号 '{entry_id}' 重复: {owner.path} 已使用同一个编号",
                   "duplicate id", f"每个编号只能用一次; 给本文件换一个没有用过的编号, 如 {free} "
                   f"(同时把文件改名为 {free}{suffix})", "duplicate")


class _Resolver:
    def __init__(self, project: Project, found: Index) -> None:
        self.project, self.found = project, found
        self.toctree_entries: dict[str, set[str]] = {}
        self.content = frozenset(project.files) if project.files is not None else None
        self.by_path = {report.path: report for report in project.reports}

    def problem(self, report: FileReport, ref: Ref, code: str, message: tuple[str, str, str]) -> Problem:
        text, gloss, hint = message
        return Problem(report.path, ref.line, ref.column, ref.field, text, gloss, hint, code)

    def check(self, report: FileReport, ref: Ref) -> Problem | None:
        handler = getattr(self, "check_" + ref.kind.replace("-", "_"))
        return handler(report, ref)

    # -- programs and policies ----------------------------------------------------------------
    def check_program(self, report: FileReport, ref: Ref) -> Problem | None:
        if ref.target in self.found.programs:
            return None
        return self.problem(report, ref, "unknown-program", messages.unknown_program(ref.target, self.found.programs))

    def check_notice(self, report: FileReport, ref: Ref) -> Problem | None:
        return None if ref.target in self.found.notices else self.problem(
            report, ref, "unknown-notice", messages.unknown_notice(ref.target, self.found.notices))

    def check_policy(self, report: FileReport, ref: Ref) -> Problem | None:
        if ref.target in self.found.policies:
            return None
        return self.problem(report, ref, "unknown-policy", messages.unknown_policy(ref.target, self.found.policies))

    def check_policy_role(self, report: FileReport, ref: Ref) -> Problem | None:
        clause_ref = parse_clause_ref(ref.target)
        if clause_ref is None:
            return self.problem(report, ref, "bad-reference", messages.bad_reference(ref.target))
        # A policy may name the ones it repeals; an archived program keeps its history. Elsewhere,
        # prose may tell the history of a repealed policy: a notice (the page marks the link),
        # where a legal basis or a rule's clause must be in force (an error).
        current = report.kind == "page" or (report.kind == "program" and not (report.entry or {}).get("archived"))
        return self._clause(report, ref, clause_ref.policy, clause_ref.clause) or (
            self._in_force(report, ref, clause_ref.policy, notice=True) if current else None)

    def check_citation(self, report: FileReport, ref: Ref) -> Problem | None:
        clause_ref = parse_clause_ref(ref.target)
        problem = self._clause(report, ref, clause_ref.policy, clause_ref.clause)
        if problem is not None or not ref.active:
            return problem
        return self._in_force(report, ref, clause_ref.policy)

    def check_interpreted_policy(self, report: FileReport, ref: Ref) -> Problem | None:  # 政策解读: in force or not
        return self.check_policy(report, ref)

    def check_interpreted_clause(self, report: FileReport, ref: Ref) -> Problem | None:
        return self._clause(report, ref, *parse_clause_ref(ref.target))

    def _in_force(self, report: FileReport, ref: Ref, policy_id: str, notice: bool = False) -> Problem | None:
        """A current page citing a policy that is not in force on the build date."""
        policy = self.found.policies[policy_id]
        if self.project.today is None or policy.get("broken"):
            return None
        now = standing(policy, self.found.policies, self.project.today)
        if now.in_force:
            return None
        problem = self.problem(report, ref, "inactive-policy", messages.cites_inactive_policy(policy, now))
        return replace(problem, notice=True) if notice else problem

    def _clause(self, report: FileReport, ref: Ref, policy_id: str, clause: int | None) -> Problem | None:
        policy = self.found.policies.get(policy_id)
        if policy is None:
            return self.problem(report, ref, "unknown-policy", messages.unknown_policy(policy_id, self.found.policies))
        have = self.found.clauses.get(policy_id, {})
        if clause is not None and not policy.get("broken") and clause not in have:
            return self.problem(report, ref, "unknown-clause", messages.unknown_clause(policy_id, clause, have))
        return None

    # -- files and pages ----------------------------------------------------------------------
    def check_form(self, report: FileReport, ref: Ref) -> Problem | None:
        forms = self.project.settings.forms_dir.strip("/")
        if self.project.exists(f"{forms}/{ref.target}"):
            return None
        return self.problem(report, ref, "form-missing", messages.missing_form(ref.target, forms))

    def relative(self, report: FileReport, target: str) -> str | None:
        """A link target as a project path (None when it leaves the project or is hidden)."""
        return project_path(report.path, target)

    def as_doc(self, path: str) -> str | None:
        for suffix in self.project.suffixes:
            if path.endswith(suffix) and path[: -len(suffix)] in self.project.docnames:
                return path[: -len(suffix)]
        return path if path in self.project.docnames else None

    def check_link(self, report: FileReport, ref: Ref, what: str = "链接") -> Problem | None:
        target = ref.target.split("#", 1)[0]
        if not target or target.startswith("project:") or target.startswith("path:"):
            return None
        target = re.sub(r"%20", " ", target)
        path = self.relative(report, target)
        if path is None:
            return self.problem(report, ref, "outside-file", messages.outside_file(ref.target))
        if self.as_doc(path):
            return None
        if self.project.exists(path):
            return self.not_content(report, ref, path)
        found = self.found
        if what == "链接" and (ref.target in found.labels or ref.target in found.programs
                               or (parse_clause_ref(ref.target) and parse_clause_ref(ref.target).policy
                                   in found.policies)):
            return None
        return self.problem(report, ref, "link-missing", messages.missing_link(what, ref.target, self.nearby(path)))

    def not_content(self, report: FileReport, ref: Ref, path: str) -> Problem | None:
        """A file that exists but is not one a page may show (listed files only, when listed)."""
        if self.content is None or path in self.content:
            return None
        if path in self.project.outside_links:
            return self.problem(report, ref, "outside-file", messages.outside_symlink(ref.target))
        folders = content_folders(self.project.documents.values())
        return self.problem(report, ref, "outside-file", messages.not_content_file(ref.target, folders))

    def check_insert(self, report: FileReport, ref: Ref) -> Problem | None:
        path = project_path(report.path, ref.target)
        folders = content_folders(self.project.documents.values())
        if path is not None and folders and path.split("/", 1)[0] not in folders:
            # /etc/passwd is <project>/etc/passwd to Sphinx: outside the content folders, found or not
            return self.problem(report, ref, "file-insertion", messages.not_content_file(ref.target, folders))
        if path is not None and self.project.exists(path):
            problem = self.not_content(report, ref, path)
            if problem is not None:
                return replace(problem, code="file-insertion")
            inserted = self.by_path.get(path)
            if inserted is not None and any(other.kind == "insert" for other in inserted.refs):
                # includes of includes: a cycle recursed until Python gave up
                return self.problem(report, ref, "file-insertion", messages.nested_insertion(ref.target))
            return None
        return self.problem(report, ref, "link-missing", messages.missing_link("插入的文件", ref.target,
                                                                             self.nearby(path or ref.target)))

    def check_image(self, report: FileReport, ref: Ref) -> Problem | None:
        return self.check_link(report, ref, "图片")

    def check_download(self, report: FileReport, ref: Ref) -> Problem | None:
        return self.check_link(report, ref, "下载文件")

    def check_doc(self, report: FileReport, ref: Ref) -> Problem | None:
        base = "" if ref.target.startswith("/") else posixpath.dirname(report.docname)
        docname = posixpath.normpath(posixpath.join(base, ref.target.lstrip("/")))
        if self.as_doc(docname):
            return None
        return self.problem(report, ref, "link-missing", messages.missing_link("页面", ref.target, self.nearby(docname)))

    def nearby(self, path: str) -> str:
        """A 'did you mean' among the documents next to ``path``."""
        folder = posixpath.dirname(path)
        here = [d for d in self.project.docnames if posixpath.dirname(d) == folder]
        guess = did_you_mean(posixpath.basename(path).rsplit(".", 1)[0], [posixpath.basename(d) for d in here])
        return guess

    # -- names --------------------------------------------------------------------------------
    def check_role(self, report: FileReport, ref: Ref) -> Problem | None:
        names = self.project.names
        if names is None or ref.target in names.roles:
            return None
        return self.problem(report, ref, "unknown-role", messages.unknown_name("角色", ref.target, names.roles))

    def check_directive(self, report: FileReport, ref: Ref) -> Problem | None:
        names = self.project.names
        if names is None or ref.target in names.directives:
            return None
        return self.problem(report, ref, "unknown-directive",
                            messages.unknown_name("指令", ref.target, names.directives))


