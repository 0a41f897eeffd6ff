"""The finder and self-check pages: their directives, mount points and assets (Sphinx glue)."""


from __future__ import annotations

import html
import json

from docutils import nodes
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from ..config import checked
from ..doctree.directives import option_spec
from ..model.vocab import ALL_VOCABS, CATEGORIES, FACTS
from ..site.feeds import FACET_VOCABS, feed_path
from ..validate.directives import as_int, split_values
from .first import FIRST_SCRIPT_PATH
from .selfcheck_first import FIRST_SCRIPT_PATH as SELFCHECK_FIRST_SCRIPT_PATH

#: Default minimum-amount thresholds (元) offered by the finder's amount filter.
DEFAULT_AMOUNTS = (10_000, 100_000, 500_000, 1_000_000)

#: The static assets each page kind loads (only on pages that have the directive).
ASSETS = {
    # pb-finder-take.js before pb-finder.js: it listens for the first update, so its 导出/订阅
    # bar goes in with the first cards instead of a task later, above them (a layout shift)
    "finder": ("pb-finder-core.js", "pb-finder-take.js", "pb-finder.js"),
    "selfcheck": ("pb-finder-core.js", "pb-match.js", "pb-selfcheck.js"),
}
CSS = "pb-finder.css"
#: Each page kind's first view, precomputed by the build, as a script the page runs first.
FIRST_SCRIPTS = {"finder": FIRST_SCRIPT_PATH, "selfcheck": SELFCHECK_FIRST_SCRIPT_PATH}
#: 政策查找's and 政策匹配's scripts run right after pb-window.js (490, the status rule they need),
#: before the site's other deferred scripts (500: pb-nav.js, pb-status.js, the search's …), which
#: need nothing from them: pb-finder.js and pb-selfcheck.js build the first view as they run
#: (finder/first.py, finder/selfcheck_first.py), so the scripts before them stand between the
#: reader and the first results (issue 22).
PRIORITY = {"finder": 495, "selfcheck": 495}
#: What the scripts fetch (finderindex.py writes it; pb-finder-core.js reads it).
INDEX = "data/finder.json"

FALLBACK_TEXT = {
    "finder": "筛选功能需要浏览器启用 JavaScript。也可以按类别浏览全部事项，类别页面不需要 JavaScript：",
    "selfcheck": ("自助匹配需要浏览器启用 JavaScript。每个事项页面的“申报条件”部分逐条列出了条件和政策依据，"
                  "可以按类别找到事项后对照核对："),
}


class finder_root(nodes.General, nodes.Element):  # noqa: N801
    """Mount point of a finder or self-check page (attributes: ``kind``, ``data``)."""


def vocab_order() -> dict[str, list[str]]:
    return {v.name: list(v.ids) for v in ALL_VOCABS}


def fact_order() -> list[str]:
    return list(FACTS)


def feed_templates() -> str:
    """Where each facet value's feed is (``{id}`` for the value), for the 订阅此筛选 link."""
    paths = {facet: feed_path(facet, "{id}") for facet in FACET_VOCABS}
    return json.dumps({**paths, "all": feed_path()}, separators=(",", ":"), sort_keys=True)


class _MountDirective(SphinxDirective):
    kind = ""
    has_content = False
    option_spec: dict = {}

    def data(self) -> dict[str, str]:
        return {"vocab-order": json.dumps(vocab_order(), ensure_ascii=False, separators=(",", ":"))}

    def run(self) -> list[nodes.Node]:
        root = finder_root(kind=self.kind, data=self.data())
        self.set_source_info(root)
        root += self.fallback()
        return [root]

    def fallback(self) -> nodes.container:
        """Links to the category pages that exist (those work without JavaScript)."""
        box = nodes.container(classes=["pb-finder-fallback"])
        box += nodes.paragraph("", FALLBACK_TEXT[self.kind])
        listing = nodes.bullet_list(classes=["pb-finder-fallback-links"])
        pattern = checked(self.config).category_page
        pages = [(CATEGORIES.label(cat), pattern.format(id=cat)) for cat in CATEGORIES.ids]
        index = pattern.format(id="index")
        if index in self.env.found_docs:
            pages.append(("全部事项", index))
        for label, docname in pages:
            if docname not in self.env.found_docs:
                continue
            ref = addnodes.pending_xref("", nodes.inline(label, label), refdomain="std", reftype="doc",
                                        reftarget="/" + docname, refexplicit=True, refwarn=True,
                                        refdoc=self.env.docname)
            listing += nodes.list_item("", nodes.paragraph("", "", ref))
        if len(listing):
            box += listing
        return box


class ProgramFinderDirective(_MountDirective):
    """``{program-finder}``: facets, text query and results, built in the browser."""

    kind = "finder"
    option_spec = option_spec("program-finder")

    def data(self) -> dict[str, str]:
        written = [as_int(value) for value in split_values(self.options.get("amounts") or "")]
        amounts = tuple(sorted(set(written))) if written and None not in written else DEFAULT_AMOUNTS
        return {**super().data(), "amounts": " ".join(str(a) for a in amounts), "feeds": feed_templates()}


class EligibilityCheckDirective(_MountDirective):
    """``{eligibility-check}``: questions from the rules' facts; results by matching.py's rules."""

    kind = "selfcheck"

    def data(self) -> dict[str, str]:
        return {**super().data(), "fact-order": " ".join(fact_order())}


def visit_root_html(self, node: finder_root) -> None:
    attributes = {f"data-pb-{key}": value for key, value in sorted(node["data"].items())}
    attributes["data-pb-finder"] = node["kind"]
    self.body.append(self.starttag(node, "div", CLASS=f"pb-finder-root pb-{node['kind']}", **attributes))


def depart_root_html(self, node: finder_root) -> None:
    self.body.append("</div>\n")


def _skip_wrapper(self, node) -> None:  # other builders show the fallback content as is
    pass


def add_assets(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Load the page's scripts and stylesheet only on pages with a mount point."""
    if doctree is None:
        return
    kinds = {node["kind"] for node in doctree.findall(finder_root)}
    if not kinds:
        return
    # the builder's lists, reset for every page (app.add_* would also register them for the
    # warm application's next build: every page of a make serve rebuild would load them)
    app.builder.add_css_file(CSS)
    for kind in sorted(kinds):
        for script in ASSETS[kind]:
            app.builder.add_js_file(script, defer="defer", priority=PRIORITY.get(kind, 500))
    # Both pages start from their first view precomputed by the build (finder/first.py,
    # finder/selfcheck_first.py), a deferred script listed before the page's own scripts, which
    # build that view as they run: fetched (even preloaded), it came after the theme's deferred
    # scripts and the load event. Their core files are fetched after that view is painted, not
    # preloaded: at 10,000 programs they would arrive and be parsed first (issue 22).
    tags = [f'<script defer src="{html.escape(context["pathto"](FIRST_SCRIPTS[kind], 1))}"></script>\n'
            for kind in sorted(kinds)]
    context["metatags"] = (context.get("metatags") or "") + "".join(tags)
