"""Mine a Chinese vocabulary from the sample content into ``bench/corpus_zh.json``.

The benchmark generator builds its sentences from this file, not from the live sample content,
so a generated site stays byte-identical while others edit ``source/``. Re-run this script only
to refresh the vocabulary (which changes every generated page, so results before and after are
no longer comparable):

    .venv/bin/python bench/corpus.py
"""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "corpus_zh.json"
SOURCES = ["source/policies/*.md", "source/programs/*.yaml", "tests/roots/*/source/policies/*.md",
           "tests/roots/*/source/programs/*.yaml"]

_CLAUSE_HEADING = re.compile(r"^##\s*第[零〇一二两三四五六七八九十百千0-9]+条\s*(.+?)\s*$")
_SPLIT = re.compile(r"[，。；：、？！,;:（）()“”《》\[\]\n]")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _body(text: str) -> str:
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end != -1:
            text = text[end + 4:]
    return text


def mine() -> dict:
    phrases: set[str] = set()
    clause_titles: set[str] = set()
    for pattern in SOURCES:
        for path in sorted(ROOT.glob(pattern)):
            text = path.read_text("utf-8", errors="replace")
            if path.suffix == ".md":
                for line in text.splitlines():
                    match = _CLAUSE_HEADING.match(line)
                    if match and 2 <= len(match.group(1)) <= 14:
                        clause_titles.add(match.group(1))
                text = "\n".join(line for line in _body(text).splitlines() if not line.startswith("#"))
            else:
                # YAML: only the text after 'key:' on lines that hold Chinese
                text = "\n".join(line.split(":", 1)[1] for line in text.splitlines()
                                 if ":" in line and _HAN.search(line))
            text = re.sub(r"\{[a-z-]+\}`[^`]*`", "", text)  # roles
            for part in _SPLIT.split(text):
                part = part.strip(" \t-|*`'\"")
                han = len(_HAN.findall(part))
                if (4 <= han and len(part) <= 28 and han >= 0.6 * len(part) and "http" not in part
                        and not any(ch in part for ch in "*_`{}<>|#[]\\$~^=+")):
                    phrases.add(part)
    return {"phrases": sorted(phrases), "clause_titles": sorted(clause_titles)}


if __name__ == "__main__":
    data = mine()
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", "utf-8")
    print(f"{OUT}: {len(data['phrases'])} phrases, {len(data['clause_titles'])} clause titles")
