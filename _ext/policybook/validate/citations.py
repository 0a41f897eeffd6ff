"""Where a policy is cited, and re-pointing every citation to its successor (pure Python).

A policy replaced by a new one is cited from program ``basis`` lists, eligibility rules'
``clause``, ``{policy}`` roles in any text field, guides and notices, and by other policies'
``supersedes`` / ``superseded_by``. Staff used to find them with a text search and retype each
one. The validator's reports already know every citation with its line and column, so
``policybook where-cited`` lists them and ``policybook replace-policy`` rewrites exactly those
tokens in the files' text: the rest of each line, comments and key order stay as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model.refs import clause_label, parse_clause_ref
from .files import FileReport

#: Ref kinds that cite a policy (``policy``: supersedes / superseded_by of another policy).
CITING = ("citation", "policy-role", "policy")


@dataclass(frozen=True)
class Citation:
    file: str
    line: int
    column: int
    field: str  # YAML field path, or the role as written
    kind: str
    policy: str
    clause: int | None
    written: str = ""  # the target as written ('x#3', 'x 第三条'), for finding it in the line

    def where(self) -> str:
        return f"{self.file}:{self.line}:{self.column}" if self.column else f"{self.file}:{self.line}"

    @property
    def target(self) -> str:
        return self.policy if self.clause is None else f"{self.policy}#{self.clause}"


def split_target(target: str) -> tuple[str, int | None, str]:
    """'x#3', 'x 第三条' and a role's '标题 <x#3>' → (policy, clause, the target as written)."""
    match = re.search(r"<([^<>]+)>\s*$", target)
    written = (match[1] if match else target).strip()
    ref = parse_clause_ref(written)
    if ref is None:
        return written.partition("#")[0], None, written
    return ref.policy, ref.clause, written


def citations_of(reports: list[FileReport], policy_id: str) -> list[Citation]:
    """Every citation of ``policy_id`` in the project, in file and line order."""
    found = []
    for report in reports:
        for ref in report.refs:
            if ref.kind not in CITING:
                continue
            policy, clause, written = split_target(ref.target)
            if policy == policy_id:
                found.append(Citation(report.path, ref.line, ref.column, ref.field, ref.kind, policy, clause,
                                      written))
    return sorted(found, key=lambda c: (c.file, c.line, c.column))


def program_references(reports: list[FileReport], program_id: str) -> list[Citation]:
    """Every reference to program ``program_id``: ``related`` lists and ``{program}`` roles."""
    found = []
    for report in reports:
        for ref in report.refs:
            if ref.kind != "program":
                continue
            match = re.search(r"<([^<>]+)>\s*$", ref.target)
            written = (match[1] if match else ref.target).strip()
            if written == program_id:
                found.append(Citation(report.path, ref.line, ref.column, ref.field, "program", program_id, None,
                                      written))
    return sorted(found, key=lambda c: (c.file, c.line, c.column))


def parse_map(text: str) -> dict[int, int]:
    """'3:2,8:7,9:7' → {3: 2, 8: 7, 9: 7}; ValueError with a Chinese message when malformed."""
    mapping: dict[int, int] = {}
    for part in filter(None, (p.strip() for p in re.split(r"[,，]", text or ""))):
        old, colon, new = re.split(r"([:：])", part, maxsplit=1) if re.search(r"[:：]", part) else (part, "", "")
        if not colon or not old.strip().isdigit() or not new.strip().isdigit():
            raise ValueError(f"条款对应写法不对: '{part}'; 写成 旧条号:新条号, 多个用逗号分开, 如 3:2,8:7")
        if int(old) in mapping:
            raise ValueError(f"旧条号 {int(old)} 写了两次")
        mapping[int(old)] = int(new)
    return mapping


@dataclass(frozen=True)
class Plan:
    """What ``replace-policy`` will do: edits per file, and citations a person must decide."""

    edits: dict[str, list[tuple[Citation, str]]]  # file → [(citation, new target)]
    manual: list[tuple[Citation, str]]  # (citation, why)


def plan_replacement(citations: list[Citation], new_id: str, mapping: dict[int, int]) -> Plan:
    edits: dict[str, list[tuple[Citation, str]]] = {}
    manual: list[tuple[Citation, str]] = []
    for citation in citations:
        if citation.kind == "policy":  # supersedes / superseded_by: history, not a citation to move
            manual.append((citation, "这是政策之间的替代关系 (supersedes / superseded_by), 不自动修改"))
            continue
        if citation.clause is None:
            new = new_id
        elif citation.clause in mapping:  # written as it was: 'x#3' → 'y#2', 'x 第三条' → 'y 第二条'
            number = mapping[citation.clause]
            new = f"{new_id} {clause_label(number)}" if "第" in citation.written else f"{new_id}#{number}"
        else:
            manual.append((citation, f"第{citation.clause}条 没有写在 --map 里: 新政策中对应哪一条, 需要人工判断"))
            continue
        edits.setdefault(citation.file, []).append((citation, new))
    return Plan(edits, manual)


def _token(policy: str, clause: int | None) -> re.Pattern:
    suffix = rf"#{clause}(?!\d)" if clause is not None else r"(?!#|[\w-])"
    return re.compile(rf"(?<![\w-]){re.escape(policy)}{suffix}")


def _written(written: str) -> re.Pattern:
    return re.compile(rf"(?<![\w-]){re.escape(written)}(?![\w-])")


def rewrite(text: str, edits: list[tuple[Citation, str]]) -> tuple[str, list[Citation]]:
    """``text`` with each citation's token replaced on its own line (the match nearest its column);
    also the citations whose token was not found there (left alone, for a person)."""
    lines = text.splitlines(keepends=True)
    missed = []
    for citation, new in sorted(edits, key=lambda e: (e[0].line, -e[0].column)):
        index = citation.line - 1
        if not 0 <= index < len(lines):
            missed.append(citation)
            continue
        line = lines[index]
        matches = list(_written(citation.written).finditer(line)) if citation.written else []
        matches = matches or list(_token(citation.policy, citation.clause).finditer(line))
        if not matches:
            missed.append(citation)
            continue
        best = min(matches, key=lambda m: abs(m.start() + 1 - (citation.column or 1)) if citation.column else m.start())
        lines[index] = line[:best.start()] + new + line[best.end():]
    return "".join(lines), missed
