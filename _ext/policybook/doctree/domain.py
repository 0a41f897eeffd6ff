"""The ``policybook`` domain: programs, policies and clauses, and the roles that link them.

Modelled on ``sphinx/domains/rst.py``. All data is plain and keyed by docname, so
``clear_doc`` and ``merge_domaindata`` make parallel reads real. Roles: ``{program}`id``` shows
the program's title; ``{policy}`id``` shows 《title》 and ``{policy}`id#3``` (or ``id 第三条``)
shows 《title》第三条 and links to that clause's anchor. Unknown ids and clauses are located
warnings (type ``policybook``, subtype ``ref``), so ``-W`` fails the build.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from docutils import nodes
from docutils.nodes import Element
from sphinx import addnodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from ..config import checked
from ..model import refs
from ..validate import messages

logger = logging.getLogger(__name__)


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
    }
    roles = {"program": PolicybookRole(), "policy": PolicybookRole(), "category": PolicybookRole()}
    initial_data: dict[str, Any] = {
        "programs": {},  # id → summary dict (see parser.summarise), includes "docname"
        "policies": {},  # id → front-matter dict, includes "docname"
        "clauses": {},  # policy id → {clause number: {"text": first words, "line": int}}
        "shows": {},  # docname → sorted list of "program:<id>" / "policy:<id>" it displays
        "lists": {},  # docname → list of program-list filters on that page
        "by_doc": {},  # docname → [(kind, id)] registered from that document
    }

    # -- registration (during reading) ---------------------------------------------------------
    @property
    def programs(self) -> dict[str, dict]:
        return self.data["programs"]

    @property
    def policies(self) -> dict[str, dict]:
        return self.data["policies"]

    @property
    def clauses(self) -> dict[str, dict[int, dict]]:
        return self.data["clauses"]

    def note_entry(self, kind: str, entry_id: str, docname: str, summary: dict, line: int) -> bool:
        """Register an entry; False (with a warning naming both files) when the id is taken."""
        table = self.programs if kind == "program" else self.policies
        other = table.get(entry_id)
        if other is not None and other["docname"] != docname:
            logger.warning(
                "编号 '%s' 重复: %s 与 %s 使用了同一个编号 (duplicate %s id)",
                entry_id, self._relpath(other["docname"]), self._relpath(docname), kind,
                location=(docname, line), type="policybook", subtype="duplicate")
            return False
        table[entry_id] = {**summary, "docname": docname}
        self.data["by_doc"].setdefault(docname, []).append((kind, entry_id))
        return True

    def entries_of(self, docname: str) -> list[tuple[str, str, dict]]:
        """(kind, id, entry) registered from ``docname``."""
        found = []
        for kind, key in self.data["by_doc"].get(docname, ()):
            table = self.programs if kind == "program" else self.policies
            if key in table and table[key]["docname"] == docname:
                found.append((kind, key, table[key]))
        return found

    def _relpath(self, docname: str) -> str:
        return self.env.doc2path(docname).relative_to(self.env.srcdir).as_posix()

    def note_shows(self, docname: str, keys: Iterable[str]) -> None:
        shown = set(self.data["shows"].get(docname, ())) | set(keys)
        self.data["shows"][docname] = sorted(shown)

    def note_list(self, docname: str, spec: dict) -> None:
        self.data["lists"].setdefault(docname, []).append(spec)

    # -- bookkeeping ---------------------------------------------------------------------------
    def clear_doc(self, docname: str) -> None:
        for kind, key, _entry in self.entries_of(docname):
            if kind == "program":
                del self.programs[key]
            else:
                del self.policies[key]
                self.clauses.pop(key, None)
        self.data["by_doc"].pop(docname, None)
        self.data["shows"].pop(docname, None)
        self.data["lists"].pop(docname, None)

    def merge_domaindata(self, docnames: set[str], otherdata: dict) -> None:
        for kind in ("programs", "policies"):
            for key, entry in otherdata[kind].items():
                if entry["docname"] in docnames:
                    mine = self.data[kind].get(key)
                    if mine is not None and mine["docname"] != entry["docname"]:
                        logger.warning(
                            "编号 '%s' 重复: %s 与 %s 使用了同一个编号 (duplicate id)",
                            key, self._relpath(mine["docname"]), self._relpath(entry["docname"]),
                            location=(entry["docname"], 1), type="policybook", subtype="duplicate")
                        continue
                    self.data[kind][key] = entry
                    if kind == "policies" and key in otherdata["clauses"]:
                        self.clauses[key] = otherdata["clauses"][key]
        for kind in ("shows", "lists", "by_doc"):
            for docname, value in otherdata[kind].items():
                if docname in docnames:
                    self.data[kind][docname] = value

    # -- resolution ----------------------------------------------------------------------------
    def resolve_xref(self, env, fromdocname, builder, typ, target, node, contnode) -> Element | None:
        explicit = node.get("refexplicit")
        if typ == "category":
            docname = checked(env.config).category_page.format(id=target)
            if docname in env.all_docs:
                return make_refnode(builder, fromdocname, docname, None, contnode, target)
            return contnode
        if typ == "program":
            entry = self.programs.get(target)
            if entry is None:
                return self._missing(node, *messages.unknown_program(target, self.programs))
            title = _contnode(contnode, entry["title"], explicit)
            # a tooltip only where the link text is not the title already (page weight)
            return make_refnode(builder, fromdocname, entry["docname"], None, title,
                                entry["title"] if explicit else None)
        if typ == "policy":
            ref = refs.parse_clause_ref(target)
            if ref is None:
                return self._missing(node, f"无法识别的政策引用 '{target}'", "bad policy reference",
                                     "写成 政策编号#条号, 例如 county-ip-measures#3")
            entry = self.policies.get(ref.policy)
            if entry is None:
                return self._missing(node, *messages.unknown_policy(ref.policy, self.policies))
            label = f"《{entry['title']}》"
            anchor = None
            if ref.clause is not None:
                clauses = self.clauses.get(ref.policy, {})
                if ref.clause not in clauses:
                    self._missing(node, *messages.unknown_clause(ref.policy, ref.clause, clauses))
                else:
                    anchor = refs.clause_anchor(ref.clause)
                label += refs.clause_label(ref.clause)
            title = _contnode(contnode, label, explicit)
            return make_refnode(builder, fromdocname, entry["docname"], anchor, title, label if explicit else None)
        return None

    def _missing(self, node, message: str, gloss: str, hint: str) -> None:
        logger.warning("%s (%s)%s", message, gloss, f" 提示: {hint}" if hint else "",
                       location=node, type="policybook", subtype="ref")
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
        for key, entry in self.programs.items():
            yield key, entry["title"], "program", entry["docname"], "", 1
        for key, entry in self.policies.items():
            yield key, entry["title"], "policy", entry["docname"], "", 1


def _contnode(contnode: Element, title: str, explicit: bool) -> Element:
    """The link's content: the author's text when given, else the target's title."""
    if explicit:
        return contnode
    return nodes.inline(title, title, classes=["xref", "pb-ref"])
