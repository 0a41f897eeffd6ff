"""The publishing build after an edit (issue 22): kept records, calendars and feeds give the same
bytes as a build from scratch, and only what changed is made again."""

from __future__ import annotations

import shutil

import pytest
from sphinx_helpers import Site

from policybook.site import feeds, record_cache
from policybook.site.feed_pass import notes_by_feed
from policybook.site.publish import url_maker
from policybook.site.record_cache import CACHE_FILE

CONF = {"html_baseurl": "https://kjj.example.gov.cn/"}
#: What a publishing build has published before (not caches): a build from scratch starts from it too.
PUBLISHED_STATE = ("policybook-feed-history.json", "policybook-calendar.json")


def outputs(out) -> dict[str, bytes]:
    """Every site-wide output: open data, feeds, calendars."""
    return {str(path.relative_to(out)): path.read_bytes()
            for folder in ("data", "feeds", "calendar") for path in sorted((out / folder).rglob("*"))
            if path.is_file()}


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("publish-path"))
    first = site.build(confoverrides=CONF)
    doctrees = first.app.doctreedir
    assert (doctrees / CACHE_FILE).is_file()
    stash = tmp_path_factory.mktemp("published")
    for name in PUBLISHED_STATE:
        shutil.copy(doctrees / name, stash / name)
    before = outputs(first.app.outdir)
    # a program's title (shown in another program's FAQ), a cited policy's title and a clause's text
    site.edit("source/programs/ip-pledge.yaml", "title: 知识产权质押融资贴息", "title: 知识产权质押贷款贴息")
    site.edit("source/policies/ip-measures.md", "title: 测试县知识产权资助办法", "title: 测试县知识产权专项资助办法")
    site.edit("source/policies/ip-measures.md", "每件授权发明专利资助五千元。", "每件授权发明专利资助六千元。")
    made = []
    original = record_cache.program_record

    def counting(program, *args):
        made.append(program["id"])
        return original(program, *args)

    record_cache.program_record = counting
    try:
        incremental = site.build(confoverrides=CONF)
    finally:
        record_cache.program_record = original
    fresh_doctrees = site.src / "_fresh" / "doctrees"
    fresh_doctrees.mkdir(parents=True)
    for name in PUBLISHED_STATE:
        shutil.copy(stash / name, fresh_doctrees / name)
    fresh = site.build(outdir="_fresh", fresh=True, confoverrides=CONF)
    return {"before": before, "after": outputs(incremental.app.outdir), "fresh": outputs(fresh.app.outdir),
            "made": sorted(made), "app": incremental.app}


def test_an_incremental_publish_writes_the_same_bytes_as_a_build_from_scratch(builds):
    after, fresh = builds["after"], builds["fresh"]
    assert sorted(after) == sorted(fresh)
    assert [name for name in after if after[name] != fresh[name]] == []
    assert after["data/programs.json"] != builds["before"]["data/programs.json"]


def test_only_the_records_that_read_the_edits_are_made_again(builds):
    # ip-pledge (its title), patent-grant (cites ip-measures, names ip-pledge in its FAQ); the
    # other programs' records come from the kept texts
    assert builds["made"] == ["ip-pledge", "patent-grant"]


def test_the_record_cache_key_follows_what_a_record_reads():
    programs, policies = record_cache.references({
        "summary": "依据 {policy}`ip-measures#2` 与 {policy}`《办法》 <old-ip#3>`。",
        "faq": [{"q": "?", "a": "见 {program}`ip-pledge`，{notice}`n1`"}],
        "basis": [{"policy": "hightech-measures", "clause": None}],
        "eligibility": {"rules": [{"clause": {"policy": "rules-policy", "clause": 1}}]},
        "funding": {"items": [{"clause": {"policy": "funding-policy", "clause": 2}}, {}]},
    })
    assert programs == {"ip-pledge"}
    assert policies == {"ip-measures", "old-ip", "hightech-measures", "rules-policy", "funding-policy"}


def test_one_pass_gives_every_feed_the_entries_of_its_own_scan(builds):
    app = builds["app"]
    domain = app.env.domains["policybook"]
    url_for, base = url_maker(app.builder), CONF["html_baseurl"]
    interpretations = domain.data.get("interpretations")
    by_feed = notes_by_feed(domain.programs, domain.policies, base, url_for, interpretations)
    assert sum(map(len, by_feed.values())) > len(by_feed[(None, None)]) > 0
    for facet, value, _label in feeds.feed_list():
        assert by_feed[(facet, value)] == feeds.entries(domain.programs, domain.policies, base, url_for, facet=facet,
                                                        value=value, interpretations=interpretations)


def test_the_pinyin_table_is_kept_for_the_same_characters(tmp_path, monkeypatch):
    from policybook.search import pinyin, pinyin_cache

    names = ["科技创新券", "银行贷款贴息（示例）"]
    assert pinyin_cache.cached_table(names, tmp_path) == pinyin.syllable_table(names)
    monkeypatch.setattr(pinyin_cache, "syllable_table", lambda *_: pytest.fail("table made again"))
    # other common characters (修订: an edited title) make the same table
    assert pinyin_cache.cached_table(list(reversed(names)) + ["科技（修订）"], tmp_path) == pinyin.syllable_table(names)
    monkeypatch.undo()
    more = [*names, "鑫"]  # a character outside GB 2312 level 1: the table grows
    assert pinyin_cache.cached_table(more, tmp_path) == pinyin.syllable_table(more) != pinyin.syllable_table(names)


def test_a_program_key_follows_its_data_whether_its_reads_are_kept_or_not(tmp_path):
    import datetime as dt

    today, url_for = dt.date(2026, 12, 4), lambda docname, anchor: docname + ".html"
    program = {"id": "p", "docname": "source/programs/p", "title": "事项", "reviewed": dt.date(2026, 11, 1),
               "faq": [{"q": "?", "a": "见 {program}`q`"}], "basis": [{"policy": "ip-measures", "clause": 2}]}
    valid = {"p": program, "q": {"id": "q", "title": "另一事项"}}
    policies = {"ip-measures": {"id": "ip-measures", "title": "办法", "docname": "source/policies/ip-measures"}}

    def key(program, reads=None, valid=valid):
        digests = record_cache.PolicyDigests(policies, {}, url_for)
        return record_cache.program_key(program, valid, digests, url_for, today, reads)

    first = record_cache.ProgramReads(tmp_path)
    plain = key(program)
    assert key(program, first) == plain
    first.save()
    kept = record_cache.ProgramReads(tmp_path)
    assert len(kept.loaded) == 1 and key(program, kept) == plain  # from the kept reads
    edited = {**program, "faq": [{"q": "?", "a": "见 {program}`r`"}]}
    assert key(edited, kept) == key(edited) != plain  # other data: read again, not the kept entry
    assert key({**program, "reviewed": dt.date(2026, 11, 2)}, kept) != plain
    assert key(program, kept, {**valid, "q": {"id": "q", "title": "改名"}}) != plain  # a named program's title
