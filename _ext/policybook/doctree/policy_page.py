"""Policy documents: validated front matter, clause anchors, a header card and backlinks.

A policy is an ordinary MyST page under ``source/policies/``. When it is read we validate its
front matter strictly (same loader and messages as program YAML), give every article (a heading
or paragraph starting with 第N条) the stable anchor ``clause-N``, add a header with the
document's 文号, dates and validity, and leave a placeholder where the programs citing it are
listed at write time.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes

from ..config import checked
from ..model.formatting import date_zh
from ..model.loading import load_policy_front_matter
from ..model.refs import clause_anchor, clause_label, leading_clause_number
from ..model.vocab import LEVELS, VALIDITY
from . import components as c
from .nodes import policy_backlinks
from .parser import warn_problem


def is_policy_doc(env, docname: str) -> bool:
    """Every page under the policies folder is a policy, except its ``index`` overview."""
    prefix = checked(env.config).policies_dir.rstrip("/") + "/"
    return docname.startswith(prefix) and docname != prefix + "index"


def process_policy(app, doctree: nodes.document) -> None:
    env = app.env
    docname = env.docname
    path = Path(env.doc2path(docname))
    source = path.relative_to(env.srcdir).as_posix()
    domain = env.domains["policybook"]
    loaded = load_policy_front_matter(path.read_bytes(), source)
    for problem in loaded.problems:
        warn_problem(problem, source)
    policy = loaded.data
    first = next(iter(doctree.findall(nodes.section)), None)
    if policy is None:
        domain.note_entry("policy", path.stem, docname,
                          {"id": path.stem, "title": first[0].astext() if first else path.stem,
                           "level": "county", "validity": "in-force", "issuer": "",
                           "published": None, "broken": True}, 1)
        return
    clauses = collect_clauses(doctree, source)
    relation_lines = {key: line for key, line in loaded.lines.items() if key.startswith("supersede")}
    if domain.note_entry("policy", policy["id"], docname, {**policy, "_lines": relation_lines},
                         loaded.lines.get("id", 1)):
        domain.clauses[policy["id"]] = clauses
    if first is None:
        return
    first.insert(1, header(policy, docname, str(path), loaded.lines))
    backlinks = c.section("programs-citing", "引用本政策的申报事项")
    backlinks += policy_backlinks(policy=policy["id"])
    first += backlinks


def collect_clauses(doctree: nodes.document, source: str) -> dict[int, dict]:
    """Give each 第N条 heading or paragraph the anchor ``clause-N``; return them by number."""
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    clauses: dict[int, dict] = {}
    for node in doctree.findall(lambda n: isinstance(n, (nodes.section, nodes.paragraph))):
        if isinstance(node, nodes.section):
            text_node = node[0]
            body = node.next_node(nodes.paragraph)
        else:
            if isinstance(node.parent, nodes.section) and node.parent.get("pb-clause"):
                continue
            text_node = body = node
        number = leading_clause_number(text_node.astext())
        if number is None:
            continue
        if number in clauses:
            logger.warning("%s 重复出现 (duplicate clause number)", clause_label(number),
                           location=node, type="policybook", subtype="clause")
            continue
        anchor = clause_anchor(number)
        node["ids"].insert(0, anchor)
        node["classes"].append("pb-clause")
        if isinstance(node, nodes.section):
            node["pb-clause"] = True
        snippet = (body.astext() if body is not None else "")[:120]
        clauses[number] = {"text": snippet, "line": node.line or 0}
    return clauses


def header(policy: dict, docname: str, source: str, lines: dict) -> nodes.Node:
    box = nodes.container(classes=["pb-policy-header"])
    badges = c.para(classes=("pb-badges",))
    color = {"in-force": "success", "amended": "warning", "repealed": "danger", "expired": "secondary"}
    badges += c.badge(VALIDITY.label(policy["validity"]), color[policy["validity"]], extra=("pb-validity",))
    badges += nodes.Text(" ")
    badges += c.badge(LEVELS.label(policy["level"]), "primary", outline=True)
    box += badges
    facts = nodes.field_list(classes=["pb-policy-facts"])
    rows = [("文号", policy.get("doc_number")), ("发文机关", policy["issuer"]),
            ("发布日期", date_zh(policy["published"])), ("施行日期", date_zh(policy["effective"])),
            ("有效期至", date_zh(policy["expiry"]) if policy.get("expiry") else "长期有效")]
    for name, value in rows:
        if value:
            facts += nodes.field("", nodes.field_name(name, name), nodes.field_body("", c.para(value)))
    if policy.get("source_url"):
        link = c.para(c.external(policy["source_url"], "查看发文机关原文"))
        facts += nodes.field("", nodes.field_name("原文", "原文"), nodes.field_body("", link))
    box += facts
    def ref(target, path):
        return c.xref("policy", target, docname=docname, line=lines.get(path), source=source)
    if policy.get("superseded_by"):
        note = c.para(f"本政策{VALIDITY.label(policy['validity'])}, 现行规定见 ",
                      ref(policy["superseded_by"], "superseded_by"), "。")
        box += nodes.admonition("", note, classes=["warning", "pb-superseded"])
    elif policy["validity"] in ("repealed", "expired"):
        box += nodes.admonition("", c.para(f"本政策{VALIDITY.label(policy['validity'])}, 仅供查阅。"),
                                classes=["warning", "pb-superseded"])
    if policy.get("supersedes"):
        line = c.para("本政策替代: ")
        for index, old in enumerate(policy["supersedes"]):
            if index:
                line += nodes.Text("、")
            line += ref(old, f"supersedes[{index}]")
        box += line
    if policy.get("summary"):
        box += c.para(policy["summary"], classes=("pb-summary",))
    return box
