"""Controlled vocabularies: the values facets, badges and rules may take.

Each vocabulary maps a stable English id (what staff write in YAML) to its Chinese label (what
readers see). Facets in the finder, the editor schema's enums, the staff handbook's field
reference and the open-data export all read these tables; nothing else keeps a copy.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Vocab:
    """An ordered id → Chinese label table."""

    name: str
    labels: dict[str, str]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(self.labels)

    def label(self, value: str) -> str:
        return self.labels.get(value, value)

    def __contains__(self, value: object) -> bool:
        return value in self.labels


LEVELS = Vocab("level", {
    "national": "国家级",
    "provincial": "省级",
    "municipal": "市级",
    "county": "县级",
})

CATEGORIES = Vocab("category", {
    "high-tech": "高新技术企业培育",
    "rd": "研发投入",
    "ip": "知识产权",
    "finance": "科技金融",
    "transfer": "成果转化与产学研",
    "talent": "人才引育",
    "platform": "创新平台",
    "incubator": "孵化载体",
    "service": "科技服务",
    "agriculture": "农业农村科技",
    "award": "科技奖励",
    "popularization": "科学普及",
})

SUPPORT_TYPES = Vocab("support_type", {
    "grant": "资金资助",
    "award": "奖励补助",
    "interest-subsidy": "贷款贴息",
    "loan": "信贷支持",
    "voucher": "创新券",
    "tax": "税收优惠",
    "qualification": "资格认定",
    "honor": "荣誉称号",
    "service": "服务支持",
})

APPLICANT_TYPES = Vocab("applicant_type", {
    "enterprise": "企业",
    "carrier-operator": "孵化载体运营机构",
    "research-institution": "高校和科研院所",
    "individual": "个人",
    "team": "创业团队",
    "social-org": "社会组织和社区",
})

INDUSTRIES = Vocab("industry", {
    "all": "不限行业",
    "manufacturing": "先进制造",
    "electronics": "电子信息",
    "bio-medicine": "生物医药",
    "new-materials": "新材料",
    "new-energy": "新能源与节能环保",
    "agriculture": "现代农业",
    "services": "现代服务业",
    "culture": "文化科技",
})

# Values that, in a program's list, mean "any": a program with ``industries: [all]`` is open to
# every industry. They are never an answer a reader picks (the self-check leaves them out).
WILDCARDS = {"industry": "all"}

WINDOW_MODES = Vocab("window_mode", {
    "scheduled": "定期申报",
    "rolling": "常年受理",
})

# 兑现方式: the finder's 免申即享 facet, read off a program's no_application flag (?application=no)
APPLICATION = Vocab("application", {
    "no": "免申即享",
    "yes": "需要申报",
})

STATUSES = Vocab("status", {
    "upcoming": "即将开始",
    "open": "申报中",
    "closed": "已截止",
    "rolling": "常年受理",
})

VALIDITY = Vocab("validity", {
    "in-force": "现行有效",
    "amended": "已修订",
    "repealed": "已废止",
    "expired": "已失效",
})

# 主题分类 of a policy: a small, real part of the national scheme gov.cn's 政策文件库 files
# documents under (大类/小类). Only the classes a science bureau's policies fall into; add more
# from the same scheme when a document needs one.
TOPICS = Vocab("topic", {
    "sci-tech": "科技、教育/科技",
    "education": "科技、教育/教育",
    "fiscal": "财政、金融、审计/财政",
    "tax": "财政、金融、审计/税务",
    "banking": "财政、金融、审计/金融",
    "agriculture": "农业、林业、水利/农业、畜牧业、渔业",
})

AMOUNT_UNITS = Vocab("unit", {
    "yuan": "元",
    "wan": "万元",
})

CERTIFICATIONS = Vocab("certification", {
    "high-tech": "高新技术企业",
    "tech-sme": "科技型中小企业",
    "above-scale": "规模以上工业企业",
    "specialized": "专精特新企业",
})


@dataclass(frozen=True)
class Fact:
    """One thing an enterprise can say about itself, which eligibility rules test.

    ``kind`` is ``bool``, ``number``, ``enum`` (one value of ``vocab``) or ``set`` (several).
    The self-check questionnaire asks exactly the facts the rules and funding formulas use, in
    this order. ``wording`` are phrases by which a condition's text reveals that it is about this
    fact: ``policybook check`` notices a manual rule using them (the questionnaire could decide it).
    Only phrases that mean exactly the fact: 研发人员 is not 科技人员, and 未列入失信名单 or 上一年及当年 is not
    the questionnaire's 近三年 credit question.
    """

    id: str
    kind: str
    question: str
    unit: str = ""
    vocab: Vocab | None = None
    wording: tuple[str, ...] = ()


FACTS: dict[str, Fact] = {f.id: f for f in [
    Fact("applicant_type", "enum", "以什么身份申报", vocab=APPLICANT_TYPES),
    Fact("registered_in_county", "bool", "是否在本县注册登记并纳税", wording=("在明湖县注册", "在本县注册")),
    Fact("certifications", "set", "已取得的企业资质", vocab=CERTIFICATIONS,
         wording=("科技型中小企业", "高新技术企业", "入库登记编号", "专精特新", "规模以上工业企业")),
    Fact("industry", "enum", "所属行业", vocab=INDUSTRIES),
    Fact("years_established", "number", "成立年限", unit="年", wording=("成立一年", "成立满", "成立年限")),
    Fact("employees", "number", "职工总数", unit="人", wording=("职工总数不",)),
    Fact("revenue", "number", "上年度销售收入", unit="万元", wording=("年销售收入不", "销售收入不低于", "销售收入不超过")),
    Fact("rd_ratio", "number", "上年度研发费用占销售收入比例", unit="%", wording=("上年度研发费用占",)),
    Fact("tech_staff_ratio", "number", "科技人员占职工总数比例", unit="%", wording=("科技人员占",)),
    Fact("invention_patents", "number", "有效发明专利数量", unit="件", wording=("发明专利",)),
    Fact("ip_count", "number", "有效知识产权数量（含实用新型、软件著作权）", unit="件",
         wording=("实用新型", "软件著作权")),
    Fact("has_rd_institution", "bool", "是否建有研发机构", wording=("建有研发机构", "设立企业内部研发机构")),
    Fact("credit_ok", "bool", "近三年是否无严重失信和重大安全、质量、环境事故", wording=("近三年无严重失信", "近三年内无严重失信", "近三年内应无严重失信", "近三年应无严重失信")),
    # amounts a funding formula multiplies (预计可享); a rule may test them too
    Fact("rd_expense", "number", "上年度研发费用", unit="万元", wording=("研发费用总额",)),
    Fact("rd_increase", "number", "上年度研发费用比前一年度增加", unit="万元", wording=("研发费用较前一年度增长",)),
    Fact("converted_patents", "number", "本年度已实施转化的发明专利数量", unit="件"),
]}

# Comparison operators by fact kind; ``manual`` marks a condition a person must judge.
OPERATORS: dict[str, str] = {
    "eq": "等于",
    "ne": "不等于",
    "ge": "不低于",
    "gt": "高于",
    "le": "不超过",
    "lt": "低于",
    "in": "属于其一",
    "not_in": "不属于",
    "has": "具有",
    "has_any": "具有其一",
    "lacks": "不具有",
    "any": "满足其一",
    "manual": "人工审核",
}

OPERATORS_BY_KIND: dict[str, tuple[str, ...]] = {
    "bool": ("eq",),
    "number": ("ge", "gt", "le", "lt", "eq", "ne"),
    "enum": ("eq", "ne", "in", "not_in"),
    "set": ("has", "has_any", "lacks"),
}

ALL_VOCABS = (LEVELS, CATEGORIES, SUPPORT_TYPES, APPLICANT_TYPES, INDUSTRIES, WINDOW_MODES,
              STATUSES, VALIDITY, AMOUNT_UNITS, CERTIFICATIONS, APPLICATION)

# 类别 of a 通知公告 (notice): what it asks of readers
NOTICE_KINDS = Vocab("notice_kind", {
    "application": "申报通知",
    "notice": "通知",
    "announcement": "公告",
})
