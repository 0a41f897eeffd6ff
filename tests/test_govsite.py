"""Government-site conventions (政府网站发展指引): the footer of every page, 网站地图,
我为政府网站找错 on every page, and the print header. Crawls the built sample site."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from jinja2 import Environment, FileSystemLoader

from policybook.config import from_values
from policybook.govsite.footer import correction_url, footer_context

REPO = Path(__file__).parent.parent
TEMPLATES = REPO / "_ext" / "policybook" / "templates" / "html"


def public_pages(outdir: Path) -> list[Path]:
    """Every HTML page a reader can open (not assets, not Pagefind's fragments)."""
    skip = {"_static", "pagefind", "_downloads", "_images", "_sources"}
    return sorted(p for p in outdir.rglob("*.html") if not skip & set(p.relative_to(outdir).parts))


@pytest.fixture(scope="module")
def pages(sample_site) -> dict[str, BeautifulSoup]:
    outdir = Path(sample_site.outdir)
    found = {p.relative_to(outdir).as_posix(): BeautifulSoup(p.read_text("utf-8"), "html.parser")
             for p in public_pages(outdir)}
    assert len(found) > 50
    return found


def source_pages(pages) -> dict[str, BeautifulSoup]:
    """Pages built from a source file (not search.html, 404.html or list page 2, 3 …)."""
    return {path: soup for path, soup in pages.items()
            if path not in ("search.html", "404.html") and not re.search(r"/\d+\.html$", path)}


def test_every_page_has_the_government_site_footer(pages):
    missing = {}
    for path, soup in pages.items():
        footer = soup.select_one(".pb-site-footer")
        if footer is None:
            missing[path] = "no footer"
            continue
        text = footer.get_text(" ", strip=True)
        wanted = ["主办单位：", "承办单位：", "网站标识码：", "ICP备", "公网安备"]
        links = {a.get_text(strip=True): a["href"] for a in footer.select("a[href]")}
        absent = [w for w in wanted if w not in text] + \
                 [name for name in ("联系我们", "隐私与免责声明", "网站地图") if name not in links]
        icp = footer.select_one("a.pb-icp")
        police = footer.select_one("a.pb-police")
        if icp is None or icp["href"] != "https://beian.miit.gov.cn/":
            absent.append("ICP link")
        if police is None or not re.fullmatch(r"https://beian\.mps\.gov\.cn/#/query/webSearch\?code=\d+",
                                              police["href"]):
            absent.append("公安 link")
        if absent:
            missing[path] = absent
    assert missing == {}


def test_footer_links_lead_to_the_contact_privacy_and_sitemap_pages(pages, sample_site):
    outdir = Path(sample_site.outdir)
    for path in ("index.html", "source/programs/patent-subsidy.html", "source/categories/index/2.html", "404.html"):
        footer = pages[path].select_one(".pb-site-footer")
        for name, target in (("联系我们", "source/contact.html"), ("隐私与免责声明", "source/privacy.html"),
                             ("网站地图", "source/sitemap.html")):
            href = footer.find("a", string=name)["href"]
            if path == "404.html":  # absolute, under the site's path (notfound_urls_prefix)
                assert href.endswith("/" + target), (path, href)
                continue
            resolved = (outdir / path).parent.joinpath(href).resolve()
            assert resolved == (outdir / target).resolve(), (path, name, href)
    # clearly sample data
    assert "示例" in pages["source/contact.html"].select_one("article").get_text()
    assert "示例" in pages["source/privacy.html"].select_one("article").get_text()


def test_every_source_page_has_a_correction_link_with_its_title_and_url(pages):
    wrong = {}
    for path, soup in source_pages(pages).items():
        link = soup.select_one("a.pb-correction-link")
        if link is None or link.get_text(strip=True) != "我为政府网站找错":
            wrong[path] = "no 我为政府网站找错 link"
            continue
        href = link["href"]
        assert href.startswith("mailto:jiucuo@"), href
        assert not re.search(r"[\s<>\"'\u4e00-\u9fff]", href), f"unescaped: {href}"
        query = parse_qs(urlsplit(href).query)
        title = soup.select_one("article h1").get_text().rstrip("#").strip()
        url = "https://kjj.minghu.example.gov.cn/" + path
        if title not in query["subject"][0] or url not in query["body"][0]:
            wrong[path] = (title, query)
    assert wrong == {}


def test_program_correction_carries_the_program_id():
    link = correction_url("mailto:jiucuo@example.gov.cn", "专利资助 & 奖励?", "https://x.example/p.html#a",
                          "patent-subsidy")
    address, _, query = link.partition("?")
    assert address == "mailto:jiucuo@example.gov.cn"
    fields = parse_qs(query)
    assert fields["subject"] == ["网站纠错：专利资助 & 奖励?"]
    assert "编号：patent-subsidy" in fields["body"][0] and "https://x.example/p.html#a" in fields["body"][0]
    assert "%20" in query and "+" not in query  # mail clients read %20, not +
    form = correction_url("https://jiucuo.example.gov.cn/form?site=kjj", "标题", "https://x.example/a.html", "")
    assert form.startswith("https://jiucuo.example.gov.cn/form?site=kjj&")
    assert unquote(form).endswith("title=标题&url=https://x.example/a.html")


def test_the_sitemap_page_links_every_program_policy_and_section(pages, sample_site):
    sitemap = pages["source/sitemap.html"].select_one("article")
    linked = {(Path("source") / href).as_posix().replace("source/../", "")
              for href in (a["href"].split("#")[0] for a in sitemap.select("a[href]"))}
    outdir = Path(sample_site.outdir)
    for folder in ("source/programs", "source/policies", "source/categories"):
        for page in (outdir / folder).glob("*.html"):
            assert f"{folder}/{page.name}".removeprefix("source/") in {x.removeprefix("source/") for x in linked}, page
    headings = [h.get_text().rstrip("#").strip() for h in sitemap.select("h2")]
    for section in ("申报事项", "政策文件", "办事指南", "查询服务"):
        assert any(section in h for h in headings), (section, headings)
    for tool in ("finder.html", "self-check.html", "calendar.html"):
        assert any(x.endswith(tool) for x in linked), tool


def test_print_header_names_the_site_and_the_page_url(pages):
    header = pages["source/programs/patent-subsidy.html"].select_one(".pb-print-header")
    text = header.get_text(" ", strip=True)
    assert "明湖县科技政策服务平台" in text and "申报指南" in text
    assert "https://kjj.minghu.example.gov.cn/source/programs/patent-subsidy.html" in text
    assert header.select_one("[data-pb-print-date]") is not None
    assert header.has_attr("data-pagefind-ignore")


def test_pages_carry_no_table_of_contents_only_print_would_show(pages):
    """sphinx-book-theme repeats the page's table of contents for print, which pb-print.css never
    shows: 1.5 KB of every program page's 40 KB (issue 22). The printed title stays."""
    for path, soup in pages.items():
        assert soup.select_one("#jb-print-toc") is None, path
        assert soup.select_one("#jb-print-docs-body.onlyprint h1") is not None, path
        assert len(soup.select("article.bd-article")) == 1, path
    soup = pages["source/programs/patent-subsidy.html"]
    assert soup.select_one("#jb-print-docs-body h1").get_text(strip=True) == soup.select_one("article h1").get_text(strip=True).rstrip("#")


def test_elder_toggle_is_on_every_page_and_hidden_without_javascript(pages):
    for path, soup in pages.items():
        button = soup.select_one("button.pb-elder-toggle")
        assert button is not None and button.get_text(strip=True) == "长辈版", path
        assert "pst-js-only" in button["class"], path  # hidden by pb-nojs.css when scripts are off
        head_scripts = [s.get("src", "") for s in soup.head.select("script[src]")]
        elder = [s for s in soup.head.select("script[src]") if "pb-elder.js" in s["src"]]
        assert elder and not elder[0].has_attr("defer") and not elder[0].has_attr("async"), (path, head_scripts)


# --- settings ---------------------------------------------------------------------------------

def render_footer(**settings) -> BeautifulSoup:
    config, problems = from_values({f"policybook_{k}": v for k, v in settings.items()})
    assert problems == []
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=False)
    html = env.get_template("policybook-site-footer.html").render(
        pb_footer=footer_context(config, lambda doc: doc in ("source/contact", "source/sitemap")),
        pathto=lambda doc: doc + ".html")
    return BeautifulSoup(html, "html.parser")


def test_an_empty_setting_leaves_its_footer_item_out():
    full = render_footer(sponsor="甲局", organizer="乙中心", site_code="0000000000", icp_record="京ICP备1号",
                         police_record="京公网安备 11010502000001号", contact_page="source/contact",
                         sitemap_page="source/sitemap", privacy_page="source/privacy")
    text = full.get_text(" ", strip=True)
    assert "主办单位：甲局" in text and "承办单位：乙中心" in text and "网站标识码：0000000000" in text
    assert full.select_one("a.pb-police")["href"] == "https://beian.mps.gov.cn/#/query/webSearch?code=11010502000001"
    # a page that does not exist is left out (the build reports it, see below)
    assert [a.get_text() for a in full.select(".pb-footer-links a")] == ["联系我们", "网站地图"]
    empty = render_footer(sponsor="甲局")
    assert empty.get_text(" ", strip=True) == "主办单位：甲局"
    assert render_footer().select_one(".pb-site-footer") is None


def test_footer_text_is_escaped():
    soup = render_footer(sponsor='甲 & "乙" 局', police_record='公网安备 1号" onclick="x')
    assert "主办单位：甲 & \"乙\" 局" in soup.get_text()
    assert "&amp;" in str(soup.select_one(".pb-sponsor"))
    police = soup.select_one("a.pb-police")
    assert police.attrs.keys() == {"class", "href", "rel"} and police["href"].endswith("code=1")


@pytest.mark.parametrize(("name", "value"), [
    ("policybook_correction_url", "javascript:alert(1)"), ("policybook_correction_url", "mailto:a@b?subject=x"),
    ("policybook_icp_record", "京ICP备<script>"), ("policybook_sponsor", 42),
    ("policybook_contact_page", "/etc/passwd"), ("policybook_sitemap_page", "../x"),
])
def test_a_bad_government_setting_is_a_located_problem(name, value):
    conf = f"project = 'x'\n{name} = {value!r}\n"
    _settings, [problem] = from_values({name: value}, conf, "conf.py", [name])
    assert (problem.line, problem.code) == (2, "config") and "无效" in problem.message
