"""The bundled sample site builds cleanly and has the pages an enterprise needs."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from policybook.model.vocab import CATEGORIES

REPO = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def site(sample_site):
    return sample_site


def page(app, name: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / f"{name}.html").read_text("utf-8"), "html.parser")


def test_builds_without_warnings(site):
    assert site.warning.getvalue() == ""


def test_every_program_and_policy_has_a_page(site):
    programs = sorted(p.stem for p in (REPO / "source/programs").glob("*.yaml"))
    policies = sorted(p.stem for p in (REPO / "source/policies").glob("*.md") if p.stem != "index")
    assert programs and policies
    for stem in programs:
        assert (site.outdir / f"source/programs/{stem}.html").is_file(), stem
    for stem in policies:
        assert (site.outdir / f"source/policies/{stem}.html").is_file(), stem


def test_home_shows_each_category_with_its_size_and_open_count(site):
    from policybook.config import checked
    from policybook.model.status import window_status

    home = page(site, "index")
    items = home.select("ul.pb-overview > li")
    domain = site.env.domains["policybook"]
    today = checked(site.config).today()
    active = [p for p in domain.programs.values() if not p.get("archived") and not p.get("broken")]
    categories = [c for c in CATEGORIES.ids if any(p["category"] == c for p in active)]
    assert len(items) == len(categories)
    for item, category in zip(items, categories, strict=True):
        members = [p for p in active if p["category"] == category]
        link = item.select_one(".pb-overview-title a")
        assert link.get_text() == f"{CATEGORIES.label(category)}（{len(members)}）"
        assert link["href"] == f"source/categories/{category}.html"
        open_now = sum(window_status(p["window"], today) in ("open", "rolling") for p in members)
        badge = item.select_one(".sd-badge")
        assert (badge.get_text() if badge else None) == (f"{open_now}项可申报" if open_now else None)


def test_home_lists_the_first_programs_to_close(site):
    from policybook.config import checked
    from policybook.model.status import window_status

    home = page(site, "index")
    domain = site.env.domains["policybook"]
    today = checked(site.config).today()
    open_now = sorted((p for p in domain.programs.values() if not p.get("archived")
                       and window_status(p["window"], today) == "open"),
                      key=lambda p: (p["window"]["close"], p["title"]))
    titles = [a.get_text() for a in home.select("ul.pb-program-list .pb-program-link")]
    assert titles == [p["title"] for p in open_now[:8]]


def test_policy_pages_list_the_programs_citing_them(site):
    domain = site.env.domains["policybook"]
    cited = {ref["policy"] for p in domain.programs.values() for ref in p["basis"]}
    for policy_id in cited:
        html = page(site, domain.policies[policy_id]["docname"])
        assert html.select("#programs-citing .pb-backlinks li"), policy_id


def test_program_pages_show_one_date_the_reviewed_one(site):
    """Readers saw 源文件最后修改于 (Git) beside 本页内容最后核对于 (reviewed): a program page now shows
    only its reviewed date; other pages keep the Git date, labelled 更新于 (issue 16)."""
    program = page(site, "source/programs/patent-subsidy")
    text = program.get_text()
    assert text.count("本页内容最后核对于") == 1
    assert program.select(".pb-last-updated") == [] and "源文件最后修改于" not in text
    policy = page(site, "source/policies/county-sci-measures")
    assert "源文件最后修改于" not in policy.get_text()
    dates = [span.get_text() for span in policy.select(".pb-last-updated")]
    if (site.outdir / "source/policies/county-sci-measures.html").read_text("utf-8").count("docbuild:last-update"):
        assert len(dates) == 1 and dates[0].startswith("更新于20"), dates
