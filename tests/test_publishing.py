"""Static hosting and open data: feeds, exports, JSON-LD, sitemap, robots, 404 and meta tags."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import feedparser
import jsonschema
from bs4 import BeautifulSoup

from policybook.model.vocab import CATEGORIES

BASE = "https://kjj.minghu.example.gov.cn/"


def html(app, page: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / f"{page}.html").read_text("utf-8"), "html.parser")


def test_atom_feeds_are_valid_and_linked(sample_site):
    out = sample_site.outdir
    feed = feedparser.parse((out / "feeds/all.atom").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.entries and all(e.id.startswith("tag:kjj.minghu.example.gov.cn,") for e in feed.entries)
    for entry in feed.entries:
        assert entry.link.startswith(BASE)
        assert (out / entry.link.removeprefix(BASE)).is_file(), entry.link
    dates = [e.updated for e in feed.entries]
    assert dates == sorted(dates, reverse=True)
    for category in CATEGORIES.ids:
        per_category = feedparser.parse((out / f"feeds/{category}.atom").read_bytes())
        assert not per_category.bozo
        assert all(e.category == category for e in per_category.entries) if hasattr(per_category, "entries") else True
    page = html(sample_site, "source/programs/patent-subsidy")
    alternates = {link["href"] for link in page.select('link[rel="alternate"][type="application/atom+xml"]')}
    assert alternates == {"../../feeds/all.atom", "../../feeds/ip.atom"}


def test_exports_validate_against_their_schemas(sample_site):
    data = sample_site.outdir / "data"
    for name in ("programs", "policies", "finder"):
        document = json.loads((data / f"{name}.json").read_text("utf-8"))
        schema = json.loads((data / f"{name}.schema.json").read_text("utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        jsonschema.validate(document, schema)
        assert document["version"] == 1
    programs = json.loads((data / "programs.json").read_text("utf-8"))["programs"]
    assert len(programs) >= 30
    assert all((sample_site.outdir / p["url"]).is_file() for p in programs)


def test_finder_index_is_the_current_programs_in_a_fraction_of_the_bytes(sample_site):
    """data/finder.json (what the finder and self-check load) agrees with data/programs.json."""
    from policybook.finder.index import expand

    data = sample_site.outdir / "data"
    programs = json.loads((data / "programs.json").read_text("utf-8"))["programs"]
    records = expand(json.loads((data / "finder.json").read_text("utf-8")))
    current = [p for p in programs if not p["archived"]]
    assert len(current) < len(programs)  # the sample has an archived program; the index leaves it out
    assert [r["id"] for r in records] == [p["id"] for p in current]
    by_id = {p["id"]: p for p in current}
    for record in records:
        full = by_id[record["id"]]
        assert (sample_site.outdir / record["url"]).is_file()
        for key in ("title", "aliases", "summary", "level", "category", "applicants", "industries", "tags"):
            assert record[key] == full[key], (record["id"], key)
        # the finder shows an expected window as words (预计 2027年3月开始); the export keeps its dates
        window = {k: v for k, v in record["window"].items() if k != "expected"}
        assert window.items() <= full["window"].items()
        assert bool(record["window"].get("expected")) == bool(full["window"].get("expected")), record["id"]
        assert record["funding"].items() <= full["funding"].items()
        for rule, whole in zip(record["eligibility"]["rules"], full["eligibility"]["rules"], strict=True):
            assert rule["clause"].items() <= whole["clause"].items()
            assert {k: v for k, v in rule.items() if k != "clause"}.items() <= whole.items()
    assert (data / "finder.json").stat().st_size * 4 < (data / "programs.json").stat().st_size


def test_program_pages_carry_parseable_json_ld(sample_site):
    domain = sample_site.env.domains["policybook"]
    for program in domain.programs.values():
        page = html(sample_site, program["docname"])
        [script] = page.select('script[type="application/ld+json"]')
        data = json.loads(script.string)
        assert data["@type"] == "GovernmentService"
        assert data["name"] == program["title"]
        assert data["url"] == BASE + program["docname"] + ".html"
        if program["funding"].get("items"):
            grant = data.get("subjectOf")
            if grant:
                assert grant["amount"]["currency"] == "CNY" and grant["amount"]["maxValue"] > 0
                # the authority is written once: the grant's funder refers to the provider by its id
                assert grant["funder"] == {"@id": data["provider"]["@id"]}
                assert data["provider"]["@id"] == "#provider"
        # written compactly, no blank after each , and : (0.1 KB of a page that may weigh 40 KB)
        assert script.string == json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) \
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def test_sitemap_lists_every_page(sample_site):
    tree = ET.parse(sample_site.outdir / "sitemap.xml")
    locs = {el.text for el in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    expected = {BASE + docname + ".html" for docname in sample_site.env.all_docs}
    assert expected <= locs
    robots = (sample_site.outdir / "robots.txt").read_text("utf-8")
    assert f"Sitemap: {BASE}sitemap.xml" in robots


def test_every_page_has_description_opengraph_and_favicon(sample_site):
    for docname in sample_site.env.all_docs:
        page = html(sample_site, docname)
        description = page.select_one('meta[name="description"]')
        assert description and description["content"].strip(), docname
        assert page.select_one('meta[property="og:title"]'), docname
        assert page.select_one('meta[property="og:url"]')["content"] == BASE + docname + ".html"
        assert page.select_one('link[rel="icon"]'), docname
    program = html(sample_site, "source/programs/innovation-voucher")
    assert program.select_one('meta[name="description"]')["content"].startswith("省财政发放的电子创新券")


def test_not_found_page(sample_site):
    page = html(sample_site, "404")
    assert "页面不存在" in page.get_text()
    stylesheet = page.select_one('link[rel="stylesheet"]')["href"]
    assert stylesheet.startswith("/_static/")  # absolute, so it works at any missing URL


def test_print_stylesheet_hides_navigation(sample_site):
    css = (sample_site.outdir / "_static/pb-print.css").read_text("utf-8")  # linked with media="print"
    assert ".bd-sidebar-primary" in css and 'attr(href)' in css


def test_no_inline_event_handlers(sample_site):
    import re

    pattern = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
    for path in Path(sample_site.outdir).rglob("*.html"):
        assert not pattern.search(path.read_text("utf-8")), path


def test_external_links_do_not_hand_over_the_page(sample_site):
    for path in Path(sample_site.outdir).rglob("*.html"):
        if "_static" in path.parts:
            continue
        page = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        for link in page.select("article a.reference.external"):
            assert link.get("rel") == ["noopener", "noreferrer"], (path, link)
