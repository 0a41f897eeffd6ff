"""Read side: a 解读 page gets its facts, clause anchors and placeholders; a policy page gets the
placeholder of its 相关解读.

Runs after :func:`policybook.doctree.documents.after_read` (``doctree-read``, later priority),
so the policy header it extends is already there.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from ..doctree import components as c
from ..doctree.policy_page import anchor_clauses
from ..model.formatting import date_zh
from ..model.interpretation import INTERPRETATION_KINDS
from .nodes import interpretation_clause, interpretation_list, interpretation_source, policy_interpretations

#: What a page showing the interpretation list records in the domain's ``shows``.
LIST_KEY = "interpretations:*"


def after_read(app, doctree: nodes.document) -> None:
    env = app.env
    domain = env.domains["policybook"]
    report = domain.report_of(env.docname)
    if report is None:
        return
    if report.kind == "policy" and report.entry and not report.entry.get("broken"):
        _policy_placeholder(doctree, report.entry["id"])
    elif report.kind == "interpretation":
        env.metadata[env.docname]["orphan"] = True  # reached through lists and policy pages
        entry = report.entry
        if entry is None or entry.get("broken") or not entry.get("policy"):
            return
        _interpretation_page(doctree, entry, report.clauses)
        domain.note_shows(env.docname, [f"policy:{entry['policy']}"])


def _policy_placeholder(doctree: nodes.document, policy_id: str) -> None:
    for header in doctree.findall(nodes.container):
        if "pb-policy-header" in header["classes"]:
            facts = next((n for n in header.children if isinstance(n, nodes.field_list)), None)
            at = header.index(facts) + 1 if facts is not None else len(header)
            header.insert(at, policy_interpretations(policy=policy_id))
            return


def _interpretation_page(doctree: nodes.document, entry: dict, clauses: dict[int, int]) -> None:
    first = next(iter(doctree.findall(nodes.section)), None)
    if first is None:
        return
    box = nodes.container(classes=["pb-interp-header"])
    badges = c.para(classes=("pb-badges",))
    badges += c.badge("政策解读", "primary", outline=True)
    badges += nodes.Text(" ")
    badges += c.badge(INTERPRETATION_KINDS.label(entry["kind"]), "info", outline=True,
                      extra=(f"pb-interp-kind-{entry['kind']}",))
    box += badges
    box += interpretation_source(policy=entry["policy"])
    facts = nodes.field_list(classes=["pb-policy-facts", "pb-interp-facts"])
    for name, value in (("解读机构", entry["issuer"]), ("解读人", entry.get("author")),
                        ("发布日期", date_zh(entry["published"]))):
        if value:
            facts += nodes.field("", nodes.field_name(name, name), nodes.field_body("", c.para(value)))
    box += facts
    box += c.para(entry["summary"], classes=("pb-summary",))
    first.insert(1, box)
    anchor_clauses(doctree, clauses)
    for section in doctree.findall(nodes.section):
        number = next((n for n in clauses if f"clause-{n}" in section["ids"]), None)
        if number is not None:
            # a section of the 解读, not an article: styled as the page's other sections
            section["classes"] = [name for name in section["classes"] if name != "pb-clause"] + ["pb-interp-section"]
            section.insert(1, interpretation_clause(policy=entry["policy"], clause=number))


class InterpretationListDirective(SphinxDirective):
    """``{interpretation-list}``: every 政策解读, newest first (resolved at write time)."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        self.env.domains["policybook"].note_shows(self.env.docname, [LIST_KEY])
        node = interpretation_list()
        self.set_source_info(node)
        return [node]
