"""Write-time resolution of the placeholders in :mod:`policybook.doctree.nodes`."""

from __future__ import annotations

from docutils import nodes

from ..doctree import components as c
from ..doctree.components import standing_badge, status_badge
from ..doctree.nodes import (
    build_date,
    policy_backlinks,
    policy_list,
    policy_notice,
    policy_standing,
    program_list,
    window_status,
)
from ..model.formatting import date_zh
from ..model.lifecycle import STATES, standing
from ..model.refs import clause_anchor, clause_label
from ..model.selection import ProgramIndex, cited_clauses
from ..state import state
from .budget import Budget
from .lists import render_policy_list, render_program_list
from .pagination import Layout


def resolve_placeholders(app, doctree: nodes.document, fromdocname: str) -> None:
    domain = app.env.domains["policybook"]
    builder = app.builder
    today = state(app).today
    for node in list(doctree.findall(window_status)):
        program = domain.programs.get(node["program"])
        if program is None or program.get("broken"):
            node.replace_self(nodes.Text(""))
            continue
        if program.get("archived"):
            node.replace_self(c.badge("已停止执行", "secondary", extra=("pb-status", "pb-status-archived")))
            continue
        node.replace_self(status_badge(program["window"], today, detail=node.get("detail", False)))
    for node in list(doctree.findall(build_date)):
        node.replace_self(nodes.inline("", date_zh(today), classes=["pb-build-date"]))
    layout = Layout.of(app, fromdocname)
    layout.budget = Budget(app, doctree, fromdocname)  # long lists' pages fit in 40 KB
    for node in list(doctree.findall(program_list)):
        node.replace_self(render_program_list(node, program_index(app), today, builder, fromdocname, layout))
    for node in list(doctree.findall(policy_list)):
        node.replace_self(render_policy_list(node, domain.policies, today, builder, fromdocname, layout))
    for node in list(doctree.findall(policy_standing)):
        node.replace_self(standing_badge_of(domain.policies.get(node["policy"]), domain.policies, today))
    for node in list(doctree.findall(policy_notice)):
        node.replace_self(standing_notice(domain.policies.get(node["policy"]), domain.policies, today, builder,
                                          fromdocname))
    for node in list(doctree.findall(policy_backlinks)):
        node.replace_self(backlinks(node["policy"], citations(app), builder, fromdocname))


def standing_badge_of(policy: dict | None, policies: dict, today) -> nodes.Node:
    """The badge of a policy's standing on the build date."""
    if policy is None or policy.get("broken"):
        return nodes.Text("")
    now = standing(policy, policies, today)
    return standing_badge(now.state, STATES.label(now.state) if now.in_force else now.describe())


def standing_notice(policy: dict | None, policies: dict, today, builder, fromdocname: str) -> list[nodes.Node]:
    """Once a policy is not in force: since when, and where the rules are now."""
    if policy is None or policy.get("broken"):
        return []
    now = standing(policy, policies, today)
    if now.in_force:
        return []
    successor = policies.get(now.successor) if now.successor else None
    if now.state == "pending":
        note = c.para(f"{now.sentence()}，施行前仍按原有规定执行。")
    elif successor is not None and not successor.get("broken") and now.state in ("amended", "repealed"):
        link = nodes.reference("", f"《{successor['title']}》", internal=True,
                               refuri=builder.get_relative_uri(fromdocname, successor["docname"]))
        note = c.para(f"{now.sentence()}，现行规定见", link, "。")
    else:
        note = c.para(f"{now.sentence()}，仅供查阅。")
    return [nodes.admonition("", note, classes=["note" if now.state == "pending" else "warning", "pb-superseded"])]


def program_index(app) -> ProgramIndex:
    """The programs by filter value, built once per build (the programs are all read by then)."""
    build = state(app)
    if build.program_index is None:
        build.program_index = ProgramIndex(app.env.domains["policybook"].programs)
    return build.program_index


def citations(app) -> dict[str, list]:
    """policy id → [(program, cited clause numbers)], built once per build, not once per page."""
    build = state(app)
    if build.citations is None:
        index: dict[str, list] = {}
        for program in app.env.domains["policybook"].programs.values():
            if program.get("broken"):
                continue
            for policy_id, clauses in cited_clauses(program).items():
                index.setdefault(policy_id, []).append((program, sorted(clauses)))
        build.citations = index
    return build.citations


def backlinks(policy_id: str, citations: dict, builder, fromdocname: str) -> nodes.Node:
    """Every program citing the policy, with the clauses it cites linked to their anchors."""
    citing = list(citations.get(policy_id, ()))
    if not citing:
        return c.para("目前没有申报事项引用本政策。", classes=("pb-empty",))
    citing.sort(key=lambda pair: pair[0]["title"])
    listing = nodes.bullet_list(classes=["pb-backlinks"])
    for program, clauses in citing:
        uri = builder.get_relative_uri(fromdocname, program["docname"])
        line = c.para(nodes.reference("", program["title"], refuri=uri, internal=True))
        cited = [n for n in clauses if n]
        if cited:
            line += nodes.Text(" — 依据 ")
            for index, number in enumerate(cited):
                if index:
                    line += nodes.Text("、")
                line += nodes.reference("", clause_label(number), refid=clause_anchor(number),
                                        internal=True)
        listing += nodes.list_item("", line)
    return listing
