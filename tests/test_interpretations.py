"""政策解读: checked like policies (located Chinese errors), linked both ways with the original,
rebuilt exactly, exported as open data, and created from a template."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from sphinx_helpers import Site

from policybook.cli import main
from policybook.cli.check import check

HERE = Path(__file__).parent
BASIC = HERE / "roots" / "test-basic"

JIEDU = """---
id: ip-measures-jiedu
title: 《测试县知识产权资助办法》解读
policy: ip-measures
published: 2025-01-20
issuer: 测试县科学技术局
kind: text
summary: 新办法讲了资助什么。
---

# 《测试县知识产权资助办法》解读

## 一、背景

新办法替代了旧办法。

## 第二条 发明专利资助

每件授权发明专利资助五千元。

## 第三条 专利质押贴息

按利息的一半贴息。
"""

OLD_JIEDU = """---
id: old-ip-measures-jiedu
title: 《测试县专利资助暂行办法》解读
policy: old-ip-measures
published: 2019-01-20
issuer: 测试县科学技术局
kind: qa
summary: 旧办法的问答。
---

# 《测试县专利资助暂行办法》解读

问：旧办法还有效吗？
"""

INDEX = """# 政策解读

```{interpretation-list}
```
"""


def with_interpretations(site_root: Path) -> None:
    folder = site_root / "source" / "interpretations"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ip-measures-jiedu.md").write_text(JIEDU, "utf-8")
    (folder / "old-ip-measures-jiedu.md").write_text(OLD_JIEDU, "utf-8")
    (folder / "index.md").write_text(INDEX, "utf-8")
    index = site_root / "index.md"
    index.write_text(index.read_text("utf-8").replace("source/policies/index\n",
                                                      "source/policies/index\nsource/interpretations/index\n"), "utf-8")


def project(tmp_path: Path, name: str | None = None, text: str | None = None) -> Path:
    root = tmp_path / "project"
    shutil.copytree(BASIC, root)
    with_interpretations(root)
    if name is not None:
        (root / "source" / "interpretations" / name).write_text(text, "utf-8")
    return root


# --- check: located Chinese messages ---------------------------------------------------------------

def test_clean_interpretations_pass(tmp_path):
    assert [str(p) for p in check(project(tmp_path)).problems if not p.notice] == []


@pytest.mark.parametrize(("change", "expected"), [
    (("policy: ip-measures", "policy: ip-measure"),
     "source/interpretations/bad.md:4:9: policy: 未找到编号为 'ip-measure' 的政策文件"),
    (("## 第三条 专利质押贴息", "## 第九条 专利质押贴息"),
     "source/interpretations/bad.md:21:1: ## 第九条: 政策 'ip-measures' 中没有第九条 (unknown clause) 提示: 已有: 第一条, 第二条, 第三条"),
    (("issuer: 测试县科学技术局\n", ""),
     "source/interpretations/bad.md:2:1: issuer: 缺少必填字段 'issuer' (解读机构) (required field missing)"),
    (("kind: text", "kind: video"),
     "source/interpretations/bad.md:7:7: kind: 未知的取值 'video'"),
    (("新办法替代了旧办法。", "![图解](../forms/application.png)"),
     "source/interpretations/bad.md:15:7: 图片 '../forms/application.png' 不在政策解读的文件夹里 "
     "(interpretation image outside its folder) 提示: 把图片放到 source/interpretations/img/ 下"),
    (("新办法替代了旧办法。", "![图解](../../../etc/passwd.png)"),
     "source/interpretations/bad.md:15:7: 不能引用项目以外或隐藏的文件"),
])
def test_each_mistake_is_a_located_chinese_error(tmp_path, change, expected):
    text = JIEDU.replace("id: ip-measures-jiedu", "id: bad").replace(*change)
    problems = [str(p) for p in check(project(tmp_path, "bad.md", text)).problems if not p.notice]
    assert any(line.startswith(expected) for line in problems), problems


def test_images_in_the_interpretations_own_folder_are_fine(tmp_path):
    root = project(tmp_path)
    (root / "source/interpretations/img").mkdir()
    (root / "source/interpretations/img/chart.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', "utf-8")
    path = root / "source/interpretations/ip-measures-jiedu.md"
    path.write_text(JIEDU.replace("新办法替代了旧办法。", "![图解](img/chart.svg)"), "utf-8")
    assert [str(p) for p in check(root).problems if not p.notice] == []


def test_a_paragraph_quoting_a_clause_is_not_a_clause_section(tmp_path):
    text = JIEDU.replace("id: ip-measures-jiedu", "id: quote").replace("新办法替代了旧办法。", "第九条规定的内容不在本办法里。")
    assert [str(p) for p in check(project(tmp_path, "quote.md", text)).problems if not p.notice] == []


# --- pages: 解读 ↔ 原文 ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("interp"))
    with_interpretations(site.src)
    return site, site.build()


def test_interpretation_page_links_the_original_and_its_clauses(built):
    _site, result = built
    page = result.html("source/interpretations/ip-measures-jiedu")
    box = page.select_one(".pb-interp-source")
    assert box.get_text().strip().startswith("解读的文件：《测试县知识产权资助办法》 测科发〔2025〕3号")
    assert box.select_one("a.pb-interp-original")["href"] == "../policies/ip-measures.html"
    assert "现行有效" in box.get_text()
    links = [(a.get_text(), a["href"]) for a in page.select("a.pb-interp-to-clause")]
    assert links == [("原文第二条", "../policies/ip-measures.html#clause-2"),
                     ("原文第三条", "../policies/ip-measures.html#clause-3")]
    assert page.select_one("section#clause-2") is not None  # the policy page's 解读 links land here


def test_policy_page_lists_related_interpretations_and_marks_explained_clauses(built):
    _site, result = built
    page = result.html("source/policies/ip-measures")
    related = page.select_one("#related-interpretations")
    assert related.get_text(" ", strip=True).startswith("相关解读")
    assert [a["href"] for a in related.select("a")] == ["../interpretations/ip-measures-jiedu.html"]
    # near the top: inside the header, before the first clause
    assert related.find_parent(class_="pb-policy-header") is not None
    marked = {a.find_parent("section")["id"]: a["href"] for a in page.select("a.pb-clause-interp-link")}
    assert marked == {"clause-2": "../interpretations/ip-measures-jiedu.html#clause-2",
                      "clause-3": "../interpretations/ip-measures-jiedu.html#clause-3"}


def test_a_repealed_policys_interpretation_says_so(built):
    _site, result = built
    box = result.html("source/interpretations/old-ip-measures-jiedu").select_one(".pb-interp-source")
    assert "已废止" in box.get_text()
    assert "本解读仅供查阅" in box.get_text()


def test_list_is_newest_first(built):
    _site, result = built
    items = result.html("source/interpretations/index").select(".pb-interp-index > li")
    assert [li.select_one("a").get_text() for li in items] == ["《测试县知识产权资助办法》解读", "《测试县专利资助暂行办法》解读"]


def test_search_index_labels_interpretations(built):
    _site, result = built
    doc = json.loads((result.app.outdir / "search/index.json").read_text("utf-8"))
    assert doc["kinds"]["interpretation"] == "解读"
    entry = next(e for e in doc["entries"] if e["kind"] == "interpretation" and e["id"] == "ip-measures-jiedu")
    assert entry["names"] == ["测试县知识产权资助办法解读"]
    assert "发明专利资助" in [doc["words"][k] for k in entry["keys"]]


def test_site_feed_and_sitemap_have_interpretations(built):
    _site, result = built
    feed = (result.app.outdir / "feeds/all.atom").read_text("utf-8")
    assert "政策解读：《测试县知识产权资助办法》解读" in feed
    assert "source/interpretations/ip-measures-jiedu.html" in (result.app.outdir / "sitemap.xml").read_text("utf-8")


# --- exact incremental builds ------------------------------------------------------------------

def test_editing_an_interpretation_rewrites_its_page_its_policy_and_the_list(tmp_path):
    site = Site(tmp_path)
    with_interpretations(site.src)
    site.build()
    assert site.build().written == []  # no change: nothing
    site.edit("source/interpretations/ip-measures-jiedu.md", "title: 《测试县知识产权资助办法》解读",
              "title: 图解测试县知识产权资助办法")
    result = site.build()
    assert result.read == ["source/interpretations/ip-measures-jiedu"]
    # "index" is Sphinx's own doing: its toctree includes the re-written interpretation list.
    assert result.written == ["index", "source/interpretations/index", "source/interpretations/ip-measures-jiedu",
                              "source/policies/ip-measures"]
    assert "图解测试县知识产权资助办法" in result.html("source/policies/ip-measures").get_text()


def test_adding_and_removing_an_interpretation_refreshes_its_policy(tmp_path):
    site = Site(tmp_path)
    with_interpretations(site.src)
    site.build()
    site.write("source/interpretations/second.md", JIEDU.replace("ip-measures-jiedu", "second")
               .replace("title: 《测试县知识产权资助办法》解读", "title: 第二篇解读"))
    added = site.build()
    assert added.read == ["source/interpretations/second"]
    assert added.written == ["index", "source/interpretations/index", "source/interpretations/second",
                             "source/policies/ip-measures"]
    assert "第二篇解读" in added.html("source/policies/ip-measures").select_one("#related-interpretations").get_text()
    (site.src / "source/interpretations/second.md").unlink()
    removed = site.build()
    assert removed.written == ["index", "source/interpretations/index", "source/policies/ip-measures"]
    assert "第二篇解读" not in removed.html("source/policies/ip-measures").get_text()


def test_moving_an_interpretation_to_another_policy_rewrites_both(tmp_path):
    site = Site(tmp_path)
    with_interpretations(site.src)
    site.build()
    site.edit("source/interpretations/old-ip-measures-jiedu.md", "policy: old-ip-measures", "policy: ip-measures")
    result = site.build()
    assert result.written == ["index", "source/interpretations/index", "source/interpretations/old-ip-measures-jiedu",
                              "source/policies/ip-measures", "source/policies/old-ip-measures"]


def test_editing_the_policy_rewrites_its_interpretations(tmp_path):
    site = Site(tmp_path)
    with_interpretations(site.src)
    site.build()
    site.edit("source/policies/ip-measures.md", "doc_number: 测科发〔2025〕3号", "doc_number: 测科发〔2025〕4号")
    result = site.build()
    assert "source/interpretations/ip-measures-jiedu" in result.written
    assert "source/interpretations/index" in result.written
    assert "测科发〔2025〕4号" in result.html("source/interpretations/ip-measures-jiedu").get_text()


def test_a_new_build_date_rewrites_the_interpretation_of_a_policy_whose_standing_changed(tmp_path):
    site = Site(tmp_path)
    with_interpretations(site.src)
    site.build()
    earlier = site.build(confoverrides={"policybook_reference_date": "2025-01-25"})  # before it took effect
    assert "source/interpretations/ip-measures-jiedu" in earlier.written
    box = earlier.html("source/interpretations/ip-measures-jiedu").select_one(".pb-interp-source").get_text()
    assert "尚未施行" in box and "本解读仅供查阅" in box


def test_the_build_reports_what_check_reports(tmp_path):
    site = Site(tmp_path)
    with_interpretations(site.src)
    site.edit("source/interpretations/ip-measures-jiedu.md", "## 第三条 专利质押贴息", "## 第九条 专利质押贴息")
    result = site.build()
    expected = [str(p) for p in check(site.src).problems if not p.notice]
    assert expected == ["source/interpretations/ip-measures-jiedu.md:21:1: ## 第九条: 政策 'ip-measures' 中没有第九条 "
                        "(unknown clause) 提示: 已有: 第一条, 第二条, 第三条; 条款须是以 '第N条' 开头的标题或段落"]
    assert "ip-measures-jiedu.md:21:1" in result.warnings and "政策 'ip-measures' 中没有第九条" in result.warnings
    assert "Traceback" not in result.warnings


# --- the sample site: content, open data -------------------------------------------------------



def in_force_local_policies() -> set[str]:
    """Every county and city policy of the sample that is in force (each must have a 解读)."""
    found = set()
    for path in (HERE.parent / "source/policies").glob("*.md"):
        head = path.read_text("utf-8").split("---")[1] if path.name != "index.md" else ""
        if "\nvalidity: in-force" in head and ("\nlevel: county" in head or "\nlevel: municipal" in head):
            found.add(path.stem)
    return found


def test_sample_export_validates_against_its_schema(sample_site):
    out = Path(sample_site.outdir)
    document = json.loads((out / "data/interpretations.json").read_text("utf-8"))
    schema = json.loads((out / "data/interpretations.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(document, schema)
    explained = {record["policy"]["id"] for record in document["interpretations"]}
    local = in_force_local_policies()
    assert {"county-sci-measures", "county-sci-plan-measures"} <= local and local <= explained
    assert all(record["policy"]["state"] == "in-force" for record in document["interpretations"])
    assert all(record["clauses"] for record in document["interpretations"])  # key clauses explained


def test_sample_graphic_is_accessible():
    svgs = sorted((HERE.parent / "source/interpretations/img").glob("*.svg"))
    assert svgs
    for svg in svgs:
        text = svg.read_text("utf-8")
        assert "<title" in text and "<desc" in text and 'role="img"' in text and "viewBox" in text
        assert "<script" not in text and " on" not in text.split(">", 1)[0]


# --- policybook new interpretation -----------------------------------------------------------

def test_new_interpretation_is_filled_for_its_policy(tmp_path, capsys):
    root = project(tmp_path)
    assert main(["--root", str(root), "new", "interpretation", "fresh", "--policy", "ip-measures"]) == 0
    text = (root / "source/interpretations/fresh.md").read_text("utf-8")
    assert "id: fresh" in text and "policy: ip-measures" in text and "title: 《测试县知识产权资助办法》政策解读" in text
    # the template's empty required fields are reported, located, never a traceback
    problems = [str(p) for p in check(root).problems if p.file.endswith("fresh.md")]
    assert any("published" in p for p in problems)


def test_new_interpretation_needs_a_known_policy(tmp_path, capsys):
    root = project(tmp_path)
    assert main(["--root", str(root), "new", "interpretation", "fresh"]) == 2
    assert "--policy" in capsys.readouterr().err
    assert main(["--root", str(root), "new", "interpretation", "fresh", "--policy", "no-such"]) == 2
    assert "没有找到政策文件" in capsys.readouterr().err
    assert not (root / "source/interpretations/fresh.md").exists()


def test_editing_a_policy_without_interpretations_leaves_the_list_alone(tmp_path):
    site = Site(tmp_path)
    with_interpretations(site.src)
    site.build()
    site.edit("source/policies/hightech-measures.md", "title: 测试县高新技术企业培育办法", "title: 测试县高企培育办法")
    result = site.build()
    assert "source/interpretations/index" not in result.written


def test_asking_for_an_interpretation_ranks_it_first(built):
    """The query layer (pb-query.js, in Node) on the built index: 解读 in the query prefers the 解读
    over the policy it explains."""
    import shutil as _shutil
    import subprocess

    node = _shutil.which("node") or _shutil.which("nodejs")
    if node is None:
        pytest.skip("Node.js not installed: the query layer is tested in the browser tests only")
    _site, result = built
    out = Path(result.app.outdir)
    doc = json.loads((out / "search/index.json").read_text("utf-8"))
    doc["pinyin"] = json.loads((out / "search/pinyin.json").read_text("utf-8"))["pinyin"]
    engine = HERE.parent / "_ext/policybook/static/pb-query.js"
    ran = subprocess.run([node, str(HERE / "query_engine.js"), str(engine)], capture_output=True, text=True,
                         input=json.dumps({"doc": doc, "queries": ["知识产权资助办法解读", "知识产权资助办法"]}),
                         encoding="utf-8", timeout=60, check=True)
    tops = {r["query"]: r["ranked"][0]["url"] for r in json.loads(ran.stdout)}
    assert tops["知识产权资助办法解读"] == "source/interpretations/ip-measures-jiedu.html"
    assert tops["知识产权资助办法"] == "source/policies/ip-measures.html"  # without 解读: the policy itself


def test_replacing_a_policy_leaves_its_interpretations_alone(tmp_path):
    """An interpretation explains the text it names: where-cited and replace-policy, which move
    citations to a successor, do not count it (it stays, marked when the policy is repealed)."""
    from policybook.validate.citations import citations_of

    report = check(project(tmp_path))
    assert not [c for c in citations_of(report.reports, "ip-measures") if "interpretations" in c.file]
