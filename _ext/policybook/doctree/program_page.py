"""A program entry as a page: the doctree an enterprise reads.

Sections come in the order an applicant asks: what is it and how much (summary, key facts,
支持标准), may I apply (申报条件), what do I hand in and how (申报材料, 申报流程), by when
(申报时间), on what legal basis (政策依据), whom do I call (咨询方式), then FAQ, related
programs and the page's own history. Section ids are stable English anchors.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes

from ..model import windows
from ..model.formatting import date_zh, funding_standard, window_text
from ..model.refs import ClauseRef
from ..model.rules import shared_clause
from ..model.vocab import APPLICANT_TYPES, CATEGORIES, FACTS, INDUSTRIES, LEVELS, SUPPORT_TYPES
from ..notices.nodes import program_expected, program_notices, program_window_text
from . import components as c
from .markup import TextRenderer
from .nodes import build_date, window_status


class ProgramPage:
    """Builds the nodes for one program; ``lines`` maps field paths to YAML line numbers."""

    def __init__(self, program: dict, lines: dict[str, int], docname: str, source: str,
                 text: TextRenderer, forms_dir: str) -> None:
        self.p, self.lines, self.docname, self.source = program, lines, docname, source
        self.text, self.forms_dir = text, forms_dir

    # -- helpers -------------------------------------------------------------------------------
    def line(self, path: str) -> int | None:
        return self.lines.get(path)

    def block(self, path: str, value: str, classes: tuple = ()) -> nodes.container:
        return self.text.block(value, self.lines.get(path, 1), classes)

    def inline(self, path: str, value: str) -> list[nodes.Node]:
        return self.text.inline(value, self.lines.get(path, 1))

    def policy_ref(self, ref: dict, path: str) -> nodes.Node:
        target = str(ClauseRef(ref["policy"], ref["clause"]))
        return c.xref("policy", target, docname=self.docname, line=self.line(path), source=self.source)

    def program_ref(self, program_id: str, path: str) -> nodes.Node:
        return c.xref("program", program_id, docname=self.docname, line=self.line(path), source=self.source)

    # -- the page ------------------------------------------------------------------------------
    def build(self) -> nodes.section:
        p = self.p
        page = c.section(p["id"], p["title"])
        page["classes"].append("pb-program")
        if p.get("archived"):
            page += nodes.admonition("", c.para("本事项已停止执行，页面仅供查阅历史信息。"),
                                     classes=["warning", "pb-archived"])
        page += self.badges()
        if p.get("aliases"):
            page += c.para("又称：" + "、".join(p["aliases"]), classes=("pb-aliases",))
        page += self.block("summary", p["summary"], ("pb-summary",))
        page += self.key_facts()
        page += self.funding()
        page += self.eligibility()
        page += self.materials()
        page += self.process()
        page += self.window()
        page += program_notices(program=p["id"])  # 相关通知, when a notice names this program
        page += self.basis()
        page += self.contacts()
        if p.get("links"):
            page += self.links()
        if p.get("faq"):
            page += self.faq()
        if p.get("related"):
            page += self.related()
        page += self.history()
        return page

    def badges(self) -> nodes.paragraph:
        p = self.p
        row = c.para(classes=("pb-badges",))
        row += c.badge(LEVELS.label(p["level"]), "primary", extra=("pb-level",))
        row += nodes.Text(" ")
        row += c.xref("category", p["category"], CATEGORIES.label(p["category"]), docname=self.docname,
                      line=self.line("category"), source=self.source)
        row[-1]["classes"] = ["sd-badge", "sd-outline-primary", "sd-text-primary", "pb-category"]
        row += nodes.Text(" ")
        row += c.badge(SUPPORT_TYPES.label(p["support_type"]), "secondary", outline=True, extra=("pb-support",))
        row += nodes.Text(" ")
        if p.get("no_application"):
            # nobody applies, so 申报中 / 已截止 would mislead: the flag stands where the status would
            row += c.badge("免申即享", "success", extra=("pb-no-application",))
        else:
            row += window_status(program=p["id"], detail=True)
        return row

    def key_facts(self) -> nodes.container:
        p = self.p
        window = p["window"]
        when = [c.para(program_window_text("", nodes.Text(window_text(window)), program=p["id"]))]
        if window.get("mode") != "rolling" and not p.get("no_application"):  # "常年受理" already says it all
            when.append(c.para(window_status(program=p["id"], detail=True)))
        expected = expected_line(window, "下次申报：")
        if expected is not None:
            when.append(program_expected("", expected, program=p["id"]))  # gone once a notice announced it
        elif window.get("next"):
            when.append(c.para(f"下次申报：{window['next']}", classes=("pb-next",)))
        cards = [
            c.tile("支持力度", [c.para(p["funding"]["summary"], classes=("pb-amount",))], ("pb-fact",)),
            c.tile("兑现时间" if p.get("no_application") else "申报时间", when, ("pb-fact",)),
            c.tile("申报对象", [c.para("、".join(APPLICANT_TYPES.label(a) for a in p["applicants"]))],
                   ("pb-fact",)),
            c.tile("主管部门", [c.para(p["authority"])], ("pb-fact",)),
        ]
        return c.tiles(cards, ("pb-facts",))

    def funding(self) -> nodes.section:
        funding = self.p["funding"]
        sec = c.section("funding", "支持标准")
        sec += c.para(funding["summary"], classes=("pb-lead",))
        items = funding.get("items", [])
        if items:
            rows = []
            for index, item in enumerate(items):
                path = f"funding.items[{index}]"
                rows.append([
                    item["name"],
                    funding_standard(item),
                    self.inline(f"{path}.basis", item["basis"]) if item.get("basis") else "—",
                    self.inline(f"{path}.payment", item["payment"]) if item.get("payment") else "—",
                ])
            sec += c.table([("支持项目", 3), ("支持标准", 3), ("计算方式", 4), ("拨付方式", 3)], rows,
                           ("pb-funding",))
        if funding.get("note"):
            sec += self.block("funding.note", funding["note"])
        return sec

    def eligibility(self) -> nodes.section:
        elig = self.p["eligibility"]
        sec = c.section("eligibility", "申报条件")
        if elig.get("text"):
            sec += self.block("eligibility.text", elig["text"])
        shared = shared_clause(elig["rules"])
        if shared is not None:
            sec += self.shared_basis(elig["rules"], shared)
        rules = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".", classes=["pb-rules"])
        for index, rule in enumerate(elig["rules"]):
            path = f"eligibility.rules[{index}]"
            item = nodes.list_item(classes=["pb-rule"])
            line = c.para(rule["text"])
            if rule["op"] == "manual":
                line += nodes.Text(" ")
                line += c.badge("需人工审核", "warning", outline=True, extra=("pb-manual",))
            item += line
            cite = c.para(classes=("pb-cite",))
            if rule["clause"] != shared:  # the shared clause is named above the list
                cite += [nodes.Text("依据："), self.policy_ref(rule["clause"], f"{path}.clause")]
            if rule["op"] != "manual":
                facts = [c["fact"] for c in rule["value"]] if rule["op"] == "any" else [rule["fact"]]
                checks = "自检项：" + "、".join(FACTS[f].question for f in facts)
                cite += nodes.Text(f" · {checks}" if cite.children else checks)
            if cite.children:
                item += cite
            rules += item
        sec += rules
        if elig.get("exclusions"):
            sec += c.para("有下列情形之一的，不予支持：", classes=("pb-lead",))
            excl = nodes.bullet_list(classes=["pb-exclusions"])
            for index, text in enumerate(elig["exclusions"]):
                excl += nodes.list_item("", *self.block(f"eligibility.exclusions[{index}]", text).children)
            sec += excl
        return sec

    def shared_basis(self, rules: list[dict], clause: dict) -> nodes.paragraph:
        """The clause most conditions cite, named once above them (eight identical 依据 lines
        under 高新技术企业认定's conditions said nothing the first did not)."""
        index = next(i for i, rule in enumerate(rules) if rule["clause"] == clause)
        ref = self.policy_ref(clause, f"eligibility.rules[{index}].clause")
        if all(rule["clause"] == clause for rule in rules):
            return c.para(f"以下{len(rules)}项条件均依据", ref, "。", classes=("pb-cite", "pb-rules-basis"))
        return c.para("以下条件除单独注明的以外，均依据", ref, "。", classes=("pb-cite", "pb-rules-basis"))

    def no_application(self) -> nodes.container:
        """免申即享: the page says so where an applicant would look for what to do."""
        box = nodes.container(classes=["pb-no-application-note"])
        box += c.para(nodes.strong("免申即享", "免申即享"),
                      "：本事项免申即享，企业无需申报、无需提交材料。主管部门用已掌握的数据自动比对，"
                      "符合条件的经公示后直接兑现（自动比对 → 公示 → 拨付）。")
        if self.p.get("no_application_note"):
            box += c.para("兑现依据：" + self.p["no_application_note"])
        return box

    def materials(self) -> nodes.section:
        sec = c.section("materials", "申报材料")
        if self.p.get("no_application"):
            sec += c.para("无需提交申报材料。", classes=("pb-lead",))
            sec += self.no_application()
            return sec
        listing = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".", classes=["pb-materials"])
        for index, material in enumerate(self.p.get("materials", [])):
            path = f"materials[{index}]"
            line = c.para(nodes.strong(material["name"], material["name"]), " ")
            line += c.badge("必需" if material["required"] else "按情况提供",
                            "danger" if material["required"] else "secondary", outline=True)
            if material.get("form"):
                target = f"/{self.forms_dir}/{material['form']}"
                download = addnodes.download_reference(
                    "", "", nodes.literal("", f"下载表格 {material['form']}"),
                    reftarget=target, refdoc=self.docname, refexplicit=True, classes=["pb-form"])
                download.source, download.line = self.source, self.line(f"{path}.form")
                line += nodes.Text(" ")
                line += download
            item = nodes.list_item("", line)
            if material.get("note"):
                item += self.block(f"{path}.note", material["note"], ("pb-note",))
            listing += item
        sec += listing
        return sec

    def process(self) -> nodes.section:
        sec = c.section("process", "兑现流程" if self.p.get("no_application") else "申报流程")
        if self.p.get("no_application"):
            sec += c.para("自动比对 → 公示 → 拨付，企业无需申报。", classes=("pb-lead",))
        steps = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".", classes=["pb-steps"])
        for index, step in enumerate(self.p["process"]):
            path = f"process[{index}]"
            head = c.para(nodes.strong(step["title"], step["title"]))
            if step.get("duration"):
                head += nodes.Text(f"（{step['duration']}）")
            item = nodes.list_item("", head)
            if step.get("text"):
                item += self.block(f"{path}.text", step["text"])
            steps += item
        sec += steps
        return sec

    def window(self) -> nodes.section:
        p, window = self.p, self.p["window"]
        free = bool(p.get("no_application"))
        sec = c.section("window", "兑现时间" if free else "申报时间")
        if free:
            sec += self.no_application()
        facts = nodes.field_list(classes=["pb-window"])
        facts += _field("比对兑现时间" if free else "受理时间",
                        program_window_text("", nodes.Text(window_text(window)), program=p["id"]))
        if not free:  # no application: there is no 申报中 / 已截止 to show
            facts += _field("当前状态", window_status(program=p["id"], detail=True))
        expected = expected_line(window)
        if expected is not None:
            facts += program_expected("", _field("下次申报", expected), program=p["id"])
        elif window.get("next"):
            facts += _field("下次申报", window["next"])
        if window.get("note"):
            body = nodes.field_body("", *self.block("window.note", window["note"]).children)
            facts += nodes.field("", nodes.field_name("说明", "说明"), body)
        if p.get("processing_time"):
            facts += _field("办理时限", p["processing_time"])
        if p.get("channels"):
            listing = nodes.bullet_list(classes=["pb-channels"])
            for index, channel in enumerate(p["channels"]):
                line = c.para(c.external(channel["url"], channel["name"]) if channel.get("url") else channel["name"])
                if channel.get("note"):
                    line += nodes.Text("：")
                    line.extend(self.inline(f"channels[{index}].note", channel["note"]))
                listing += nodes.list_item("", line)
            channel_label = "查询渠道" if free else "申报渠道"
            facts += nodes.field("", nodes.field_name(channel_label, channel_label), nodes.field_body("", listing))
        sec += facts
        if not free:
            sec += c.para("状态按", build_date(), "计算；页面打开时会按当天日期自动更新。", classes=("pb-asof",))
        return sec

    def basis(self) -> nodes.section:
        sec = c.section("basis", "政策依据")
        listing = nodes.bullet_list(classes=["pb-basis"])
        for index, ref in enumerate(self.p["basis"]):
            listing += nodes.list_item("", c.para(self.policy_ref(ref, f"basis[{index}]")))
        sec += listing
        return sec

    def contacts(self) -> nodes.section:
        sec = c.section("contacts", "咨询方式")
        cards = []
        for contact in self.p["contacts"]:
            body = nodes.field_list(classes=["pb-contact"])
            if contact.get("person"):
                body += _field("联系人", contact["person"])
            if contact.get("phone"):
                phone = contact["phone"]
                body += _field("电话", c.para(c.external("tel:" + "".join(ch for ch in phone if ch.isdigit() or ch in "+-"), phone)))
            if contact.get("email"):
                body += _field("邮箱", c.para(c.external("mailto:" + contact["email"], contact["email"])))
            if contact.get("address"):
                body += _field("地址", contact["address"])
            if contact.get("hours"):
                body += _field("办公时间", contact["hours"])
            cards.append(c.tile(contact["name"], [body], ("pb-contact-card",)))
        sec += c.tiles(cards, ("pb-contacts",))
        return sec

    def links(self) -> nodes.section:
        sec = c.section("links", "相关链接")
        listing = nodes.bullet_list()
        for link in self.p["links"]:
            listing += nodes.list_item("", c.para(c.external(link["url"], link["title"])))
        sec += listing
        return sec

    def faq(self) -> nodes.section:
        sec = c.section("faq", "常见问题")
        for index, entry in enumerate(self.p["faq"]):
            sec += c.dropdown(entry["q"], [self.block(f"faq[{index}].a", entry["a"])])
        return sec

    def related(self) -> nodes.section:
        sec = c.section("related", "相关事项")
        listing = nodes.bullet_list(classes=["pb-related"])
        for index, other in enumerate(self.p["related"]):
            listing += nodes.list_item("", c.para(self.program_ref(other, f"related[{index}]")))
        sec += listing
        return sec

    def history(self) -> nodes.section:
        p = self.p
        sec = c.section("history", "更新记录")
        sec += c.para(f"本页内容最后核对于{date_zh(p['reviewed'])}。", classes=("pb-reviewed",))
        if p.get("changes"):
            listing = nodes.bullet_list(classes=["pb-changes"])
            for change in sorted(p["changes"], key=lambda ch: ch["date"], reverse=True):
                listing += nodes.list_item("", c.para(f"{date_zh(change['date'])}：{change['text']}"))
            sec += listing
        industries = "、".join(INDUSTRIES.label(i) for i in p.get("industries", ["all"]))
        sec += c.para(f"适用行业：{industries}", classes=("pb-industries",))
        return sec


def expected_line(window: dict, label: str = "") -> nodes.paragraph | None:
    """The expected next window with a 预计 badge (forecast dates look different everywhere)."""
    span = windows.expected(window)
    if span is None:
        return None
    text = windows.span_text(span, mark=False) + (f"（{span.note}）" if span.note else "")
    return c.para(label, forecast_badge(), " ", text, classes=("pb-next", "pb-expected"))


def forecast_badge() -> nodes.inline:
    return c.badge("预计", "warning", outline=True, extra=("pb-forecast",))


def _field(name: str, value) -> nodes.field:
    body = nodes.field_body()
    if isinstance(value, nodes.paragraph):
        body += value
    elif isinstance(value, nodes.Node):
        body += c.para(value)
    else:
        body += c.para(value)
    return nodes.field("", nodes.field_name(name, name), body)
