"""Program and policy lists as written into a page: filtered, grouped, bounded or paged.

``{program-list}`` and ``{policy-list}`` leave a placeholder holding their filter
(:mod:`policybook.doctree.directives`); here it becomes the list, from the domain's data and
the build date, so it is never stale. Lists longer than a page continue on their own pages
(:mod:`.pagination`).
"""

from __future__ import annotations

from docutils import nodes

from ..config import checked
from ..doctree import components as c
from ..doctree.components import standing_badge, status_badge
from ..doctree.nodes import policy_list, program_list
from ..model.formatting import date_zh
from ..model.lifecycle import standing
from ..model.selection import GROUPS, ProgramIndex, select
from ..model.status import window_status
from ..model.vocab import LEVELS
from .pagination import Layout
from .policy_sort import SORTABLE, keys_of


def render_program_list(node: program_list, programs: dict | ProgramIndex, today, builder, fromdocname: str,
                        layout: Layout | None = None) -> list[nodes.Node]:
    """The list's nodes: bounded by ``:limit:``, a group overview, or split over pages."""
    spec = node["spec"]
    chosen = select({**spec, "limit": 0}, programs, today)
    if not chosen:
        return [c.para(spec["empty"], classes=("pb-empty",))]
    key = spec.get("group")
    if spec.get("overview") and key:
        return [_overview(chosen, key, today, builder, fromdocname)]
    limit = spec.get("limit") or 0
    groups = _Groups(key, chosen) if key else None
    if groups:
        chosen = groups.ordered
    if limit:
        out = [_grouped(chosen, groups, today, builder, fromdocname, limit) if groups
               else _program_items(chosen[:limit], today, builder, fromdocname)]
        more = spec.get("more")
        if not key and len(chosen) > limit and more:
            if more in builder.env.all_docs:  # a missing page is reported by the validator
                out.append(c.para(nodes.reference("", f"查看全部 {len(chosen)} 项 →", internal=True,
                                                  refuri=builder.get_relative_uri(fromdocname, more)),
                                  classes=("pb-more",)))
        return out

    def render(chunk: list[dict], pagename: str) -> list[nodes.Node]:
        if groups:
            return [_grouped(chunk, groups, today, builder, pagename, 0)]
        return [_program_items(chunk, today, builder, pagename)]

    per_page = spec.get("per_page") or checked(builder.config).page_size
    if layout is None:
        return render(chosen, fromdocname)
    return layout.paginate(layout.chunks(chosen, per_page, render), render, total=len(chosen),
                           key=lambda p: _shown(p, key),
                           context=[str(today), key, sorted(groups.sizes.items()) if groups else []])


def _shown(program: dict, group: str = "") -> list:
    """Everything a list item shows of a program (what a continuation page's digest covers)."""
    return [program["id"], program["title"], program["docname"], program["level"],
            program["funding"]["summary"], program["window"], program[group] if group else None]


class _Groups:
    """A grouped list's programs in group order (the vocabulary's), with each group's size and
    first member: counted once per list, whichever page shows a part of it."""

    def __init__(self, key: str, chosen: list[dict]) -> None:
        order = {value: i for i, value in enumerate(GROUPS[key].ids)}
        self.key = key
        self.ordered = sorted(chosen, key=lambda p: order.get(p[key], len(order)))  # stable: keeps the sort
        self.sizes: dict[str, int] = {}
        self.first: dict[str, str] = {}
        for program in self.ordered:
            self.sizes[program[key]] = self.sizes.get(program[key], 0) + 1
            self.first.setdefault(program[key], program["id"])


def _group_title(key: str, value: str, count: int, builder, fromdocname: str, suffix: str = ""):
    """The group's label and size, linked to the category's page where there is one."""
    env = builder.env
    label = f"{GROUPS[key].label(value)}（{count}）{suffix}"
    page = checked(env.config).category_page.format(id=value) if key == "category" else None
    uri = builder.get_relative_uri(fromdocname, page) if page in env.all_docs else None
    return (nodes.reference("", label, refuri=uri, internal=True) if uri else nodes.Text(label)), uri


def _grouped(shown: list[dict], groups: _Groups, today, builder, fromdocname: str,
             limit: int) -> nodes.container:
    """``shown`` under group headings (with each group's full size).

    With ``limit``, each group shows at most that many, with 查看全部 when cut short. Without,
    ``shown`` is one page of a long list: a group begun on an earlier page is marked （续）.
    """
    key = groups.key
    container = nodes.container(classes=["pb-groups"])
    members_by: dict[str, list[dict]] = {}
    for program in shown:
        members_by.setdefault(program[key], []).append(program)
    for value, members in members_by.items():
        continued = not limit and groups.first[value] != members[0]["id"]
        title, uri = _group_title(key, value, groups.sizes[value], builder, fromdocname, "（续）" if continued else "")
        group = nodes.container(classes=["pb-group", f"pb-group-{value}"])
        group += c.para(nodes.strong("", "", title), classes=("pb-group-title",))
        group += _program_items(members[:limit] if limit else members, today, builder, fromdocname)
        if limit and len(members) > limit and uri:
            more = f"查看全部 {len(members)} 项 →"
            group += c.para(nodes.reference("", more, refuri=uri, internal=True), classes=("pb-more",))
        container += group
    return container


def _overview(chosen: list[dict], key: str, today, builder, fromdocname: str) -> nodes.bullet_list:
    """One line per group: its name and size, how many are open now, linked to its page."""
    listing = nodes.bullet_list(classes=["pb-overview"])
    for value in GROUPS[key].ids:
        members = [p for p in chosen if p[key] == value]
        if not members:
            continue
        title, _uri = _group_title(key, value, len(members), builder, fromdocname)
        line = c.para(nodes.strong("", "", title), classes=("pb-overview-title",))
        open_now = sum(window_status(p["window"], today) in ("open", "rolling") for p in members)
        if open_now:
            line += nodes.Text(" ")
            line += c.badge(f"{open_now}项可申报", "success", outline=True)
        listing += nodes.list_item("", line, classes=["pb-overview-item", f"pb-group-{value}"])
    return listing


def _program_items(chosen: list[dict], today, builder, fromdocname: str) -> nodes.bullet_list:
    listing = nodes.bullet_list(classes=["pb-program-list"])
    for program in chosen:
        uri = builder.get_relative_uri(fromdocname, program["docname"])
        head = c.para(nodes.reference("", program["title"], refuri=uri, internal=True,
                                      classes=["pb-program-link"]), classes=("pb-item-title",))
        meta = c.para(classes=("pb-item-meta",))
        free = bool(program.get("no_application"))  # 免申即享: no 申报中 / 截止 to show
        meta += c.badge("免申即享", "success", extra=("pb-no-application",)) if free else status_badge(program["window"], today)
        meta += nodes.Text(" ")
        meta += c.badge(LEVELS.label(program["level"]), "primary", outline=True)
        meta += nodes.Text(f" {program['funding']['summary']}")
        window = program["window"]
        status = window_status(window, today)
        if free:
            meta += nodes.Text(" · 无需申报，符合条件直接兑现")
        elif status == "open" and window.get("close"):
            meta += nodes.Text(f" · {date_zh(window['close'])}截止")
        elif status == "upcoming":
            meta += nodes.Text(f" · {date_zh(window['open'])}开始")
        # ``program`` (not written to HTML) lets later steps find the item's program
        listing += nodes.list_item("", head, meta, classes=["pb-item", f"pb-item-{status}"], program=program["id"])
    return listing


def render_policy_list(node: policy_list, policies: dict, today, builder, fromdocname: str,
                       layout: Layout | None = None) -> list[nodes.Node]:
    """Policies by level, newest first; ``:validity:`` filters on their standing on the build date."""
    spec = node["spec"]
    order = {level: i for i, level in enumerate(LEVELS.ids)}
    states = {key: standing(p, policies, today).state for key, p in policies.items() if not p.get("broken")}
    chosen = [p for key, p in policies.items() if key in states
              and (not spec["level"] or p["level"] in spec["level"])
              and (not spec["validity"] or states[key] in spec["validity"])]
    chosen.sort(key=lambda p: (order[p["level"]], -p["published"].toordinal(), p["title"]))
    if not chosen:
        return [c.para("暂无政策文件。", classes=("pb-empty",))]

    def render(chunk: list[dict], pagename: str) -> list[nodes.Node]:
        listing = nodes.bullet_list(classes=["pb-policy-list", SORTABLE])
        for policy in chunk:
            uri = builder.get_relative_uri(pagename, policy["docname"])
            head = c.para(nodes.reference("", f"《{policy['title']}》", refuri=uri, internal=True))
            meta = c.para(classes=("pb-item-meta",))
            meta += standing_badge(states[policy["id"]])  # 有效性 on the build date
            facts = [LEVELS.label(policy["level"]), policy.get("doc_number"), policy["issuer"],
                     f"{date_zh(policy['published'])}发布"]
            meta += nodes.Text(" " + " · ".join(fact for fact in facts if fact))
            meta += keys_of(policy)
            listing += nodes.list_item("", head, meta, classes=["pb-item"])
        return [listing]

    if layout is None:
        return render(chosen, fromdocname)
    per_page = spec.get("per_page") or checked(builder.config).page_size
    return layout.paginate(layout.chunks(chosen, per_page, render), render, total=len(chosen), unit="份",
                           key=lambda p: [p["id"], p["title"], p["docname"], states[p["id"]], p["level"],
                                          p.get("doc_number"), p["issuer"], p["published"], p.get("written")])
