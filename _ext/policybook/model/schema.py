"""The program and policy formats, declared once and read by everything.

These field tables convert YAML into plain data with located problems (:mod:`.loading`), give
editors their JSON Schema (:mod:`policybook.editor`) and the handbook its field reference.
Types are in :mod:`.fields`, :mod:`.shapes` and :mod:`.rules`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from . import formulas, windows
from .fields import (
    Bool,
    ClauseRefType,
    Context,
    Date,
    Enum,
    FormPath,
    Id,
    MonthDay,
    MonthOrDate,
    Number,
    Str,
    Text,
    Url,
)
from .rules import RuleType
from .shapes import Field, ListOf, Obj, child
from .vocab import (
    AMOUNT_UNITS,
    APPLICANT_TYPES,
    CATEGORIES,
    INDUSTRIES,
    LEVELS,
    SUPPORT_TYPES,
    TOPICS,
    VALIDITY,
    WINDOW_MODES,
)

# --- programs ----------------------------------------------------------------------------------

def _check_window(window: dict, node, ctx: Context, path: str) -> None:
    if window["mode"] == "scheduled":
        for key in ("open", "close"):
            if key not in window:
                ctx.report(node, f"{path}.{key}", f"定期申报需要填写 '{key}' 日期",
                           gloss=f"scheduled window needs {key}",
                           hint="常年受理的事项请写 mode: rolling", code="missing")
    if "open" in window and "close" in window and window["open"] > window["close"]:
        ctx.report(child(node, "close"), f"{path}.close",
                   f"截止日期 {window['close']} 早于开始日期 {window['open']}",
                   gloss="close date before open date", hint="检查年份和月份", code="date-order")
    if window["mode"] == "rolling":
        for key in ("expected", "recurring", "forecast"):
            if window.get(key):
                ctx.report(child(node, key), f"{path}.{key}", f"常年受理的事项没有申报期, 不需要 '{key}'",
                           gloss=f"rolling window with {key}", hint=f"删除 {key}, 或把 mode 改成 scheduled",
                           code="window")
    expected = window.get("expected")
    if expected and "close" in window and windows.first_day_of(expected["open"]) <= window["close"]:
        ctx.report(child(child(node, "expected"), "open"), f"{path}.expected.open",
                   f"预计的下次申报 {expected['open']} 不晚于本期截止日期 {window['close']}",
                   gloss="expected window not after the current one",
                   hint="expected 写本期之后的下一次; 本期日期是预计的, 请在 open/close 旁写 forecast: true",
                   code="date-order")
    if expected and "recurring" in window:
        ctx.report(child(node, "recurring"), f"{path}.recurring", "同时写了 expected 和 recurring",
                   gloss="both expected and recurring", hint="只写一个: 有具体预计时间写 expected, 每年固定写 recurring",
                   code="window")


def _check_expected(expected: dict, node, ctx: Context, path: str) -> None:
    if "close" in expected and windows.last_day_of(expected["close"]) < windows.first_day_of(expected["open"]):
        ctx.report(child(node, "close"), f"{path}.close",
                   f"预计截止 {expected['close']} 早于预计开始 {expected['open']}",
                   gloss="expected close before open", hint="检查年份和月份", code="date-order")


def _check_funding_item(item: dict, node, ctx: Context, path: str) -> None:
    if "min" in item and "max" in item and item["min"] > item["max"]:
        ctx.report(child(node, "min"), f"{path}.min", f"最低金额 {item['min']} 高于最高金额 {item['max']}",
                   gloss="min greater than max", code="range")
    if not any(k in item for k in ("max", "min", "rate", "amount")) and "basis" not in item:
        ctx.report(node, path, "支持标准至少写明金额 (max/min/amount)、比例 (rate) 或计算方式 (basis) 之一",
                   gloss="funding item needs an amount, rate or basis", code="missing")
    formulas.check(item, node, ctx, path)


FUNDING_ITEM = Obj(fields=[
    Field("name", Str(max_length=80), "支持项目", "这一档支持的名称", required=True, example="发明专利授权资助"),
    Field("amount", Number(maximum=1e8), "定额", "固定金额", example="5000"),
    Field("max", Number(maximum=1e8), "最高金额", example="200000"),
    Field("min", Number(maximum=1e8), "最低金额"),
    Field("unit", Enum(vocab=AMOUNT_UNITS), "金额单位", "默认为元", default="yuan", example="yuan"),
    Field("rate", Number(maximum=1000), "比例 (%)", "按比例补助或扣除时的百分比 (如加计扣除 100)", example="50"),
    Field("basis", Text(max_length=300), "计算方式", "按什么计算, 如: 按上年度研发投入增量计"),
    Field("fact", Str(max_length=40), "按企业情况计算",
          "预计可享按企业填写的哪项数字计算 (数字类判断项), 配合 rate 或 amount", example="rd_increase"),
    Field("clause", ClauseRefType(need_clause=True), "计算依据条款", "写了 fact 时必填",
          example="county-sci-measures#4"),
    Field("payment", Text(max_length=300), "拨付方式", "何时、如何拨付"),
], check=_check_funding_item)

WINDOWS_FROM = dt.date(2000, 1, 1)  # application windows are this century's

EXPECTED = Obj(fields=[
    Field("open", MonthOrDate(earliest=WINDOWS_FROM), "预计开始", "只知道月份时写 2027-02", required=True,
          example="2027-02"),
    Field("close", MonthOrDate(earliest=WINDOWS_FROM), "预计截止", "不知道时不写", example="2027-03-15"),
    Field("note", Str(max_length=100), "说明", "如 2027 年第一季度申领期", example="2027 年第一季度申领期"),
], check=_check_expected)

RECURRING = Obj(fields=[
    Field("every", Enum(vocab=windows.RECURRENCES), "周期", "year (每年) 或 quarter (每季度)", required=True,
          example="year"),
    Field("open", MonthDay(), "开始 (月-日)", "每季度时写第一季度的日期", required=True, example="03-01"),
    Field("close", MonthDay(), "截止 (月-日)", "写 31 表示月末; 早于开始时表示跨到下一年", required=True,
          example="04-30"),
])

WINDOW = Obj(fields=[
    Field("mode", Enum(vocab=WINDOW_MODES), "申报方式", "定期申报 (scheduled) 或常年受理 (rolling)",
          required=True, example="scheduled"),
    Field("open", Date(earliest=WINDOWS_FROM), "开始日期", example="2026-03-01"),
    Field("close", Date(earliest=WINDOWS_FROM), "截止日期", example="2026-04-30"),
    Field("forecast", Bool(), "本期日期为预计", "open/close 是预计日期 (通知还没发布) 时写 true, 页面和日历显示“预计”",
          default=False, example="true"),
    Field("expected", EXPECTED, "预计下次申报",
          "本期之后下一次申报的预计时间; 日历、年度一览和订阅中显示为“预计”"),
    Field("recurring", RECURRING, "固定申报期",
          "每年或每季度日期固定的申报期; 系统据此算出本期之后的下一次 (预计)"),
    Field("next", Str(max_length=100), "下次申报说明", "不能写成日期的情况 (如 不再开放); 能写日期的请用 expected",
          example="不再开放"),
    Field("note", Text(max_length=500), "时间说明"),
], check=_check_window)

def _check_no_application(program: dict, node, ctx: Context, path: str) -> None:
    """免申即享: nobody applies, so nothing to prepare; a payment note needs the flag."""
    if not program.get("no_application") and "materials" not in program:  # required unless 免申即享
        ctx.report(node, "materials", "缺少必填字段 'materials' (申报材料)", gloss="required field missing",
                   hint="示例: materials: 下面每行 - name: 申报书; 企业无需申报的事项写 no_application: true", code="missing")
    if program.get("no_application") and program.get("materials"):
        ctx.report(child(node, "materials"), "materials", "免申即享的事项不需要企业提交申报材料, 但这里写了 materials",
                   gloss="materials on a no-application program",
                   hint="删除 materials; 兑现依据的数据写在 no_application_note, 兑现步骤写在 process", code="no-application")
    if program.get("no_application_note") and not program.get("no_application"):
        ctx.report(child(node, "no_application_note"), "no_application_note", "写了兑现说明 no_application_note, 但没有写 no_application: true",
                   gloss="note without the flag", hint="免申即享的事项加上 no_application: true; 需要申报的事项删除这一行",
                   code="no-application")


PROGRAM = Obj(fields=[
    Field("id", Id(), "编号", "必须与文件名相同", required=True, example="patent-subsidy"),
    Field("title", Str(max_length=80), "事项名称", required=True, example="专利资助"),
    Field("aliases", ListOf(Str(max_length=40), unique=True), "别名和简称", "企业常用的叫法, 搜索时也能找到",
          example="高企认定"),
    Field("level", Enum(vocab=LEVELS), "层级", required=True, example="county"),
    Field("category", Enum(vocab=CATEGORIES), "类别", required=True, example="ip"),
    Field("support_type", Enum(vocab=SUPPORT_TYPES), "支持方式", required=True, example="grant"),
    Field("no_application", Bool(), "免申即享",
          "true: 企业不用申报, 主管部门用已掌握的数据 (认定名单、税务或统计数据) 比对, 符合条件的直接兑现。"
          "这时不写 materials (页面写明无需申报材料), process 写兑现步骤 (自动比对 → 公示 → 拨付), "
          "window 写兑现 (比对) 的时间", default=False, example="true"),
    Field("no_application_note", Str(max_length=150), "兑现说明",
          "免申即享时一句话说明依据哪些数据、何时兑现", example="依据省认定机构公布的名单, 每年 12 月比对后公示拨付"),
    Field("authority", Str(max_length=100), "主管部门", required=True, example="县科学技术局"),
    Field("applicants", ListOf(Enum(vocab=APPLICANT_TYPES), min_items=1, unique=True), "申报主体",
          required=True, example="enterprise"),
    Field("industries", ListOf(Enum(vocab=INDUSTRIES), min_items=1, unique=True), "适用行业",
          "不限行业写 all", default=lambda: ["all"], example="all"),
    Field("tags", ListOf(Str(max_length=20), unique=True), "标签", "便于归类和查找的关键词"),
    Field("summary", Text(max_length=600), "事项简介", "两三句话说明这是什么、支持什么", required=True),
    Field("funding", Obj(fields=[
        Field("summary", Str(max_length=120), "支持力度概述", "一句话, 如: 最高 50 万元", required=True,
              example="最高 50 万元"),
        Field("items", ListOf(FUNDING_ITEM), "支持标准明细"),
        Field("note", Text(max_length=1000), "补充说明"),
    ]), "支持标准", required=True),
    Field("eligibility", Obj(fields=[
        Field("text", Text(), "条件说明", "申报条件的整体说明"),
        Field("rules", ListOf(RuleType(), min_items=1), "条件规则", "每条写明依据条款", required=True),
        Field("exclusions", ListOf(Text(max_length=300)), "不予支持的情形"),
    ]), "申报条件", required=True),
    Field("materials", ListOf(Obj(fields=[
        Field("name", Str(max_length=120), "材料名称", required=True, example="申报书"),
        Field("required", Bool(), "是否必需", default=True, example="true"),
        Field("note", Text(max_length=500), "说明"),
        Field("form", FormPath(), "表格文件", "可下载的表格, 放在 source/forms/ 下"),
    ]), min_items=1), "申报材料", "免申即享 (no_application: true) 的事项不写; 其他事项必填"),
    Field("process", ListOf(Obj(fields=[
        Field("title", Str(max_length=60), "步骤名称", required=True, example="网上申报"),
        Field("text", Text(max_length=1000), "步骤说明"),
        Field("duration", Str(max_length=40), "所需时间", example="5 个工作日"),
    ]), min_items=1), "申报流程", required=True),
    Field("window", WINDOW, "申报时间", required=True),
    Field("processing_time", Str(max_length=100), "办理时限", example="受理后 20 个工作日"),
    Field("channels", ListOf(Obj(fields=[
        Field("name", Str(max_length=80), "渠道名称", required=True, example="省科技业务管理系统"),
        Field("url", Url(), "网址"),
        Field("note", Text(max_length=300), "说明"),
    ])), "申报渠道"),
    Field("basis", ListOf(ClauseRefType(), min_items=1, unique=True), "政策依据",
          "依据的政策及条款", required=True, example="county-sci-measures#5"),
    Field("contacts", ListOf(Obj(fields=[
        Field("name", Str(max_length=60), "联系部门", required=True, example="县科技局高新技术科"),
        Field("person", Str(max_length=20), "联系人"),
        Field("phone", Str(max_length=40, pattern=r"[0-9+\-() 转]+", pattern_hint="只写数字和连字符, 如 0797-5550123"),
              "电话", example="0797-5550123"),
        # ASCII only: the address becomes a mailto: link, where quotes, brackets and spaces break it
        Field("email", Str(max_length=80, pattern=r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+",
                           pattern_hint="如 kjj@example.gov.cn"), "邮箱"),
        Field("address", Str(max_length=120), "地址"),
        Field("hours", Str(max_length=80), "办公时间"),
    ]), min_items=1), "咨询方式", required=True),
    Field("links", ListOf(Obj(fields=[
        Field("title", Str(max_length=80), "链接标题", required=True),
        Field("url", Url(), "网址", required=True),
    ])), "相关链接"),
    Field("faq", ListOf(Obj(fields=[
        Field("q", Str(max_length=200), "问题", required=True),
        Field("a", Text(max_length=2000), "回答", required=True),
    ])), "常见问题"),
    Field("related", ListOf(Id(), unique=True), "相关事项", "其他事项的编号"),
    Field("former_ids", ListOf(Id(), unique=True), "曾用编号",
          "改过编号的事项写上以前的编号, 旧网址会指向本页 (policybook rename-program 自动填写)"),
    Field("reviewed", Date(), "最后核对日期", "工作人员最后一次核对本页内容的日期", required=True,
          example="2026-11-01"),
    Field("changes", ListOf(Obj(fields=[
        Field("date", Date(), "日期", required=True),
        Field("text", Str(max_length=200), "变更内容", required=True),
    ])), "变更记录", "按时间倒序或顺序记录本事项的重要变化"),
    Field("archived", Bool(), "已停止执行", "停止执行的事项标记为 true, 保留页面备查", default=False),
], check=_check_no_application)


# --- policies ----------------------------------------------------------------------------------

# 索引号 as government information-disclosure catalogues write it: the issuing body's code
# (18-character 统一社会信用代码, or the older 9-character 组织机构代码 gov.cn still uses, e.g.
# 000014349/2016-00041), optionally a catalogue class code, then /year-serial.
INDEX_NUMBER_PATTERN = r"[0-9A-Z]{9}(?:[0-9A-Z]{9})?(?:-[0-9A-Z]{1,10})?/(?:19|20)[0-9]{2}-[0-9]{3,8}"
INDEX_NUMBER_HINT = ("索引号写成 机构代码/年份-序号: 机构代码为发文机关的 18 位统一社会信用代码 (或 9 位组织机构代码), "
                     "字母大写, 用半角斜杠和连字符, 如 11330000002482170A/2025-00123")


def _check_policy(policy: dict, node, ctx: Context, path: str) -> None:
    if "written" in policy and policy["written"] > policy["published"]:
        ctx.report(child(node, "written"), "written", f"成文日期 {policy['written']} 晚于发布日期 {policy['published']}",
                   gloss="written after published", hint="成文日期是签发 (落款) 日期, 应不晚于发布日期; 核对原文落款",
                   code="date-order")
    if "expiry" in policy and policy["effective"] > policy["expiry"]:
        ctx.report(child(node, "expiry"), "expiry", f"失效日期 {policy['expiry']} 早于施行日期 {policy['effective']}",
                   gloss="expiry before effective date", code="date-order")


MYST_FRONT_MATTER_KEYS = ("orphan", "html_meta", "myst", "substitutions", "html_theme.sidebar_secondary.remove")

POLICY = Obj(fields=[
    Field("id", Id(), "编号", "必须与文件名相同", required=True, example="county-sci-measures"),
    Field("title", Str(max_length=120), "政策名称", required=True),
    Field("index_number", Str(max_length=40, pattern=INDEX_NUMBER_PATTERN, pattern_hint=INDEX_NUMBER_HINT),
          "索引号", "政府信息公开目录中的索引号, 全站唯一", example="11330000002482170A/2025-00123"),
    Field("topic", Enum(vocab=TOPICS), "主题分类", example="sci-tech"),
    Field("doc_number", Str(max_length=60), "文号", example="某科发〔2024〕12号"),
    Field("issuer", Str(max_length=120), "发文机关", required=True, example="某县人民政府办公室"),
    Field("level", Enum(vocab=LEVELS), "层级", required=True, example="county"),
    Field("written", Date(), "成文日期", "文件签发的日期 (落款日期), 不晚于发布日期"),
    Field("published", Date(), "发布日期", required=True),
    Field("effective", Date(), "施行日期", required=True),
    Field("expiry", Date(), "失效日期", "有效期截止日; 长期有效可不填"),
    Field("validity", Enum(vocab=VALIDITY), "效力状态", required=True, example="in-force"),
    Field("supersedes", ListOf(Id(), unique=True), "替代的旧政策", "本政策废止或替代的政策编号"),
    Field("superseded_by", Id(), "被替代为", "替代本政策的新政策编号"),
    Field("subject_terms", ListOf(Str(max_length=20), unique=True, max_items=10), "主题词",
          "政府信息公开目录的主题词, 如 科技、企业、认定", example="科技"),
    Field("summary", Text(max_length=600), "政策摘要"),
    Field("related_documents", ListOf(Str(max_length=160), unique=True, max_items=10), "配套文件",
          "本文件的工作指引、修订和执行口径文件, 写《标题》（文号）; 页面上的数字出自哪份文件, 就在这里写明",
          example="《高新技术企业认定管理工作指引》（国科发火〔2016〕195号）"),
    Field("source_url", Url(), "原文链接", "发文机关网站上的原文"),
], check=_check_policy, passthrough=MYST_FRONT_MATTER_KEYS)


def to_json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) editors use for ``kind`` (program, policy, notice, publicity, interpretation)."""
    from .interpretation import INTERPRETATION
    from .notice_schema import NOTICE
    from .publicity import PUBLICITY  # declared beside their rules (they import this module)

    shape = {"program": PROGRAM, "notice": NOTICE, "publicity": PUBLICITY,
             "interpretation": INTERPRETATION}.get(kind, POLICY)
    schema = shape.json_schema()
    title = {"program": "Policybook 申报事项", "notice": "Policybook 通知公告 (front matter)",
             "publicity": "Policybook 公示 (front matter)",
             "interpretation": "Policybook 政策解读 (front matter)"}.get(kind, "Policybook 政策文件 (front matter)")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"https://policybook.invalid/schemas/{kind}.schema.json",
            "title": title, **schema}
