"""Program pages, policy pages, roles, lists and backlinks, asserted on the built HTML."""

from __future__ import annotations

import pytest
from sphinx_helpers import Site


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    result = Site(tmp_path_factory.mktemp("basic")).build()
    assert result.warnings == ""
    return result


def text(node) -> str:
    return " ".join(node.get_text(" ").split())


def test_program_page_has_every_section(built):
    page = built.html("source/programs/patent-grant")
    assert page.h1.get_text().startswith("发明专利授权资助")
    ids = [s["id"] for s in page.select("section[id]")]
    assert ids == ["patent-grant", "funding", "eligibility", "materials", "process", "window",
                   "basis", "contacts", "faq", "related", "history"]
    assert [b.get_text() for b in page.select(".pb-badges .sd-badge")] == [
        "县级", "知识产权", "资金资助", "申报中 · 剩9天"]
    assert "又称：专利资助" in text(page.select_one(".pb-aliases"))
    assert text(page.select_one(".pb-funding tbody tr")) == "发明专利 5,000元 — —"


def test_rules_cite_clauses_and_mark_manual_checks(built):
    page = built.html("source/programs/patent-grant")
    rules = page.select(".pb-rule")
    assert len(rules) == 2
    cite = rules[0].select_one(".pb-cite a")
    assert cite["href"] == "../policies/ip-measures.html#clause-1"
    assert cite.get_text() == "《测试县知识产权资助办法》第一条"
    assert rules[1].select_one(".pb-manual").get_text() == "需人工审核"
    assert "自检项" not in text(rules[1])


def test_materials_link_downloadable_forms(built):
    page = built.html("source/programs/patent-grant")
    link = page.select_one(".pb-materials a.download")
    assert link["href"].endswith("/application.docx")
    assert (built.app.outdir / "source/programs" / link["href"]).resolve().is_file()


def test_text_fields_render_markdown_roles_and_faq(built):
    page = built.html("source/programs/patent-grant")
    summary_link = page.select_one(".pb-summary a")
    assert summary_link.get_text() == "《测试县知识产权资助办法》第二条"
    faq = page.select_one("#faq details")
    assert text(faq.summary) == "实用新型可以申请吗?"
    assert faq.select_one("a").get_text() == "知识产权质押融资贴息"
    assert page.select_one(".pb-related a")["href"] == "ip-pledge.html"


def test_policy_page_has_header_anchors_and_backlinks(built):
    page = built.html("source/policies/ip-measures")
    assert [s["id"] for s in page.select("section.pb-clause")] == ["clause-1", "clause-2", "clause-3"]
    facts = text(page.select_one(".pb-policy-facts"))
    assert "文号：测科发〔2025〕3号" in facts.replace(" ：", "：").replace("： ", "：")
    assert page.select_one(".pb-validity").get_text() == "现行有效"
    backlinks = page.select("#programs-citing .pb-backlinks li")
    assert [text(li) for li in backlinks] == [
        "发明专利授权资助 — 依据 第一条 、 第二条",
        "知识产权质押融资贴息 — 依据 第三条",
    ]
    assert backlinks[0].select("a")[1]["href"] == "#clause-1"


def test_repealed_policy_points_to_its_successor(built):
    page = built.html("source/policies/old-ip-measures")
    # The badge says since when, so a reader need not open the notice to know.
    assert page.select_one(".pb-validity").get_text() == "已废止（2025年2月1日起）"
    note = page.select_one(".pb-superseded")
    assert "现行规定见" in text(note)
    assert note.select_one("a")["href"] == "ip-measures.html"
    assert text(page.select_one("#programs-citing")).endswith("目前没有申报事项引用本政策。")


def test_roles_in_markdown_guides(built):
    page = built.html("docs/guide")
    links = {a.get_text(): a["href"] for a in page.select("article a, div.body a") if a.get("href")}
    assert links["发明专利授权资助"] == "../source/programs/patent-grant.html"
    assert links["《测试县知识产权资助办法》第二条"] == "../source/policies/ip-measures.html#clause-2"
    assert links["《测试县知识产权资助办法》第三条"] == "../source/policies/ip-measures.html#clause-3"
    assert links["《测试县知识产权资助办法》"] == "../source/policies/ip-measures.html"
    assert links["点这里"] == "../source/programs/hightech-reward.html"


def titles(page, selector=".pb-program-list") -> list[list[str]]:
    return [[a.get_text() for a in ul.select(".pb-item-title a")] for ul in page.select(selector)]


def test_lists_filter_and_sort(built):
    home = built.html("index")
    assert titles(home) == [["发明专利授权资助"], ["发明专利授权资助", "知识产权质押融资贴息"]]
    category = built.html("source/categories/ip")
    assert titles(category) == [["知识产权质押融资贴息", "发明专利授权资助"]]  # by amount
    policies = built.html("source/policies/index")
    assert [a.get_text() for a in policies.select(".pb-policy-list a")] == [
        "《测试县高新技术企业培育办法》", "《测试县知识产权资助办法》", "《测试县专利资助暂行办法》"]


def test_programs_and_policies_stay_out_of_the_sidebar_tree(built):
    assert built.app.env.metadata["source/programs/patent-grant"]["orphan"] is True
    assert built.app.env.metadata["source/policies/ip-measures"]["orphan"] is True
    assert "orphan" not in built.app.env.metadata["source/policies/index"]
