"""Policy documents: validated front matter, clause anchors, a header card and backlinks.

A policy is an ordinary MyST page under ``source/policies/``. The validator reads its front
matter strictly (same loader and messages as program YAML) and finds its articles (a heading or
paragraph starting with 第N条); here each article gets the stable anchor ``clause-N``, the page
a header with the document's 文号, dates and validity, and a placeholder where the programs
citing it are listed at write time.
"""

from __future__ import annotations

from docutils import nodes

from ..model.formatting import date_zh
from ..model.refs import clause_anchor, leading_clause_number, leading_part_number
from ..model.vocab import LEVELS, TOPICS
from ..validate.files import FileReport
from . import components as c
from .nodes import policy_backlinks, policy_notice, policy_standing


def process_policy(app, doctree: nodes.document, report: FileReport) -> None:
    """Clause anchors, the header card and the backlinks placeholder of a policy page.

    ``report`` is what the validator read from the same text (front matter, clauses)."""
    docname = app.env.docname
    policy = report.entry
    first = next(iter(doctree.findall(nodes.section)), None)
    if policy is None or policy.get("broken"):
        if policy is not None and first is not None:
            policy["title"] = first[0].astext()
        return
    report.clause_texts = anchor_clauses(doctree, report.clauses)
    if first is None:
        return
    first.insert(1, header(policy, docname, str(app.env.doc2path(docname)), report.lines))
    backlinks = c.section("programs-citing", "引用本政策的申报事项")
    backlinks += policy_backlinks(policy=policy["id"])
    first += backlinks


def anchor_clauses(doctree: nodes.document, clauses: dict[int, int]) -> dict[int, str]:
    """Give each clause the validator found (number → line) the anchor ``clause-N``, on the
    heading's section or the paragraph that starts at that line; return each one's first words."""
    wanted = {line: number for number, line in clauses.items()}
    texts: dict[int, str] = {}
    for node in doctree.findall(lambda n: isinstance(n, (nodes.section, nodes.paragraph))):
        heading = node[0] if isinstance(node, nodes.section) and len(node) else None
        line = (heading.line if heading is not None and heading.line else node.line)
        number = wanted.get(line)
        if number is None or number in texts:
            continue
        words = (heading if heading is not None else node).astext()
        found = leading_clause_number(words)
        if found is None and heading is not None:
            found = leading_part_number(words)  # 一、… parts of 若干措施 and 意见
        if found != number:
            continue
        node["ids"].insert(0, clause_anchor(number))
        node["classes"].append("pb-clause")
        body = node.next_node(nodes.paragraph) if heading is not None else node
        texts[number] = (body.astext() if body is not None else "")[:120]
    return texts


def metadata(policy: dict) -> nodes.field_list:
    """The metadata block gov.cn policy pages open with, in its order (索引号 | 主题分类, 发文机关 |
    成文日期, 标题, 文号 | 发布日期 …): two label/value pairs a row on a wide screen, stacked on a
    phone (CSS). Fields a document does not have are left out; 有效性 follows the build date."""
    facts = nodes.field_list(classes=["pb-policy-facts", "pb-policy-meta"])
    standing = c.para(policy_standing(policy=policy["id"]))
    rows = [("索引号", policy.get("index_number")),
            ("主题分类", TOPICS.label(policy["topic"]) if policy.get("topic") else None),
            ("发文机关", policy["issuer"]),
            ("成文日期", date_zh(policy["written"]) if policy.get("written") else None),
            ("标题", policy["title"]),
            ("文号", policy.get("doc_number")), ("发布日期", date_zh(policy["published"])),
            ("施行日期", date_zh(policy["effective"])),
            ("有效期至", date_zh(policy["expiry"]) if policy.get("expiry") else "长期有效"),
            ("有效性", standing),
            ("主题词", "、".join(policy["subject_terms"]) if policy.get("subject_terms") else None)]
    present = [(name, value) for name, value in rows if value]
    for index, (name, value) in enumerate(present):
        body = nodes.field_body("", value if isinstance(value, nodes.Node) else c.para(value))
        facts += nodes.field("", nodes.field_name(name, name), body, classes=_width(present, index))
    if policy.get("related_documents"):
        # Where a figure on the page comes from a companion document (工作指引, 执行口径), it is named here.
        body = nodes.field_body("", *(c.para(title) for title in policy["related_documents"]))
        facts += nodes.field("", nodes.field_name("配套文件", "配套文件"), body, classes=["pb-meta-wide"])
    if policy.get("source_url"):
        link = c.para(c.external(policy["source_url"], "查看发文机关原文"))
        facts += nodes.field("", nodes.field_name("原文", "原文"), nodes.field_body("", link), classes=["pb-meta-wide"])
    return facts


def _width(present: list[tuple[str, object]], index: int) -> list[str]:
    """标题 takes a whole row; so does a field that would otherwise sit alone in the row before it
    (a document without 索引号 would leave a hole beside 成文日期)."""
    if present[index][0] == "标题":
        return ["pb-meta-wide"]
    title = next((i for i, (name, _) in enumerate(present) if name == "标题"), None)
    if title is not None and index == title - 1 and title % 2 == 1:
        return ["pb-meta-wide"]
    return []


def header(policy: dict, docname: str, source: str, lines: dict) -> nodes.Node:
    box = nodes.container(classes=["pb-policy-header"])
    badges = c.para(classes=("pb-badges",))
    badges += policy_standing(policy=policy["id"])  # 现行有效 / 已废止 … on the build date
    badges += nodes.Text(" ")
    badges += c.badge(LEVELS.label(policy["level"]), "primary", outline=True)
    box += badges
    box += policy_notice(policy=policy["id"])
    box += metadata(policy)
    def ref(target, path):
        return c.xref("policy", target, docname=docname, line=lines.get(path), source=source)
    if policy.get("supersedes"):
        line = c.para("本政策替代：")
        for index, old in enumerate(policy["supersedes"]):
            if index:
                line += nodes.Text("、")
            line += ref(old, f"supersedes[{index}]")
        box += line
    if policy.get("summary"):
        box += c.para(policy["summary"], classes=("pb-summary",))
    return box
