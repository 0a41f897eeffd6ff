"""Two audiences, one source tree: the public site carries enterprise content only; the staff
build (make staff) adds the staff & maintainer documentation in docs/ and the edit links."""

from __future__ import annotations

import gzip
import json
import posixpath
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

REPO = Path(__file__).parent.parent
REPOSITORY = "https://github.com/minghu-kjj/policybook"  # conf.py's default repository URL
GUIDES = ["getting-started", "calendar-overview", "tech-sme-guide", "high-tech-guide", "ip-subsidy-guide"]
STAFF_PAGES = ["staff-handbook", "field-reference", "deploy", "open-data", "search-evaluation", "reliability",
               "architecture"]


def html_pages(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.html") if "_static" not in p.parts)


def targets(name: str, links) -> set[str]:
    """The site paths that the ``href`` of ``links`` on page ``name`` lead to."""
    base = posixpath.dirname(name)
    return {posixpath.normpath(posixpath.join(base, a["href"].split("#")[0])) for a in links
            if a.get("href") and "://" not in a["href"] and not a["href"].startswith("#")}


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def pagefind_urls(out: Path) -> set[str]:
    urls = set()
    for fragment in (out / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        urls.add(json.loads(data[len(b"pagefind_dcd"):])["url"])
    return urls


# --- the public site --------------------------------------------------------------------------

def test_no_staff_page_is_built(sample_site):
    out = Path(sample_site.outdir)
    assert [d for d in sample_site.env.all_docs if d.startswith("docs/")] == []
    assert not (out / "docs").exists()
    for name in GUIDES:  # the enterprise guides are public, under 办事指南
        assert (out / f"source/guides/{name}.html").is_file(), name


def test_no_public_page_links_to_the_code_host(sample_site):
    offenders = []
    for path in html_pages(Path(sample_site.outdir)):
        text = path.read_text("utf-8")
        if "github.com" in text or REPOSITORY in text or "编辑此页" in text or "查看源文件" in text:
            offenders.append(path.relative_to(sample_site.outdir).as_posix())
    assert offenders == []
    assert soup(Path(sample_site.outdir) / "index.html").select(".pb-edit-link, .pb-source-link") == []


def test_navigation_has_the_guides_and_no_staff_section(sample_site):
    out = Path(sample_site.outdir)
    for name in ("index", "source/programs/patent-subsidy", "source/guides/getting-started"):
        page = soup(out / f"{name}.html")
        nav = page.select_one("nav.bd-docs-nav")
        assert nav is not None, name
        assert "工作人员" not in nav.get_text(), name
        assert not any(t.startswith("docs/") for t in targets(name, page.select("a"))), name
        assert "source/guides/index.html" in targets(name, nav.select("a")), name
    guides = soup(out / "source/guides/index.html")
    assert guides.select_one("h1").get_text().strip("#¶ ") == "办事指南"
    listed = {a["href"].removesuffix(".html") for a in guides.select(".toctree-wrapper a.reference.internal")}
    assert listed == set(GUIDES)


def test_no_staff_page_in_the_search_index(sample_site):
    out = Path(sample_site.outdir)
    urls = pagefind_urls(out)
    assert urls and not any(url.startswith("/docs/") for url in urls)
    assert {f"/source/guides/{name}.html" for name in GUIDES} <= urls
    assert "/source/programs/patent-subsidy.html" in urls
    assert "/docs/" not in (out / "sitemap.xml").read_text("utf-8")


# --- the staff build --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def staff(staff_site):
    assert staff_site.warning.getvalue() == ""
    return Path(staff_site.outdir)


def test_staff_build_has_the_staff_documentation(staff):
    for name in ["index", *STAFF_PAGES]:
        assert (staff / f"docs/{name}.html").is_file(), name
    assert soup(staff / "docs/index.html").select_one("h1").get_text().strip("#¶ ") == "工作人员文档"
    for name in GUIDES:
        assert (staff / f"source/guides/{name}.html").is_file(), name


def test_staff_build_has_a_staff_section_in_the_navigation(staff):
    for name in ("index", "source/programs/patent-subsidy", "docs/staff-handbook"):
        nav = soup(staff / f"{name}.html").select_one("nav.bd-docs-nav")
        captions = [c.get_text(strip=True) for c in nav.select(".caption-text")]
        assert captions == ["事项与政策", "工作人员文档"], name
        assert "docs/index.html" in targets(name, nav.select("a")), name


def test_staff_build_links_every_page_to_its_source(staff):
    for name, source in (("docs/staff-handbook", "docs/staff-handbook.md"),
                         ("source/programs/patent-subsidy", "source/programs/patent-subsidy.yaml"),
                         ("source/guides/getting-started", "source/guides/getting-started.md")):
        page = soup(staff / f"{name}.html")
        assert page.select_one("a.pb-edit-link")["href"] == f"{REPOSITORY}/edit/main/{source}", name
        assert page.select_one("a.pb-source-link")["href"] == f"{REPOSITORY}/blob/main/{source}", name


def test_staff_pages_are_labelled_in_the_staff_search(staff):
    meta = soup(staff / "docs/staff-handbook.html").select_one("div.pb-search-meta")
    assert meta["data-pagefind-meta"] == "kind:工作人员文档"
    assert "/docs/staff-handbook.html" in pagefind_urls(staff)


def test_make_staff_builds_into_its_own_folder():
    makefile = (REPO / "Makefile").read_text("utf-8")
    recipe = re.search(r"^staff:.*\n\t(.+)$", makefile, re.MULTILINE)
    assert recipe and "POLICYBOOK_AUDIENCE=staff" in recipe.group(1)
    assert recipe.group(1).rstrip().endswith("$(BUILDDIR)/staff")
