"""Long lists split over continuation pages; only changed pages are re-written."""

from __future__ import annotations

import re

from sphinx_helpers import Site

from policybook.pages.pagination import page_names, split

# test-basic's four programs, in title order
FAMING, GUOJIA, ZHISHI, GAOXIN = "发明专利授权资助", "国家高新技术企业认定", "知识产权质押融资贴息", "高新技术企业首次认定奖励"


def page_with(site: Site, body: str, name: str = "docs/all.md", title: str = "全部") -> None:
    site.write(name, f"---\norphan: true\n---\n# {title}\n\n{body}\n")


def titles(soup) -> list[str]:
    return [a.get_text() for a in soup.select(".pb-item-title a, .pb-cal-title a.pb-cal-link")]


def test_split_and_page_names():
    assert split([1, 2, 3, 4, 5], 2) == [[1, 2], [3, 4], [5]]
    assert split([1, 2], 2) == [[1, 2]]
    assert split([], 3) == [[]]
    assert page_names("a/b", 1, 3) == ["a/b", "a/b/2", "a/b/3"]
    assert page_names("a/b", 2, 2) == ["a/b", "a/b/2-2"]


def test_long_list_continues_on_pages_linked_by_a_pager(tmp_path):
    site = Site(tmp_path)
    page_with(site, "```{program-list}\n:per-page: 3\n```")
    result = site.build()
    first, second = result.html("docs/all"), result.html("docs/all/2")
    assert titles(first) == [FAMING, GUOJIA, ZHISHI]
    assert titles(second) == [GAOXIN]
    assert first.select_one(".pb-pager-count").get_text() == "共4项，第1/2页"
    assert [a["href"] for a in first.select(".pb-pager a")] == ["all/2.html", "all/2.html"] * 2
    assert second.select_one("title").get_text().startswith("全部（第2页）")
    assert second.select_one("h1").get_text().startswith("全部（第2页）")
    assert second.select_one(".pb-pager-back a")["href"] == "../all.html"
    assert [a.get_text() for a in second.select(".pb-pager")[0].select("a")] == ["← 上一页", "1"]
    # links from the continuation page are relative to it
    assert second.select_one(".pb-item-title a")["href"] == "../../source/programs/hightech-reward.html"
    # status badges there are live too (the browser recomputes them)
    assert second.select_one(".pb-live-status .pb-status")
    assert "docs/all/2.html" in (result.app.outdir / "sitemap.xml").read_text("utf-8")
    assert "WARNING" not in result.warnings


def test_grouped_list_marks_a_group_continued_from_the_previous_page(tmp_path):
    site = Site(tmp_path)
    page_with(site, "```{program-list}\n:group: category\n:per-page: 3\n```")
    result = site.build()
    first, second = result.html("docs/all"), result.html("docs/all/2")
    assert [g.get_text() for g in first.select(".pb-group-title")] == ["高新技术企业培育（2）", "知识产权（2）"]
    assert titles(first) == [GUOJIA, GAOXIN, FAMING]
    assert [g.get_text() for g in second.select(".pb-group-title")] == ["知识产权（2）（续）"]
    assert titles(second) == [ZHISHI]


def test_second_long_list_of_a_page_gets_its_own_page_names(tmp_path):
    site = Site(tmp_path)
    page_with(site, "```{program-list}\n:per-page: 2\n```\n\n```{policy-list}\n:per-page: 2\n```")
    result = site.build()
    assert titles(result.html("docs/all/2")) == [ZHISHI, GAOXIN]
    policies = result.html("docs/all/2-2")
    assert policies.select(".pb-policy-list li")
    assert policies.select_one(".pb-pager-count").get_text().startswith("共3份")


def test_only_changed_continuation_pages_are_rewritten_and_stale_ones_removed(tmp_path):
    site = Site(tmp_path)
    page_with(site, "```{program-list}\n:per-page: 3\n```")
    first = site.build()
    digests = first.app.doctreedir / "policybook-pages.json"
    stamp = digests.stat().st_mtime_ns
    # (Sphinx itself writes genindex and search on every build)
    assert [p for p in site.build().pages if p not in ("genindex", "search")] == []
    assert digests.stat().st_mtime_ns == stamp  # nor the record of what the pages showed

    # 发明专利授权资助 is on page 1 only: page 2 is left alone
    site.edit("source/programs/patent-grant.yaml", "title: 发明专利授权资助", "title: 发明专利资助")
    result = site.build()
    assert "docs/all" in result.pages and "docs/all/2" not in result.pages

    # 高新技术企业首次认定奖励 is on page 2: it is re-written
    site.edit("source/programs/hightech-reward.yaml", "title: 高新技术企业首次认定奖励", "title: 高新技术企业认定奖励")
    result = site.build()
    assert "docs/all/2" in result.pages
    assert titles(result.html("docs/all/2")) == ["高新技术企业认定奖励"]

    # three programs fit on one page: the second page goes away, from the sitemap too
    (site.src / "source/programs/national-hightech.yaml").unlink()
    result = site.build()
    assert not (result.app.outdir / "docs/all/2.html").exists()
    assert result.html("docs/all").select(".pb-pager") == []
    assert "docs/all/2" not in (result.app.outdir / "sitemap.xml").read_text("utf-8")


def test_removing_the_list_removes_its_pages(tmp_path):
    site = Site(tmp_path)
    page_with(site, "```{program-list}\n:per-page: 3\n```")
    site.build()
    page_with(site, "没有列表了。")
    result = site.build()
    assert not (result.app.outdir / "docs/all/2.html").exists()


def test_parallel_build_writes_the_same_continuation_pages(tmp_path):
    site = Site(tmp_path)
    page_with(site, "```{program-list}\n:per-page: 1\n```")
    serial = site.build(outdir="_serial")
    parallel = site.build(outdir="_parallel", parallel=2, fresh=True)
    for page in ("docs/all/2", "docs/all/3", "docs/all/4"):
        assert (serial.app.outdir / f"{page}.html").read_bytes() == (parallel.app.outdir / f"{page}.html").read_bytes()


def test_calendar_continues_on_pages_and_its_jump_links_find_each_section(tmp_path):
    site = Site(tmp_path)
    page_with(site, "```{program-calendar}\n:per-page: 1\n:recent: 400\n```", name="docs/cal.md", title="日历")
    result = site.build()
    first = result.html("docs/cal")
    count = int(re.search(r"共(\d+)", first.select_one(".pb-pager-count").get_text())[1])
    pages = ["docs/cal"] + [f"docs/cal/{k}" for k in range(2, count + 1)]
    seen = [titles(result.html(page)) for page in pages]
    assert all(len(items) == 1 for items in seen)
    assert len({t for items in seen for t in items}) >= 3
    for link in first.select(".pb-cal-jump a"):
        href = link["href"]
        target, anchor = href.split("#") if "#" in href else ("cal.html", href.lstrip("#"))
        target_page = "docs/cal" if target in ("", "cal.html") else "docs/" + target.removesuffix(".html")
        assert result.html(target_page).find(id=anchor) is not None, href


def test_limited_list_links_to_the_full_list(tmp_path):
    site = Site(tmp_path)
    page_with(site, "```{program-list}\n:limit: 1\n:more: /source/categories/ip\n```")
    result = site.build()
    more = result.html("docs/all").select_one(".pb-more a")
    assert more.get_text() == "查看全部 4 项 →" and more["href"] == "../source/categories/ip.html"

    page_with(site, "```{program-list}\n:limit: 1\n:more: nowhere\n```")
    result = site.build()
    assert "docs/all.md:8:1: WARNING: {program-list} :more:: 页面不存在: 'nowhere'" in re.sub(r"\x1b\[[0-9;]*m", "", result.warnings)


def test_new_build_date_rewrites_continuation_pages(tmp_path):
    site = Site(tmp_path)
    page_with(site, "```{program-list}\n:per-page: 3\n```")
    site.build()
    later = site.build(confoverrides={"policybook_reference_date": "2027-03-05"})
    assert "docs/all/2" in later.pages
    # 高新技术企业首次认定奖励 opens on 2027-03-01
    assert later.html("docs/all/2").select_one(".pb-status").get_text() == "申报中"


def test_calendar_keeps_the_year_round_group_on_one_page():
    """常年受理 is one list a reader scans: it is never split over pages (issue 16)."""
    from policybook.calendar.view import split_entries

    entries = [("m1", 1), ("m1", 2), ("m2", 3), ("cal-rolling", 4), ("cal-rolling", 5), ("cal-rolling", 6),
               ("cal-closed", 7)]
    assert split_entries(entries, 4) == [entries[:3], entries[3:7]]
    assert split_entries(entries, 2) == [entries[:2], entries[2:3], entries[3:6], entries[6:]]  # longer than 2
    assert split_entries(entries, 10) == [entries]
    assert split_entries(entries[:3] + entries[6:], 2) == [entries[:2], [entries[2], entries[6]]]



def test_a_province_sized_year_round_group_goes_on_over_pages_of_bounded_size():
    """Hundreds of 常年受理 programs on one page made it 160 KB (issue 22: every page ≤ 40 KB)."""
    from policybook.calendar.view import TOGETHER_PAGES, split_entries

    entries = [("m1", 0)] + [("cal-rolling", n) for n in range(1, 151)] + [("cal-closed", 151)]
    pages = split_entries(entries, 20)
    assert [entry for page in pages for entry in page] == entries  # nothing lost, order kept
    assert max(len(page) for page in pages) <= 20 * TOGETHER_PAGES
    assert [len(page) for page in pages] == [1, 40, 40, 40, 30, 1]  # the group starts a page, 40 a page


def test_calendar_year_round_programs_share_one_page(tmp_path):
    site = Site(tmp_path)
    for n in range(3):  # four year-round programs with ip-pledge
        text = (site.src / "source/programs/ip-pledge.yaml").read_text("utf-8")
        site.write(f"source/programs/rolling-{n}.yaml",
                   text.replace("id: ip-pledge", f"id: rolling-{n}").replace("知识产权质押融资贴息", f"常年事项{n}"))
    page_with(site, "```{program-calendar}\n:per-page: 3\n:recent: 400\n```", name="docs/cal.md", title="日历")
    result = site.build()
    count = int(re.search(r"/(\d+)页", result.html("docs/cal").select_one(".pb-pager-count").get_text())[1])
    pages = ["docs/cal"] + [f"docs/cal/{k}" for k in range(2, count + 1)]
    with_rolling = [(p, len(result.html(p).select("section.pb-cal-rolling li.pb-cal-item"))) for p in pages]
    with_rolling = [(p, n) for p, n in with_rolling if n]
    assert len(with_rolling) == 1 and with_rolling[0][1] == 4, with_rolling
    page = result.html(with_rolling[0][0])
    assert page.select_one("section.pb-cal-rolling > h2").get_text().startswith("常年受理")
    assert "（续）" not in page.select_one("section.pb-cal-rolling > h2").get_text()


def test_a_changed_frame_rewrites_continuation_pages_as_it_does_their_first_page(tmp_path):
    """A setting or template that changes every page's frame (the site's title, a theme
    template after an upgrade) must reach the continuation pages too, whose content is
    unchanged: a stale /2.html kept the old frame (issue 22's page budget change showed it)."""
    site = Site(tmp_path)
    page_with(site, "```{program-list}\n:per-page: 3\n```")
    site.build()
    renamed = site.build(confoverrides={"html_title": "明湖县科技政策新平台"})
    assert {"docs/all", "docs/all/2"} <= set(renamed.pages)
    for page in ("docs/all", "docs/all/2"):
        assert "明湖县科技政策新平台" in renamed.html(page).title.get_text(), page

    site.write("_templates/layout.html", '{% extends "!layout.html" %}'
               '{% block extrahead %}{{ super() }}<meta name="frame-marker" content="新页脚">{% endblock %}')
    layout = site.src / "_templates/layout.html"
    framed = site.build(confoverrides={"html_title": "明湖县科技政策新平台", "templates_path": ["_templates"]})
    for page in ("docs/all", "docs/all/2"):
        assert framed.html(page).select_one('meta[name="frame-marker"]')["content"] == "新页脚", page
    # the template alone changes (same settings): Sphinx rewrites every page, continuations too
    layout.write_text(layout.read_text("utf-8").replace("新页脚", "又一页脚"), "utf-8")
    edited = site.build(confoverrides={"html_title": "明湖县科技政策新平台", "templates_path": ["_templates"]})
    for page in ("docs/all", "docs/all/2"):
        assert edited.html(page).select_one('meta[name="frame-marker"]')["content"] == "又一页脚", page


def test_a_rebuild_walks_the_template_folders_once_however_many_continuation_pages(tmp_path):
    """Publishing one edit at 2,000 programs asked Sphinx for the newest template 185 times,
    once per continuation page, each a walk over every template folder (0.5 s of the edit)."""
    site = Site(tmp_path)
    page_with(site, "```{program-list}\n:per-page: 1\n```")
    site.build()
    walks: list[int] = []

    def count_walks(app):
        templates = app.builder.templates
        newest = templates.newest_template_mtime

        def counting():
            walks.append(1)
            return newest()
        templates.newest_template_mtime = counting

    page_with(site, "全部事项如下。\n\n```{program-list}\n:per-page: 1\n```")  # the list is the same
    again = site.build(on_app=count_walks)
    kept = {"docs/all/2", "docs/all/3", "docs/all/4"} - set(again.pages)
    assert len(kept) >= 2  # unchanged continuation pages: each is checked against the templates
    assert len(walks) == 2  # Sphinx's own, for its documents' pages, and ours for all three
