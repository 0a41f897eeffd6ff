"""A PDF's text layer as paragraphs (pypdf; no PDF parsing of our own).

Government PDFs are typeset: every line ends where the page did, page numbers (- 3 -) sit
between the lines, and tables arrive as runs of words. Lines are joined back into paragraphs:
a paragraph ends after 。！？；： or a short last line, and a heading (第N条, 第N章, 一、, （一）,
the 文号, the signature, the date) always starts one. Tables cannot be told from text and are
reported for a person; a scan (no text layer) is refused with what to do instead.
"""

from __future__ import annotations

import re
from pathlib import Path

from .policy_text import Block


class NotAPdf(ValueError):
    """The file is not a PDF pypdf can open (damaged, encrypted, or another format)."""


class NoTextLayer(ValueError):
    """A scanned PDF: pictures of pages, no text to import."""


PAGE_NUMBER = re.compile(r"^[\s\-—－–_·•]*(?:第\s*)?\d{1,3}\s*(?:页|/\s*\d{1,3})?[\s\-—－–_·•]*$")
STARTS_BLOCK = re.compile(r"^(?:第[一二三四五六七八九十百零〇\d]+[章节条]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]"
                          r"|\d+[.．、]|附件|抄送|.{1,20}〔\d{4}〕\d+号$|.{2,40}[：:]$)")
# Fonts in PDFs often map characters to their radical look-alikes: the Kangxi radicals (⽂ for 文,
# ⼀ for 一; NFKC gives the character back) and a few CJK radicals supplement forms NFKC keeps.
SUPPLEMENT = str.maketrans(dict(pair for pair in (
    "⺠民 ⻅见 ⻓长 ⻔门 ⻛风 ⻜飞 ⻢马 ⻬齐 ⻰龙 ⻥鱼 ⻉贝 ⻋车 ⻆角 ⻚页 ⻝食 ⻩黄 ⻨麦 ⻄西 ⻘青 ⻣骨 ⻤鬼 ⺟母 ⻙韦 ⻮齿 ⻈讠"
).split()))
KANGXI = re.compile(r"[\u2f00-\u2fdf]")
ENDS_SENTENCE = re.compile(r"[。！？；：!?;:]$")


def read_blocks(path: Path) -> tuple[list[Block], list[str]]:
    """The document's paragraphs and what could not be imported (tables, images)."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise NotAPdf("encrypted")
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, OSError, ValueError, KeyError) as error:
        raise NotAPdf(str(error)) from error
    lines = [" ".join(restore(line).split()) for page in pages for line in page.splitlines()]
    lines = [line for line in lines if line and not PAGE_NUMBER.match(line)]
    if sum(len(line) for line in lines) < 20:
        raise NoTextLayer(path.name)
    left_out = ["PDF 中的表格按文字导入, 请对照原文改成表格 (tables come as text)"] \
        if any(_looks_tabular(line) for line in lines) else []
    return [Block("para", text) for text in paragraphs(lines)], left_out


def restore(text: str) -> str:
    """The characters a font's look-alike mapping replaced (only those: ，stays full-width)."""
    import unicodedata

    return KANGXI.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text).translate(SUPPLEMENT)


def paragraphs(lines: list[str]) -> list[str]:
    """Typeset lines → paragraphs (see the module's docstring)."""
    width = sorted(len(line) for line in lines)[len(lines) * 3 // 4] if lines else 0
    out: list[str] = []
    current, previous = "", ""
    for line in lines:
        # a short line ended its paragraph (the rest of the typeset line was empty)
        if current and (STARTS_BLOCK.match(line) or ENDS_SENTENCE.search(current) or len(previous) < width * 0.7):
            out.append(current)
            current = ""
        current = f"{current}{_joiner(current, line)}{line}"
        previous = line
    if current:
        out.append(current)
    return out


def _joiner(before: str, line: str) -> str:
    """Chinese lines join without a space; Latin words across a line break keep one."""
    if before and re.search(r"[A-Za-z0-9]$", before) and re.match(r"[A-Za-z0-9]", line):
        return " "
    return ""


def _looks_tabular(line: str) -> bool:
    return len(re.findall(r"\S+", line)) >= 4 and not ENDS_SENTENCE.search(line) and len(line) < 60
