"""Write side: publicity placeholders filled from the domain for the build date.

The status badge carries its period (``data-pb-start``/``data-pb-end``) so ``pb-publicity.js``
recomputes it in the reader's browser: a page built during the 公示期 says 公示结束 once the end
date has passed, without a rebuild. Program pages list their past results; the 公示公告 page
lists every publicity list, paged; the 年度数据 page draws what the lists hold.
"""

from __future__ import annotations

from docutils import nodes

from ..config import checked
from ..doctree import components as c
from ..model.formatting import date_zh
from ..model.publicity import KINDS, STATUS_LABELS, round_label, status, total_yuan
from ..pages.pagination import Layout, split
from ..state import state
from .amounts import amount_zh
from .annual import render_annual_data
from .nodes import annual_data, program_results, publicity_list, publicity_status


class publicity_live(nodes.Inline, nodes.Element):  # noqa: N801
    """A status badge the browser recomputes (attributes ``start``, ``end``)."""


def visit_publicity_live_html(self, node: publicity_live) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="pb-publicity-live",
                                   **{"data-pb-start": node["start"], "data-pb-end": node["end"]}))


def depart_publicity_live_html(self, node: publicity_live) -> None:
    self.body.append("</span>")


def status_badge(publicity: dict, today) -> publicity_live:
    now = status(publicity, today)
    label = STATUS_LABELS[now]
    badge = nodes.inline(label, label, classes=["sd-badge", "pb-pub-status", f"pb-pub-status-{now}"])
    live = publicity_live(start=publicity["period"]["start"].isoformat(), end=publicity["period"]["end"].isoformat())
    live += badge
    return live


def published(domain) -> list[dict]:
    """Every publicity list that validated, newest first (by the start of its 公示期)."""
    lists = [entry for entry in domain.data.get("publicity", {}).values() if not entry.get("broken")]
    return sorted(lists, key=lambda p: (p["period"]["start"], p["id"]), reverse=True)


def resolve(app, doctree: nodes.document, fromdocname: str) -> None:
    """``doctree-resolved``: every publicity placeholder of the page."""
    domain = app.env.domains["policybook"]
    today = state(app).today
    builder = app.builder
    table = domain.data.get("publicity", {})
    for node in list(doctree.findall(publicity_status)):
        entry = table.get(node["publicity"])
        node.replace_self(status_badge(entry, today) if entry and not entry.get("broken") else nodes.Text(""))
    for node in list(doctree.findall(program_results)):
        node.replace_self(results(node["program"], published(domain), builder, fromdocname))
    for node in list(doctree.findall(publicity_list)):
        node.replace_self(render_list(app, node, published(domain), today, fromdocname))
    for node in list(doctree.findall(annual_data)):
        node.replace_self(render_annual_data(published(domain), domain.programs))


def results(program_id: str, lists: list[dict], builder, fromdocname: str) -> list[nodes.Node]:
    """往年立项 / 获奖名单: each round of the program, with its count and total, linked."""
    mine = [entry for entry in lists if entry["program"] == program_id]
    if not mine:
        return []
    section = c.section("past-results", "往年立项 / 获奖名单")
    rows = []
    for entry in mine:
        link = nodes.reference("", entry["title"], internal=True,
                               refuri=builder.get_relative_uri(fromdocname, entry["docname"]))
        rows.append([round_label(entry), KINDS.label(entry["kind"]), f"{len(entry['entries'])}项",
                     amount_zh(total_yuan(entry)), c.para(link)])
    section += c.table([("年度批次", 14), ("类别", 12), ("数量", 8), ("金额合计", 14), ("名单", 52)], rows,
                       classes=("pb-past-results",))
    return [section]


def _item(entry: dict, today, builder, pagename: str) -> nodes.list_item:
    link = nodes.reference("", entry["title"], internal=True,
                           refuri=builder.get_relative_uri(pagename, entry["docname"]))
    head = c.para(link, classes=("pb-item-title",))
    meta = c.para(classes=("pb-item-meta",))
    meta += status_badge(entry, today)
    period = f"{date_zh(entry['period']['start'])}至{date_zh(entry['period']['end'])}"
    meta += nodes.Text(f" {KINDS.label(entry['kind'])} · 公示期{period} · {len(entry['entries'])}项，"
                       f"合计{amount_zh(total_yuan(entry))}")
    return nodes.list_item("", head, meta, classes=["pb-item", "pb-publicity-item"])


def render_list(app, node: publicity_list, lists: list[dict], today, fromdocname: str) -> list[nodes.Node]:
    """The 公示公告 list: newest first, each with its live status; long lists continue on pages."""
    if not lists:
        return [c.para("暂无公示。", classes=("pb-empty",))]
    builder = app.builder

    def render(chunk: list[dict], pagename: str) -> list[nodes.Node]:
        listing = nodes.bullet_list(classes=["pb-publicity-list"])
        for entry in chunk:
            listing += _item(entry, today, builder, pagename)
        return [listing]

    per_page = node.get("per_page") or checked(app.config).page_size
    layout = Layout.of(app, fromdocname)
    return layout.paginate(split(lists, per_page), render, total=len(lists), unit="份",
                           key=lambda e: [e["id"], e["title"], e["docname"], e["kind"], e["period"],
                                          len(e["entries"]), total_yuan(e)],
                           context=[str(today)])
