"""The staff build's 内容体检 page (``{content-health}``): what to look at next, each finding linked
to its page and naming the file:line to edit; and nowhere in the public site.

Built once on a copy of the test project given one of each problem (a program not reviewed for
265 days, a policy expiring in 55 days, a closed window with no next one, a dead link in the last
link check, a program whose alias is another's title, a form nobody offers).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from sphinx_helpers import Site
from test_audience import pagefind_urls, soup, targets

from policybook.model import health

PAGE = "docs/health"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("health"))
    site.edit("source/programs/ip-pledge.yaml", "reviewed: 2026-10-01", "reviewed: 2026-03-01")
    site.edit("source/programs/national-hightech.yaml", "  next: 预计 2027 年 5 月\n", "")
    site.edit("source/policies/ip-measures.md", "validity: in-force", "expiry: 2027-01-15\nvalidity: in-force")
    site.edit("source/programs/hightech-reward.yaml", "aliases: [高企奖励]", "aliases: [高企奖励, 国家高新技术企业认定]")
    site.write("source/forms/old-form.docx", "not a real form")
    site.write("_build/linkcheck/output.json", "\n".join(json.dumps(r, ensure_ascii=False) for r in (
        {"filename": "docs/guide.md", "lineno": 3, "status": "broken", "code": 0,
         "uri": "https://gone.example/x", "info": "404 Client Error: Not Found"},
        {"filename": "docs/guide.md", "lineno": 4, "status": "working", "code": 0, "uri": "https://ok.example/"},
    )) + "\n")
    site.write(f"{PAGE}.md", "---\norphan: true\n---\n\n# 内容体检\n\n```{content-health}\n```\n")
    result = site.build(fresh=True)
    assert result.warnings == ""
    return result


def section(page, key: str):
    return page.select_one(f"section#health-{key}")


def items(page, key: str) -> list[tuple[str | None, str, str]]:
    """(link target, text, file:line) of each finding in section ``key``."""
    found = []
    for li in section(page, key).select("li.pb-health-item"):
        link = li.select_one("a.reference")
        found.append((next(iter(targets(PAGE, [link]))) if link else None, li.get_text(" ", strip=True),
                      li.select_one(".pb-health-place").get_text()))
    return found


def test_each_finding_links_its_page_and_names_the_line_to_edit(built):
    page = built.html(PAGE)
    assert "按 2026-11-21 计算, 共 6 条需要处理" in page.get_text()
    [(target, text, place)] = items(page, "reviewed")
    assert (target, place) == ("source/programs/ip-pledge.html", "source/programs/ip-pledge.yaml:30")
    assert "2026-03-01" in text and "265 天" in text
    [(target, text, place)] = items(page, "expiring")
    source = Path(built.app.srcdir) / "source/policies/ip-measures.md"
    expiry = 1 + source.read_text("utf-8").splitlines().index("expiry: 2027-01-15")
    assert (target, place) == ("source/policies/ip-measures.html", f"source/policies/ip-measures.md:{expiry}")
    assert "还有 55 天" in text
    [(target, text, place)] = items(page, "no-next")
    assert (target, place) == ("source/programs/national-hightech.html", "source/programs/national-hightech.yaml:28")
    [(target, text, place)] = items(page, "links")
    assert (target, place) == ("docs/guide.html", "docs/guide.md:3")
    assert "https://gone.example/x" in text and "ok.example" not in section(page, "links").get_text()
    [(target, text, place)] = items(page, "duplicates")
    assert target == "source/programs/hightech-reward.html" and "国家高新技术企业认定" in text
    [(target, text, place)] = items(page, "forms")
    assert (target, place) == (None, "source/forms/old-form.docx")


def test_a_healthy_section_says_so():
    sections = health.sections([], dt.date(2026, 11, 21), forms_dir="source/forms", form_files=[],
                               linkcheck=None, docnames=[])
    assert [s.findings for s in sections] == [[]] * 6
    assert [s.key for s in sections if not s.checked] == ["links"]


def report(kind: str, path: str, **entry) -> SimpleNamespace:
    return SimpleNamespace(kind=kind, path=path, docname=path.rsplit(".", 1)[0], entry=entry,
                           lines={"reviewed": 9, "window.close": 5, "expiry": 4, "title": 2})


def test_rules_at_their_edges():
    today = dt.date(2026, 11, 21)
    programs = [
        report("program", "a.yaml", title="甲", reviewed=today - dt.timedelta(days=180)),  # exactly 180: fine
        report("program", "b.yaml", title="乙", reviewed=today - dt.timedelta(days=181)),
        report("program", "c.yaml", title="丙", reviewed=dt.date(2020, 1, 1), archived=True),  # archived: skipped
        report("program", "d.yaml", title="丁", window={"mode": "scheduled", "close": dt.date(2026, 3, 1),
                                                         "expected": {"open": "2027-03"}}),
        report("program", "e.yaml", title="戊", window={"mode": "scheduled", "close": dt.date(2026, 3, 1),
                                                         "recurring": {"every": "year"}}),
        report("program", "f.yaml", title="己", window={"mode": "scheduled", "close": today}),  # closes today
    ]
    assert [f.path for f in health.stale_reviews(programs, today)] == ["b.yaml"]
    assert health.closed_without_next(programs, today) == []
    policies = [report("policy", "p.md", title="政策一", validity="in-force", expiry=today + dt.timedelta(days=90)),
                report("policy", "q.md", title="政策二", validity="in-force", expiry=today + dt.timedelta(days=91)),
                report("policy", "r.md", title="政策三", validity="in-force", expiry=dt.date(2026, 1, 1)),
                report("policy", "s.md", title="政策四", validity="expired", expiry=dt.date(2026, 1, 1))]
    found = health.expiring_policies(policies, today)
    assert [(f.path, f.place) for f in found] == [("p.md", "p.md:4"), ("r.md", "r.md:4")]
    assert "仍标为现行有效" in found[1].text
    near = [report("program", "x.yaml", title="科技型中小企业评价"), report("program", "y.yaml", title="科技型中小企业评价入库"),
            report("program", "z.yaml", title="高新技术企业认定"), report("program", "w.yaml", title="高新技术企业首次认定奖励")]
    assert [(f.path, f.line) for f in health.similar_titles(near)] == [("x.yaml", 2)]
    assert health.dead_links("not json\n{}\n[1]\n", []) == []


# --- only in the staff build ------------------------------------------------------------------

def test_the_staff_build_has_the_page_in_its_staff_section(staff_site):
    out = Path(staff_site.outdir)
    page = soup(out / "docs/content-health.html")
    assert page.select_one("h1").get_text().strip("#¶ ") == "内容体检"
    assert len(page.select("section.pb-health-section")) == 6
    assert "docs/content-health.html" in targets("docs/index", soup(out / "docs/index.html").select("a"))


def test_the_public_site_has_no_trace_of_it(sample_site):
    out = Path(sample_site.outdir)
    assert not (out / "docs/content-health.html").exists()
    assert "docs/content-health" not in sample_site.env.all_docs
    offenders = [p.relative_to(out).as_posix() for p in out.rglob("*.html")
                 if "content-health" in p.read_text("utf-8") or "内容体检" in p.read_text("utf-8")]
    assert offenders == []
    assert not any("content-health" in url for url in pagefind_urls(out))
    assert "content-health" not in (out / "sitemap.xml").read_text("utf-8")
