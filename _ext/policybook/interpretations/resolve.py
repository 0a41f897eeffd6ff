"""Write side: the 解读 ↔ 原文 links, filled in from the domain when a page is written."""

from __future__ import annotations

from docutils import nodes

from ..doctree import components as c
from ..model.formatting import date_zh
from ..model.interpretation import INTERPRETATION_KINDS
from ..model.lifecycle import standing
from ..model.refs import clause_anchor, clause_label
from ..pages.resolve import standing_badge_of
from ..state import state
from .nodes import interpretation_clause, interpretation_list, interpretation_source, policy_interpretations


def interpretations_of(domain, policy_id: str) -> list[dict]:
    """The published interpretations of one policy, newest first."""
    found = [entry for entry in domain.data.get("interpretations", {}).values()
             if entry.get("policy") == policy_id and not entry.get("broken")]
    return sorted(found, key=lambda e: (-e["published"].toordinal(), e["title"]))


def resolve(app, doctree: nodes.document, fromdocname: str) -> None:
    domain = app.env.domains["policybook"]
    builder, today = app.builder, state(app).today
    policies = domain.policies

    def uri(docname: str, anchor: str = "") -> str:
        return builder.get_relative_uri(fromdocname, docname) + (f"#{anchor}" if anchor else "")

    for node in list(doctree.findall(interpretation_source)):
        node.replace_self(_source_box(policies.get(node["policy"]), policies, today, uri))
    for node in list(doctree.findall(interpretation_clause)):
        policy = policies.get(node["policy"])
        if policy is None or policy.get("broken") or node["clause"] not in domain.clauses.get(node["policy"], {}):
            node.replace_self([])
            continue
        label = f"原文{clause_label(node['clause'])}"
        link = nodes.reference("", label, internal=True, refuri=uri(policy["docname"], clause_anchor(node["clause"])),
                               classes=["pb-interp-to-clause"])
        node.replace_self(c.para("对应", link, " →", classes=("pb-interp-clause",)))
    for node in list(doctree.findall(policy_interpretations)):
        found = interpretations_of(domain, node["policy"])
        node.replace_self(_related(found, uri))
        _clause_links(doctree, found, uri)
    for node in list(doctree.findall(interpretation_list)):
        node.replace_self(_list(domain, uri))


def _source_box(policy: dict | None, policies: dict, today, uri) -> list[nodes.Node]:
    if policy is None or policy.get("broken"):
        return []
    box = nodes.container(classes=["pb-interp-source"])
    line = c.para(nodes.inline("", "解读的文件：", classes=["pb-interp-label"]), classes=("pb-interp-of",))
    line += nodes.reference("", f"《{policy['title']}》", internal=True, refuri=uri(policy["docname"]),
                            classes=["pb-interp-policy"])
    if policy.get("doc_number"):
        line += nodes.inline("", f" {policy['doc_number']}", classes=["pb-interp-docno"])
    box += line
    state_line = c.para(classes=("pb-interp-standing",))
    state_line += standing_badge_of(policy, policies, today)
    state_line += nodes.Text(" ")
    state_line += nodes.reference("", "查看原文", internal=True, refuri=uri(policy["docname"]),
                                  classes=["pb-interp-original"])
    box += state_line
    now = standing(policy, policies, today)
    if not now.in_force:
        note = c.para(f"所解读的政策{now.describe()}，本解读仅供查阅。")
        box += nodes.admonition("", note, classes=["warning", "pb-superseded"])
    return [box]


def _related(found: list[dict], uri) -> list[nodes.Node]:
    """相关解读: near the top of the policy page."""
    if not found:
        return []
    box = nodes.container(classes=["pb-related-interpretations"], ids=["related-interpretations"])
    box += c.para(nodes.strong("", "相关解读"), classes=("pb-related-title",))
    listing = nodes.bullet_list(classes=["pb-interp-list"])
    for entry in found:
        item = c.para(nodes.reference("", entry["title"], internal=True, refuri=uri(entry["docname"]),
                                      classes=["pb-interp-link"]))
        item += nodes.inline("", f" {INTERPRETATION_KINDS.label(entry['kind'])} · {date_zh(entry['published'])}",
                             classes=["pb-item-meta"])
        listing += nodes.list_item("", item)
    box += listing
    return [box]


def _clause_links(doctree: nodes.document, found: list[dict], uri) -> None:
    """A small 解读 link beside each clause that an interpretation explains section by section."""
    explained: dict[int, dict] = {}
    for entry in found:  # newest first: the newest explanation wins
        for number in entry.get("explains", ()):
            explained.setdefault(number, entry)
    if not explained:
        return
    for node in list(doctree.findall(lambda n: isinstance(n, (nodes.section, nodes.paragraph))
                                     and "pb-clause" in n["classes"])):
        number = next((int(i.split("-", 1)[1]) for i in node["ids"] if i.startswith("clause-")
                       and i.split("-", 1)[1].isdigit()), None)
        entry = explained.get(number)
        if entry is None:
            continue
        link = nodes.reference("", "解读", internal=True, refuri=uri(entry["docname"], clause_anchor(number)),
                               classes=["pb-clause-interp-link"], reftitle=f"{entry['title']}：{clause_label(number)}")
        if isinstance(node, nodes.section):
            node.insert(1, c.para(link, classes=("pb-clause-interp",)))
        else:
            node += nodes.Text(" ")
            node += link


def _list(domain, uri) -> list[nodes.Node]:
    entries = sorted((e for e in domain.data.get("interpretations", {}).values() if not e.get("broken")),
                     key=lambda e: (-e["published"].toordinal(), e["title"]))
    if not entries:
        return [c.para("暂无政策解读。", classes=("pb-empty",))]
    listing = nodes.bullet_list(classes=["pb-interp-index"])
    for entry in entries:
        head = c.para(nodes.reference("", entry["title"], internal=True, refuri=uri(entry["docname"])))
        meta = c.para(classes=("pb-item-meta",))
        meta += c.badge(INTERPRETATION_KINDS.label(entry["kind"]), "info", outline=True)
        meta += nodes.Text(f" {entry['issuer']} · {date_zh(entry['published'])}发布")
        policy = domain.policies.get(entry["policy"])
        if policy is not None and not policy.get("broken"):
            meta += nodes.Text(" · 解读的文件：")
            meta += nodes.reference("", f"《{policy['title']}》", internal=True, refuri=uri(policy["docname"]))
        listing += nodes.list_item("", head, meta, classes=["pb-item"])
    return [listing]
