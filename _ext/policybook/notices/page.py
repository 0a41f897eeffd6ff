"""A notice page, read side: metadata block, 申报时间 boxes, attachments, related programs.

The notice's own text (MyST) stays as written; the block goes under its title, the
attachments and related programs after the text. Program titles are links resolved by the
domain, so a renamed program is never stale on a notice page.
"""

from __future__ import annotations

import os

from docutils import nodes
from sphinx import addnodes

from ..config import checked
from ..doctree import components as c
from ..model.formatting import date_zh
from ..model.notices import span_zh
from ..model.vocab import NOTICE_KINDS
from ..validate.files import FileReport
from .nodes import notice_opening_status


def process_notice(app, doctree: nodes.document, report: FileReport) -> None:
    notice = report.entry
    first = next(iter(doctree.findall(nodes.section)), None)
    if notice is None or notice.get("broken") or first is None:
        return
    docname = app.env.docname
    source = str(app.env.doc2path(docname))
    first["classes"].append("pb-notice")

    def ref(program_id: str, path: str) -> nodes.Node:
        return c.xref("program", program_id, docname=docname, line=report.lines.get(path), source=source)

    box = nodes.container(classes=["pb-notice-header"])
    box += metadata(notice)
    for index, opening in enumerate(notice.get("opens") or []):
        box += opening_box(opening, ref(opening["program"], f"opens[{index}].program"))
    first.insert(1, box)
    forms_dir = checked(app.config).forms_dir.strip("/")
    if notice.get("attachments"):
        sec = c.section("attachments", "附件")
        listing = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".", classes=["pb-attachments"])
        for index, attachment in enumerate(notice["attachments"]):
            line = c.para(attachment["title"], " ")
            if attachment.get("form"):
                link = addnodes.download_reference(
                    "", "", nodes.literal("", f"下载 {attachment['form']}"), reftarget=f"/{forms_dir}/{attachment['form']}",
                    refdoc=docname, refexplicit=True, classes=["pb-form"])
                link.source, link.line = source, report.lines.get(f"attachments[{index}].form")
                line += _collected(app.env, link)
            else:
                line += c.external(attachment["url"], "查看")
            listing += nodes.list_item("", line)
        sec += listing
        first += sec
    # the programs it names, then those it opens (each once), with the line each is written on
    related: dict[str, str] = {}
    for index, program_id in enumerate(notice.get("programs") or []):
        related.setdefault(program_id, f"programs[{index}]")
    for index, opening in enumerate(notice.get("opens") or []):
        related.setdefault(opening["program"], f"opens[{index}].program")
    if related:
        sec = c.section("related-programs", "相关申报事项")
        listing = nodes.bullet_list(classes=["pb-related"])
        for program_id, path in related.items():
            listing += nodes.list_item("", c.para(ref(program_id, path)))
        sec += listing
        first += sec


def _collected(env, link: addnodes.download_reference) -> nodes.Node:
    """What Sphinx's download collector does at doctree-read, for a link added after it ran;
    a missing file stays text (the validator reports it, located)."""
    rel_filename, filename = env.relfn2path(link["reftarget"], env.docname)
    env.note_dependency(rel_filename)
    if not os.access(filename, os.R_OK):
        return link.children[0]
    link["filename"] = str(env.dlfiles.add_file(env.docname, rel_filename)).replace(os.sep, "/")
    return link


def metadata(notice: dict) -> nodes.field_list:
    """文号, 发布机构, 发布日期, 类别: the block government notices open with."""
    facts = nodes.field_list(classes=["pb-policy-facts", "pb-notice-meta"])
    rows = [("文号", notice.get("doc_number")), ("发布机构", notice["issuer"]),
            ("发布日期", date_zh(notice["published"])), ("类别", NOTICE_KINDS.label(notice["kind"]))]
    for name, value in rows:
        if value:
            facts += nodes.field("", nodes.field_name(name, name), nodes.field_body("", c.para(value)))
    return facts


def opening_box(opening: dict, program_link: nodes.Node) -> nodes.container:
    """申报时间: 2027年3月1日至2027年4月30日, with the live status, for one window opened."""
    box = nodes.container(classes=["pb-notice-window", "admonition", "tip"])
    head = c.para(nodes.strong("", "申报事项："), program_link, f"（{opening['round']}）")
    when = c.para(nodes.strong("", "申报时间："), span_zh(opening["opens"], opening["closes"]), " ",
                  notice_opening_status(opens=opening["opens"].isoformat(), closes=opening["closes"].isoformat()))
    box += head
    box += when
    if opening.get("note"):
        box += c.para(opening["note"], classes=("pb-note",))
    return box
