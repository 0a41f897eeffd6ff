"""Incremental builds re-read exactly what changed and re-write every page that shows it."""

from __future__ import annotations

from sphinx_helpers import Site

ALL_DOCS = ["docs/guide", "index", "source/categories/ip", "source/policies/hightech-measures",
            "source/policies/index", "source/policies/ip-measures", "source/policies/old-ip-measures",
            "source/programs/hightech-reward", "source/programs/ip-pledge",
            "source/programs/national-hightech", "source/programs/patent-grant"]


def test_no_change_rebuild_reads_and_writes_nothing(tmp_path):
    site = Site(tmp_path)
    first = site.build()
    assert first.read == ALL_DOCS and first.written == ALL_DOCS
    again = site.build()
    assert again.read == [] and again.written == []


def test_editing_a_program_rewrites_its_lists_backlinks_and_links(tmp_path):
    site = Site(tmp_path)
    site.build()
    site.edit("source/programs/ip-pledge.yaml", "title: 知识产权质押融资贴息", "title: 专利质押贷款贴息")
    result = site.build()
    assert result.read == ["source/programs/ip-pledge"]
    assert result.written == [
        "index",  # its category list shows the program
        "source/categories/ip",  # the category page lists it
        "source/policies/ip-measures",  # the policy it cites lists it as a backlink
        "source/programs/ip-pledge",
        "source/programs/patent-grant",  # links it under 相关事项 and in an FAQ answer
    ]
    for page in ("index", "source/categories/ip", "source/policies/ip-measures", "source/programs/patent-grant"):
        assert "专利质押贷款贴息" in result.html(page).get_text(), page
        assert "知识产权质押融资贴息" not in result.html(page).get_text(), page


def test_moving_a_program_to_another_category_updates_both_lists(tmp_path):
    site = Site(tmp_path)
    site.build()
    site.edit("source/programs/hightech-reward.yaml", "category: high-tech", "category: ip")
    result = site.build()
    assert result.read == ["source/programs/hightech-reward"]
    assert result.written == ["docs/guide", "index", "source/categories/ip",
                              "source/policies/hightech-measures", "source/programs/hightech-reward"]
    ip_list = [a.get_text() for a in result.html("source/categories/ip").select(".pb-item-title a")]
    assert "高新技术企业首次认定奖励" in ip_list


def test_editing_a_policy_title_rewrites_pages_citing_it(tmp_path):
    site = Site(tmp_path)
    site.build()
    site.edit("source/policies/hightech-measures.md", "title: 测试县高新技术企业培育办法",
              "title: 测试县高企培育办法")
    result = site.build()
    assert result.read == ["source/policies/hightech-measures"]
    # "index" is Sphinx's own doing: its toctree includes the re-written policy index.
    assert result.written == ["index", "source/policies/hightech-measures", "source/policies/index",
                              "source/programs/hightech-reward", "source/programs/national-hightech"]
    assert "《测试县高企培育办法》第一条" in result.html("source/programs/hightech-reward").get_text()


def test_removing_a_program_rewrites_pages_that_listed_it(tmp_path):
    site = Site(tmp_path)
    site.build()
    (site.src / "source/programs/national-hightech.yaml").unlink()
    result = site.build()
    assert result.read == []
    assert result.written == ["source/policies/hightech-measures"]
    assert "国家高新技术企业认定" not in result.html("source/policies/hightech-measures").get_text()


def test_new_build_date_rewrites_pages_showing_a_status(tmp_path):
    site = Site(tmp_path)
    site.build()
    later = site.build(confoverrides={"policybook_reference_date": "2026-12-01"})
    assert later.read == []
    assert later.written == ["index", "source/categories/ip", "source/programs/hightech-reward",
                             "source/programs/ip-pledge", "source/programs/national-hightech",
                             "source/programs/patent-grant"]
    badge = later.html("source/programs/patent-grant").select_one(".pb-badges .pb-status")
    assert badge.get_text() == "已截止 · 2026年11月30日"


def test_parallel_build_matches_serial(tmp_path):
    site = Site(tmp_path)
    serial = site.build(outdir="_serial")
    parallel = site.build(outdir="_parallel", parallel=2)
    assert parallel.warnings == serial.warnings == ""
    for page in ALL_DOCS:
        assert (parallel.app.outdir / f"{page}.html").read_bytes() == \
               (serial.app.outdir / f"{page}.html").read_bytes(), page


def test_site_wide_files_stay_complete_and_untouched_when_nothing_changed(tmp_path):
    site = Site(tmp_path)
    first = site.build()
    out = first.app.outdir
    names = ("data/programs.json", "data/finder.json", "data/finder.schema.json", "feeds/all.atom", "sitemap.xml")
    stamps = {name: (out / name).stat().st_mtime_ns for name in names}
    site.build()
    assert {name: (out / name).stat().st_mtime_ns for name in stamps} == stamps
    site.edit("source/programs/ip-pledge.yaml", "title: 知识产权质押融资贴息", "title: 专利质押贷款贴息")
    edited = site.build()
    assert "专利质押贷款贴息" in (out / "data/programs.json").read_text("utf-8")
    assert "专利质押贷款贴息" in (out / "data/finder.json").read_text("utf-8")
    # the sitemap still lists every page, not only the ones this build re-wrote
    sitemap = (out / "sitemap.xml").read_text("utf-8")
    assert sitemap.count("<loc>") == len(edited.app.env.all_docs)


def test_an_output_folder_from_before_the_finder_index_gets_one(tmp_path):
    """A no-change build still writes data/finder.json when the folder lacks it (built by an older version)."""
    site = Site(tmp_path)
    out = site.build().app.outdir
    index = (out / "data/finder.json").read_text("utf-8")
    (out / "data/finder.json").unlink()
    stamp = (out / "data/programs.json").stat().st_mtime_ns
    again = site.build()
    assert again.written == []
    assert (out / "data/finder.json").read_text("utf-8") == index
    assert (out / "data/programs.json").stat().st_mtime_ns == stamp  # unchanged, so not re-written


def test_a_parallel_build_knows_it_wrote_pages(tmp_path):
    """The pages-written count was right under -j only because Sphinx writes the first document
    in the main process; now it is counted where Sphinx resolves every page (main process)."""
    from policybook.state import last_build

    site = Site(tmp_path)
    site.build(parallel=2)
    site.edit("source/programs/ip-pledge.yaml", "title: 知识产权质押融资贴息", "title: 知识产权质押贷款贴息")
    again = site.build(parallel=2)
    build = last_build(again.app)
    assert build is not None and build.wrote_pages and "source/programs/ip-pledge" in build.resolved
    exported = (again.app.outdir / "data" / "programs.json").read_text("utf-8")
    assert "知识产权质押贷款贴息" in exported
