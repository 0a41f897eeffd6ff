"""The ``policybook`` domain: programs, policies and clauses, and the roles that link them.

Modelled on ``sphinx/domains/rst.py``. All data is plain and keyed by docname, so
``clear_doc`` and ``merge_domaindata`` make parallel reads real. Roles: ``{program}`id``` shows
the program's title; ``{policy}`id``` shows 《title》 and ``{policy}`id#3``` (or ``id 第三条``)
shows 《title》第三条 and links to that clause's anchor. Unknown ids and clauses are reported by
the validator (:mod:`policybook.validate`), with the same words ``policybook check`` uses.

The data of each document is its :class:`~policybook.validate.files.FileReport`; the id
tables are rebuilt from those once every document is read (:meth:`PolicybookDomain.reindex`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from docutils import nodes
from docutils.nodes import Element
from sphinx import addnodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from ..config import checked
from ..model import refs
from ..model.lifecycle import STATES, standing
from ..model.vocab import CATEGORIES
from ..validate.files import FileReport
from ..validate.project import Index, index


class PolicybookRole(XRefRole):
    """An XRefRole that always targets this domain, so ``{program}`` works unqualified."""

    innernodeclass = nodes.inline  # links read as text, not as code

    def run(self):
        result = super().run()
        for node in result[0]:
            if isinstance(node, addnodes.pending_xref):
                node["refdomain"] = "policybook"
                node["reftype"] = self.name.split(":")[-1]
        return result


class PolicybookDomain(Domain):
    name = "policybook"
    label = "Policybook"
    object_types = {
        "program": ObjType("申报事项", "program"),
        "policy": ObjType("政策文件", "policy"),
        "notice": ObjType("通知公告", "notice"),
    }
    roles = {"program": PolicybookRole(), "policy": PolicybookRole(), "category": PolicybookRole(),
             "notice": PolicybookRole()}
    initial_data: dict[str, Any] = {
        "files": {},  # docname → FileReport: what the document declares and what is wrong with it
        "shows": {},  # docname → sorted list of "program:<id>" / "policy:<id>" it displays
        "lists": {},  # docname → list of program-list filters on that page
        # docname → what Sphinx or MyST said while reading it (kept by the main process only,
        # never merged from parallel readers: see doctree.translate)
        "foreign": {},
        # Rebuilt from "files" once every document is read (reindex), so that who owns an id
        # never depends on the order documents were read in:
        "programs": {},  # id → program entry (includes "docname")
        "policies": {},  # id → policy entry (includes "docname")
        "notices": {},  # id → notice entry (includes "docname")
        "notice_lists": {},  # docname → True: the page shows a notice list (home, 通知公告)
        "publicity": {},  # id → publicity list entry (includes "docname")
        "interpretations": {},  # id → 政策解读 entry (includes "docname", "policy", "explains")
        "clauses": {},  # policy id → {clause number: {"text": first words, "line": int}}
    }

    @property
    def programs(self) -> dict[str, dict]:
        return self.data["programs"]

    @property
    def policies(self) -> dict[str, dict]:
        return self.data["policies"]

    @property
    def clauses(self) -> dict[str, dict[int, dict]]:
        return self.data["clauses"]

    # -- reading -------------------------------------------------------------------------------
    def note_report(self, docname: str, report: FileReport) -> None:
        """What ``docname`` declares (its entry, if any) and its problems, from the validator."""
        if report.entry is not None:
            report.entry["docname"] = docname
        self.data["files"][docname] = report

    def report_of(self, docname: str) -> FileReport | None:
        return self.data["files"].get(docname)

    def reports(self) -> list[FileReport]:
        return list(self.data["files"].values())

    def entries_of(self, docname: str) -> list[tuple[str, str, dict]]:
        """(kind, id, entry) declared by ``docname``."""
        report = self.report_of(docname)
        if report is None or report.entry is None or report.kind == "page":
            return []
        return [(report.kind, report.entry["id"], report.entry)]

    def reindex(self, extra: list[FileReport] = ()) -> Index:
        """Ids to entries, from every document's report (and ``extra``: files Sphinx could not
        read). Deterministic: the first file by path owns an id."""
        found = index([*self.data["files"].values(), *extra])
        self.data["programs"] = found.programs
        self.data["policies"] = found.policies
        self.data["notices"] = found.notices
        self.data["publicity"] = found.publicity
        self.data["interpretations"] = found.interpretations
        self.data["clauses"] = {
            policy_id: {number: {"text": owner.clause_texts.get(number, ""), "line": line}
                        for number, line in found.clauses.get(policy_id, {}).items()}
            for (kind, policy_id), owner in found.owners.items() if kind == "policy"}
        return found

    def note_shows(self, docname: str, keys: Iterable[str]) -> None:
        shown = set(self.data["shows"].get(docname, ())) | set(keys)
        self.data["shows"][docname] = sorted(shown)

    def note_list(self, docname: str, spec: dict) -> None:
        self.data["lists"].setdefault(docname, []).append(spec)

    # -- bookkeeping ---------------------------------------------------------------------------
    def clear_doc(self, docname: str) -> None:
        for kind in ("files", "shows", "lists", "foreign", "notice_lists"):
            self.data.setdefault(kind, {}).pop(docname, None)

    def merge_domaindata(self, docnames: set[str], otherdata: dict) -> None:
        for kind in ("files", "shows", "lists", "notice_lists"):
            for docname, value in otherdata.get(kind, {}).items():
                if docname in docnames:
                    self.data[kind][docname] = value

    # -- resolution ----------------------------------------------------------------------------
    def resolve_xref(self, env, fromdocname, builder, typ, target, node, contnode) -> Element | None:
        explicit = node.get("refexplicit")
        if typ == "category":
            docname = checked(env.config).category_page.format(id=target)
            if not explicit and target in CATEGORIES:
                contnode = _contnode(contnode, CATEGORIES.label(target), False)
            if docname in env.all_docs:
                # no tooltip: the link text is the category's name (the id was an English tooltip)
                return make_refnode(builder, fromdocname, docname, None, contnode)
            return contnode
        if typ == "notice":  # {notice}`id`: the notice's title, linked (unknown ids: the validator)
            entry = self.data.get("notices", {}).get(target)
            if entry is None or entry["docname"] not in env.all_docs:
                return None
            return make_refnode(builder, fromdocname, entry["docname"], None,
                                _contnode(contnode, entry["title"], explicit), entry["title"] if explicit else None)
        if typ == "program":
            entry = self.programs.get(target)
            if entry is None or entry["docname"] not in env.all_docs:
                return None  # reported by the validator (validate.project), with its location
            title = _contnode(contnode, entry["title"], explicit)
            # a tooltip only where the link text is not the title already (page weight)
            return make_refnode(builder, fromdocname, entry["docname"], None, title,
                                entry["title"] if explicit else None)
        if typ == "policy":
            ref = refs.parse_clause_ref(target)
            entry = self.policies.get(ref.policy) if ref is not None else None
            if entry is None or entry["docname"] not in env.all_docs:
                return None  # reported by the validator (validate.project), with its location
            label = f"《{entry['title']}》"
            anchor = None
            if ref.clause is not None:
                if ref.clause in self.clauses.get(ref.policy, {}):
                    anchor = refs.clause_anchor(ref.clause)
                label += refs.clause_label(ref.clause)
            title = _contnode(contnode, label, explicit)
            link = make_refnode(builder, fromdocname, entry["docname"], anchor, title, label if explicit else None)
            now = standing(entry, self.policies, checked(env.config).today())
            if now.in_force:
                return link
            # a citation of a policy not in force says so where it stands (the validator warns)
            mark = nodes.inline("", f"（{STATES.label(now.state)}）", classes=["pb-cite-state", f"pb-cite-{now.state}"])
            return nodes.inline("", "", link, mark, classes=["pb-citation"])
        return None

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        ref = refs.parse_clause_ref(target)
        if target in self.programs:
            found = self.resolve_xref(env, fromdocname, builder, "program", target, node, contnode)
            return [("policybook:program", found)]
        if ref is not None and ref.policy in self.policies:
            found = self.resolve_xref(env, fromdocname, builder, "policy", target, node, contnode)
            return [("policybook:policy", found)]
        return []

    def get_objects(self):
        for kind, table in (("program", self.programs), ("policy", self.policies)):
            for key, entry in table.items():
                if not entry.get("broken"):
                    yield key, entry["title"], kind, entry["docname"], "", 1


def _contnode(contnode: Element, title: str, explicit: bool) -> nodes.Node:
    """The link's content: the author's text when given, else the target's title (as text: a
    ``<span class="xref pb-ref">`` around it, styled by nothing, was 0.6 KB of a program page)."""
    if explicit:
        return contnode
    return nodes.Text(title)
