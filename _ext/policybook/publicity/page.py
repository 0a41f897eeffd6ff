"""Read side: a publicity document's page, and the place on program pages for their results.

The validator has read the front matter (:mod:`policybook.validate.publicity`); here the page
gets its metadata block, status badge, objection box (异议受理), the entries table with its total,
and attachments, around the MyST body staff wrote. Statuses and results are placeholders
(:mod:`.nodes`), filled when pages are written.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from ..config import checked
from ..doctree import components as c
from ..model.formatting import date_zh
from ..model.publicity import KINDS, round_label, total_yuan, yuan
from ..validate.files import FileReport
from .amounts import amount_zh
from .nodes import ALL, DATA, annual_data, program_results, publicity_list, publicity_status, results_key


def after_read(app, doctree: nodes.document) -> None:
    """``doctree-read``: finish publicity pages; give program pages their results section."""
    env = app.env
    domain = env.domains["policybook"]
    report = domain.report_of(env.docname)
    if report is None:
        return
    if report.kind == "publicity":
        env.metadata[env.docname]["orphan"] = True  # reached through 公示公告, not the sidebar
        _publicity_page(app, doctree, report)
    elif report.kind == "program" and report.entry and not report.entry.get("broken"):
        first = next(iter(doctree.findall(nodes.section)), None)
        if first is not None:  # after 申报时间 and 政策依据, before 咨询方式 (else at the end)
            here = next((i for i, n in enumerate(first.children) if isinstance(n, nodes.section)
                         and set(n["ids"]) & {"contacts", "links", "faq", "related", "history"}), len(first.children))
            first.insert(here, program_results(program=report.entry["id"]))
            domain.note_shows(env.docname, [results_key(report.entry["id"])])


def _publicity_page(app, doctree: nodes.document, report: FileReport) -> None:
    publicity = report.entry
    first = next(iter(doctree.findall(nodes.section)), None)
    if first is None:
        return
    if publicity is None or publicity.get("broken"):
        box = nodes.admonition(classes=["error", "pb-broken"])
        box += nodes.title("", "本公示的数据有误, 暂不能显示名单")
        listing = nodes.bullet_list()
        for problem in report.problems:
            listing += nodes.list_item("", c.para(str(problem)))
        box += listing
        first.insert(1, box)
        return
    source = str(app.env.doc2path(app.env.docname))
    first.insert(1, header(publicity, app.env.docname, source, report.lines))
    first += objection_box(publicity)
    first += entries_section(publicity)
    if publicity.get("attachments"):
        first += attachments_section(publicity, checked(app.config).forms_dir)


def header(publicity: dict, docname: str, source: str, lines: dict) -> nodes.container:
    """Badges and the metadata block (公示类别, 事项, 年度, 公示期, 发布单位)."""
    box = nodes.container(classes=["pb-policy-header", "pb-publicity-header"])
    badges = c.para(classes=("pb-badges",))
    badges += publicity_status(publicity=publicity["id"])
    badges += nodes.Text(" ")
    badges += c.badge(KINDS.label(publicity["kind"]), "primary", outline=True)
    box += badges
    facts = nodes.field_list(classes=["pb-policy-facts", "pb-policy-meta", "pb-publicity-meta"])
    program = c.para(c.xref("program", publicity["program"], docname=docname, line=lines.get("program"),
                            source=source))
    period = f"{date_zh(publicity['period']['start'])}至{date_zh(publicity['period']['end'])}"
    rows = [("公示类别", KINDS.label(publicity["kind"])), ("申报事项", program),
            ("年度批次", round_label(publicity)), ("公示期", period), ("发布单位", publicity["issuer"]),
            ("公示状态", c.para(publicity_status(publicity=publicity["id"])))]
    for name, value in rows:
        body = nodes.field_body("", value if isinstance(value, nodes.Node) else c.para(value))
        facts += nodes.field("", nodes.field_name(name, name), body)
    box += facts
    return box


def objection_box(publicity: dict) -> nodes.Node:
    """异议受理: who, the phone as a tel: link, where, how."""
    objection = publicity["objection"]
    box = nodes.admonition(classes=["note", "pb-objection"])
    box += nodes.title("", "异议受理")
    period = f"{date_zh(publicity['period']['start'])}至{date_zh(publicity['period']['end'])}"
    box += c.para(f"对公示内容有异议的，请在公示期内（{period}）向{objection['contact']}提出。")
    facts = nodes.field_list(classes=["pb-objection-facts"])
    phone = objection["phone"]
    tel = "tel:" + "".join(ch for ch in phone if ch.isdigit() or ch == "+")
    rows = [("受理部门", c.para(objection["contact"])),
            ("电话", c.para(nodes.reference(phone, phone, refuri=tel, classes=["pb-tel"]))),
            ("地址", c.para(objection["address"]))]
    if objection.get("email"):
        email = objection["email"]
        rows.append(("邮箱", c.para(nodes.reference(email, email, refuri=f"mailto:{email}"))))
    rows.append(("异议方式", c.para(objection["how"])))
    for name, value in rows:
        facts += nodes.field("", nodes.field_name(name, name), nodes.field_body("", value))
    box += facts
    return box


def entries_section(publicity: dict) -> nodes.section:
    """The list itself: 序号, 单位, 项目, 金额 (, 备注), then the count and the total."""
    section = c.section("publicity-entries", "公示名单")
    entries = publicity["entries"]
    has_note = any(entry.get("note") for entry in entries)
    columns = [("序号", 6), ("单位", 34), ("项目", 34), ("金额", 14)] + ([("备注", 12)] if has_note else [])
    rows = []
    for number, entry in enumerate(entries, 1):
        row = [str(number), entry["unit"], entry.get("project") or "—",
               amount_zh(yuan(publicity, entry["amount"]))]
        if has_note:
            row.append(entry.get("note") or "")
        rows.append(row)
    total = ["", f"合计（{len(entries)}项）", "", amount_zh(total_yuan(publicity))] + ([""] if has_note else [])
    rows.append(total)
    table = c.table(columns, rows, classes=("pb-publicity-table",))
    last = list(table.findall(nodes.row))[-1]
    last["classes"].append("pb-total-row")
    section += table
    section += c.para(f"共{len(entries)}项，金额合计{amount_zh(total_yuan(publicity))}。", classes=("pb-publicity-total",))
    return section


def attachments_section(publicity: dict, forms_dir: str) -> nodes.section:
    from sphinx import addnodes

    section = c.section("publicity-attachments", "附件")
    listing = nodes.bullet_list(classes=["pb-attachments"])
    for attachment in publicity["attachments"]:
        line = c.para()
        if attachment.get("form"):
            target = "/" + forms_dir.strip("/") + "/" + attachment["form"]
            link = addnodes.download_reference("", "", reftarget=target, refdomain="", reftype="download",
                                               refexplicit=True, refwarn=False)
            link += nodes.literal(attachment["title"], attachment["title"], classes=["xref", "download"])
            line += link
        elif attachment.get("url"):
            line += c.external(attachment["url"], attachment["title"])
        else:
            line += nodes.Text(attachment["title"])
        listing += nodes.list_item("", line)
    section += listing
    return section


class PublicityListDirective(SphinxDirective):
    """``{publicity-list}``: every publicity list, newest first, with its status; paged."""

    option_spec = {"per-page": lambda value: value}

    def run(self) -> list[nodes.Node]:
        self.env.domains["policybook"].note_shows(self.env.docname, [ALL])
        per_page = (self.options.get("per-page") or "").strip()
        return [publicity_list(per_page=int(per_page) if per_page.isdigit() else 0)]


class AnnualDataDirective(SphinxDirective):
    """``{annual-data}``: funds awarded by program and year, enterprises supported per year."""

    def run(self) -> list[nodes.Node]:
        self.env.domains["policybook"].note_shows(self.env.docname, [DATA])
        return [annual_data()]
