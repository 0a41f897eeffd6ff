"""通知公告 (notices): the format and its checks, pages, lists, the window a notice opens,
exact incremental builds, and the sample site's notice feed and open data."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest
from sphinx_helpers import Site

from policybook.cli import main
from policybook.cli.check import check
from policybook.model.notices import combined, current_opening, openings, overlay

HERE = Path(__file__).parent
BASIC = HERE / "roots" / "test-basic"
ATOM = "{http://www.w3.org/2005/Atom}"

OPENING = """---
id: 2027-national-hightech
title: 关于组织申报2027年度国家高新技术企业的通知
doc_number: 测科字〔2026〕9号
published: 2026-11-10
issuer: 测试县科学技术局
kind: application
summary: 2027年第一批受理时间为5月6日至6月30日。
programs: [hightech-reward]
opens:
  - program: national-hightech
    round: 2027年第一批
    opens: 2027-05-06
    closes: 2027-06-30
attachments:
  - title: 附件：申报书
    form: application.docx
---

# 关于组织申报2027年度国家高新技术企业的通知

各有关企业：请按时申报。
"""

LIST_PAGE = """# 通知公告

```{notice-list}
:per-page: 2
```
"""


def plain_notice(notice_id: str, published: str, title: str, extra: str = "") -> str:
    return (f"---\nid: {notice_id}\ntitle: {title}\npublished: {published}\nissuer: 测试县科学技术局\n"
            f"kind: notice\n{extra}---\n\n# {title}\n\n正文。\n")


def with_notices(site_or_root) -> None:
    """The test-basic root plus a notice opening national-hightech, two plain ones and a list page."""
    root = site_or_root.src if isinstance(site_or_root, Site) else site_or_root
    folder = root / "source/notices"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "2027-national-hightech.md").write_text(OPENING, "utf-8")
    (folder / "training.md").write_text(plain_notice("training", "2026-11-15", "关于举办专利培训的通知",
                                                     "programs: [patent-grant]\n"), "utf-8")
    (folder / "office.md").write_text(plain_notice("office", "2026-09-01", "关于调整办公地点的公告"), "utf-8")
    (folder / "index.md").write_text(LIST_PAGE, "utf-8")
    program = root / "source/programs/national-hightech.yaml"  # its forecast of the round the notice opens
    program.write_text(program.read_text("utf-8").replace("  next: 预计 2027 年 5 月", "  expected:\n    open: 2027-05"),
                       "utf-8")
    index = root / "index.md"
    index.write_text(index.read_text("utf-8").replace(
        "```{toctree}", "## 通知公告\n\n```{notice-list}\n:limit: 2\n:more: /source/notices/index\n```\n\n```{toctree}")
        .replace("docs/guide\n```", "docs/guide\nsource/notices/index\n```"), "utf-8")


# -- the window rule (pure) -------------------------------------------------------------------------

def _notice(notice_id, *opens, published=dt.date(2026, 11, 1)):
    return {"id": notice_id, "title": notice_id, "published": published, "docname": f"n/{notice_id}",
            "opens": [{"program": p, "round": r, "opens": a, "closes": b} for p, r, a, b in opens]}


def test_the_latest_notice_window_replaces_the_programs_own_dates_and_its_forecast():
    window = {"mode": "scheduled", "open": dt.date(2026, 3, 1), "close": dt.date(2026, 4, 30),
              "expected": {"open": "2027-03"}}
    notices = {"a": _notice("a", ("p", "2027年度", dt.date(2027, 3, 1), dt.date(2027, 4, 30)))}
    items = openings(notices)["p"]
    assert current_opening(window, items) is items[-1]
    merged = combined(window, items[-1])
    assert (merged["open"], merged["close"], merged["forecast"]) == (dt.date(2027, 3, 1), dt.date(2027, 4, 30), False)
    assert "expected" not in merged  # the forecast of this very round
    programs = overlay({"p": {"id": "p", "window": window}}, notices)
    assert programs["p"]["notice_window"]["round"] == "2027年度"


def test_a_notice_of_an_older_round_does_not_replace_a_later_own_window():
    window = {"mode": "scheduled", "open": dt.date(2027, 3, 1), "close": dt.date(2027, 4, 30)}
    notices = {"a": _notice("a", ("p", "2026年度", dt.date(2026, 3, 1), dt.date(2026, 4, 30)))}
    assert current_opening(window, openings(notices)["p"]) is None
    assert overlay({"p": {"id": "p", "window": window}}, notices)["p"]["window"] is window


# -- check: each mistake, a located Chinese message --------------------------------------------------

@pytest.fixture()
def project(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(BASIC, root)
    with_notices(root)
    return root


def _problems(root: Path, path: str, text: str):
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, "utf-8")
    return [p for p in check(root).problems if p.file == path and not p.notice]


def test_the_sample_notices_check_clean(project):
    report = check(project)
    assert [str(p) for p in report.problems if not p.notice] == [] and report.notices == 3


BAD = [
    ("closes before opens", OPENING.replace("closes: 2027-06-30", "closes: 2027-04-30"),
     "date-order", "opens[0].closes", "截止日期 2027-04-30 早于开始日期 2027-05-06"),
    ("Chinese punctuation in a date", OPENING.replace("published: 2026-11-10", "published: 2026年11月10日"),
     "date", "published", "日期格式不正确"),
    ("full-width colon", OPENING.replace("issuer: 测试县", "issuer：测试县"), "keyboard", "", "："),
    ("missing published", OPENING.replace("published: 2026-11-10\n", ""), "missing", "published", "published"),
    ("unknown kind", OPENING.replace("kind: application", "kind: 通知"), "enum", "kind", "通知"),
    ("unknown related program", OPENING.replace("programs: [hightech-reward]", "programs: [hightech-rewards]"),
     "unknown-program", "programs[0]", "未找到编号为 'hightech-rewards' 的申报事项"),
    ("unknown opened program", OPENING.replace("  - program: national-hightech", "  - program: nationl-hightech"),
     "unknown-program", "opens[0].program", "nationl-hightech"),
    ("missing form", OPENING.replace("form: application.docx", "form: missing.docx"),
     "form-missing", "attachments[0].form", "找不到表格文件 'missing.docx'"),
    ("form and url", OPENING.replace("form: application.docx", "form: application.docx\n    url: https://example.org/a"),
     "attachment", "attachments[0]", "form (表格文件) 或 url (网址) 中的一个"),
    ("window on a rolling program", OPENING.replace("  - program: national-hightech", "  - program: ip-pledge"),
     "notice-window", "opens[0].program", "常年受理"),
    ("window over the program's own dates", OPENING.replace("opens: 2027-05-06", "opens: 2026-06-01"),
     "notice-overlap", "opens[0].opens", "同一批申报时间写了两次"),
    ("unknown notice in a role", OPENING.replace("各有关企业：请按时申报。", "延期见{notice}`2027-national-hightech-later`。"),
     "unknown-notice", "", "未找到编号为 '2027-national-hightech-later' 的通知公告"),
    ("id not the file name", OPENING.replace("id: 2027-national-hightech", "id: national-2027"),
     "id-filename", "id", "与文件名"),
]


@pytest.mark.parametrize(("case", "text", "code", "field", "words"), BAD, ids=[b[0] for b in BAD])
def test_each_mistake_is_a_located_chinese_problem(project, case, text, code, field, words):
    found = _problems(project, "source/notices/2027-national-hightech.md", text)
    assert found, case
    problem = next((p for p in found if p.code == code), None)
    assert problem is not None, [str(p) for p in found]
    assert problem.line > 1 and words in problem.message, str(problem)
    if field:
        assert problem.field == field, str(problem)
    line = text.split("\n")[problem.line - 1]
    assert line.strip(), str(problem)  # the line named is the one with the mistake


def test_two_notices_opening_one_program_for_overlapping_dates(project):
    second = OPENING.replace("id: 2027-national-hightech", "id: 2027-national-hightech-extended").replace(
        "opens: 2027-05-06", "opens: 2027-06-15").replace("closes: 2027-06-30", "closes: 2027-07-15")
    found = _problems(project, "source/notices/2027-national-hightech-extended.md", second)
    assert [p.code for p in found] == ["notice-overlap"]
    assert "source/notices/2027-national-hightech.md:" in found[0].message and found[0].field == "opens[0].opens"


def test_duplicate_notice_ids(project):
    _problems(project, "source/notices/2026/2027-national-hightech.md", OPENING)
    found = [p for p in check(project).problems if p.code == "duplicate"]
    assert len(found) == 1 and "编号 '2027-national-hightech' 重复" in found[0].message, [str(p) for p in found]
    assert found[0].line == 2 and found[0].file.startswith("source/notices/")


def test_policybook_new_notice_then_check(project):
    assert main(["--root", str(project), "new", "notice", "2026-new-notice"]) == 0
    text = (project / "source/notices/2026-new-notice.md").read_text("utf-8")
    assert "id: 2026-new-notice" in text and "opens: []" in text
    fields = {p.field for p in check(project).problems if p.file.endswith("2026-new-notice.md")}
    assert {"title", "published"} <= fields
    filled = (text.replace("title:\n", "title: 关于新事项的通知\n", 1)
              .replace("published:\n", "published: 2026-11-20\n", 1).replace("doc_number:\n", "", 1)
              .replace("summary:\n", "", 1))
    assert _problems(project, "source/notices/2026-new-notice.md", filled) == []


# -- pages, lists, the program page, incremental builds ----------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("notices"))
    with_notices(site)
    return site, site.build()


def test_notice_page_metadata_window_box_attachments_and_programs(built):
    _site, result = built
    page = result.html("source/notices/2027-national-hightech")
    meta = page.select_one(".pb-notice-meta").get_text(" ", strip=True)
    for words in ("文号", "测科字〔2026〕9号", "发布机构", "测试县科学技术局", "发布日期", "2026年11月10日", "类别", "申报通知"):
        assert words in meta
    box = page.select_one(".pb-notice-window")
    assert "申报时间：2027年5月6日至2027年6月30日" in box.get_text("", strip=True)
    status = box.select_one(".pb-live-status")
    assert (status["data-pb-open"], status["data-pb-close"]) == ("2027-05-06", "2027-06-30")
    assert "即将开始" in status.get_text()
    assert page.select_one("#attachments a.pb-form, #attachments a.download")
    related = [a.get_text() for a in page.select("#related-programs .pb-related a")]
    assert related == ["高新技术企业首次认定奖励", "国家高新技术企业认定"]
    assert "<script" not in str(page.select_one(".pb-notice-header"))


def test_program_page_shows_the_notice_window_and_its_notices(built):
    _site, result = built
    page = result.html("source/programs/national-hightech")
    window = page.select_one("#window").get_text("", strip=True)
    assert "2027年5月6日至2027年6月30日" in window and "2027年第一批" in window
    assert "2026年5月1日" not in window  # the notice's round replaced the old one
    assert "下次申报" not in page.select_one("section.pb-program").get_text()  # the forecast of this round is gone
    badge = page.select_one(".pb-badges .pb-live-status")
    assert badge["data-pb-open"] == "2027-05-06"
    notices = page.select_one("#notices")
    assert [a.get_text() for a in notices.select(".pb-notice-list a")] == ["关于组织申报2027年度国家高新技术企业的通知"]
    link = notices.select_one(".pb-notice-list a")["href"]
    assert link.endswith("notices/2027-national-hightech.html")
    assert result.html("source/programs/ip-pledge").select_one("#notices") is None


def test_notice_list_is_newest_first_and_paged(built):
    _site, result = built
    first = result.html("source/notices/index")
    assert [a.get_text() for a in first.select(".pb-notice-list a")] == [
        "关于举办专利培训的通知", "关于组织申报2027年度国家高新技术企业的通知"]
    assert "共3条，第1/2页" in first.select_one(".pb-pager").get_text()
    second = result.app.outdir / "source/notices/index/2.html"
    assert "关于调整办公地点的公告" in second.read_text("utf-8")


def test_home_page_shows_the_latest_notices_with_a_more_link(built):
    _site, result = built
    home = result.html("index")
    titles = [a.get_text() for a in home.select(".pb-notice-list a")]
    assert titles == ["关于举办专利培训的通知", "关于组织申报2027年度国家高新技术企业的通知"]
    assert home.select_one(".pb-more a")["href"].endswith("source/notices/index.html")


def test_editing_a_notice_rewrites_its_page_lists_and_the_program_it_opens(tmp_path):
    site = Site(tmp_path)
    with_notices(site)
    site.build()
    assert site.build().written == []  # no change, nothing written
    site.edit("source/notices/2027-national-hightech.md", "closes: 2027-06-30", "closes: 2027-07-10")
    result = site.build()
    assert result.read == ["source/notices/2027-national-hightech"]
    assert result.written == [
        "index",  # the latest notices
        "source/notices/2027-national-hightech",
        "source/notices/index",  # the notice list
        "source/programs/hightech-reward",  # named by the notice: 相关通知
        "source/programs/national-hightech",  # the program whose window it opens
    ]
    assert "2027年7月10日" in result.html("source/programs/national-hightech").select_one("#window").get_text()


def test_a_notice_role_links_the_notice_and_follows_its_title(tmp_path):
    site = Site(tmp_path)
    with_notices(site)
    site.write("docs/guide.md", (site.src / "docs/guide.md").read_text("utf-8") + "\n申报见{notice}`training`。\n")
    link = site.build().html("docs/guide").select_one("a[href$='notices/training.html']")
    assert link.get_text() == "关于举办专利培训的通知"
    site.edit("source/notices/training.md", "关于举办专利培训的通知", "关于举办知识产权培训的通知")
    result = site.build()
    assert "docs/guide" in result.written
    assert result.html("docs/guide").select_one("a[href$='notices/training.html']").get_text() == "关于举办知识产权培训的通知"


def test_editing_a_plain_notice_does_not_rewrite_unrelated_programs(tmp_path):
    site = Site(tmp_path)
    with_notices(site)
    site.build()
    site.edit("source/notices/office.md", "关于调整办公地点的公告", "关于调整办公时间的公告")
    result = site.build()
    assert result.written == ["index", "source/notices/index", "source/notices/office"]


# -- the sample site: home page, feed, open data ----------------------------------------------------

def _html(app, page):
    from bs4 import BeautifulSoup
    return BeautifulSoup((Path(app.outdir) / f"{page}.html").read_text("utf-8"), "html.parser")


def test_sample_home_shows_five_notices_newest_first(sample_site):
    home = _html(sample_site, "index")
    items = home.select(".pb-notice-list > li")
    assert len(items) == 5
    dates = [li.select_one(".pb-item-meta").get_text() for li in items]
    assert "2026年11月20日发布" in dates[0]
    assert home.select_one(".pb-notice-list ~ .pb-more a, .pb-more a")


def test_sample_notice_feed_is_valid_atom(sample_site):
    feed = ET.parse(Path(sample_site.outdir) / "feeds/notices.atom").getroot()
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{name}") is not None, name
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) >= 8
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids)
    for entry in entries:
        for name in ("id", "title", "updated", "summary"):
            assert entry.findtext(f"{ATOM}{name}"), name
        assert entry.find(f"{ATOM}link").get("href").startswith("https://")
        dt.datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
    assert "feeds/notices.atom" in (Path(sample_site.outdir) / "source/subscribe.html").read_text("utf-8")


def test_sample_notices_json_validates_against_its_schema(sample_site):
    data = Path(sample_site.outdir) / "data"
    document = json.loads((data / "notices.json").read_text("utf-8"))
    schema = json.loads((data / "notices.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator)
    notices = document["notices"]
    assert len(notices) >= 8
    assert [n["published"] for n in notices] == sorted((n["published"] for n in notices), reverse=True)
    opened = {o["program"] for n in notices for o in n["opens"]}
    assert {"high-tech-recognition", "innovation-voucher", "rd-statistics-service"} <= opened
    programs = json.loads((data / "programs.json").read_text("utf-8"))["programs"]
    high_tech = next(p for p in programs if p["id"] == "high-tech-recognition")
    assert (high_tech["window"]["open"], high_tech["window"]["close"]) == ("2027-04-01", "2027-05-31")


def test_sample_notices_in_search_and_sitemap(sample_site):
    out = Path(sample_site.outdir)
    text = (out / "search/index.json").read_text("utf-8")

    def entries(value):
        if isinstance(value, dict):
            if value.get("kind") == "notice" and "title" in value:
                yield value
            for item in value.values():
                yield from entries(item)
        elif isinstance(value, list):
            for item in value:
                yield from entries(item)

    titles = {e["title"] for e in entries(json.loads(text))}
    assert '"window":"scheduled|2027-04-01|2027-05-31"' in text.replace(" ", "")  # the notice's window
    page = (out / "source/programs/high-tech-recognition.html").read_text("utf-8")
    assert "scheduled|2027-04-01|2027-05-31" in page  # the page's search metadata too
    assert "关于做好2026年度研发投入统计报送工作的通知" in titles and len(titles) >= 8
    assert "source/notices/2027-high-tech-recognition.html" in (out / "sitemap.xml").read_text("utf-8")


def test_removing_a_notice_gives_the_program_its_own_window_back(tmp_path):
    site = Site(tmp_path)
    with_notices(site)
    site.build()
    (site.src / "source/notices/2027-national-hightech.md").unlink()
    result = site.build()
    assert result.read == []
    assert result.written == ["index", "source/notices/index", "source/programs/hightech-reward",
                              "source/programs/national-hightech"]
    window = result.html("source/programs/national-hightech").select_one("#window").get_text()
    assert "2026年5月1日至2026年6月30日" in window and "下次申报" in window


def test_markup_in_a_page_title_stays_text_in_the_navigation(tmp_path):
    """A pasted <script> in a title: the page's navigation (Sphinx's title of the page) shows it as
    text, as the heading does (found by the notice corpus; guides and policies had it too)."""
    site = Site(tmp_path)
    with_notices(site)
    site.edit("source/notices/office.md", "# 关于调整办公地点的公告", "# 关于<script>alert(1)</script>的公告")
    site.edit("docs/guide.md", "\n", " <script>alert(2)</script>\n")  # the first line is its title
    result = site.build()
    for page in ("docs/guide", "source/notices/office"):
        html = (result.app.outdir / f"{page}.html").read_text("utf-8")
        assert "<script>alert(" not in html, page


def test_a_notice_role_in_a_program_text_is_plain_in_open_data():
    from policybook.site.export import plain_text

    assert plain_text("见{notice}`2027-x`。", {}, {}) == "见通知公告。"
    assert plain_text("见{notice}`申报通知 <2027-x>`。", {}, {}) == "见申报通知。"
