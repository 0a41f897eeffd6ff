"""The bundled sample site builds cleanly and has the pages an enterprise needs."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from policybook.vocab import CATEGORIES

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


def test_home_lists_programs_by_category(site):
    home = page(site, "index")
    groups = home.select(".pb-group")
    assert groups
    labels = [g.select_one(".pb-group-title").get_text() for g in groups]
    assert all(label.split(" (")[0] in CATEGORIES.labels.values() for label in labels)
    domain = site.env.domains["policybook"]
    for group, label in zip(groups, labels, strict=True):
        category = next(k for k, v in CATEGORIES.labels.items() if v == label.split(" (")[0])
        members = [p for p in domain.programs.values() if p["category"] == category and not p.get("archived")]
        assert label == f"{CATEGORIES.label(category)} ({len(members)})"
        assert len(group.select(".pb-item")) == min(len(members), 5)
        assert bool(group.select(".pb-more")) == (len(members) > 5)


def test_policy_pages_list_the_programs_citing_them(site):
    domain = site.env.domains["policybook"]
    cited = {ref["policy"] for p in domain.programs.values() for ref in p["basis"]}
    for policy_id in cited:
        html = page(site, domain.policies[policy_id]["docname"])
        assert html.select("#programs-citing .pb-backlinks li"), policy_id
