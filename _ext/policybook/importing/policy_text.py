"""A Chinese policy document's paragraphs → a Policybook policy file (pure Python).

Staff receive policies as Word documents and used to retype the articles. The document's
parts follow the national format for official documents (GB/T 9704): an issuing-authority
line ending in 文件, the 文号 (明科发〔2026〕5号), the title, the addressees, the body, the
signature and the 成文日期. The body is either articles (第一章 … 第一条 …) or numbered
measures (一、 …（一）…). This module finds those parts in plain paragraphs and tables; what
it cannot place is listed for a person, and a field it cannot find is written as ``TODO`` so
that ``policybook check`` points at it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model.refs import NUMERAL, chinese_number

TODO = "TODO"

DOC_NUMBER = re.compile(r"([\u4e00-\u9fff]{1,12})\s*[〔\[［(（【]\s*(\d{4})\s*[〕\]］)）】]\s*(\d{1,4})\s*号")
CN_DIGITS = "〇零一二三四五六七八九"
DATE = re.compile(r"(\d{4}|[〇零一二三四五六七八九]{4})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月"
                  r"\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日")
ARTICLE = re.compile(rf"^\s*第\s*({NUMERAL})\s*条[\s\u3000]*(.*)$", re.S)
CHAPTER = re.compile(rf"^\s*第\s*({NUMERAL})\s*[章节][\s\u3000]*(.*)$")
MEASURE = re.compile(r"^\s*([一二三四五六七八九十]{1,3})\s*[、.．]\s*(.*)$", re.S)
SUB_MEASURE = re.compile(r"^\s*[（(]\s*([一二三四五六七八九十]{1,3})\s*[）)]\s*(.*)$", re.S)
EFFECTIVE = re.compile(r"自\s*(.{6,16}?日)\s*起\s*施行")
AUTHORITY_HEADER = re.compile(r"^\s*(.{2,40}?)\s*文\s*件\s*$")
AUTHORITY_SIGNATURE = re.compile(r"^\s*(.{2,40}?(?:局|委员会|委|政府|办公室|厅|部|院|中心))\s*$")
LEVEL_WORDS = (("县", "county"), ("区", "county"), ("市", "municipal"), ("省", "provincial"),
               ("国务院", "national"), ("国家", "national"), ("部", "national"))


@dataclass
class Block:
    kind: str  # "para" or "table"
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)
    centered: bool = False


@dataclass
class Imported:
    front: dict[str, str]
    body: str
    notes: list[str]  # what a person must look at

    def text(self) -> str:
        lines = ["---"]
        for key, value in self.front.items():
            quoted = f'"{value}"' if value != TODO and re.search(r"[:#\[\]{}&*!|>'\"%@`]|^\s|\s$", value) else value
            lines.append(f"{key}: {quoted}" + ("  # TODO: 文档中没有找到, 请填写" if value == TODO else ""))
        lines.append("---")
        return "\n".join(lines) + "\n\n" + self.body


def _number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if len(text) == 4 and all(ch in CN_DIGITS for ch in text):  # 二〇二六 → 2026
        return int("".join(str(CN_DIGITS.index(ch) - (1 if CN_DIGITS.index(ch) > 0 else 0)) for ch in text))
    return chinese_number(text)


def parse_date(text: str) -> str | None:
    """'2026年3月1日' or '二〇二六年三月一日' → '2026-03-01'."""
    match = DATE.search(text)
    if not match:
        return None
    year, month, day = (_number(part) for part in match.groups())
    if not (year and month and day and 1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def level_of(issuer: str) -> str:
    """The most local level the issuer's name says (江州市明湖县… is a county)."""
    for word, level in LEVEL_WORDS:
        if word in issuer:
            return level
    return TODO


def _table(rows: list[list[str]]) -> str:
    clean = [[" ".join(cell.split()).replace("|", "\\|") for cell in row] for row in rows if any(c.strip() for c in row)]
    if not clean:
        return ""
    width = max(len(row) for row in clean)
    clean = [row + [""] * (width - len(row)) for row in clean]
    lines = ["| " + " | ".join(clean[0]) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(row) + " |" for row in clean[1:]]
    return "\n".join(lines)


def _heading_split(rest: str) -> tuple[str, str]:
    """'适用范围 本办法适用于…' / '为了……。' → (heading words, text): a short first phrase
    without punctuation is the article's title (as in 第一条 适用范围)."""
    rest = rest.strip()
    match = re.match(r"^([^\s，。；：,.;:]{2,12})[\s\u3000]+(.+)$", rest, re.S)
    if match and not re.search(r"[，。；：]", match[1]):
        return match[1], match[2].strip()
    return "", rest


def _header(paras: list[Block]) -> tuple[dict[str, str], int]:
    """The authority line, 文号 and title at the top, and how many paragraphs they take."""
    found = {"issuer": "", "doc_number": "", "title": ""}
    start = 0
    for index, block in enumerate(paras[:8]):
        text = block.text.strip()
        header = AUTHORITY_HEADER.match(text)
        number = DOC_NUMBER.search(text)
        if header and not found["issuer"]:
            found["issuer"] = header[1].replace(" ", "")
        elif number and not found["doc_number"] and len(text) < 40:
            found["doc_number"] = f"{number[1]}〔{number[2]}〕{number[3]}号"
        elif not ARTICLE.match(text) and not MEASURE.match(text) and len(text) <= 80 \
                and not text.endswith(("：", ":")):
            found["title"] = " ".join(text.split())
            return found, index + 1
        else:
            return found, start
        start = index + 1
    return found, start


def _is_closing(text: str) -> bool:
    """The signature or the 成文日期 line at the end."""
    text = text.strip()
    return bool(parse_date(text) and len(text) <= 20 or AUTHORITY_SIGNATURE.match(text) and len(text) <= 30)


def _dates(paras: list[Block], issuer: str) -> dict[str, str]:
    """成文日期 (and the signing authority when the header had none) and the 施行 date."""
    found = {"issuer": issuer, "published": "", "effective": ""}
    for block in paras[-6:]:
        text = block.text.strip()
        if len(text) <= 20 and parse_date(text):
            found["published"] = parse_date(text)
        signature = AUTHORITY_SIGNATURE.match(text)
        if signature and not found["issuer"] and len(text) <= 30:
            found["issuer"] = signature[1]
    for block in paras:
        match = EFFECTIVE.search(block.text)
        if match:
            found["effective"] = parse_date(match[1]) or ""
            break
    if not found["effective"] and any(re.search(r"自(发布|印发)之日起施行", b.text) for b in paras):
        found["effective"] = found["published"]
    return found


def _body(blocks: list[Block], skip: set[int], articles_mode: bool, chapters: bool) -> list[str]:
    """The document's text as MyST: chapters, articles or numbered measures, tables."""
    body: list[str] = []
    level = "###" if chapters else "##"
    began = False  # a （一） line before the first 一、 or 第N条 is ordinary text
    for block in blocks:
        if id(block) in skip:
            continue
        if block.kind == "table":
            body += [_table(block.rows), ""] if _table(block.rows) else []
            continue
        text = " ".join(block.text.split())
        chapter = CHAPTER.match(text)
        article = ARTICLE.match(text) if articles_mode else None
        measure = MEASURE.match(text) if not articles_mode else None
        sub = SUB_MEASURE.match(text) if not articles_mode else None
        if not text:
            continue
        if chapter and len(text) <= 30:
            body += [f"## 第{chapter[1]}章 {chapter[2]}".rstrip(), ""]
        elif article:
            heading, rest = _heading_split(article[2])
            body += [f"{level} 第{article[1]}条" + (f" {heading}" if heading else ""), ""] + ([rest, ""] if rest else [])
        elif measure:
            rest = measure[2].strip()
            short = len(rest) <= 30 and not re.search(r"[。；]", rest)
            body += [f"## {measure[1]}、{rest}" if short else f"**{measure[1]}、**{rest}", ""]
        elif sub and began:
            body += [f"**（{sub[1]}）**{sub[2].strip()}", ""]
        else:
            body += [text, ""]
        began = began or bool(chapter or article or measure)
    return body


def convert(blocks: list[Block], policy_id: str) -> Imported:
    """The policy file for ``blocks`` (the document's paragraphs and tables, in order)."""
    paras = [b for b in blocks if b.kind == "para" and b.text.strip()]
    header, start = _header(paras)
    dates = _dates(paras, header["issuer"])
    articles_mode = any(ARTICLE.match(b.text) for b in paras)
    skip = {id(b) for b in paras[:start]} | {id(b) for b in paras[-6:] if _is_closing(b.text)}
    body = [f"# {header['title'] or TODO}", ""] + _body(blocks, skip, articles_mode,
                                                          any(CHAPTER.match(b.text) for b in paras))
    notes = [] if articles_mode else ["文件按“一、（一）”编号, 不是“第N条”: 写成二级标题的“## 三、…”可以像条款一样引用 (#3); 整段以“一、”开头的部分是普通段落, 要引用时拆成标题加正文"]
    issuer = dates["issuer"]
    front = {"id": policy_id, "title": header["title"] or TODO, "doc_number": header["doc_number"] or TODO,
             "issuer": issuer or TODO, "level": level_of(issuer) if issuer else TODO,
             "published": dates["published"] or TODO, "effective": dates["effective"] or TODO, "validity": "in-force"}
    notes += [f"{key}: 文档中没有找到, 已写为 TODO, 请填写 (policybook check 会指出这一行)"
              for key, value in front.items() if value == TODO]
    return Imported(front, "\n".join(body).rstrip() + "\n", notes)
