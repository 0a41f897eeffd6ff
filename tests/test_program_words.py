"""Program pages' words for search at a province's scale (issue 22): ``search/words/``.

From ``policybook_search_program_words_from`` programs on, program pages leave Pagefind's index
(whose page metadata and common words' posting lists a reader's first query fetches whole) and
their words are indexed per bigram in small files; below it nothing changes."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st
from sphinx_helpers import Site

from policybook.search import incremental, program_words


@given(st.integers(1, 3000).flatmap(lambda total: st.tuples(st.just(total), st.sets(st.integers(0, total - 1)))))
def test_entry_numbers_come_back_as_written_sparse_or_dense(case):
    total, numbers = case
    ordered = sorted(numbers)
    encoded = program_words.encode(ordered, total)
    assert program_words.decode(encoded) == ordered
    # a word on most programs is a bitmap (an eighth of a byte each), a rare one a list of gaps
    assert len(encoded) <= 4 * ((total + 7) // 8 + 2) / 3 + 2


def test_a_programs_text_is_what_its_page_says_not_its_codes():
    program = {"id": "patent-grant", "category": "ip", "title": "发明专利授权资助",
               "eligibility": {"rules": [{"text": "专利权属清晰", "op": "manual", "clause": "ip-measures#2"}]},
               "window": {"mode": "scheduled", "open": "2026-11-01"}, "contacts": [{"phone": "0123-5550103"}]}
    text = program_words.program_text(program)
    assert "专利权属清晰" in text and "发明专利授权资助" in text
    assert "ip-measures" not in text and "2026-11-01" not in text and "scheduled" not in text
    assert {"权属", "清晰", "专利"} <= program_words.grams(text)
    assert not any(g.isascii() for g in program_words.grams("ISO9001 认证，30万元"))


def test_files_grow_with_the_words_and_a_gram_is_in_the_file_its_hash_names():
    found = {f"词{chr(0x4e00 + i)}": [i, i + 7] for i in range(3000)}
    count, files = program_words.shards(found, 10000)
    assert count > 1 and count & (count - 1) == 0
    for gram, numbers in list(found.items())[:50]:
        assert program_words.decode(files[program_words.shard_of(gram, count)][gram]) == numbers
    assert program_words.shard_of("专利", 1) == 0
    assert program_words.shard_of("专利", 1 << 30) == 0x05F7F091 % (1 << 30)  # FNV-1a of the UTF-16 units


def _record(app) -> dict:
    return json.loads((app.doctreedir / incremental.RECORD_FILE).read_text("utf-8"))


def test_at_scale_program_pages_leave_pagefind_and_their_words_are_indexed(tmp_path):
    site = Site(tmp_path)
    apart = site.build(fresh=True, confoverrides={"policybook_search_program_words_from": 0})
    assert apart.warnings == ""
    out = apart.app.outdir
    doc = json.loads((out / "search/index.json").read_text("utf-8"))
    info = doc["program_words"]
    assert info["entries"] == len(doc["entries"])
    pages = _record(apart.app)["pages"]
    assert pages and not any(rel.startswith("source/programs/") for rel in pages)
    assert any(rel.startswith("source/policies/") for rel in pages)  # the other pages stay in Pagefind
    # 专利权属清晰 is said only in the body of 发明专利授权资助 (a condition)
    file = json.loads((out / program_words.FOLDER / f"{program_words.shard_of('权属', info['shards'])}.json")
                      .read_text("utf-8"))
    numbers = program_words.decode(file["grams"]["权属"])
    assert [doc["entries"][n]["id"] for n in numbers] == ["patent-grant"]

    again = Site.__new__(Site)
    again.src = site.src
    stamps = {p: p.stat().st_mtime_ns for p in (out / "search").rglob("*") if p.is_file()}
    assert again.build(confoverrides={"policybook_search_program_words_from": 0}).written == []
    assert {p: p.stat().st_mtime_ns for p in (out / "search").rglob("*") if p.is_file()} == stamps

    # below the threshold (the default: a county's site) program pages are Pagefind's again
    back = again.build(confoverrides={"policybook_search_program_words_from": 3000})
    assert back.warnings == ""
    assert "program_words" not in json.loads((out / "search/index.json").read_text("utf-8"))
    assert not list((out / program_words.FOLDER).glob("*.json"))
    assert any(rel.startswith("source/programs/") for rel in _record(back.app)["pages"])
