"""Publicity lists (公示 / 结果公开): the format, and the few rules about them.

A publicity list names who a program supports in one round (立项公示, 获奖名单 …), for how much,
and during which days (公示期) anyone may object, and where. Declared once here, like programs
and policies in :mod:`.schema`: the loader, the editors' JSON Schema and the handbook's field
reference all read :data:`PUBLICITY`. Pure: no Sphinx.
"""

from __future__ import annotations

import datetime as dt
import re

import chinese_calendar

from .fields import Context, Date, Enum, FormPath, Id, Number, Str, Text, Url
from .schema import MYST_FRONT_MATTER_KEYS
from .shapes import Field, ListOf, Obj, child
from .vocab import AMOUNT_UNITS, Vocab

KINDS = Vocab("publicity kind", {
    "approval": "立项公示",
    "award": "获奖名单",
    "recognition": "认定结果",
    "payment": "资金拨付",
})

STATUS_LABELS = {"upcoming": "即将公示", "open": "公示中", "closed": "公示结束"}

#: 公示期: government practice for funding decisions is "不少于 5 个工作日"; a period of more
#: than 30 days is almost always a slip in the month or year, and holds the payment up.
MIN_WORKING_DAYS = 5
MAX_DAYS = 30

_UNIT_YUAN = {"yuan": 1, "wan": 10_000}
_YEAR_IN_TEXT = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def _is_workday(day: dt.date) -> bool:
    """A 工作日 by the State Council's yearly arrangement (holidays off, 调休 weekends on), from the
    kept ``chinesecalendar`` table; a year it does not cover yet counts Monday to Friday (lenient)."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def _days(start: dt.date, end: dt.date):
    return (start + dt.timedelta(days=k) for k in range((end - start).days + 1))


def working_days(start: dt.date, end: dt.date) -> int:
    """Working days from ``start`` to ``end`` inclusive."""
    return sum(1 for day in _days(start, end) if _is_workday(day))


def holidays_in(start: dt.date, end: dt.date) -> list[str]:
    """The Chinese names of the public holidays (放假日) from ``start`` to ``end``, in order: named in a
    too-short 公示期's message, since staff count weekdays and forget 国庆 or 春节."""
    names: list[str] = []
    for day in _days(start, end):
        try:
            off, name = chinese_calendar.get_holiday_detail(day)
        except NotImplementedError:
            continue
        holiday = _HOLIDAY_NAMES.get(name) if off else None
        if holiday and holiday not in names:
            names.append(holiday)
    return names


_HOLIDAY_NAMES = {h.value: h.chinese for h in chinese_calendar.Holiday}


def _check_period(period: dict, node, ctx: Context, path: str) -> None:
    start, end = period["start"], period["end"]
    if end < start:
        ctx.report(child(node, "end"), f"{path}.end", f"公示结束日期 {end} 早于开始日期 {start}",
                   gloss="publicity ends before it starts", hint="检查年份和月份", code="date-order")
        return
    if (count := working_days(start, end)) < MIN_WORKING_DAYS:
        holidays = "、".join(holidays_in(start, end))
        during = f" (其间有{holidays}假期)" if holidays else ""
        ctx.report(child(node, "end"), f"{path}.end",
                   f"公示期 {start} 至 {end} 只有 {count} 个工作日{during}, 少于 {MIN_WORKING_DAYS} 个工作日",
                   gloss="publicity period shorter than 5 working days",
                   hint="财政资金立项和奖励的公示期一般不少于 5 个工作日; 把结束日期往后延", code="publicity-period")
    elif (end - start).days + 1 > MAX_DAYS:
        ctx.report(child(node, "end"), f"{path}.end",
                   f"公示期 {start} 至 {end} 长达 {(end - start).days + 1} 天, 超过 {MAX_DAYS} 天",
                   gloss="publicity period longer than 30 days",
                   hint="检查结束日期的年份和月份是否写错; 公示期通常为 5 至 15 个工作日", code="publicity-period")


def _check_publicity(publicity: dict, node, ctx: Context, path: str) -> None:
    """The round's year against its dates, and each unit's project listed once."""
    year, start = int(publicity["year"]), publicity["period"]["start"]
    if start.year not in (year, year + 1):
        ctx.report(child(node, "year"), "year", f"年度 {year} 与公示日期 {start} 不一致",
                   gloss="year does not match the publicity dates",
                   hint=f"{year}年度的结果应在{year}年或{year + 1}年公示; 检查 year 或 period.start", code="publicity-year")
    written = _YEAR_IN_TEXT.findall(publicity.get("round", ""))
    if written and int(written[0]) != year:
        ctx.report(child(node, "round"), "round", f"批次 '{publicity['round']}' 写的是{written[0]}年, 但 year 是 {year}",
                   gloss="round names another year", hint="让 round 和 year 写同一个年份", code="publicity-year")
    if not publicity["entries"]:
        ctx.report(child(node, "entries"), "entries", "公示名单是空的", gloss="no entries",
                   hint="每个单位 (或项目) 写一项: - unit: 单位名称 / amount: 金额; 名单还没有确定时先不要发布这份公示",
                   code="empty-entries")
    seen: dict[tuple[str, str], int] = {}
    entries_node = child(node, "entries")
    for index, entry in enumerate(publicity["entries"]):
        key = (entry["unit"].strip(), entry.get("project", "").strip())
        if key in seen:
            item_node = entries_node.value[index] if index < len(getattr(entries_node, "value", [])) else node
            what = f"{key[0]} 的“{key[1]}”" if key[1] else key[0]
            ctx.report(item_node, f"entries[{index}]", f"{what} 重复列出 (第一次是第 {seen[key] + 1} 项)",
                       gloss="duplicate unit and project", hint="删除重复的一项; 同一单位的不同项目要写明 project",
                       code="duplicate-entry")
        else:
            seen[key] = index


PHONE = Str(max_length=40, pattern=r"[0-9+\-() 转]+", pattern_hint="只写数字和连字符, 如 0797-5550123")
EMAIL = Str(max_length=80, pattern=r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+",
            pattern_hint="如 kjj@example.gov.cn")

PUBLICITY = Obj(fields=[
    Field("id", Id(), "编号", "必须与文件名相同", required=True, example="high-tech-first-reward-2026"),
    Field("title", Str(max_length=120), "标题", required=True, example="2026年度高新技术企业首次认定奖励拟兑现名单公示"),
    Field("program", Id(), "事项编号", "公示结果所属的申报事项, 写事项 YAML 的编号", required=True,
          example="high-tech-first-reward"),
    Field("kind", Enum(vocab=KINDS), "公示类别", required=True, example="approval"),
    Field("year", Number(minimum=2000, maximum=2100, integer=True), "年度", "结果所属的年度 (四位数字)",
          required=True, example="2026"),
    Field("round", Str(max_length=40), "批次", "如 2026年度、第十届、第二批", example="2026年度"),
    Field("issuer", Str(max_length=100), "发布单位", default="县科学技术局", example="县科学技术局"),
    Field("period", Obj(fields=[
        Field("start", Date(), "公示开始", required=True, example="2026-11-18"),
        Field("end", Date(), "公示结束", "含当天; 不少于 5 个工作日 (法定节假日不算), 不超过 30 天", required=True, example="2026-11-24"),
    ], check=_check_period), "公示期", required=True),
    Field("objection", Obj(fields=[
        Field("contact", Str(max_length=60), "受理部门或联系人", required=True, example="县科学技术局办公室"),
        Field("phone", PHONE, "电话", required=True, example="0797-5550123"),
        Field("address", Str(max_length=120), "地址", required=True, example="明湖县人民路 1 号"),
        Field("email", EMAIL, "邮箱"),
        Field("how", Text(max_length=600), "异议方式",
              "如何提出异议: 书面、署名、提供证明材料等", required=True),
    ]), "异议受理", required=True),
    Field("amount_unit", Enum(vocab=AMOUNT_UNITS), "金额单位", "表中金额的单位, 默认为元", default="yuan",
          example="wan"),
    Field("entries", ListOf(Obj(fields=[
        Field("unit", Str(max_length=80), "单位", required=True, example="明湖示例科技有限公司"),
        Field("project", Str(max_length=120), "项目", "项目或成果名称; 按单位公示时不写"),
        Field("amount", Number(minimum=0, maximum=1e9), "金额", "按 amount_unit 的单位", required=True, example="20"),
        Field("note", Str(max_length=100), "备注", example="一等奖"),
    ]), max_items=500), "名单", "每个单位 (或项目) 一项", required=True),
    Field("attachments", ListOf(Obj(fields=[
        Field("title", Str(max_length=120), "附件名称", required=True),
        Field("form", FormPath(), "文件", "放在 source/forms/ 下的文件名"),
        Field("url", Url(), "网址"),
    ])), "附件"),
], check=_check_publicity, passthrough=MYST_FRONT_MATTER_KEYS)


def status(publicity: dict, today: dt.date) -> str:
    """upcoming, open (公示中, through the end date inclusive) or closed (公示结束)."""
    period = publicity["period"]
    if today < period["start"]:
        return "upcoming"
    return "open" if today <= period["end"] else "closed"


def yuan(publicity: dict, amount: float) -> float:
    """An entry's amount in 元 (to the fen: 18.6 万元 is 186000, not 186000.00000000003)."""
    value = round(amount * _UNIT_YUAN[publicity.get("amount_unit", "yuan")], 2)
    return int(value) if float(value).is_integer() else value


def total_yuan(publicity: dict) -> float:
    value = round(sum(yuan(publicity, entry["amount"]) for entry in publicity["entries"]), 2)
    return int(value) if float(value).is_integer() else value


def program_limit_yuan(program: dict) -> float | None:
    """The most one entry of the program may get, in 元: the largest fixed amount or maximum of
    its funding items; None when an item has no ceiling (a rate or a basis only)."""
    items = (program.get("funding") or {}).get("items") or []
    caps = []
    for item in items:
        cap = item.get("max", item.get("amount"))
        if cap is None:
            return None
        caps.append(cap * _UNIT_YUAN[item.get("unit", "yuan")])
    return max(caps) if caps else None


def round_label(publicity: dict) -> str:
    return publicity.get("round") or f"{int(publicity['year'])}年度"
