"""``{program-list}`` and ``{policy-list}``: filtered lists resolved at write time.

The directive only records its filter (in the doctree and in the domain, so incremental builds
know which pages show which programs); the list itself is built in ``doctree-resolved`` from
the domain's data and the build date, so it is never stale (:mod:`policybook.pages.lists`).
Options are declared in :mod:`policybook.validate.directives`, which also reports a wrong one:
here they are read leniently, so a mistake is reported once, in Chinese, by the validator.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import docname_join
from sphinx.util.docutils import SphinxDirective

from ..model.selection import FILTER_KEYS, GROUPS, SORTS
from ..validate.directives import OPTIONS, as_int, split_values
from .nodes import policy_list, program_list


def option_spec(directive: str) -> dict:
    """Every declared option, taken as written (the validator checks the values)."""
    return {name: directives.unchanged for name in OPTIONS[directive]}


class _ListDirective(SphinxDirective):
    has_content = False

    def values(self, name: str) -> list[str]:
        return split_values(self.options.get(name) or "")

    def number(self, name: str, minimum: int = 1) -> int:
        return as_int(self.options.get(name) or "", minimum) or 0


class ProgramListDirective(_ListDirective):
    """List programs, e.g. ``:category: ip`` ``:status: open, upcoming`` ``:sort: deadline``."""

    option_spec = option_spec("program-list")

    def run(self) -> list[nodes.Node]:
        spec: dict = {key: self.values(key.replace("_", "-")) for key in FILTER_KEYS
                      if self.values(key.replace("_", "-"))}
        sort = (self.options.get("sort") or "").strip()
        group = (self.options.get("group") or "").strip()
        spec.update(sort=sort if sort in SORTS else "title", limit=self.number("limit"),
                    archived="archived" in self.options, overview="overview" in self.options,
                    empty=self.options.get("empty") or "暂无符合条件的事项。",
                    group=group if group in GROUPS else "", per_page=self.number("per-page"))
        if (self.options.get("more") or "").strip():
            spec["more"] = _docname(self.env.docname, self.options["more"])
        self.env.domains["policybook"].note_list(self.env.docname, spec)
        node = program_list(spec=spec)
        self.set_source_info(node)
        return [node]


def _docname(here: str, target: str) -> str:
    """A ``:more:`` target, like ``{doc}``: relative to this page, or absolute with a leading /."""
    target = target.strip().removesuffix(".md")
    return target.lstrip("/") if target.startswith("/") else docname_join(here, target)


class PolicyListDirective(_ListDirective):
    """List policy documents, e.g. ``:level: county`` ``:validity: in-force``."""

    option_spec = option_spec("policy-list")

    def run(self) -> list[nodes.Node]:
        spec = {key: self.values(key) for key in ("level", "validity")}
        spec["per_page"] = self.number("per-page")
        self.env.domains["policybook"].note_list(self.env.docname, {"policies": True, **spec})
        return [policy_list(spec=spec)]
