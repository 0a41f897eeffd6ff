"""The 通知公告 (notice) format: front matter of ``source/notices/<id>.md``, declared once.

A notice may open a program's application window for a round (``opens``): the dates are
written here once and the program page, statuses, calendar, finder and open data show them
(:mod:`.notices` says how a notice window combines with the program's own ``window``).
"""

from __future__ import annotations

from .fields import Context, Date, Enum, FormPath, Id, Str, Text, Url
from .schema import MYST_FRONT_MATTER_KEYS, WINDOWS_FROM
from .shapes import Field, ListOf, Obj, child
from .vocab import NOTICE_KINDS


def _check_opening(opening: dict, node, ctx: Context, path: str) -> None:
    if opening["opens"] > opening["closes"]:
        ctx.report(child(node, "closes"), f"{path}.closes",
                   f"截止日期 {opening['closes']} 早于开始日期 {opening['opens']}",
                   gloss="closes before opens", hint="检查年份和月份", code="date-order")


def _check_attachment(attachment: dict, node, ctx: Context, path: str) -> None:
    if ("form" in attachment) == ("url" in attachment):
        ctx.report(node, path, "附件要写 form (表格文件) 或 url (网址) 中的一个",
                   gloss="attachment needs exactly one of form and url",
                   hint="本局的表格放在 source/forms/ 下, 写 form: 文件名; 其他网站的文件写 url: https://…",
                   code="attachment")


OPENING = Obj(fields=[
    Field("program", Id(), "事项编号", "本通知开启申报的事项", required=True, example="high-tech-recognition"),
    Field("round", Str(max_length=20), "批次或年度", "如 2027年度、2027年第一批", required=True,
          example="2027年度"),
    Field("opens", Date(earliest=WINDOWS_FROM), "开始日期", required=True, example="2027-03-01"),
    Field("closes", Date(earliest=WINDOWS_FROM), "截止日期", required=True, example="2027-04-30"),
    Field("note", Str(max_length=100), "说明", "如 县级推荐截止日期", example="县科技局推荐截止"),
], check=_check_opening)

ATTACHMENT = Obj(fields=[
    Field("title", Str(max_length=80), "附件名称", required=True, example="附件1：申报书"),
    Field("form", FormPath(), "表格文件", "放在 source/forms/ 下的文件名"),
    Field("url", Url(), "网址", "其他网站上的文件"),
], check=_check_attachment)

NOTICE = Obj(fields=[
    Field("id", Id(), "编号", "必须与文件名相同", required=True, example="2027-high-tech-application"),
    Field("title", Str(max_length=120), "标题", required=True, example="关于组织申报2027年度高新技术企业认定的通知"),
    Field("doc_number", Str(max_length=60), "文号", example="明科字〔2026〕31号"),
    Field("published", Date(), "发布日期", required=True, example="2026-11-10"),
    Field("issuer", Str(max_length=120), "发布机构", required=True, example="明湖县科学技术局"),
    Field("kind", Enum(vocab=NOTICE_KINDS), "类别", "申报通知 (application)、通知 (notice) 或 公告 (announcement)",
          required=True, example="application"),
    Field("summary", Text(max_length=300), "摘要", "一两句话, 用于列表、订阅和搜索"),
    Field("programs", ListOf(Id(), unique=True), "相关事项", "事项编号; 事项页的“相关通知”列出本通知",
          example="high-tech-recognition"),
    Field("opens", ListOf(OPENING), "开启申报",
          "本通知开启的申报期: 日期只写在这里, 事项页、状态、日历和开放数据都显示它"),
    Field("attachments", ListOf(ATTACHMENT), "附件"),
], passthrough=MYST_FRONT_MATTER_KEYS)
