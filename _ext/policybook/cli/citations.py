"""``policybook where-cited`` and ``policybook replace-policy``: a replaced policy, every citation moved.

    policybook where-cited county-ip-measures
    policybook replace-policy county-ip-measures-2021 county-ip-measures --map 3:2,8:7,9:7 [--dry-run]

The citations come from the validator (the same reports ``check`` and the build use), so a
citation inside a rule, a FAQ answer or a guide's ``{policy}`` role is found with its line.
``replace-policy`` changes only the cited token (``old#3`` → ``new#2``) on that line; a clause
missing from ``--map`` and the policies' own ``supersedes`` are listed for a person instead.
Afterwards it runs ``check`` again and says what is left.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..validate.citations import citations_of, parse_map, plan_replacement, rewrite

KIND_NAMES = {"citation": "依据", "policy-role": "文中引用", "policy": "替代关系"}


def _known_policies(reports) -> set[str]:
    return {r.entry_id for r in reports if r.kind == "policy" and r.entry_id}


def run_where_cited(root: Path, policy_id: str) -> int:
    from .check import check

    reports = check(root).reports
    if policy_id not in _known_policies(reports):
        print(f"没有编号为 '{policy_id}' 的政策文件 (no such policy)。编号即政策文件名, 不含 .md", file=sys.stderr)
        return 2
    found = citations_of(reports, policy_id)
    for citation in found:
        label = f"{citation.field}: " if citation.field else ""
        print(f"{citation.where()}: {label}{KIND_NAMES.get(citation.kind, citation.kind)} {citation.target}")
    print(f"共 {len(found)} 处引用 {policy_id} (citations)" if found else f"没有任何地方引用 {policy_id}",
          file=sys.stderr)
    return 0


def run_replace_policy(root: Path, old: str, new: str, mapping_text: str, dry_run: bool) -> int:
    from .check import check

    try:
        mapping = parse_map(mapping_text)
    except ValueError as error:
        print(f"--map: {error}", file=sys.stderr)
        return 2
    reports = check(root).reports
    known = _known_policies(reports)
    for policy_id in (old, new):
        if policy_id not in known:
            print(f"没有编号为 '{policy_id}' 的政策文件 (no such policy); 先用 policybook new policy "
                  f"{policy_id} 建立新政策, 再替换引用", file=sys.stderr)
            return 2
    plan = plan_replacement(citations_of(reports, old), new, mapping)
    changed = 0
    missed_all = []
    for file, edits in sorted(plan.edits.items()):
        path = root / file
        data = path.read_bytes()
        text = data.decode("utf-8-sig")
        updated, missed = rewrite(text, edits)
        missed_all += missed
        for citation, target in edits:
            if citation not in missed:
                print(f"{citation.where()}: {citation.target} → {target}")
                changed += 1
        if updated != text and not dry_run:
            bom = "\ufeff" if data.startswith(b"\xef\xbb\xbf") else ""
            path.write_bytes((bom + updated).encode("utf-8"))
    for citation, why in plan.manual:
        print(f"{citation.where()}: 需要人工处理 (needs a person): {citation.target}: {why}")
    for citation in missed_all:
        print(f"{citation.where()}: 需要人工处理 (needs a person): 在这一行没有找到 {citation.target}")
    verb = "将修改" if dry_run else "已修改"
    print(f"{verb} {changed} 处引用; {len(plan.manual) + len(missed_all)} 处需要人工处理"
          + (" (dry run: 没有写入文件)" if dry_run else ""), file=sys.stderr)
    if dry_run or not changed:
        return 0
    return check_after(root, "替换")


def check_after(root: Path, done: str) -> int:
    """Run ``check`` after an edit and list what is left (1 when anything is)."""
    from .check import check

    left = [p for p in check(root).problems if not p.notice]
    if not left:
        return 0
    print(f"{done}后 policybook check 还报告 {len(left)} 个问题, 请逐条处理:", file=sys.stderr)
    for problem in left[:20]:
        print(f"  {problem}", file=sys.stderr)
    return 1
