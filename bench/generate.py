"""Generate a synthetic Policybook site of N programs, in two flavours, for the benchmark.

One seeded model (programs, policies, guides) is written out twice:

* ``policybook``: what staff write for our extension. One YAML file per program, policy
  documents with front matter and ``## 第N条`` headings, guides and category pages that use
  ``{program}``/``{policy}`` roles and ``{program-list}``/``{policy-list}`` directives.
* ``floor``: the same pages written by hand in MyST, with the same theme and sphinx-design, but
  without the extension: one ``.md`` per program with the same sections, tables and cards,
  category pages and the home page with hand-written lists of links, policy pages with a
  hand-written header and backlinks. What it costs Sphinx to build this is the floor.

Both use the same navigation: the sidebar holds the home page, the category pages, the policy
index and the guides; programs and policies are ``orphan`` pages reached through lists.

Proportions: one policy per 5 programs (about 10 clauses each), one guide per 50 programs,
12 categories, all four levels. The text is built from ``bench/corpus_zh.json`` (phrases mined
from the sample content), so the same ``--seed`` and N always give the same bytes.

    .venv/bin/python bench/generate.py --n 100 --flavour policybook --dest /tmp/site
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import posixpath
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
# The extension the generated sites load; bench/run.py points this at a snapshot taken when the
# run starts, so edits others make during a long run do not change the code half-way.
EXT = Path(os.environ.get("PB_BENCH_EXT") or ROOT / "_ext").resolve()
sys.path.insert(0, str(EXT))

# The floor shows amounts and dates exactly as the extension words them: its pure formatting
# module (no Sphinx) is imported rather than copied, so the two sites keep the same text.
from policybook.model.formatting import date_zh, window_text  # noqa: E402
from policybook.model.formatting import funding_standard as _standard  # noqa: E402
from policybook.model.formatting import money as _money  # noqa: E402
from policybook.model.vocab import (  # noqa: E402
    APPLICANT_TYPES,
    CATEGORIES,
    FACTS,
    INDUSTRIES,
    LEVELS,
    OPERATORS,
    STATUSES,
    SUPPORT_TYPES,
    VALIDITY,
)

REFERENCE_DATE = dt.date(2026, 11, 21)
DEFAULT_SEED = 20261121
FLAVOURS = ("policybook", "floor")

PLACE = {"national": "", "provincial": "江南省", "municipal": "江州市", "county": "明湖县"}
ID_PREFIX = {"national": "natl", "provincial": "prov", "municipal": "city", "county": "county"}
AUTHORITY = {
    "national": ["科学技术部", "财政部 国家税务总局", "国家知识产权局"],
    "provincial": ["江南省科学技术厅", "江南省财政厅", "江南省知识产权局"],
    "municipal": ["江州市科学技术局", "江州市财政局", "江州市人力资源和社会保障局"],
    "county": ["明湖县科学技术局", "明湖县科学技术局 (县知识产权局)", "明湖县财政局"],
}
DOC_ABBR = {"national": "国科发", "provincial": "江科发", "municipal": "江州科字", "county": "明科字"}
DOMAIN = {"national": "most", "provincial": "kjt.jiangnan", "municipal": "kjj.jiangzhou",
          "county": "kjj.minghu"}
LEVEL_WEIGHTS = {"national": 10, "provincial": 25, "municipal": 30, "county": 35}
POLICY_SUFFIXES = ["管理办法", "实施办法", "若干措施", "实施细则", "暂行办法", "若干政策", "实施意见"]
PROGRAM_SUFFIXES = ["奖励", "后补助", "资助", "贴息", "认定", "配套资助", "补助", "专项", "备案"]
TAGS = ["专利", "高企", "研发", "人才", "孵化", "金融", "贴息", "平台", "科普", "农业", "成果转化",
        "创新券", "奖励", "税收", "知识产权", "产学研", "院士", "科技型中小企业", "技术合同",
        "科技特派员", "新型研发机构", "众创空间", "首台套", "数字化"]
STEP_TITLES = ["网上申报", "材料初审", "专家评审", "现场核查", "结果公示", "资金拨付", "提交申请",
               "审核拨付", "部门推荐", "认定公布"]
OFFICES = ["高新技术科", "知识产权科", "成果转化科", "人才工作科", "农村科技科", "政策法规科", "综合科"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
FORMS = [f"application-form-{i}.docx" for i in range(1, 9)]
GENERIC = ("目的", "定义", "附则", "范围", "程序", "原则", "职责", "期限", "时间", "监督", "情形",
           "衔接", "材料", "方式", "不予", "不适用", "变更", "撤销", "对象", "条件", "用途", "执行")
SAFE = re.compile(r"[\u4e00-\u9fff0-9a-zA-Z（）“”]+")


# --- the model --------------------------------------------------------------------------------

@dataclass
class Site:
    n: int
    seed: int
    programs: list[dict] = field(default_factory=list)
    policies: list[dict] = field(default_factory=list)
    guides: list[dict] = field(default_factory=list)
    edit_target: str = ""  # the program the incremental benchmark edits

    @property
    def program_by_id(self) -> dict[str, dict]:
        return {p["id"]: p for p in self.programs}

    @property
    def policy_by_id(self) -> dict[str, dict]:
        return {p["id"]: p for p in self.policies}


class Text:
    """Sentences from the mined vocabulary. Links are tokens ⟦program:id⟧ / ⟦policy:id#n⟧."""

    def __init__(self, rng: random.Random) -> None:
        corpus = json.loads((BENCH / "corpus_zh.json").read_text("utf-8"))
        self.rng = rng
        self.phrases = corpus["phrases"]
        self.clause_titles = sorted({t.replace("“", "").replace("”", "") for t in corpus["clause_titles"]
                                     if SAFE.fullmatch(t)})
        # program and policy names need a subject, not "附则" or "申请程序"
        self.topics = [t for t in self.clause_titles
                       if len(t) >= 4 and not any(word in t for word in GENERIC)] or self.clause_titles

    def phrase(self) -> str:
        return self.rng.choice(self.phrases)

    def sentence(self, parts: tuple[int, int] = (2, 4)) -> str:
        return "，".join(self.phrase() for _ in range(self.rng.randint(*parts))) + "。"

    def paragraph(self, sentences: tuple[int, int] = (2, 4)) -> str:
        return "".join(self.sentence() for _ in range(self.rng.randint(*sentences)))

    def topic(self) -> str:
        return self.rng.choice(self.topics)


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _spread(rng: random.Random, values: list[str], count: int, weights: dict | None = None) -> list[str]:
    """``count`` values with each value present at least once (when count allows), shuffled."""
    out = list(values[:count])
    while len(out) < count:
        out.append(_weighted(rng, weights) if weights else rng.choice(values))
    rng.shuffle(out)
    return out


def _unique(title: str, seen: set[str]) -> str:
    candidate, index = title, 2
    while candidate in seen:
        candidate = f"{title}（{'一二三四五六七八九十'[(index - 2) % 10]}期{'' if index < 12 else index}）"
        index += 1
    seen.add(candidate)
    return candidate


def build_model(n: int, seed: int = DEFAULT_SEED) -> Site:
    rng = random.Random(f"{seed}:{n}")
    text = Text(rng)
    site = Site(n, seed)
    n_policies = max(5, round(n / 5))
    n_guides = max(2, round(n / 50))

    # policies
    seen: set[str] = set()
    levels = _spread(rng, list(LEVEL_WEIGHTS), n_policies, LEVEL_WEIGHTS)
    for index, level in enumerate(levels):
        published = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randint(0, 2700))
        effective = published + dt.timedelta(days=rng.randint(0, 30))
        policy = {
            "id": f"{ID_PREFIX[level]}-policy-{index + 1:04d}",
            "title": _unique(PLACE[level] + text.topic() + rng.choice(POLICY_SUFFIXES), seen),
            "doc_number": f"{DOC_ABBR[level]}〔{published.year}〕{rng.randint(1, 99)}号",
            "issuer": rng.choice(AUTHORITY[level]) + ("办公室" if rng.random() < 0.3 else ""),
            "level": level,
            "published": published,
            "effective": effective,
            "validity": "in-force",
            "summary": text.paragraph((1, 2)),
            "source_url": f"https://{DOMAIN[level]}.example/zcwj/{published.year}/{index + 1}.html",
        }
        if rng.random() < 0.5:
            policy["expiry"] = effective + dt.timedelta(days=365 * rng.choice((3, 5)) - 1)
            if policy["expiry"] < REFERENCE_DATE:
                policy["validity"] = "expired"
        elif rng.random() < 0.06:
            policy["validity"] = "amended"
        titles = rng.sample(text.clause_titles, rng.randint(8, 12))
        policy["clauses"] = [
            {"number": k + 1, "title": title,
             "paragraphs": [text.paragraph() for _ in range(rng.choice((1, 1, 2)))]}
            for k, title in enumerate(titles)]
        site.policies.append(policy)
    # about 8% repealed, replaced by a later in-force policy of the same level
    for policy in site.policies:
        if policy["validity"] != "in-force" or rng.random() > 0.08:
            continue
        newer = [p for p in site.policies if p["level"] == policy["level"] and p is not policy
                 and p["validity"] == "in-force" and p["published"] > policy["published"]
                 and not p.get("superseded_by")]
        if newer:
            new = rng.choice(newer)
            policy["validity"] = "repealed"
            policy["superseded_by"] = new["id"]
            new.setdefault("supersedes", []).append(policy["id"])
    in_force = {level: [p for p in site.policies if p["validity"] == "in-force" and p["level"] == level]
                for level in LEVELS.ids}
    any_force = [p for p in site.policies if p["validity"] == "in-force"] or site.policies

    # programs
    seen = set()
    categories = _spread(rng, list(CATEGORIES.ids), n)
    levels = _spread(rng, list(LEVEL_WEIGHTS), n, LEVEL_WEIGHTS)
    ids = [f"{category}-{index + 1:04d}" for index, category in enumerate(categories)]
    for index, (pid, category, level) in enumerate(zip(ids, categories, levels, strict=True)):
        pool = in_force[level] or any_force

        def clause_ref(whole_ok: bool = False, pool: list = pool) -> str:
            policy = rng.choice(pool if rng.random() < 0.8 else any_force)
            if whole_ok and rng.random() < 0.2:
                return policy["id"]
            return f"{policy['id']}#{rng.randint(1, len(policy['clauses']))}"

        topic = text.topic()
        place = PLACE[level]
        authority = rng.choice(AUTHORITY[level])
        unit = rng.choice(("yuan", "wan", "wan"))
        items = []
        for _ in range(rng.choice((1, 1, 2, 3))):
            item: dict = {"name": text.topic() + rng.choice(("资助", "奖励", "补助"))}
            shape = rng.choice(("amount", "max", "rate", "range"))
            scale = 1 if unit == "wan" else 10_000
            if shape == "amount":
                item["amount"] = rng.choice((5, 10, 20, 30, 50)) * scale
            elif shape == "max":
                item["max"] = rng.choice((20, 50, 100, 200)) * scale
            elif shape == "rate":
                item["rate"] = rng.choice((10, 20, 30, 50))
                item["max"] = rng.choice((10, 20, 50)) * scale
            else:
                item["min"] = rng.choice((5, 10)) * scale
                item["max"] = rng.choice((20, 30, 50)) * scale
            if unit == "wan":
                item["unit"] = "wan"
            if rng.random() < 0.5:
                item["basis"] = text.phrase()
            if rng.random() < 0.3:
                item["payment"] = text.phrase()
            items.append(item)
        best = max(items, key=lambda it: it.get("max", it.get("amount", it.get("min", 0))))
        amount = best.get("max", best.get("amount", best.get("min")))
        funding = {"summary": f"最高 {_money(amount, best.get('unit', 'yuan'))}", "items": items}
        if rng.random() < 0.3:
            funding["note"] = text.paragraph((1, 2))

        rules = []
        for _ in range(rng.randint(2, 5)):
            rules.append(_rule(rng, text, clause_ref()))
        eligibility: dict = {}
        if rng.random() < 0.5:
            eligibility["text"] = text.paragraph((1, 2))
        eligibility["rules"] = rules
        if rng.random() < 0.5:
            eligibility["exclusions"] = [text.sentence() for _ in range(rng.randint(1, 3))]

        materials = []
        for k in range(rng.randint(2, 6)):
            material: dict = {"name": text.phrase()[:40]}
            if rng.random() < 0.2:
                material["required"] = False
            if rng.random() < 0.4:
                material["note"] = text.sentence()
            if k == 0 and rng.random() < 0.3:
                material["form"] = rng.choice(FORMS)
            materials.append(material)
        names = [m["name"] for m in materials]
        materials = [m for i, m in enumerate(materials) if m["name"] not in names[:i]]

        process = []
        for title in rng.sample(STEP_TITLES, rng.randint(2, 4)):
            step: dict = {"title": title}
            if rng.random() < 0.5:
                step["text"] = text.sentence()
            if rng.random() < 0.4:
                step["duration"] = f"{rng.choice((5, 10, 15, 20, 30))} 个工作日"
            process.append(step)

        window = _window(rng)
        if rng.random() < 0.2:
            window["note"] = text.sentence()

        program: dict = {
            "id": pid,
            "title": _unique(place + topic + rng.choice(PROGRAM_SUFFIXES), seen),
            "level": level,
            "category": category,
            "support_type": rng.choice(SUPPORT_TYPES.ids),
            "authority": authority,
            "applicants": rng.sample(APPLICANT_TYPES.ids, rng.choice((1, 1, 2)))
            if rng.random() < 0.3 else ["enterprise"],
        }
        if rng.random() < 0.4:
            program["aliases"] = sorted({topic + "补贴", topic + rng.choice(PROGRAM_SUFFIXES)})
        if rng.random() < 0.3:
            program["industries"] = rng.sample(INDUSTRIES.ids[1:], rng.randint(1, 2))
        program["tags"] = rng.sample(TAGS, rng.randint(1, 3))
        program["summary"] = (text.sentence() + f"依据 ⟦policy:{clause_ref()}⟧。"
                              + (text.sentence() if rng.random() < 0.5 else ""))
        program["funding"] = funding
        program["eligibility"] = eligibility
        program["materials"] = materials
        program["process"] = process
        program["window"] = window
        if rng.random() < 0.5:
            program["processing_time"] = f"受理后 {rng.choice((10, 15, 20, 30))} 个工作日"
        if rng.random() < 0.6:
            program["channels"] = [{"name": rng.choice(("江南省科技业务管理系统", "江州市政务服务网",
                                                        "明湖县政务服务中心科技窗口")),
                                    "url": f"https://{DOMAIN[level]}.example/sb/{index + 1}"}]
            if rng.random() < 0.4:
                program["channels"][0]["note"] = text.sentence()
        program["basis"] = sorted({clause_ref(whole_ok=True) for _ in range(rng.randint(1, 2))})
        contacts = []
        for _ in range(rng.choice((1, 1, 2))):
            contact = {"name": (PLACE[level] or "国家") + rng.choice(OFFICES),
                       "person": rng.choice(SURNAMES) + "老师",
                       "phone": f"0797-555{rng.randint(0, 9999):04d}"}
            if rng.random() < 0.3:
                contact["email"] = f"kj{rng.randint(1, 999)}@example.gov.cn"
            if rng.random() < 0.3:
                contact["address"] = f"{place}行政中心 {rng.randint(1, 12)} 楼"
            if rng.random() < 0.3:
                contact["hours"] = "工作日 9:00-12:00, 14:30-17:30"
            contacts.append(contact)
        program["contacts"] = contacts
        if rng.random() < 0.3:
            program["links"] = [{"title": text.phrase(), "url": f"https://{DOMAIN[level]}.example/tz/{index + 1}"}]
        if rng.random() < 0.6:
            faq = []
            for _ in range(rng.randint(1, 3)):
                answer = text.sentence()
                if rng.random() < 0.3:
                    answer += f"另见 ⟦program:{rng.choice(ids)}⟧。"
                faq.append({"q": text.phrase() + "吗?", "a": answer})
            program["faq"] = faq
        if rng.random() < 0.6:
            same = [other for other, cat in zip(ids, categories, strict=True) if cat == category and other != pid]
            if same:
                program["related"] = sorted(set(rng.sample(same, min(len(same), rng.randint(1, 3)))))
        program["reviewed"] = REFERENCE_DATE - dt.timedelta(days=rng.randint(5, 200))
        if rng.random() < 0.4:
            program["changes"] = [{"date": program["reviewed"] - dt.timedelta(days=rng.randint(0, 300)),
                                   "text": text.phrase()} for _ in range(rng.randint(1, 2))]
        if rng.random() < 0.03:
            program["archived"] = True
        site.programs.append(program)

    # guides
    for index in range(n_guides):
        category = CATEGORIES.ids[index % len(CATEGORIES.ids)]
        members = [p for p in site.programs if p["category"] == category]
        tag = rng.choice(sorted({t for p in members for t in p["tags"]}) or TAGS)
        sections = []
        for _ in range(rng.randint(3, 4)):
            paragraphs = []
            for _ in range(rng.randint(2, 3)):
                paragraph = text.paragraph()
                mentions = rng.sample(members or site.programs, min(2, len(members or site.programs)))
                paragraph += "可申报 " + "、".join(f"⟦program:{p['id']}⟧" for p in mentions) + "。"
                policy = rng.choice(any_force)
                paragraph += f"具体规定见 ⟦policy:{policy['id']}#{rng.randint(1, len(policy['clauses']))}⟧。"
                paragraphs.append(paragraph)
            sections.append({"title": text.topic(), "paragraphs": paragraphs})
        site.guides.append({"id": f"guide-{index + 1:03d}",
                            "title": f"{CATEGORIES.label(category)}: {text.topic()}申报指南",
                            "intro": text.paragraph((1, 2)), "sections": sections,
                            "list": {"category": category, "tag": tag}})

    # the program whose YAML the incremental benchmark edits: an open, listed one mid-way
    candidates = [p for p in site.programs[n // 2:] + site.programs[:n // 2]
                  if not p.get("archived") and status_of(p["window"]) == "open"]
    site.edit_target = (candidates or site.programs)[0]["id"]
    return site


def _window(rng: random.Random) -> dict:
    kind = rng.choices(("rolling", "open", "upcoming", "closed"), weights=(30, 25, 20, 25))[0]
    today = REFERENCE_DATE
    if kind == "rolling":
        return {"mode": "rolling"}
    if kind == "open":
        opens = today - dt.timedelta(days=rng.randint(1, 40))
        closes = today + dt.timedelta(days=rng.randint(0, 60))
    elif kind == "upcoming":
        opens = today + dt.timedelta(days=rng.randint(5, 120))
        closes = opens + dt.timedelta(days=rng.randint(30, 60))
    else:
        closes = today - dt.timedelta(days=rng.randint(1, 200))
        opens = closes - dt.timedelta(days=rng.randint(30, 60))
    window = {"mode": "scheduled", "open": opens, "close": closes}
    if kind == "closed" and rng.random() < 0.5:
        window["next"] = f"预计 {closes.year + 1} 年 {closes.month} 月"
    return window


def _rule(rng: random.Random, text: Text, clause: str) -> dict:
    kind = rng.choice(("manual", "bool", "number", "enum", "set"))
    if kind == "manual":
        return {"text": text.phrase(), "op": "manual", "clause": clause}
    if kind == "bool":
        fact = rng.choice(("registered_in_county", "has_rd_institution", "credit_ok"))
        return {"text": FACTS[fact].question.replace("是否", ""), "fact": fact, "op": "eq", "value": True,
                "clause": clause}
    if kind == "number":
        fact, op, value = rng.choice((("rd_ratio", "ge", 3), ("employees", "le", 500),
                                      ("revenue", "ge", 1000), ("years_established", "ge", 1),
                                      ("tech_staff_ratio", "ge", 10), ("invention_patents", "ge", 1)))
        facts = FACTS[fact]
        return {"text": f"{facts.question}{OPERATORS[op]} {value}{facts.unit}", "fact": fact, "op": op,
                "value": value, "clause": clause}
    if kind == "enum":
        values = rng.sample(APPLICANT_TYPES.ids, 2)
        return {"text": "申报主体为" + "或".join(APPLICANT_TYPES.label(v) for v in values),
                "fact": "applicant_type", "op": "in", "value": ", ".join(values), "clause": clause}
    cert = rng.choice(("high-tech", "tech-sme", "specialized"))
    return {"text": "已取得相应企业资质", "fact": "certifications", "op": "has", "value": cert,
            "clause": clause}


# --- shared formatting (mirrors what the extension shows) --------------------------------------

def status_of(window: dict, today: dt.date = REFERENCE_DATE) -> str:
    if window.get("mode") == "rolling":
        return "rolling"
    if today < window["open"]:
        return "upcoming"
    if today > window["close"]:
        return "closed"
    return "open"


STATUS_COLORS = {"open": "success", "upcoming": "info", "closed": "secondary", "rolling": "primary"}
VALIDITY_COLORS = {"in-force": "success", "amended": "warning", "repealed": "danger", "expired": "secondary"}


def status_label(window: dict, detail: bool) -> str:
    status = status_of(window)
    label = STATUSES.label(status)
    if not detail:
        return label
    if status == "open":
        left = (window["close"] - REFERENCE_DATE).days
        label += " · 今天截止" if left == 0 else f" · 剩 {left} 天"
    elif status == "closed":
        label += f" · {date_zh(window['close'])}"
    elif status == "upcoming":
        label += f" · {date_zh(window['open'])}开始"
    return label


def select(programs: list[dict], sort: str = "title", **filters) -> list[dict]:
    """The programs a {program-list} with these filters shows, in its order."""
    chosen = []
    for p in programs:
        if p.get("archived"):
            continue
        if "category" in filters and p["category"] != filters["category"]:
            continue
        if "tag" in filters and filters["tag"] not in p["tags"]:
            continue
        if "status" in filters and status_of(p["window"]) != filters["status"]:
            continue
        chosen.append(p)
    if sort == "deadline":
        rank = {"open": 0, "rolling": 1, "upcoming": 2, "closed": 3}

        def key(p):
            status = status_of(p["window"])
            date = p["window"].get("close" if status == "open" else "open") or dt.date.max
            return (rank[status], date, p["title"])
        return sorted(chosen, key=key)
    if sort == "level":
        order = {level: i for i, level in enumerate(LEVELS.ids)}
        return sorted(chosen, key=lambda p: (order[p["level"]], p["title"]))
    return sorted(chosen, key=lambda p: p["title"])


def cited(program: dict) -> dict[str, set[int]]:
    out: dict[str, set[int]] = {}
    refs = list(program["basis"]) + [rule["clause"] for rule in program["eligibility"]["rules"]]
    for ref in refs:
        policy, _, clause = ref.partition("#")
        out.setdefault(policy, set()).add(int(clause) if clause else 0)
    return out


def chinese_numeral(number: int) -> str:
    digits = "零一二三四五六七八九"
    if number < 10:
        return digits[number]
    if number < 20:
        return "十" + (digits[number - 10] if number > 10 else "")
    tens, ones = divmod(number, 10)
    return digits[tens] + "十" + (digits[ones] if ones else "")


def clause_label(number: int) -> str:
    return f"第{chinese_numeral(number)}条"


def slugify(title: str) -> str:
    """MyST's heading anchor for a title (mdit_py_plugins.anchors.slugify)."""
    return re.sub(r"[^\w\u4e00-\u9fff\- ]", "", title.lower().replace(" ", "-"))


# --- writing: common pieces ---------------------------------------------------------------------

PAGES = {
    "home": "index",
    "categories": "source/categories/index",
    "policies": "source/policies/index",
    "guides": "docs/index",
}


def category_doc(category: str) -> str:
    return f"source/categories/{category}"


def program_doc(pid: str) -> str:
    return f"source/programs/{pid}"


def policy_doc(pid: str) -> str:
    return f"source/policies/{pid}"


def guide_doc(gid: str) -> str:
    return f"docs/{gid}"


def _write(dest: Path, relpath: str, text: str) -> None:
    path = dest / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


CONF = '''"""Benchmark site ({flavour}, N={n}), generated by bench/generate.py. Do not edit."""

import os
import sys

sys.path.insert(0, {bench_probe!r})
{ext_path}
project = "明湖县科技政策服务平台"
author = "明湖县科学技术局"
copyright = "明湖县科学技术局 (示例数据)"
language = "zh_CN"

extensions = {extensions!r}
if os.environ.get("PB_BENCH_LOG"):
    extensions.append("pb_bench_probe")
if os.environ.get("PB_BENCH_SAMPLE"):
    extensions.append("pb_bench_sampler")
if os.environ.get("PB_BENCH_PHASES"):
    extensions.append("pb_bench_phases")

root_doc = "index"
include_patterns = ["index.md", "source/**", "docs/**"]
exclude_patterns = ["_build", "**/README.md"]

myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
myst_heading_anchors = 3
myst_url_schemes = ["http", "https", "mailto", "ftp", "tel"]  # the floor writes tel: links by hand
{extra}
html_theme = "sphinx_book_theme"
html_title = "明湖县科技政策服务平台"
html_theme_options = {{
    "show_navbar_depth": 1,
    "collapse_navbar": True,
    "home_page_in_toc": True,
    "show_toc_level": 2,
    "navigation_with_keys": False,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "footer_content_items": ["copyright"],{theme_extra}
}}
html_use_index = False
html_copy_source = False
html_show_sourcelink = False
'''


def _conf(flavour: str, n: int) -> str:
    # Like the repository's conf.py, minus its generic add-ons (last-updated-by-git, sitemap,
    # notfound, opengraph): not ours, they would cost both flavours the same.
    if flavour == "policybook":
        return CONF.format(
            flavour=flavour, n=n, bench_probe=str(BENCH / "probe"),
            ext_path=f"sys.path.insert(0, {str(EXT)!r})\n",
            extensions=["policybook"],
            theme_extra='\n    "article_footer_items": ["policybook-page-meta.html"],',
            extra='\npolicybook_reference_date = "2026-11-21"\n'
                  'policybook_repository_url = "https://github.com/minghu-kjj/policybook"\n')
    return CONF.format(
        flavour=flavour, n=n, bench_probe=str(BENCH / "probe"), ext_path="", theme_extra="",
        extensions=["myst_parser", "sphinx_design"],
        extra='\n# The same stylesheet as the extension ships, so both sites load the same files.\n'
              'html_static_path = ["_static"]\nhtml_css_files = ["policybook.css"]\n')


def _common(site: Site, dest: Path, flavour: str) -> None:
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    _write(dest, "conf.py", _conf(flavour, site.n))
    for form in FORMS:
        path = dest / "source/forms" / form
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"PK\x03\x04 benchmark placeholder form " + form.encode())
    if flavour == "floor":
        (dest / "_static").mkdir()
        shutil.copy(EXT / "policybook/static/policybook.css", dest / "_static/policybook.css")
    for docname, text in guide_indexes(site.guides).items():
        _write(dest, docname + ".md", text)


#: Past this many guides the guides index groups them by topic (one page per category), as a site
#: with that many would: at 10,000 programs a flat index of 200 guides is one 40 KB page of titles
#: (a toctree cannot be split over pages like the extension's lists), and every guide page's
#: sidebar section as long. Up to N = 3,000 the index stays flat, as it always was.
GUIDES_FLAT_MAX = 60


def guide_topic_doc(category: str) -> str:
    return f"docs/topic-{category}"


def guide_indexes(guides: list[dict]) -> dict[str, str]:
    """docname → Markdown of the guides index, and of its topic pages when there are many guides."""
    intro = ["# 办事指南", "", "围绕常见问题整理的申报指南。", ""]
    if len(guides) <= GUIDES_FLAT_MAX:
        return {"docs/index": "\n".join([*intro, "```{toctree}", ":maxdepth: 1", "", *[g["id"] for g in guides],
                                         "```", ""])}
    topics: dict[str, list[str]] = {}
    for guide in guides:
        topics.setdefault(guide["list"]["category"], []).append(guide["id"])
    pages = {"docs/index": "\n".join([*intro, "按主题分列。", "", "```{toctree}", ":maxdepth: 1", "",
                                      *[guide_topic_doc(c).split("/", 1)[1] for c in topics], "```", ""])}
    for category, ids in topics.items():
        pages[guide_topic_doc(category)] = "\n".join([
            f"# {CATEGORIES.label(category)}办事指南", "", f"{CATEGORIES.label(category)}方面的申报指南，共{len(ids)}篇。", "",
            "```{toctree}", ":maxdepth: 1", "", *ids, "```", ""])
    return pages


ALL_INTRO = "\n".join(["# 全部事项", "", "按类别查看本站收录的全部申报事项。", "", "```{toctree}",
                       ":hidden:", "", *CATEGORIES.ids, "```", "", "## 按类别浏览", "", ""])
ALL_LIST_HEADING = "## 全部事项一览"


def _front(data: dict) -> str:
    return "---\n" + _yaml(data) + "---\n"


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _dict(dumper, value: dict):
    return dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=False)


def _list(dumper, value: list):
    # Short items inline ([a, b]), as staff write them; a sentence with Chinese punctuation goes on
    # its own line, since in a flow list check reads '，' as a mistaken separator (an error).
    flow = all(isinstance(v, (str, int, float)) and not isinstance(v, bool) and "\n" not in str(v)
               and not any(mark in str(v) for mark in "，、；：") for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(dict, _dict)
_Dumper.add_representer(list, _list)


def _yaml(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=None, width=100_000)


# --- the policybook flavour -------------------------------------------------------------------

def _roles(value: str) -> str:
    return re.sub(r"⟦(program|policy):([^⟧]+)⟧", lambda m: f"{{{m.group(1)}}}`{m.group(2)}`", value)


def _deep_roles(value):
    if isinstance(value, str):
        return _roles(value)
    if isinstance(value, list):
        return [_deep_roles(v) for v in value]
    if isinstance(value, dict):
        return {k: _deep_roles(v) for k, v in value.items()}
    return value


def write_policybook(site: Site, dest: Path) -> None:
    _common(site, dest, "policybook")
    _write(dest, "index.md", HOME_INTRO + home_links(lambda doc, label: f"{{doc}}`{label} <{doc}>`")
           + "\n".join([
               "## 正在申报", "", "```{program-list}", ":status: open", ":sort: deadline",
               f":limit: {HOME_LIMIT}", *([":more: /source/calendar"] if FEATURES["calendar"] else []),
               ":empty: 目前没有正在受理的定期申报事项。", "```", "",
               "## 按类别查找", "", "```{program-list}", ":group: category", ":overview:", "```", "",
               HOME_TOCTREE]))
    _write(dest, "source/categories/index.md", ALL_INTRO + "\n".join([
        "```{program-list}", ":group: category", ":overview:", "```", "", ALL_LIST_HEADING, "",
        "```{program-list}", ":group: category", ":sort: level", "```", ""]))
    for category in CATEGORIES.ids:
        _write(dest, category_doc(category) + ".md", "\n".join([
            f"# {CATEGORIES.label(category)}", "", CATEGORY_INTRO.format(label=CATEGORIES.label(category)),
            "", "```{program-list}", f":category: {category}", ":sort: deadline", "```", ""]))
    _write(dest, PAGES["policies"] + ".md", "# 政策文件\n\n本站引用的政策文件。\n\n```{policy-list}\n```\n")
    if FEATURES["finder"]:
        _write(dest, "source/finder.md", f"{FINDER_TITLE}\n\n```{{program-finder}}\n```\n")
    if FEATURES["selfcheck"]:
        _write(dest, "source/self-check.md", "# 政策匹配\n\n```{eligibility-check}\n```\n")
    if FEATURES["calendar"]:
        _write(dest, "source/calendar.md",
               f"# 申报日历\n\n```{{program-calendar}}\n:recent: {CALENDAR_RECENT}\n```\n")
    for program in site.programs:
        _write(dest, program_doc(program["id"]) + ".yaml", _yaml(_deep_roles(program)))
    for policy in site.policies:
        meta = {k: v for k, v in policy.items() if k != "clauses"}
        body = [f"# {policy['title']}", ""]
        for clause in policy["clauses"]:
            body += [f"## {clause_label(clause['number'])} {clause['title']}", ""]
            for paragraph in clause["paragraphs"]:
                body += [paragraph, ""]
        _write(dest, policy_doc(policy["id"]) + ".md", _front(meta) + "\n" + "\n".join(body))
    for guide in site.guides:
        body = [f"# {guide['title']}", "", _roles(guide["intro"]), ""]
        for section in guide["sections"]:
            body += [f"## {section['title']}", ""]
            body += [x for p in section["paragraphs"] for x in (_roles(p), "")]
        spec = guide["list"]
        body += ["## 相关事项", "", "```{program-list}", f":category: {spec['category']}",
                 f":tag: {spec['tag']}", ":sort: deadline", "```", ""]
        _write(dest, guide_doc(guide["id"]) + ".md", "\n".join(body))


HOME_INTRO = """# 明湖县科技政策服务平台

:::{note}
本站为 Policybook 演示站点, 县名、单位、电话和金额均为示例数据。
:::

"""

def _has(modules: tuple[str, ...], name: str) -> bool:
    for module in modules:
        try:
            if hasattr(importlib.import_module(module), name):
                return True
        except ImportError:
            continue
    return False


# The reader-facing pages the extension offers, like the repository's source/finder.md,
# self-check.md and calendar.md. Both sites get each page the extension has: ours with the
# directive, the floor with what a hand-written site can show instead.
FEATURES = {  # the module each lived in, then and now (so older commits can be measured too)
    "finder": _has(("policybook.finder.pages", "policybook.finder"), "ProgramFinderDirective"),
    "selfcheck": _has(("policybook.finder.pages", "policybook.finder"), "EligibilityCheckDirective"),
    "calendar": _has(("policybook.calendar.view", "policybook.search.calendar"), "ProgramCalendarDirective"),
}
FINDER = FEATURES["finder"]
FEATURE_PAGES = {"finder": ("source/finder", "政策查找"), "selfcheck": ("source/self-check", "政策匹配"),
                 "calendar": ("source/calendar", "申报日历")}

HOME_TOCTREE = "\n".join(
    ["```{toctree}", ":hidden:", ":caption: 事项与政策", "", "source/categories/index"]
    + [FEATURE_PAGES[name][0] for name in ("finder", "selfcheck", "calendar") if FEATURES[name]]
    + ["source/policies/index", "docs/index", "```", ""])
FINDER_TITLE = "# 政策查找"
try:
    from policybook.finder.pages import FALLBACK_TEXT
except ImportError:
    try:
        from policybook.finder import FALLBACK_TEXT
    except ImportError:
        FALLBACK_TEXT = {}
HOME_LIMIT = 8  # open programs on the home page, then 查看全部 (the repository's index.md)
PAGE_SIZE = 30  # items per page of a long list (policybook_page_size)
CALENDAR_PAGE_SIZE = 20  # calendar entries per page
CALENDAR_RECENT = 60


def home_links(link) -> str:
    """The home page's pointer to the finder, self-check and calendar pages that exist."""
    parts = [link(*FEATURE_PAGES[name]) for name in ("finder", "selfcheck", "calendar") if FEATURES[name]]
    return ("不知道从哪里找起? 可以用" + "、".join(parts) + "查找和筛选全部事项。\n\n") if parts else ""


CATEGORY_INTRO = "本页列出{label}类的申报事项, 正在申报的排在前面。"


# --- the floor flavour ------------------------------------------------------------------------

class Floor:
    """Renders the model as hand-written MyST pages (what the extension would otherwise emit)."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.programs = site.program_by_id
        self.policies = site.policy_by_id
        self.extra: dict[str, str] = {}  # continuation pages of long lists: docname → text
        self.lists: dict[str, int] = {}  # long lists so far per page

    def link(self, fromdoc: str, todoc: str, anchor: str = "") -> str:
        rel = posixpath.relpath(todoc + ".md", posixpath.dirname(fromdoc) or ".")
        return rel + (f"#{anchor}" if anchor else "")

    def policy_ref(self, fromdoc: str, ref: str) -> str:
        pid, _, number = ref.partition("#")
        policy = self.policies[pid]
        label = f"《{policy['title']}》"
        anchor = ""
        if number:
            clause = policy["clauses"][int(number) - 1]
            label += clause_label(clause["number"])
            anchor = slugify(f"{clause_label(clause['number'])} {clause['title']}")
        return f"[{label}]({self.link(fromdoc, policy_doc(pid), anchor)})"

    def program_ref(self, fromdoc: str, pid: str) -> str:
        return f"[{self.programs[pid]['title']}]({self.link(fromdoc, program_doc(pid))})"

    def text(self, fromdoc: str, value: str) -> str:
        def sub(match):
            if match.group(1) == "program":
                return self.program_ref(fromdoc, match.group(2))
            return self.policy_ref(fromdoc, match.group(2))
        return re.sub(r"⟦(program|policy):([^⟧]+)⟧", sub, value)

    def program_items(self, fromdoc: str, programs: list[dict]) -> list[str]:
        lines = []
        for p in programs:
            window, status = p["window"], status_of(p["window"])
            meta = (f"{{bdg-{STATUS_COLORS[status]}}}`{status_label(window, False)}` "
                    f"{{bdg-primary-line}}`{LEVELS.label(p['level'])}` {p['funding']['summary']}")
            if status == "open":
                meta += f" · {date_zh(window['close'])}截止"
            elif status == "upcoming":
                meta += f" · {date_zh(window['open'])}开始"
            lines += [f"- {self.program_ref(fromdoc, p['id'])}", "", f"  {meta}", ""]
        return lines

    # long lists over pages, like the extension's: page one in place, the rest as orphan pages
    def paged(self, doc: str, title: str, items: list, render, unit: str = "项",
              per_page: int = PAGE_SIZE) -> list[str]:
        """Page one's lines; continuation pages ``<doc>/2``… go to ``self.extra``."""
        chunks = [items[i:i + per_page] for i in range(0, len(items), per_page)] or [[]]
        if len(chunks) == 1:
            return render(chunks[0], doc)
        number = self.lists[doc] = self.lists.get(doc, 0) + 1
        prefix = f"{doc}/" if number == 1 else f"{doc}/{number}-"
        names = [doc] + [f"{prefix}{k}" for k in range(2, len(chunks) + 1)]
        for index in range(1, len(chunks)):
            name = names[index]
            pager = self.pager(names, index, len(items), unit)
            self.extra[name] = "\n".join([
                "---", "orphan: true", "---", "", f"# {title}（第 {index + 1} 页）", "",
                f"[← 返回{title}]({self.link(name, doc)})", "", *pager, *render(chunks[index], name), *pager])
        pager = self.pager(names, 0, len(items), unit)
        return [*pager, *render(chunks[0], doc), *pager]

    def pager(self, names: list[str], current: int, total: int, unit: str) -> list[str]:
        here = names[current]
        parts = [f"[← 上一页]({self.link(here, names[current - 1])})"] if current else []
        shown = sorted({0, len(names) - 1, *range(max(0, current - 2), min(len(names), current + 3))})
        for i, index in enumerate(shown):
            if i and index - shown[i - 1] > 1:
                parts.append("…")
            parts.append(f"**{index + 1}**" if index == current else f"[{index + 1}]({self.link(here, names[index])})")
        if current < len(names) - 1:
            parts.append(f"[下一页 →]({self.link(here, names[current + 1])})")
        return [f"共 {total} {unit}，第 {current + 1}/{len(names)} 页 · " + " ".join(parts), ""]

    # pages
    def grouped(self, doc: str, shown: list[dict], everything: list[dict]) -> list[str]:
        """``shown`` (one page of a list grouped by category) under group headings."""
        sizes = {c: sum(p["category"] == c for p in everything) for c in CATEGORIES.ids}
        first = {}
        for p in everything:
            first.setdefault(p["category"], p["id"])
        out = []
        for category in CATEGORIES.ids:
            members = [p for p in shown if p["category"] == category]
            if not members:
                continue
            more = "（续）" if first[category] != members[0]["id"] else ""
            page = self.link(doc, category_doc(category))
            out += [f"**[{CATEGORIES.label(category)} ({sizes[category]}){more}]({page})**", ""]
            out += self.program_items(doc, members)
        return out

    def overview(self, doc: str) -> list[str]:
        out = []
        for category in CATEGORIES.ids:
            members = select(self.site.programs, "title", category=category)
            if not members:
                continue
            line = f"- **[{CATEGORIES.label(category)} ({len(members)})]({self.link(doc, category_doc(category))})**"
            open_now = sum(status_of(p["window"]) in ("open", "rolling") for p in members)
            if open_now:
                line += f" {{bdg-success-line}}`{open_now} 项可申报`"
            out += [line]
        return out + [""]

    def home(self) -> str:
        doc = PAGES["home"]
        intro = home_links(lambda target, label: f"[{label}]({self.link(doc, target)})")
        out = [HOME_INTRO.rstrip("\n"), "", *([intro.rstrip("\n"), ""] if intro else []), "## 正在申报", ""]
        chosen = select(self.site.programs, "deadline", status="open")
        out += self.program_items(doc, chosen[:HOME_LIMIT]) if chosen else ["目前没有正在受理的定期申报事项。", ""]
        if len(chosen) > HOME_LIMIT and FEATURES["calendar"]:
            out += [f"[查看全部 {len(chosen)} 项 →]({self.link(doc, 'source/calendar')})", ""]
        out += ["## 按类别查找", "", *self.overview(doc)]
        return "\n".join(out + [HOME_TOCTREE])

    def all_programs(self) -> str:
        doc = PAGES["categories"]
        everything = select(self.site.programs, "level")
        order = {c: i for i, c in enumerate(CATEGORIES.ids)}
        everything.sort(key=lambda p: order[p["category"]])  # stable: level order within a category
        lines = self.paged(doc, "全部事项", everything, lambda chunk, page: self.grouped(page, chunk, everything))
        return ALL_INTRO + "\n".join([*self.overview(doc), ALL_LIST_HEADING, "", *lines])

    def fallback(self, doc: str, title: str, kind: str) -> str:
        """A finder or self-check page without JavaScript: what a hand-written site can offer."""
        links = [f"- [{CATEGORIES.label(c)}]({self.link(doc, category_doc(c))})" for c in CATEGORIES.ids]
        links.append(f"- [全部事项]({self.link(doc, PAGES['categories'])})")
        return "\n".join([title, "", FALLBACK_TEXT.get(kind, ""), "", *links, ""])

    def calendar(self) -> str:
        """The calendar page written by hand: open programs by deadline month, upcoming ones by
        opening month, then rolling and recently closed ones (no .ics files)."""
        doc = "source/calendar"
        programs = [p for p in self.site.programs if not p.get("archived")]
        out = ["# 申报日历", "", f"状态按 {date_zh(REFERENCE_DATE)} 计算; 页面打开时按当天日期自动更新。", ""]
        keyed = [(p["window"]["close"], "截止", p) for p in programs if status_of(p["window"]) == "open"]
        keyed += [(p["window"]["open"], "开始", p) for p in programs if status_of(p["window"]) == "upcoming"]
        keyed.sort(key=lambda entry: (entry[0], entry[2]["title"]))
        months: dict[tuple[int, int], list] = {}
        for item in keyed:
            months.setdefault((item[0].year, item[0].month), []).append(item)
        rolling = sorted((p for p in programs if status_of(p["window"]) == "rolling"), key=lambda p: p["title"])
        closed = sorted((p for p in programs if status_of(p["window"]) == "closed"
                         and (REFERENCE_DATE - p["window"]["close"]).days <= CALENDAR_RECENT),
                        key=lambda p: (-p["window"]["close"].toordinal(), p["title"]))
        # entries in page order: (section title, note, line maker taking the page), like ours
        entries: list[tuple[str, str, object]] = []
        for (year, month), found in months.items():
            for day, what, p in found:
                entries.append((f"{year}年{month}月", "", lambda page, d=day, w=what, p=p: entry(page, d, w, p)))
        for p in rolling:
            entries.append(("常年受理", "以下事项不设申报期, 随时可以办理。", lambda page, p=p: [
                f"- {self.program_ref(page, p['id'])}", "",
                f"  {{bdg-primary}}`{STATUSES.label('rolling')}` {{bdg-primary-line}}`{LEVELS.label(p['level'])}`"
                f" {p['funding']['summary']}", ""]))
        for p in closed:
            entries.append(("近期已截止", f"最近 {CALENDAR_RECENT} 天内截止的事项, 供错过申报的企业了解下一次安排。",
                            lambda page, p=p: entry(page, p["window"]["close"], "已截止", p)))
        per_page = CALENDAR_PAGE_SIZE
        count = max(1, -(-len(entries) // per_page))
        names = [doc] + [f"{doc}/{k}" for k in range(2, count + 1)]
        starts: dict[str, int] = {}
        for index, (title, _note, _make) in enumerate(entries):
            starts.setdefault(title, index // per_page)
        out += ["跳转到:", ""] + [f"- [{t}]({'' if page == 0 else self.link(doc, names[page])}#{slugify(t)})"
                                  for t, page in starts.items()] + [""]

        def entry(page, day, what, p):
            window = p["window"]
            meta = (f"{{bdg-{STATUS_COLORS[status_of(window)]}}}`{status_label(window, True)}` "
                    f"{{bdg-primary-line}}`{LEVELS.label(p['level'])}` 受理时间: {window_text(window)}")
            if window.get("next") and what == "已截止":
                meta += f" · 下次: {window['next']}"
            return [f"- {day.month}月{day.day}日{what} {self.program_ref(page, p['id'])}", "", f"  {meta}", ""]

        def render(chunk: list, page: str) -> list[str]:
            lines, current = [], None
            number = names.index(page)
            for title, note, make in chunk:
                if title != current:
                    current = title
                    lines += [f"## {title}{'（续）' if starts[title] != number else ''}", ""]
                    if note and starts[title] == number:
                        lines += [note, ""]
                lines += make(page)
            return lines

        return "\n".join(out + self.paged(doc, "申报日历", entries, render, per_page=per_page))

    def category(self, category: str) -> str:
        doc = category_doc(category)
        out = [f"# {CATEGORIES.label(category)}", "", CATEGORY_INTRO.format(label=CATEGORIES.label(category)), ""]
        chosen = select(self.site.programs, "deadline", category=category)
        if not chosen:
            return "\n".join(out + ["暂无符合条件的事项。", ""])
        return "\n".join(out + self.paged(doc, CATEGORIES.label(category), chosen,
                                          lambda chunk, page: self.program_items(page, chunk)))

    def policy_index(self) -> str:
        doc = PAGES["policies"]
        order = {level: i for i, level in enumerate(LEVELS.ids)}
        out = ["# 政策文件", "", "本站引用的政策文件。", ""]
        chosen = sorted(self.site.policies, key=lambda p: (order[p["level"]], -p["published"].toordinal(), p["title"]))

        def render(chunk: list[dict], page: str) -> list[str]:
            lines = []
            for p in chunk:
                lines += [f"- [《{p['title']}》]({self.link(page, policy_doc(p['id']))})", "",
                          f"  {{bdg-{VALIDITY_COLORS[p['validity']]}}}`{VALIDITY.label(p['validity'])}` "
                          f"{LEVELS.label(p['level'])} · {p['doc_number']} · {date_zh(p['published'])}发布", ""]
            return lines
        return "\n".join(out + self.paged(doc, "政策文件", chosen, render, unit="份"))

    def policy(self, policy: dict) -> str:
        doc = policy_doc(policy["id"])
        out = ["---", "orphan: true", "---", "", f"# {policy['title']}", "",
               f"{{bdg-{VALIDITY_COLORS[policy['validity']]}}}`{VALIDITY.label(policy['validity'])}` "
               f"{{bdg-primary-line}}`{LEVELS.label(policy['level'])}`", "",
               f":文号: {policy['doc_number']}", f":发文机关: {policy['issuer']}",
               f":发布日期: {date_zh(policy['published'])}", f":施行日期: {date_zh(policy['effective'])}",
               f":有效期至: {date_zh(policy['expiry']) if policy.get('expiry') else '长期有效'}",
               f":原文: [查看发文机关原文]({policy['source_url']})", ""]
        validity = VALIDITY.label(policy["validity"])
        if policy.get("superseded_by"):
            new = policy["superseded_by"]
            out += [":::{container} admonition warning", f"本政策{validity}, 现行规定见 {self.policy_ref(doc, new)}。", ":::", ""]
        elif policy["validity"] in ("repealed", "expired"):
            out += [":::{container} admonition warning", f"本政策{validity}, 仅供查阅。", ":::", ""]
        if policy.get("supersedes"):
            out += ["本政策替代: " + "、".join(self.policy_ref(doc, old) for old in policy["supersedes"]), ""]
        out += [policy["summary"], ""]
        for clause in policy["clauses"]:
            out += [f"## {clause_label(clause['number'])} {clause['title']}", ""]
            for paragraph in clause["paragraphs"]:
                out += [paragraph, ""]
        out += ["## 引用本政策的申报事项", ""]
        citing = []
        for program in self.site.programs:
            clauses = cited(program).get(policy["id"])
            if clauses:
                citing.append((program, sorted(clauses)))
        if not citing:
            out += ["目前没有申报事项引用本政策。", ""]
        for program, clauses in sorted(citing, key=lambda pair: pair[0]["title"]):
            line = f"- {self.program_ref(doc, program['id'])}"
            numbers = [n for n in clauses if n]
            if numbers:
                anchors = []
                for number in numbers:
                    clause = policy["clauses"][number - 1]
                    slug = slugify(f"{clause_label(number)} {clause['title']}")
                    anchors.append(f"[{clause_label(number)}](#{slug})")
                line += " — 依据 " + "、".join(anchors)
            out += [line]
        return "\n".join(out + [""])

    def program(self, p: dict) -> str:
        doc = program_doc(p["id"])
        t = lambda value: self.text(doc, value)  # noqa: E731
        window = p["window"]
        status = status_of(window)
        badge = f"{{bdg-{STATUS_COLORS[status]}}}`{status_label(window, True)}`"
        out = ["---", "orphan: true", "---", "", f"# {p['title']}", ""]
        if p.get("archived"):
            out += [":::{container} admonition warning", "本事项已停止执行, 页面仅供查阅历史信息。", ":::", ""]
        out += [f"{{bdg-primary}}`{LEVELS.label(p['level'])}` "
                f"[{CATEGORIES.label(p['category'])}]({self.link(doc, category_doc(p['category']))}) "
                f"{{bdg-secondary-line}}`{SUPPORT_TYPES.label(p['support_type'])}` {badge}", ""]
        if p.get("aliases"):
            out += ["又称: " + "、".join(p["aliases"]), ""]
        out += [t(p["summary"]), ""]
        out += ["::::{grid} 2 2 2 4", ":gutter: 2", ""]
        for title, body in (("支持力度", p["funding"]["summary"]),
                            ("申报时间", f"{window_text(window)}\n\n{badge}"
                                     + (f"\n\n下次: {window['next']}" if window.get("next") else "")),
                            ("申报对象", "、".join(APPLICANT_TYPES.label(a) for a in p["applicants"])),
                            ("主管部门", p["authority"])):
            out += [f":::{{grid-item-card}} {title}", "", body, ":::", ""]
        out += ["::::", ""]
        funding = p["funding"]
        out += ["## 支持标准", "", f"**{funding['summary']}**", "",
                "| 支持项目 | 支持标准 | 计算方式 | 拨付方式 |", "|---|---|---|---|"]
        for item in funding["items"]:
            out.append(f"| {item['name']} | {_standard(item)} | {t(item.get('basis', '—'))} | "
                       f"{t(item.get('payment', '—'))} |")
        out.append("")
        if funding.get("note"):
            out += [t(funding["note"]), ""]
        elig = p["eligibility"]
        out += ["## 申报条件", ""]
        if elig.get("text"):
            out += [t(elig["text"]), ""]
        for index, rule in enumerate(elig["rules"], 1):
            manual = " {bdg-warning-line}`需人工审核`" if rule["op"] == "manual" else ""
            cite = f"依据: {self.policy_ref(doc, rule['clause'])}"
            if rule["op"] != "manual":
                cite += f" · 自检项: {FACTS[rule['fact']].question}"
            out += [f"{index}. {rule['text']}{manual}", "", f"   {cite}", ""]
        if elig.get("exclusions"):
            out += ["**有下列情形之一的, 不予支持:**", ""]
            out += [f"- {t(x)}" for x in elig["exclusions"]] + [""]
        out += ["## 申报材料", ""]
        for index, material in enumerate(p["materials"], 1):
            required = material.get("required", True)
            line = (f"{index}. **{material['name']}** "
                    f"{{bdg-{'danger' if required else 'secondary'}-line}}`{'必需' if required else '如有请提供'}`")
            if material.get("form"):
                line += f" {{download}}`下载表格 {material['form']} <../forms/{material['form']}>`"
            out += [line, ""]
            if material.get("note"):
                out += [f"   {t(material['note'])}", ""]
        out += ["## 申报流程", ""]
        for index, step in enumerate(p["process"], 1):
            line = f"{index}. **{step['title']}**"
            if step.get("duration"):
                line += f" ({step['duration']})"
            out += [line, ""]
            if step.get("text"):
                out += [f"   {t(step['text'])}", ""]
        out += ["## 申报时间", "", f":受理时间: {window_text(window)}", f":当前状态: {badge}"]
        if window.get("next"):
            out.append(f":下次申报: {window['next']}")
        if p.get("processing_time"):
            out.append(f":办理时限: {p['processing_time']}")
        for channel in p.get("channels", []):
            note = f" {t(channel['note'])}" if channel.get("note") else ""
            out.append(f":申报渠道: [{channel['name']}]({channel['url']}){note}")
        out.append("")
        if window.get("note"):
            out += [t(window["note"]), ""]
        out += [f"状态按 {date_zh(REFERENCE_DATE)} 计算; 页面打开时按当天日期自动更新。", ""]
        out += ["## 政策依据", ""] + [f"- {self.policy_ref(doc, ref)}" for ref in p["basis"]] + [""]
        out += ["## 咨询方式", "", "::::{grid} 1 1 2 2", ":gutter: 2", ""]
        for contact in p["contacts"]:
            out += [f":::{{grid-item-card}} {contact['name']}", ""]
            if contact.get("person"):
                out.append(f":联系人: {contact['person']}")
            if contact.get("phone"):
                digits = "".join(ch for ch in contact["phone"] if ch.isdigit() or ch in "+-")
                out.append(f":电话: [{contact['phone']}](tel:{digits})")
            if contact.get("email"):
                out.append(f":邮箱: [{contact['email']}](mailto:{contact['email']})")
            if contact.get("address"):
                out.append(f":地址: {contact['address']}")
            if contact.get("hours"):
                out.append(f":办公时间: {contact['hours']}")
            out += [":::", ""]
        out += ["::::", ""]
        if p.get("links"):
            out += ["## 相关链接", ""] + [f"- [{x['title']}]({x['url']})" for x in p["links"]] + [""]
        if p.get("faq"):
            out += ["## 常见问题", ""]
            for entry in p["faq"]:
                out += [f":::{{dropdown}} {entry['q']}", "", t(entry["a"]), ":::", ""]
        if p.get("related"):
            out += ["## 相关事项", ""] + [f"- {self.program_ref(doc, other)}" for other in p["related"]] + [""]
        out += ["## 更新记录", "", f"本页内容最后核对于 {date_zh(p['reviewed'])}。", ""]
        if p.get("changes"):
            for change in sorted(p["changes"], key=lambda ch: ch["date"], reverse=True):
                out.append(f"- {date_zh(change['date'])}: {change['text']}")
            out.append("")
        industries = "、".join(INDUSTRIES.label(i) for i in p.get("industries", ["all"]))
        out += [f"适用行业: {industries}", ""]
        return "\n".join(out)

    def guide(self, guide: dict) -> str:
        doc = guide_doc(guide["id"])
        out = [f"# {guide['title']}", "", self.text(doc, guide["intro"]), ""]
        for section in guide["sections"]:
            out += [f"## {section['title']}", ""]
            out += [x for p in section["paragraphs"] for x in (self.text(doc, p), "")]
        spec = guide["list"]
        chosen = select(self.site.programs, "deadline", category=spec["category"], tag=spec["tag"])
        out += ["## 相关事项", ""]
        out += self.program_items(doc, chosen) if chosen else ["暂无符合条件的事项。", ""]
        return "\n".join(out)


def write_floor(site: Site, dest: Path) -> None:
    _common(site, dest, "floor")
    floor = Floor(site)
    _write(dest, "index.md", floor.home())
    for category in CATEGORIES.ids:
        _write(dest, category_doc(category) + ".md", floor.category(category))
    _write(dest, PAGES["policies"] + ".md", floor.policy_index())
    _write(dest, "source/categories/index.md", floor.all_programs())
    if FEATURES["finder"]:
        _write(dest, "source/finder.md", floor.fallback("source/finder", FINDER_TITLE, "finder"))
    if FEATURES["selfcheck"]:
        _write(dest, "source/self-check.md", floor.fallback("source/self-check", "# 政策匹配", "selfcheck"))
    if FEATURES["calendar"]:
        _write(dest, "source/calendar.md", floor.calendar())
    for program in site.programs:
        _write(dest, program_doc(program["id"]) + ".md", floor.program(program))
    for policy in site.policies:
        _write(dest, policy_doc(policy["id"]) + ".md", floor.policy(policy))
    for guide in site.guides:
        _write(dest, guide_doc(guide["id"]) + ".md", floor.guide(guide))
    for docname, text in floor.extra.items():
        _write(dest, docname + ".md", text + "\n")


def generate(n: int, flavour: str, dest: Path, seed: int = DEFAULT_SEED, site: Site | None = None) -> Site:
    site = site or build_model(n, seed)
    (write_policybook if flavour == "policybook" else write_floor)(site, dest)
    (dest / "bench-site.json").write_text(json.dumps({
        "flavour": flavour, "n": n, "seed": seed, "programs": len(site.programs),
        "policies": len(site.policies), "guides": len(site.guides), "edit_target": site.edit_target,
        "edit_file": program_doc(site.edit_target) + (".yaml" if flavour == "policybook" else ".md"),
        "features": FEATURES,
    }, indent=1), "utf-8")
    return site


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, required=True, help="number of programs")
    parser.add_argument("--flavour", choices=FLAVOURS + ("both",), default="both")
    parser.add_argument("--dest", type=Path, required=True,
                        help="output folder (with --flavour both: <dest>/policybook and <dest>/floor)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    site = build_model(args.n, args.seed)
    if args.flavour == "both":
        for flavour in FLAVOURS:
            generate(args.n, flavour, args.dest / flavour, args.seed, site)
    else:
        generate(args.n, args.flavour, args.dest, args.seed, site)
    print(f"{len(site.programs)} programs, {len(site.policies)} policies, {len(site.guides)} guides "
          f"-> {args.dest}")


if __name__ == "__main__":
    main()
