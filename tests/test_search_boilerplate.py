"""Search: what every program page repeats stays out of Pagefind's index (issue 22).

Labels, section headings, today's status badge and the contact fields are on every program page:
indexed, they lengthen common words' posting lists and every excerpt file a query fetches, and
match nothing a reader looks for. The program's own text stays searchable.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

# On every program page, never what a program says about itself.
REPEATED = ["页面打开时会按当天日期自动更新", "本页内容最后核对于", "加入日历", "拨付方式"]


def fragments(out: Path) -> dict[str, str]:
    """Each indexed page's text as Pagefind stored it (its excerpt file), by URL."""
    found = {}
    for path in (out / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        doc = json.loads(data[data.index(b"{"):])
        found[doc["url"]] = doc["content"].replace("\u200b", "")  # Pagefind marks its word breaks
    return found


@pytest.fixture(scope="module")
def program_texts(sample_site):
    texts = {url: text for url, text in fragments(Path(sample_site.outdir)).items() if "/programs/" in url}
    assert len(texts) >= 20
    return texts


def test_program_pages_repeated_text_is_not_indexed(program_texts):
    for url, text in program_texts.items():
        assert not [label for label in REPEATED if label in text], url


def test_program_pages_own_text_is_still_indexed(program_texts):
    text = next(t for url, t in program_texts.items() if url.endswith("/high-tech-recognition.html"))
    # its title, its authority, its conditions
    for words in ("高新技术企业认定", "科学技术局", "研发费用"):
        assert words in text, words
