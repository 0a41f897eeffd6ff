"""Content that goes away: a removed program's old address says 已撤销; a file that vanishes
while the build reads it is a located problem, not a traceback.

Enterprises keep and forward program links (WeChat, bookmarks); after a program's YAML was
removed its old page stayed in ``_build/html`` looking current. Now it is a 已撤销 page that
points to the finder, for search engines ``noindex``, in no list, sitemap, export or calendar
(``site/withdrawn.py`` explains the choice). Other removed documents are taken down.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx_helpers import Site

REPO = Path(__file__).parent.parent
BASIC = REPO / "tests/roots/test-basic"
PROGRAM = "source/programs/national-hightech"
FINDER = "---\norphan: true\n---\n\n# 政策查找\n\n```{program-finder}\n```\n"


@pytest.fixture
def site(tmp_path):
    site = Site(tmp_path)
    site.write("docs/finder.md", FINDER)
    site.write("docs/extra.md", "---\norphan: true\n---\n\n# 办事须知\n\n一段说明。\n")
    first = site.build()
    assert "(已撤销)" not in (first.app.outdir / f"{PROGRAM}.html").read_text("utf-8")
    return site


def remove(site: Site, relpath: str) -> None:
    (site.src / relpath).unlink()


def test_a_removed_program_leaves_a_withdrawn_page_pointing_to_the_finder(site):
    remove(site, f"{PROGRAM}.yaml")
    result = site.build()
    out = Path(result.app.outdir)
    page = result.html(PROGRAM)
    assert page.select_one("h1").get_text(strip=True).startswith("国家高新技术企业认定 (已撤销)")
    assert "已于2026年11月21日从本网站撤销，不再受理申报" in page.get_text()
    links = {a.get_text(strip=True): a["href"] for a in page.select(".pb-withdrawn-links a")}
    assert links == {"查找当前的支持事项": "../../docs/finder.html", "返回首页": "../../index.html"}
    for href in links.values():
        assert (out / PROGRAM).parent.joinpath(href).resolve().is_file()
    assert page.find("meta", attrs={"name": "robots", "content": "noindex"})
    assert "national-hightech" not in (out / "sitemap.xml").read_text("utf-8")
    exported = json.loads((out / "data/programs.json").read_text("utf-8"))
    assert "national-hightech" not in {p["id"] for p in exported["programs"]}
    assert "国家高新技术企业认定" not in (out / "calendar/all.ics").read_text("utf-8")
    assert "national-hightech" not in (out / "index.html").read_text("utf-8")  # in no list
    assert "事项 national-hightech 的文件已删除" in result.app.status.getvalue()


def test_the_withdrawn_page_is_written_once_and_a_program_added_again_is_a_program(site):
    text = (site.src / f"{PROGRAM}.yaml").read_text("utf-8")
    remove(site, f"{PROGRAM}.yaml")
    site.build()
    again = site.build()
    assert PROGRAM not in again.pages  # a no-change rebuild does not write it again
    site.write(f"{PROGRAM}.yaml", text)
    restored = site.build()
    page = restored.html(PROGRAM)
    assert "(已撤销)" not in page.get_text() and page.select_one("h1").get_text(strip=True).startswith("国家高新技术企业认定")
    assert not page.find("meta", attrs={"name": "robots"})


def test_the_record_survives_an_environment_sphinx_discards(site):
    remove(site, f"{PROGRAM}.yaml")
    site.build()
    fresh = site.build(fresh=True)  # e.g. conf.py changed: every document read again
    assert "(已撤销)" in fresh.html(PROGRAM).get_text()
    assert "已于2026年11月21日" in fresh.html(PROGRAM).get_text()  # the date it was withdrawn, kept


def test_other_removed_pages_are_taken_down(site):
    remove(site, "docs/extra.md")
    result = site.build()
    assert not (result.app.outdir / "docs/extra.html").exists()
    assert not list((result.app.outdir / "_sources/docs").glob("extra.*"))


# --- a file vanishing while the build reads it -------------------------------------------------

@pytest.mark.parametrize("victim", ["docs/guide.md", "source/programs/patent-grant.yaml",
                                    "source/policies/ip-measures.md"])
@pytest.mark.parametrize("parallel", [0, 2])
def test_a_file_removed_during_the_read_is_one_located_problem(tmp_path, victim, parallel):
    """Removed after the readability check and before Sphinx opened it (a ``git checkout``
    running meanwhile): Sphinx raised FileNotFoundError with no location."""
    site = Site(tmp_path)
    app = SphinxTestApp("html", srcdir=site.src, builddir=site.src / "_build", parallel=parallel)
    app.connect("env-before-read-docs", lambda _app, _env, _docnames: (site.src / victim).unlink(), priority=900)
    try:
        app.build()  # no exception
        warnings = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    finally:
        app.cleanup()
    first = [line for line in warnings.splitlines() if line.strip()][0]
    assert first.startswith(f"{victim}:1: WARNING: 生成网站时文件无法读取"), warnings
    assert "确认文件存在并且可以读取, 然后重新构建" in first
    if not parallel:  # references to it are not reported again (a parallel reader reports it alone)
        assert len([line for line in warnings.splitlines() if "WARNING" in line]) == 1, warnings


def test_make_html_publishes_the_withdrawn_page(tmp_path):
    """Through the real Makefile: the published folder, not only Sphinx's output."""
    project = tmp_path / "project"
    shutil.copytree(BASIC, project)
    shutil.copy(REPO / "Makefile", project / "Makefile")
    venv = Path(sys.executable).parent.parent
    env = {**os.environ, "POLICYBOOK_DATE": "2026-11-21"}

    def make():
        return subprocess.run(["make", "-C", str(project), "html", f"VENV={venv}", "-o", f"{venv}/.installed"],
                              capture_output=True, text=True, env=env, timeout=600)

    assert make().returncode == 0
    (project / f"{PROGRAM}.yaml").unlink()
    done = make()
    assert done.returncode == 0, done.stderr[-2000:]
    published = (project / "_build/html" / f"{PROGRAM}.html").read_text("utf-8")
    assert "本事项已撤销" in published and 'name="robots"' in published


def test_a_renamed_program_s_old_address_points_to_the_new_one(site):
    """``policybook rename-program``: the file, the id and every reference change, and the old
    address (forwarded, bookmarked) says where the program is now instead of 已撤销."""
    done = subprocess.run([sys.executable, "-m", "policybook.cli", "--root", str(site.src), "rename-program",
                           "ip-pledge", "ip-pledge-loan"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines() == [
        "source/programs/patent-grant.yaml:44:15: ip-pledge → ip-pledge-loan",
        "source/programs/patent-grant.yaml:45:11: ip-pledge → ip-pledge-loan",
        "source/programs/ip-pledge.yaml → source/programs/ip-pledge-loan.yaml (former_ids: ip-pledge)",
    ]
    text = (site.src / "source/programs/ip-pledge-loan.yaml").read_text("utf-8")
    assert text.startswith("id: ip-pledge-loan\nformer_ids: [ip-pledge]\n")
    result = site.build()
    assert "WARNING" not in result.warnings
    old = result.html("source/programs/ip-pledge")
    assert "(已移至新地址)" in old.select_one("h1").get_text()
    link = old.select_one(".pb-moved a")
    assert link["href"] == "ip-pledge-loan.html" and link.get_text() == "知识产权质押融资贴息"
    assert old.find("meta", attrs={"name": "robots", "content": "noindex"})
    assert result.html("source/programs/patent-grant").select_one("a[href='ip-pledge-loan.html']")
