"""Feeds announce what really changed between two builds, per finder facet, and nothing else."""

from __future__ import annotations

import datetime as dt
import json

import feedparser
import pytest
from sphinx_helpers import Site

from policybook.site import changes, feeds

BASE = "https://kjj.example.gov.cn/"
CONF = {"html_baseurl": BASE}


def parsed(out, path: str):
    feed = feedparser.parse((out / path).read_bytes())
    assert not feed.bozo, (path, feed.get("bozo_exception"))
    return feed


def titles(out, path: str) -> list[str]:
    return [e.title for e in parsed(out, path).entries]


def every_feed(out) -> list[str]:
    return [feeds.feed_path(facet, value) for facet, value, _ in feeds.feed_list()]


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """Three builds of one site: the baseline, a real and a housekeeping change, then no change."""
    site = Site(tmp_path_factory.mktemp("feeds"))
    first = site.build(confoverrides=CONF)
    out = first.app.outdir
    before = {path: titles(out, path) for path in every_feed(out)}
    site.edit("source/programs/hightech-reward.yaml", "close: 2027-04-30", "close: 2027-05-15")
    site.edit("source/programs/ip-pledge.yaml", "max: 20", "max: 30")
    site.edit("source/programs/ip-pledge.yaml", "summary: 最高 20 万元", "summary: 最高 30 万元")
    site.edit("source/programs/national-hightech.yaml", "reviewed: 2026-11-01", "reviewed: 2026-11-20")
    site.edit("source/programs/patent-grant.yaml", "reviewed: 2026-11-01", "reviewed:   2026-11-15")
    site.build(confoverrides=CONF)
    after = {path: titles(out, path) for path in every_feed(out)}
    stamps = {path: (out / path).stat().st_mtime_ns for path in every_feed(out)}
    history = first.app.doctreedir / "policybook-feed-history.json"
    stamps["history"] = history.stat().st_mtime_ns
    third = site.build(confoverrides=CONF)
    return {"out": out, "before": before, "after": after, "stamps": stamps, "third": third, "history": history}


def test_first_build_announces_nothing_but_the_notes(builds):
    assert not any("改为" in title for titles_ in builds["before"].values() for title in titles_)
    assert not any("新增事项" in title for title in builds["before"]["feeds/all.atom"])


def test_a_moved_close_date_and_a_changed_amount_are_entries_saying_what_changed(builds):
    out, after = builds["out"], builds["after"]
    new = [t for t in after["feeds/all.atom"] if t not in builds["before"]["feeds/all.atom"]]
    assert sorted(new) == ["知识产权质押融资贴息：最高金额由20万元改为30万元",
                           "高新技术企业首次认定奖励：申报时间调整：截止日期由2027年4月30日改为2027年5月15日"]
    entry = next(e for e in parsed(out, "feeds/all.atom").entries if "截止日期" in e.title)
    assert entry.summary.startswith("重要变化：")
    assert {t.term for t in entry.tags} == {"high-tech", "major"}
    assert entry.link == BASE + "source/programs/hightech-reward.html"


def test_each_facet_feed_holds_the_changes_of_its_programs_only(builds):
    after = builds["after"]
    assert any("最高金额" in t for t in after["feeds/level/municipal.atom"])  # ip-pledge is municipal
    assert not any("截止日期" in t for t in after["feeds/level/municipal.atom"])
    assert any("截止日期" in t for t in after["feeds/level/county.atom"])  # hightech-reward is county
    assert any("最高金额" in t for t in after["feeds/ip.atom"])
    assert any("最高金额" in t for t in after["feeds/support/interest-subsidy.atom"])
    assert not any("改为" in t for t in after["feeds/support/grant.atom"])
    assert len([t for t in after["feeds/applicant/enterprise.atom"] if "改为" in t]) == 2
    assert not any("改为" in t for t in after["feeds/applicant/individual.atom"])


def test_housekeeping_alone_is_no_news(builds):
    """A reviewed-date bump (and whitespace) on national-hightech and patent-grant: no entry."""
    for path, shown in builds["after"].items():
        new = [t for t in shown if t not in builds["before"][path]]
        assert not any(t.startswith(("国家高新技术企业", "专利")) for t in new), (path, new)


def test_a_no_change_rebuild_writes_nothing_and_keeps_the_entries(builds):
    out = builds["out"]
    assert builds["third"].written == []
    stamps = {path: (out / path).stat().st_mtime_ns for path in every_feed(out)}
    stamps["history"] = builds["history"].stat().st_mtime_ns
    assert stamps == builds["stamps"]
    assert any("30万元" in t for t in titles(out, "feeds/all.atom"))


def test_every_feed_is_valid_atom_with_escaped_text(builds):
    for path in every_feed(builds["out"]):
        assert parsed(builds["out"], path).version == "atom10"


# --- the comparison itself (pure) ----------------------------------------------------------------

def record(**changed) -> dict:
    base = {"id": "p", "title": "事项<甲>", "url": "p.html", "level": "county", "category": "ip",
            "support_type": "grant", "applicants": ["enterprise"], "archived": False, "status": "closed",
            "closing_soon": False, "window": {"mode": "scheduled", "open": "2026-03-01", "close": "2026-04-30"},
            "funding": {"summary": "最高 5 万元", "max_amount_yuan": 50000.0,
                        "items": [{"standard": "最高 5 万元"}]},
            "eligibility": {"text": "说明", "exclusions": [], "rules": [
                {"text": "注册在本县", "fact": None, "op": "manual", "value": None, "clause": {"policy": "a"}}]},
            "basis": [{"policy": "a"}], "reviewed": "2026-01-01"}
    for key, value in changed.items():
        base[key] = value
    return base


def policy(**changed) -> dict:
    base = {"id": "a", "title": "办法", "url": "a.html", "doc_number": None, "state": "in-force",
            "effective": "2025-01-01", "expiry": None, "superseded_by": None,
            "clauses": [{"number": "3", "text": "补助 5 万元"}]}
    base.update(changed)
    return base


def snap(program: dict, pol: dict | None = None) -> dict:
    return changes.snapshot({"programs": [program]}, {"policies": [pol or policy()]})


TODAY = dt.date(2026, 12, 3)


@pytest.mark.parametrize(("changed", "kind", "major", "what"), [
    ({"reviewed": "2026-12-01"}, None, None, None),
    ({"title": "事项<甲> "}, None, None, None),
    ({"window": {"mode": "scheduled", "open": "2026-03-01", "close": "2026-05-15"}},
     "window-moved", True, "申报时间调整：截止日期由2026年4月30日改为2026年5月15日"),
    ({"status": "open", "closing_soon": True}, "window-opened", True, "开始申报，截止日期为2026年4月30日"),
    ({"closing_soon": True}, "closing-soon", True, "即将截止，截止日期为2026年4月30日"),
    ({"funding": {"summary": "最高 8 万元", "max_amount_yuan": 80000.0, "items": [{"standard": "最高 8 万元"}]}},
     "amount", True, "最高金额由5万元改为8万元"),
    ({"funding": {"summary": "最多 5 万元", "max_amount_yuan": 50000.0, "items": [{"standard": "最高 5 万元"}]}},
     "amount", False, "支持内容表述修改：最多 5 万元"),
    ({"eligibility": {"text": "说明", "exclusions": [], "rules": [
        {"text": "注册在本市", "fact": None, "op": "manual", "value": None, "clause": {"policy": "a"}}]}},
     "conditions", True, "申报条件变化：新增“注册在本市”；删除“注册在本县”"),
    ({"eligibility": {"text": "新说明", "exclusions": [], "rules": [
        {"text": "注册在本县", "fact": None, "op": "manual", "value": None, "clause": {"policy": "a"}}]}},
     "conditions", False, "申报条件说明修改"),
    ({"archived": True}, "archived", True, "事项停止受理（已归档）"),
])
def test_each_kind_of_change_is_told_apart(changed, kind, major, what):
    found = changes.detect(snap(record()), snap(record(**changed)), TODAY)
    assert [(e["kind"], e["major"], e["what"]) for e in found] == ([(kind, major, what)] if kind else [])


def test_a_program_whose_file_is_broken_is_not_announced_as_withdrawn():
    first = changes.update_history(None, snap(record()), TODAY)
    empty = changes.snapshot({"programs": []}, {"policies": [policy()]})
    assert changes.update_history(first, empty, TODAY, frozenset({"p"}))["entries"] == []
    assert [e["kind"] for e in changes.update_history(first, empty, TODAY)["entries"]] == ["removed"]


def test_an_amended_policy_is_news_for_the_programs_citing_it():
    found = changes.detect(snap(record()), snap(record(), policy(clauses=[{"number": "3", "text": "补助 8 万元"}])),
                           TODAY)
    assert [(e["kind"], e["what"], e["programs"]) for e in found] == [("policy", "政策条款修改：第三条", ["p"])]


def test_history_starts_silent_then_keeps_entries_and_escapes_them():
    first = changes.update_history(None, snap(record()), TODAY)
    assert first["entries"] == []
    moved = record(window={"mode": "scheduled", "open": "2026-03-01", "close": "2026-05-15"})
    second = changes.update_history(first, snap(moved), TODAY)
    assert len(second["entries"]) == 1 and second["entries"][0]["facets"]["level"] == ["county"]
    assert changes.update_history(second, snap(moved), TODAY + dt.timedelta(days=1))["entries"] == second["entries"]
    found = feeds.detected_entries(second["entries"], BASE, lambda e: e["url"], facet="level", value="county")
    xml = feeds.atom(found, title="T", feed_url=BASE + "f.atom", site_url=BASE, author="A")
    assert b"&lt;\xe7\x94\xb2&gt;" in xml  # 事项<甲> stays text
    assert not feedparser.parse(xml).bozo
    assert json.loads(json.dumps(second)) == second


def test_the_help_page_lists_every_facet_feed_and_each_exists(sample_site):
    from bs4 import BeautifulSoup

    out = sample_site.outdir
    page = BeautifulSoup((out / "source/subscribe.html").read_text("utf-8"), "html.parser")
    section = page.select_one("#pb-feed-directory")
    assert section is not None and "按筛选条件订阅" in section.get_text()
    hrefs = [a["href"] for a in section.select("a.pb-subscribe-feed")]
    wanted = [feeds.feed_path(facet, value) for facet, value, _ in feeds.feed_list() if facet]
    assert hrefs == ["../" + path for path in wanted]
    for path in wanted:
        parsed(out, path)
    guide = BeautifulSoup((out / "source/guides/getting-started.html").read_text("utf-8"), "html.parser")
    assert "订阅此筛选" in guide.get_text() and "导出" in guide.get_text()


def test_make_html_keeps_the_history_across_atomic_publishes(tmp_path):
    """``make html`` builds each site in a new stage; the history travels with the doctrees."""
    import shutil

    from test_build_safety import BASIC, REPO, run_make

    project = tmp_path / "project"
    shutil.copytree(BASIC, project)
    shutil.copy(REPO / "Makefile", project / "Makefile")
    assert run_make(project).returncode == 0
    program = project / "source/programs/hightech-reward.yaml"
    program.write_text(program.read_text("utf-8").replace("close: 2027-04-30", "close: 2027-05-15"), "utf-8")
    assert run_make(project).returncode == 0
    feed = project / "_build/html/feeds/all.atom"
    moved = "截止日期由2027年4月30日改为2027年5月15日"
    assert moved in feed.read_text("utf-8")
    published = feed.read_bytes()
    again = run_make(project)
    assert again.returncode == 0, again.stderr
    assert feed.read_bytes() == published  # still announced, and nothing announced twice
    assert [e.title for e in feedparser.parse(published).entries].count(f"高新技术企业首次认定奖励：申报时间调整：{moved}") == 1


# --- snapshots kept from the last build (issue 22: a publishing edit makes one again, not all) ------

def test_a_snapshot_is_kept_only_while_its_record_key_is_the_same():
    programs = {"programs": [record(), record(id="q", title="事项乙")]}
    policies = {"policies": [policy()]}
    records = changes.record_keys(programs, ["k1", "k2"])
    history = changes.update_history(None, changes.snapshot(programs, policies, records), TODAY, records=records)
    assert history["records"] == records
    history["snapshot"]["programs"]["p"]["title"] = "kept"  # a mark: a kept snapshot carries it
    history["snapshot"]["programs"]["q"]["title"] = "kept"
    edited = {"programs": [record(title="事项丙"), record(id="q", title="事项乙")]}
    again = changes.snapshot(edited, policies, changes.record_keys(edited, ["k1-edited", "k2"]), history)
    assert again["programs"]["p"]["title"] == "事项丙"  # its key changed: made again
    assert again["programs"]["q"]["title"] == "kept"  # the same key: the same record, kept
    # without keys, from a history without them, or of another snapshot version: all made again
    assert changes.snapshot(edited, policies, None, history)["programs"]["q"]["title"] == "事项乙"
    assert changes.snapshot(edited, policies, changes.record_keys(edited, ["k1", "k2"]),
                            {**history, "records": None})["programs"]["q"]["title"] == "事项乙"
    other = {pid: "0:" + key.split(":", 1)[1] for pid, key in history["records"].items()}
    assert changes.snapshot(edited, policies, other, history)["programs"]["q"]["title"] == "事项乙"


def test_kept_and_made_snapshots_are_what_a_fresh_snapshot_gives():
    programs = {"programs": [record(), record(id="q", title="事项乙")]}
    policies = {"policies": [policy()]}
    records = changes.record_keys(programs, ["k1", "k2"])
    history = changes.update_history(None, changes.snapshot(programs, policies, records), TODAY, records=records)
    edited = {"programs": [record(id="q", title="事项乙"), record(title="事项丙"), record(id="r")]}
    found = changes.snapshot(edited, policies, changes.record_keys(edited, ["k2", "k1-edited", "k3"]), history)
    assert found == changes.snapshot(edited, policies)
    assert list(found["programs"]) == ["q", "p", "r"]


def test_an_edit_reaches_the_kept_history_as_a_fresh_snapshot_would_make_it(tmp_path):
    site = Site(tmp_path)
    first = site.build(confoverrides=CONF)
    out, history = first.app.outdir, first.app.doctreedir / "policybook-feed-history.json"

    def fresh() -> dict:
        return changes.snapshot(json.loads((out / "data/programs.json").read_text("utf-8")),
                                json.loads((out / "data/policies.json").read_text("utf-8")))

    assert json.loads(history.read_text("utf-8"))["snapshot"] == fresh()
    site.edit("source/programs/ip-pledge.yaml", "max: 20", "max: 30")
    site.edit("source/programs/ip-pledge.yaml", "summary: 最高 20 万元", "summary: 最高 30 万元")
    site.edit("source/programs/hightech-reward.yaml", "close: 2027-04-30", "close: 2027-05-15")
    site.build(confoverrides=CONF)
    kept = json.loads(history.read_text("utf-8"))
    assert kept["snapshot"] == fresh()
    assert kept["snapshot"]["programs"]["ip-pledge"]["max_amount_yuan"] == 300000
    assert {e["program"] for e in kept["entries"]} >= {"ip-pledge", "hightech-reward"}
    stamp = history.stat().st_mtime_ns
    site.build(confoverrides=CONF)
    assert history.stat().st_mtime_ns == stamp  # no change: the history is not written again
