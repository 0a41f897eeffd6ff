"""Our own full-text search at a province's scale (issue 22): ``search/fulltext/``.

From ``policybook_search_fulltext_from`` programs on, Pagefind (whose page metadata and common
words' posting lists a reader's first query fetches whole) does not run; every page's words are
indexed per bigram in small files; below it nothing changes."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st
from sphinx_helpers import Site

from policybook.search import fulltext, incremental


@given(st.integers(1, 3000).flatmap(lambda total: st.tuples(st.just(total), st.sets(st.integers(0, total - 1)))))
def test_entry_numbers_come_back_as_written_sparse_or_dense(case):
    total, numbers = case
    ordered = sorted(numbers)
    encoded = fulltext.encode(ordered, total)
    assert fulltext.decode(encoded) == ordered
    # a word on most programs is a bitmap (an eighth of a byte each), a rare one a list of gaps
    assert len(encoded) <= 4 * ((total + 7) // 8 + 2) / 3 + 2


def test_a_programs_text_is_what_its_page_says_not_its_codes():
    program = {"id": "patent-grant", "category": "ip", "title": "发明专利授权资助",
               "eligibility": {"rules": [{"text": "专利权属清晰", "op": "manual", "clause": "ip-measures#2"}]},
               "window": {"mode": "scheduled", "open": "2026-11-01"}, "contacts": [{"phone": "0123-5550103"}]}
    text = fulltext.program_text(program)
    assert "专利权属清晰" in text and "发明专利授权资助" in text
    assert "ip-measures" not in text and "2026-11-01" not in text and "scheduled" not in text
    assert {"权属", "清晰", "专利"} <= fulltext.grams(text)
    assert not any(g.isascii() for g in fulltext.grams("ISO9001 认证，30万元"))


def test_files_grow_with_the_words_and_a_gram_is_in_the_file_its_hash_names():
    found = {f"词{chr(0x4e00 + i)}": [i, i + 7] for i in range(3000)}
    count, files = fulltext.shards(found, 10000)
    assert count > 1 and count & (count - 1) == 0
    for gram, numbers in list(found.items())[:50]:
        assert fulltext.decode(files[fulltext.shard_of(gram, count)][gram]) == numbers
    assert fulltext.shard_of("专利", 1) == 0
    assert fulltext.shard_of("专利", 1 << 30) == 0x05F7F091 % (1 << 30)  # FNV-1a of the UTF-16 units


OWN = {"policybook_search_fulltext_from": 0}


def _entries(out) -> list[dict]:
    """search/index.json's entries with the programs' ids and windows back (search/shown/)."""
    entries = json.loads((out / "search/index.json").read_text("utf-8"))["entries"]
    for path in (out / fulltext.SHOWN).glob("*.json"):
        block = json.loads(path.read_text("utf-8"))
        for i, fields in enumerate(block["entries"]):
            if fields:
                entries[block["first"] + i].update(fields)
    return entries


def _having(out, gram: str) -> list[str]:
    """The ids (else the addresses) of the pages whose words have ``gram``."""
    info = json.loads((out / "search/index.json").read_text("utf-8"))["fulltext"]
    file = json.loads((out / fulltext.FOLDER / f"{fulltext.shard_of(gram, info['shards'])}.json").read_text("utf-8"))
    entries = _entries(out)
    return [entries[n].get("id") or entries[n]["url"] for n in fulltext.decode(file["grams"].get(gram, "d"))]


def test_a_preview_defers_our_full_text_and_publishing_catches_up(tmp_path):
    site = Site(tmp_path)
    first = site.build(fresh=True, confoverrides=OWN)
    out = first.app.outdir
    site.edit("source/programs/patent-grant.yaml", "专利权属清晰", "专利权属明白无争议")
    site.build(confoverrides={**OWN, "policybook_preview": True})  # make serve: the edited pages only
    assert "patent-grant" in _having(out, "清晰") and "patent-grant" not in _having(out, "争议")
    result = site.build(confoverrides=OWN)  # make html: nothing left to write, the index catches up
    assert result.written == []
    assert "patent-grant" in _having(out, "争议") and "patent-grant" not in _having(out, "清晰")


def test_at_scale_pagefind_gives_way_to_our_own_full_text_of_every_page(tmp_path):
    site = Site(tmp_path)
    county = site.build(fresh=True)  # a county's site first: Pagefind's bundle and record
    out = county.app.outdir
    assert (out / "pagefind/pagefind.js").is_file()
    assert (county.app.doctreedir / incremental.RECORD_FILE).is_file()

    again = Site.__new__(Site)
    again.src = site.src
    apart = again.build(confoverrides={"policybook_search_fulltext_from": 0})
    assert apart.warnings == ""
    doc = json.loads((out / "search/index.json").read_text("utf-8"))
    info = doc["fulltext"]
    assert info["entries"] == len(doc["entries"])
    # no Pagefind: nothing of it left to publish or to reuse
    assert not (out / "pagefind").exists() and not (out / incremental.MANIFEST).exists()
    assert not (apart.app.doctreedir / incremental.RECORD_FILE).exists()

    # what only a shown result needs of a program (its id: its address; its window) is apart
    programs = [e for e in doc["entries"] if e["kind"] == "program"]
    assert programs and not any("id" in e or "window" in e for e in programs)
    for path in (out / fulltext.SHOWN).glob("*.json"):
        block = json.loads(path.read_text("utf-8"))
        for i, fields in enumerate(block["entries"]):
            if fields:
                doc["entries"][block["first"] + i].update(fields)
    assert sorted(e["id"] for e in programs) == ["hightech-reward", "ip-pledge", "national-hightech", "patent-grant"]
    assert all("window" in e for e in programs)

    def having(gram: str) -> list[str]:
        file = json.loads((out / fulltext.FOLDER / f"{fulltext.shard_of(gram, info['shards'])}.json")
                          .read_text("utf-8"))
        return [doc["entries"][n].get("id") or doc["entries"][n]["url"] for n in fulltext.decode(file["grams"][gram])]

    # 专利权属清晰 is said only in the body of 发明专利授权资助 (a condition, from its data);
    # 百分之五十 only in a clause of 测试县知识产权资助办法, 申请前请阅读 in a guide (their sources)
    assert having("权属") == ["patent-grant"]
    assert having("五十") == ["ip-measures"]
    assert [url.rsplit("/", 1)[-1] for url in having("阅读")] == ["guide.html"]

    stamps = {p: p.stat().st_mtime_ns for p in (out / "search").rglob("*") if p.is_file()}
    assert again.build(confoverrides={"policybook_search_fulltext_from": 0}).written == []
    assert {p: p.stat().st_mtime_ns for p in (out / "search").rglob("*") if p.is_file()} == stamps

    # below the threshold (the default: a county's site) Pagefind again, our files gone
    back = again.build(confoverrides={"policybook_search_fulltext_from": 3000})
    assert back.warnings == ""
    assert "fulltext" not in json.loads((out / "search/index.json").read_text("utf-8"))
    assert not list((out / fulltext.FOLDER).glob("*.json"))
    assert (out / "pagefind/pagefind.js").is_file()
