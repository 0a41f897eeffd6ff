"""``{site-map}``: the 网站地图 page, every public page by section, resolved at write time.

Sections, in this order: 首页; 申报事项 (every program, by category); 政策文件 (every policy);
then each top-level entry of the root toctree that has pages under it (全部事项 with the category pages, 政策文件 with the
policies, 办事指南 with the guides …) as a section of its own; the top-level pages without pages
under them (政策查找, 政策匹配, 申报日历) together as 查询服务; and any page left (联系我们,
隐私与免责声明 …) as 网站信息. Titles come from the pages, so the map never goes stale.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from ..config import checked
from ..model.vocab import CATEGORIES


class site_map(nodes.General, nodes.Element):  # noqa: N801
    """Replaced by the sections of the site map when the page is written."""


class SiteMapDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        self.env.metadata[self.env.docname]["pb-site-map"] = True
        return [site_map()]


def site_maps_to_rewrite(app, env) -> list[str]:
    """``env-get-updated``: the site map lists every page, so it is rewritten on every build."""
    return sorted(doc for doc in env.all_docs if env.metadata.get(doc, {}).get("pb-site-map"))


def _descendants(env, docname: str, seen: set[str]) -> list[str]:
    found = []
    for child in env.toctree_includes.get(docname, []):
        if child in seen or child not in env.all_docs:
            continue
        seen.add(child)
        found.append(child)
        found.extend(_descendants(env, child, seen))
    return found


def sections(app) -> list[tuple[str, list]]:
    """(heading, items): an item is a docname, or (group label, [docname, …])."""
    env = app.env
    settings = checked(app.config)
    programs = [p for p in env.domains["policybook"].programs.values()
                if not p.get("broken") and p["docname"] in env.all_docs]
    root = app.config.root_doc
    placed = {root} | {p["docname"] for p in programs}
    by_category = [(CATEGORIES.label(category), [p["docname"] for p in sorted(
        (p for p in programs if p["category"] == category), key=lambda p: p["title"])])
        for category in CATEGORIES.ids]
    result: list[tuple[str, list]] = [("首页", [root]), ("申报事项", [g for g in by_category if g[1]])]
    policies_index = settings.policies_dir.strip("/") + "/index"
    policies = sorted((doc for doc in env.all_docs if settings.is_policy_doc(doc)), key=lambda d: _title(env, d))
    if policies:
        result.append(("政策文件", [policies_index, *policies] if policies_index in env.all_docs else policies))
        placed.update(policies, [policies_index])
    notices_index = settings.notices_dir.strip("/") + "/index"
    dates = {n["docname"]: str(n.get("published", "")) for n in env.domains["policybook"].data.get("notices", {}).values()}
    notices = sorted((doc for doc in env.all_docs if settings.is_notice_doc(doc)),
                     key=lambda doc: (dates.get(doc, ""), doc), reverse=True)  # newest first, as the list
    if notices:
        result.append(("通知公告", [notices_index, *notices] if notices_index in env.all_docs else notices))
        placed.update(notices, [notices_index])
    tools = []
    for top in env.toctree_includes.get(root, []):
        if top in placed or top not in env.all_docs:
            continue
        placed.add(top)
        under = [doc for doc in _descendants(env, top, placed) if not settings.is_program_doc(doc)]
        if under:
            result.append((_title(env, top), [top, *under]))
        else:
            tools.append(top)
    if tools:
        result.append(("查询服务", tools))
    rest = sorted(doc for doc in env.all_docs if doc not in placed and not settings.is_program_doc(doc))
    if rest:
        result.append(("网站信息", rest))
    return result


def _title(env, docname: str) -> str:
    node = env.titles.get(docname)
    return node.astext() if node is not None else docname


def resolve_site_maps(app, doctree: nodes.document, fromdocname: str) -> None:
    found = list(doctree.findall(site_map))
    if not found:
        return
    env, builder = app.env, app.builder

    def link_list(docnames: list[str]) -> nodes.bullet_list:
        items = nodes.bullet_list(classes=["pb-sitemap-list"])
        for doc in docnames:
            ref = nodes.reference("", _title(env, doc), internal=True,
                                  refuri=builder.get_relative_uri(fromdocname, doc))
            items += nodes.list_item("", nodes.paragraph("", "", ref))
        return items

    out: list[nodes.Node] = []
    for index, (heading, items) in enumerate(sections(app)):
        section = nodes.section("", ids=[f"sitemap-{index}"], classes=["pb-sitemap-section"])
        section += nodes.title(heading, heading)
        groups = [item for item in items if isinstance(item, tuple)]
        if groups:
            for label, docs in groups:
                section += nodes.paragraph("", f"{label}（{len(docs)}）", classes=["pb-sitemap-group"])
                section += link_list(docs)
        else:
            section += link_list(items)
        out.append(section)
    for node in found:
        node.replace_self(out)
