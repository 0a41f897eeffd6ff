"""Policy metadata as Chinese government sites publish it (issue 19): 索引号, 主题分类, 成文日期,
主题词 in the front matter, checked with located Chinese errors, shown in the metadata block
and the policy list, carried by the JSON export, and rewritten exactly when edited."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from sphinx_helpers import Site

from policybook.cli.check import check
from policybook.model.loading import load_policy_front_matter_text
from policybook.site.opendata_schemas import policies_schema

HERE = Path(__file__).parent
BASIC = HERE / "roots" / "test-basic"
REPO = HERE.parent
IP = "source/policies/ip-measures.md"
HIGHTECH = "source/policies/hightech-measures.md"


def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(BASIC, root)
    return root


def edit(root: Path, relpath: str, old: str, new: str) -> None:
    path = root / relpath
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(root: Path) -> list[str]:
    return [str(p) for p in check(root).problems]


def test_bad_index_number_is_a_located_error_with_the_format(tmp_path):
    root = project(tmp_path)
    edit(root, IP, "index_number: 11990199003201519M/2025-00003", "index_number: 明科〔2025〕3号")
    assert problems(root) == [
        f"{IP}:4:15: index_number: 格式不正确 (must match [0-9A-Z]{{9}}(?:[0-9A-Z]{{9}})?(?:-[0-9A-Z]{{1,10}})?"
        "/(?:19|20)[0-9]{2}-[0-9]{3,8}) 提示: 索引号写成 机构代码/年份-序号: 机构代码为发文机关的 18 位统一社会信用代码 "
        "(或 9 位组织机构代码), 字母大写, 用半角斜杠和连字符, 如 11330000002482170A/2025-00123"]


def test_duplicate_index_number_names_the_file_that_has_it(tmp_path):
    root = project(tmp_path)
    edit(root, HIGHTECH, "title: 测试县高新技术企业培育办法\n",
         "title: 测试县高新技术企业培育办法\nindex_number: 11990199003201519M/2025-00003\n")
    # the first file by path keeps it, as for duplicate ids
    assert problems(root) == [
        f"{IP}:4:15: index_number: 索引号 11990199003201519M/2025-00003 重复: {HIGHTECH} 已使用同一个索引号 "
        "(duplicate index number) 提示: 索引号全站唯一; 按发文机关政府信息公开目录核对原文的索引号, 改正抄错的一个"]


def test_unknown_topic_is_located_with_the_choices(tmp_path):
    root = project(tmp_path)
    edit(root, IP, "topic: sci-tech", "topic: 科技")
    found = problems(root)
    assert len(found) == 1 and found[0].startswith(f"{IP}:5:8: topic: 未知的取值 '科技' (unknown topic) 提示: ")
    assert "sci-tech" in found[0]


def test_written_after_published_is_located(tmp_path):
    root = project(tmp_path)
    edit(root, IP, "written: 2025-01-06", "written: 2025-01-16")
    assert problems(root) == [
        f"{IP}:9:10: written: 成文日期 2025-01-16 晚于发布日期 2025-01-10 (written after published) "
        "提示: 成文日期是签发 (落款) 日期, 应不晚于发布日期; 核对原文落款"]


def test_every_sample_policy_carries_the_metadata():
    """National documents without a verified 索引号 leave it out (never invented); the rest all have it."""
    numbers = {}
    for path in sorted((REPO / "source" / "policies").glob("*.md")):
        if path.name == "index.md":
            continue
        loaded = load_policy_front_matter_text(path.read_text(encoding="utf-8"), path.name)
        policy = loaded.data
        assert policy is not None and not loaded.problems, (path.name, [str(p) for p in loaded.problems])
        assert policy["topic"] and policy["subject_terms"], path.name
        if policy["level"] != "national":
            assert policy["index_number"] and policy["written"] <= policy["published"], path.name
            assert policy["index_number"] not in numbers, path.name  # unique
            numbers[policy["index_number"]] = path.name
    assert len(numbers) >= 11


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("policy-metadata"))
    first = site.build()
    return site, first


def test_metadata_block_in_government_order(built):
    _site, result = built
    block = result.html("source/policies/ip-measures").select_one("dl.pb-policy-meta")
    labels = [dt.get_text().rstrip(":：") for dt in block.select("dt")]
    assert labels == ["索引号", "主题分类", "发文机关", "成文日期", "标题", "文号", "发布日期", "施行日期",
                      "有效期至", "有效性", "主题词"]
    values = [dd.get_text(" ", strip=True) for dd in block.select("dd")]
    assert values[:5] == ["11990199003201519M/2025-00003", "科技、教育/科技", "测试县科学技术局", "2025年1月6日",
                          "测试县知识产权资助办法"]
    assert values[-2:] == ["现行有效", "知识产权、资助"]
    # a policy without the optional fields shows the rest, nothing empty
    other = result.html("source/policies/hightech-measures").select_one("dl.pb-policy-meta")
    assert [dt.get_text().rstrip(":：") for dt in other.select("dt")][:2] == ["发文机关", "标题"]
    # ... and no hole beside 发文机关: a field left alone before the full-width 标题 takes the row
    assert "pb-meta-wide" in other.select("dd")[0]["class"]
    assert not [dd for dd in block.select("dd")[:4] if "pb-meta-wide" in dd["class"]]


def test_policy_list_shows_the_columns_and_carries_sort_keys(built):
    _site, result = built
    page = result.html("source/policies/index")
    item = next(li for li in page.select("ul.pb-policy-list.pb-sortable > li") if "知识产权资助办法" in li.get_text())
    meta = item.select_one(".pb-item-meta").get_text(" ", strip=True)
    assert "测科发〔2025〕3号" in meta and "测试县科学技术局" in meta and "2025年1月10日发布" in meta
    assert "现行有效" in meta
    keys = item.select_one(".pb-sort-keys")
    assert (keys["data-published"], keys["data-written"], keys["data-doc"]) == ("2025-01-10", "2025-01-06",
                                                                                 "测科发〔2025〕3号")
    script = [s["src"] for s in page.select("script[src]") if "pb-policy-sort.js" in s["src"]]
    assert script
    # only pages with such a list load the script
    program = result.html("source/programs/patent-grant")
    assert not [s for s in program.select("script[src]") if "pb-policy-sort.js" in s["src"]]


def test_export_carries_the_metadata_and_validates(built):
    _site, result = built
    data = json.loads((Path(result.app.outdir) / "data" / "policies.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, policies_schema())
    record = next(p for p in data["policies"] if p["id"] == "ip-measures")
    assert (record["index_number"], record["topic"], record["written"], record["subject_terms"]) == (
        "11990199003201519M/2025-00003", "sci-tech", "2025-01-06", ["知识产权", "资助"])
    assert data["vocabularies"]["topic"]["sci-tech"] == "科技、教育/科技"
    bare = next(p for p in data["policies"] if p["id"] == "hightech-measures")
    assert (bare["index_number"], bare["topic"], bare["written"], bare["subject_terms"]) == (None, None, None, [])


def test_editing_metadata_rewrites_the_page_and_the_list(built):
    site, _first = built
    site.edit(IP, "subject_terms: [知识产权, 资助]", "subject_terms: [知识产权, 专利]")
    site.edit(IP, "written: 2025-01-06", "written: 2025-01-08")
    result = site.build()
    assert result.read == ["source/policies/ip-measures"]
    # its page, the list, and (as for any policy edit) the pages citing it; "index" by its toctree
    assert result.written == ["docs/guide", "index", "source/policies/index", "source/policies/ip-measures",
                              "source/programs/ip-pledge", "source/programs/patent-grant"]
    page = result.html("source/policies/ip-measures").select_one("dl.pb-policy-meta").get_text()
    assert "知识产权、专利" in page and "2025年1月8日" in page
    listing = result.html("source/policies/index")
    assert listing.select_one('.pb-sort-keys[data-written="2025-01-08"]') is not None


def test_new_policy_template_lists_the_metadata_fields():
    import yaml

    from policybook.cli.new import KINDS

    template = (REPO / "_ext/policybook/cli/templates" / KINDS["policy"]).read_text("utf-8")
    front = yaml.safe_load(template.split("---\n")[1].replace("{id}", "x"))
    assert {"index_number", "topic", "written", "subject_terms"} <= set(front)


def test_companion_documents_are_named_in_the_block_and_the_export(built):
    """A figure that comes from a 工作指引 or a 执行口径 公告 is traceable: the policy names that document."""
    site, _first = built
    site.edit(IP, "id: ip-measures\n",
              "id: ip-measures\nrelated_documents:\n  - 《测试县知识产权资助实施细则》（测科发〔2025〕4号）\n"
              "  - <b>《细则》</b>\n")
    result = site.build()
    block = result.html("source/policies/ip-measures").select_one("dl.pb-policy-meta")
    labels = [dt.get_text().rstrip(":：") for dt in block.select("dt")]
    assert labels[-1] == "配套文件"
    last = block.select("dd")[-1]
    assert [p.get_text() for p in last.select("p")] == ["《测试县知识产权资助实施细则》（测科发〔2025〕4号）", "<b>《细则》</b>"]
    assert last.select_one("b") is None  # escaped, not markup
    data = json.loads((Path(result.app.outdir) / "data" / "policies.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, policies_schema())
    record = next(p for p in data["policies"] if p["id"] == "ip-measures")
    assert record["related_documents"][0] == "《测试县知识产权资助实施细则》（测科发〔2025〕4号）"
