"""``{notice-list}``: notices newest first, resolved at write time (:mod:`.resolve`)."""

from __future__ import annotations

from sphinx.util.docutils import SphinxDirective

from ..doctree.directives import _docname, option_spec
from ..validate.directives import as_int
from .nodes import notice_list


class NoticeListDirective(SphinxDirective):
    """``:limit: 5`` ``:more: /source/notices/index`` (home page), ``:per-page: 10`` (list page)."""

    has_content = False
    option_spec = option_spec("notice-list")

    def run(self):
        spec = {"limit": as_int(self.options.get("limit") or "") or 0,
                "per_page": as_int(self.options.get("per-page") or "") or 0}
        if (self.options.get("more") or "").strip():
            spec["more"] = _docname(self.env.docname, self.options["more"])
        self.env.domains["policybook"].data.setdefault("notice_lists", {})[self.env.docname] = True
        node = notice_list(spec=spec)
        self.set_source_info(node)
        return [node]
