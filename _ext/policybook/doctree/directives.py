"""``{program-list}`` and ``{policy-list}``: filtered lists resolved at write time.

The directive only records its filter (in the doctree and in the domain, so incremental builds
know which pages show which programs); the list itself is built in ``doctree-resolved`` from
the domain's data and the build date, so it is never stale.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from ..model.selection import FILTER_KEYS, GROUPS, SORTS
from ..model.vocab import APPLICANT_TYPES, CATEGORIES, INDUSTRIES, LEVELS, STATUSES, SUPPORT_TYPES, Vocab
from .nodes import policy_list, program_list

logger = logging.getLogger(__name__)

_VOCABS: dict[str, Vocab | None] = {
    "category": CATEGORIES, "level": LEVELS, "support_type": SUPPORT_TYPES, "status": STATUSES,
    "applicant": APPLICANT_TYPES, "industry": INDUSTRIES, "tag": None,
}


def _values(argument: str) -> list[str]:
    return [part.strip() for part in argument.replace("，", ",").split(",") if part.strip()]


class ProgramListDirective(SphinxDirective):
    """List programs, e.g. ``:category: ip`` ``:status: open, upcoming`` ``:sort: deadline``."""

    has_content = False
    option_spec = {
        **{key.replace("_", "-"): _values for key in FILTER_KEYS},
        "sort": lambda arg: directives.choice(arg, SORTS),
        "limit": directives.positive_int,
        "archived": directives.flag,
        "empty": directives.unchanged,
        "group": lambda arg: directives.choice(arg, tuple(GROUPS)),
        "overview": directives.flag,
        "per-page": directives.positive_int,
        "more": directives.unchanged_required,
    }

    def run(self) -> list[nodes.Node]:
        spec: dict = {}
        for key in FILTER_KEYS:
            values = self.options.get(key.replace("_", "-"))
            if not values:
                continue
            vocab = _VOCABS[key]
            unknown = [v for v in values if vocab is not None and v not in vocab]
            if unknown:
                logger.warning("program-list 的 :%s: 取值未知: %s; 可选: %s (unknown filter value)",
                               key.replace("_", "-"), ", ".join(unknown), ", ".join(vocab.ids),
                               location=self.get_location(), type="policybook", subtype="list")
            spec[key] = values
        spec["sort"] = self.options.get("sort", "title")
        spec["limit"] = self.options.get("limit", 0)
        spec["archived"] = "archived" in self.options
        spec["empty"] = self.options.get("empty", "暂无符合条件的事项。")
        spec["group"] = self.options.get("group", "")
        spec["overview"] = "overview" in self.options
        spec["per_page"] = self.options.get("per-page", 0)
        if "more" in self.options:
            spec["more"] = _docname(self.env.docname, self.options["more"])
        self.env.domains["policybook"].note_list(self.env.docname, spec)
        node = program_list(spec=spec)
        self.set_source_info(node)
        return [node]


def _docname(here: str, target: str) -> str:
    """A ``:more:`` target, like ``{doc}``: relative to this page, or absolute with a leading /."""
    from sphinx.util import docname_join

    target = target.strip().removesuffix(".md")
    return target.lstrip("/") if target.startswith("/") else docname_join(here, target)


class PolicyListDirective(SphinxDirective):
    """List policy documents, e.g. ``:level: county`` ``:validity: in-force``."""

    option_spec = {"level": _values, "validity": _values, "per-page": directives.positive_int}

    def run(self) -> list[nodes.Node]:
        spec = {key: self.options.get(key, []) for key in ("level", "validity")}
        spec["per_page"] = self.options.get("per-page", 0)
        self.env.domains["policybook"].note_list(self.env.docname, {"policies": True, **spec})
        return [policy_list(spec=spec)]
