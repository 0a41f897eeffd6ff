"""policybook gather (issue 22): a province's 政策查找 over two counties' open data, no county page rebuilt."""

from __future__ import annotations

import json
import shutil

import pytest
from bs4 import BeautifulSoup
from sphinx_helpers import Site

from policybook.cli import main
from policybook.model.codes import CODES

LIST = """\
title: 江南省科技惠企政策查找（示例）
counties:
  - name: 明湖县
    base_url: https://mh.example.gov.cn/
    programs_json: minghu/programs.json
  - name: 清河县
    base_url: https://qh.example.gov.cn/kj/
    programs_json: qinghe/programs.json
"""


@pytest.fixture(scope="session")
def counties(tmp_path_factory):
    """Two county exports, each from a build of a tiny test root (the second renames a program)."""
    root = tmp_path_factory.mktemp("province")
    first = Site(tmp_path_factory.mktemp("minghu")).build(fresh=True)
    other = Site(tmp_path_factory.mktemp("qinghe"))
    other.edit("source/programs/patent-grant.yaml", "title: 发明专利授权资助", "title: 清河县专利授权奖励")
    second = other.build(fresh=True)
    for name, built in (("minghu", first), ("qinghe", second)):
        (root / name).mkdir()
        shutil.copyfile(built.app.outdir / "data/programs.json", root / name / "programs.json")
    (root / "counties.yaml").write_text(LIST, "utf-8")
    return root


@pytest.fixture(scope="session")
def province(counties, tmp_path_factory):
    out = tmp_path_factory.mktemp("province-site")
    assert main(["gather", str(counties / "counties.yaml"), "--out", str(out)]) == 0
    return out


def test_one_finder_over_both_counties_linking_to_their_pages(province, counties):
    finder = json.loads((province / "data/finder.json").read_text("utf-8"))
    urls = {row[0]: row[1] for row in finder["programs"]}
    county = {json.loads((counties / name / "programs.json").read_text("utf-8"))["programs"][0]["url"]
              for name in ("minghu", "qinghe")}
    assert urls["mh--patent-grant"] == "https://mh.example.gov.cn/source/programs/patent-grant.html"
    assert urls["qh--patent-grant"] == "https://qh.example.gov.cn/kj/source/programs/patent-grant.html"
    assert county  # the county exports hold site-relative URLs; the province makes them absolute
    titles = {row[2] for row in finder["programs"]}
    assert {"发明专利授权资助（明湖县）", "清河县专利授权奖励（清河县）"} <= titles
    page = BeautifulSoup((province / "index.html").read_text("utf-8"), "html.parser")
    assert page.select_one('[data-pb-finder="finder"]') is not None
    assert not page.select("script:not([src]), style, [style]")  # strict CSP
    assert [a["href"] for a in page.select(".pb-province-counties a")] == [
        "https://mh.example.gov.cn/", "https://qh.example.gov.cn/kj/"]
    for name in ("pb-finder.js", "pb-finder-core.js", "pb-window.js"):
        assert (province / "_static" / name).is_file()
    assert (province / "data/finder-core.json").is_file() and (province / "data/finder-text.json").is_file()


def test_one_search_over_both_counties_by_what_their_programs_say(province):
    from policybook.search import fulltext

    doc = json.loads((province / "search/index.json").read_text("utf-8"))
    info = doc["fulltext"]
    urls = {}
    for path in (province / fulltext.SHOWN).glob("*.json"):
        block = json.loads(path.read_text("utf-8"))
        urls.update({block["first"] + i: fields["url"] for i, fields in enumerate(block["entries"]) if fields})
    assert len(urls) == len(doc["entries"]) == 8  # four programs a county, each linking to its county page

    def having(gram: str) -> set[str]:
        file = json.loads((province / fulltext.FOLDER / f"{fulltext.shard_of(gram, info['shards'])}.json")
                          .read_text("utf-8"))
        return {urls[n] for n in fulltext.decode(file["grams"][gram])}

    # 专利权属清晰: a condition of both counties' patent program, found on their own pages
    assert having("权属") == {"https://mh.example.gov.cn/source/programs/patent-grant.html",
                             "https://qh.example.gov.cn/kj/source/programs/patent-grant.html"}
    for name in ("pb-query.js", "pb-search.js"):
        assert (province / "_static" / name).is_file()
    page = BeautifulSoup((province / "index.html").read_text("utf-8"), "html.parser")
    assert not page.select("script:not([src])")  # strict CSP: scripts from files only


def test_an_unreachable_or_invalid_county_is_a_located_chinese_error(counties, tmp_path, capsys):
    bad = tmp_path / "counties.yaml"
    (tmp_path / "minghu").mkdir()
    shutil.copyfile(counties / "minghu/programs.json", tmp_path / "minghu/programs.json")
    broken = json.loads((counties / "qinghe/programs.json").read_text("utf-8"))
    del broken["programs"][0]["title"]
    (tmp_path / "qinghe").mkdir()
    (tmp_path / "qinghe/programs.json").write_text(json.dumps(broken, ensure_ascii=False), "utf-8")
    bad.write_text(LIST + "  - name: 白沙县\n    base_url: https://bs.example.gov.cn/\n"
                   "    programs_json: baisha/programs.json\n", "utf-8")
    out = tmp_path / "out"
    assert main(["gather", str(bad), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:6:5: 清河县 programs_json: 清河县的开放数据不符合 programs.schema.json" in err
    assert f"{bad}:9:5: 白沙县 programs_json: 无法读取白沙县的开放数据 baisha/programs.json" in err
    assert "提示: " in err and "Traceback" not in err
    finder = json.loads((out / "data/finder.json").read_text("utf-8"))  # the good county is still gathered
    assert {row[0].split("--")[0] for row in finder["programs"]} == {"mh"}
    for code in ("gather-list", "gather-unreachable", "gather-invalid"):
        assert code in CODES


def test_a_bad_list_is_located(tmp_path, capsys):
    bad = tmp_path / "counties.yaml"
    bad.write_text("counties:\n  - name: 明湖县\n    base_url: ftp://mh.example.gov.cn/\n    programs_json: a.json\n",
                   "utf-8")
    assert main(["gather", str(bad), "--out", str(tmp_path / "out")]) == 1
    assert f"{bad}:2:5: counties[0].base_url: 网站地址须以 http:// 或 https:// 开头" in capsys.readouterr().err
