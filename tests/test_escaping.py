"""Injected text is inert everywhere it is published: pages, search index, JSON exports,
JSON-LD, Atom feeds and calendar files; links keep to http, https, mailto and tel, and links to
other sites carry rel="noopener noreferrer".

The hostile entries are the corpus's ``inject-*`` files (tests/badinput/), built once with the
rest of the corpus. Every check here also confirms the hostile text is *there*, shown as text:
escaping must not turn into silently dropping content. A browser test (tests/browser/
test_validators.py) loads the same pages, search and finder and watches for any script running.
Regression tests for the text-field renderer are at the end of this file.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import icalendar
import pytest
from badinput import harness, inert, report
from bs4 import BeautifulSoup
from sphinx_helpers import Site

from policybook.model.loading import load_policy_front_matter, load_program

CASES = {case.file: case for case in harness.load_manifest()}
EVERY = "source/programs/inject-every-field.yaml"
SAFE_PROGRAMS = [f for f, c in CASES.items() if c.kind == "program" and c.topic == "injection"
                 and c.expect == "safe-render"]
# Known gaps (see the manifest): raw HTML in MyST documents reaches the page; reported there.
GAP_PAGES = {f.rsplit(".", 1)[0] + ".html" for f, c in CASES.items() if "build" in c.gaps and c.topic == "injection"}
TALLY: dict[str, list[int]] = {}  # check → [inputs, failures], for the summary table


def tally(check: str, inputs: int, failures: list) -> list:
    TALLY[check] = [inputs, len(failures)]
    return failures


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    _site, result = harness.corpus_build(tmp_path_factory)
    yield Path(result.app.outdir)
    inputs = sum(n for n, _ in TALLY.values())
    failures = sum(f for _, f in TALLY.values())
    report.record("escaping", tried=inputs, errors=0, safe=inputs - failures, failures=failures,
                  note="检查项 checks: " + ", ".join(f"{k} {n}" for k, (n, _f) in sorted(TALLY.items())))


def loaded(file: str) -> dict:
    data = (harness.CORPUS / file).read_bytes()
    loader = load_program if file.startswith("source/programs/") else load_policy_front_matter
    result = loader(data, file)
    assert result.data is not None, list(result.problems)
    return result.data


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


MARKER = re.compile(r'alert\("(\w+)"\)')


def test_every_text_field_shows_its_payload_as_text(out):
    """All 28 payloads of inject-every-field appear in the page as visible text."""
    html = (out / "source/programs/inject-every-field.html").read_text("utf-8")
    text = BeautifulSoup(html, "html.parser").get_text()
    source = (harness.CORPUS / EVERY).read_text("utf-8")
    markers = sorted(set(MARKER.findall(source)))
    assert len(markers) >= 25
    missing = [m for m in markers if f'<script>alert("{m}")</script>' not in text]
    assert tally("page text", len(markers), missing) == []


def test_every_page_of_the_hostile_build_is_inert(out):
    baselines = {"source/programs/": "source/programs/patent-grant.html",
                 "source/policies/": "source/policies/ip-measures.html", "docs/": "docs/guide.html", "": "index.html"}
    found = {}
    pages = [p for p in sorted(out.rglob("*.html")) if "_static" not in p.parts]
    for page in pages:
        name = page.relative_to(out).as_posix()
        if name in GAP_PAGES:
            continue
        base = next(b for prefix, b in baselines.items() if name.startswith(prefix))
        html = page.read_text("utf-8", "replace")
        problems = inert.problems(html, (out / base).read_text("utf-8")) + [
            f"no rel: {href}" for href in inert.external_links_without_rel(html)]
        if problems:
            found[name] = problems
    assert tally("HTML pages", len(pages), list(found)) == [] and found == {}


def test_links_to_other_sites_carry_noopener(out):
    soup = BeautifulSoup((out / "source/programs/inject-every-field.html").read_text("utf-8"), "html.parser")
    links = [a for a in soup.find_all("a") if a.get("href", "").startswith("https://example.gov.cn/")]
    assert len(links) == 2  # the channel and the related link, both escaped in the URL
    policy = BeautifulSoup((out / "source/policies/inject-policy.html").read_text("utf-8"), "html.parser")
    links += [a for a in policy.find_all("a") if a.get("href", "").startswith("https://example.gov.cn/")]
    assert len(links) == 3
    assert tally("rel=noopener", len(links), [a for a in links if set(a["rel"]) < {"noopener", "noreferrer"}]) == []


def test_json_exports_carry_the_text_unchanged(out):
    programs = {p["id"]: p for p in json.loads((out / "data/programs.json").read_text("utf-8"))["programs"]}
    policies = {p["id"]: p for p in json.loads((out / "data/policies.json").read_text("utf-8"))["policies"]}
    titles = {p["id"]: p for p in json.loads((out / "search/index.json").read_text("utf-8"))["entries"]
              if p["kind"] == "program"}
    checked, wrong = 0, []
    for file in SAFE_PROGRAMS:
        data = loaded(file)
        record, search = programs[data["id"]], titles[data["id"]]
        pairs = [(record["title"], data["title"]), (record["authority"], data["authority"]),
                 (record["aliases"], data.get("aliases", [])), (record["funding"]["summary"], data["funding"]["summary"]),
                 (search["title"], data["title"]), (search["names"], data.get("aliases", []))]
        pairs += [(a["name"], b["name"]) for a, b in zip(record["contacts"], data["contacts"], strict=True)]
        checked += len(pairs)
        wrong += [(file, got, want) for got, want in pairs if got != want]
    policy = loaded("source/policies/inject-policy.md")
    for key in ("title", "issuer", "doc_number", "summary"):
        checked += 1
        if policies["inject-policy"][key] != policy[key]:
            wrong.append(("inject-policy", key))
    assert tally("JSON exports", checked, wrong) == []


def test_finder_index_carries_the_text_unchanged(out):
    """data/finder.json, which the finder and self-check render with textContent, holds the text as written."""
    from policybook.finder.index import expand

    records = {r["id"]: r for r in expand(json.loads((out / "data/finder.json").read_text("utf-8")))}
    checked, wrong = 0, []
    for file in SAFE_PROGRAMS:
        data = loaded(file)
        if data.get("archived"):
            continue
        record = records[data["id"]]
        pairs = [(record["title"], data["title"]), (record["aliases"], data.get("aliases", [])),
                 (record["tags"], data.get("tags", [])), (record["funding"]["summary"], data["funding"]["summary"])]
        pairs += [(a["text"], b["text"]) for a, b in
                  zip(record["eligibility"]["rules"], data["eligibility"]["rules"], strict=True)]
        checked += len(pairs)
        wrong += [(file, got, want) for got, want in pairs if got != want]
    assert checked and tally("finder index", checked, wrong) == []


def test_json_ld_cannot_end_its_script_element(out):
    """JSON-LD escapes every '<', so no '</script>' or '<!--' can end or confuse the element."""
    checked, wrong = 0, []
    for file in SAFE_PROGRAMS:
        data = loaded(file)
        html = (out / (file.rsplit(".", 1)[0] + ".html")).read_text("utf-8")
        [raw] = re.findall(r'<script type="application/ld\+json">(.*?)</script', html, re.DOTALL | re.IGNORECASE)
        service = json.loads(raw)
        checked += 1
        if "<" in raw or "\u2028" in raw or "\u2029" in raw or service["name"] != data["title"] \
                or service["provider"]["name"] != data["authority"] \
                or service["alternateName"] != data.get("aliases", []):
            wrong.append(file)
    assert tally("JSON-LD", checked, wrong) == []


def test_atom_feeds_are_well_formed_and_hold_the_text(out):
    feeds = sorted((out / "feeds").rglob("*.atom"))  # the site feed and every facet feed
    wrong = []
    for feed in feeds:
        raw = feed.read_bytes()
        ElementTree.fromstring(raw)  # well-formed XML
        if feedparser.parse(raw).bozo:
            wrong.append(feed.name)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    root = ElementTree.fromstring((out / "feeds/all.atom").read_bytes())
    titles = [e.findtext("a:title", namespaces=ns) for e in root.findall("a:entry", ns)]
    for file in ("source/programs/inject-ics-atom.yaml", EVERY):
        data = loaded(file)
        for change in data["changes"]:
            if f"{data['title']}：{change['text']}" not in titles:
                wrong.append((file, change["text"]))
    assert "伪造" not in titles  # the change note's <entry><title>伪造</title></entry> stayed text
    assert tally("Atom feeds", len(feeds) + 2, wrong) == []


def test_calendar_files_escape_every_value(out):
    files = sorted((out / "calendar").glob("*.ics"))
    wrong = []
    for path in files:
        raw = path.read_bytes()
        lines = raw.split(b"\r\n")
        if lines[-1] != b"" or any(b"\n" in line or b"\r" in line or len(line) > 75 for line in lines):
            wrong.append((path.name, "line endings or folding"))
        calendar = icalendar.Calendar.from_ical(raw)
        if any(str(e["SUMMARY"]).startswith("伪造") for e in calendar.walk("VEVENT")):
            wrong.append((path.name, "injected event"))
    data = loaded("source/programs/inject-ics-atom.yaml")
    events = icalendar.Calendar.from_ical((out / "calendar/inject-ics-atom.ics").read_bytes()).walk("VEVENT")
    # its opening and its closing day
    if len(events) != 2 or not all(str(e["SUMMARY"]).startswith(data["title"]) for e in events):
        wrong.append(("inject-ics-atom.ics", [str(e["SUMMARY"]) for e in events]))
    assert tally("ICS files", len(files), wrong) == []


def test_search_indexes_hold_the_text_as_data(out):
    """Pagefind's fragments (and Sphinx's searchindex.js, when a theme still writes one) parse
    as JSON and keep the title as plain data (the browser test shows the search page renders it
    as text)."""
    sphinx_titles = None
    if (out / "searchindex.js").is_file():
        index = (out / "searchindex.js").read_text("utf-8")
        assert index.startswith("Search.setIndex(") and index.endswith(")")
        sphinx_titles = json.loads(index[len("Search.setIndex("):-1])["titles"]
    fragments = {}
    for fragment in (out / "pagefind/fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(fragment.read_bytes())
        assert raw.startswith(b"pagefind_dcd")
        record = json.loads(raw[len(b"pagefind_dcd"):])
        fragments[record["url"].lstrip("/")] = record
    wrong = []
    for file in SAFE_PROGRAMS:
        title = loaded(file)["title"]
        url = file.rsplit(".", 1)[0] + ".html"
        if sphinx_titles is not None and title not in sphinx_titles:
            wrong.append((file, "searchindex.js"))
        if url not in fragments or fragments[url]["meta"].get("title") != title:
            wrong.append((file, "pagefind"))
    assert len(fragments) > 100
    assert tally("search indexes", (1 + (sphinx_titles is not None)) * len(SAFE_PROGRAMS), wrong) == []


def warning_lines(result) -> list[str]:
    plain = re.sub(r"\x1b\[[0-9;]*m", "", result.warnings)
    return [line.split("WARNING: ", 1)[0].rsplit("/src/", 1)[-1] + line.split("WARNING: ", 1)[1]
            for line in plain.splitlines() if "WARNING: " in line]


# --- regressions -------------------------------------------------------------------------------

SMUGGLED = """summary: |
  [ftp](ftp://files.example/x) <custom:foo> [电话](tel:0123-5550103)

  ```{eval-rst}
  `rst <javascript:alert(1)>`_

  .. meta::
     :http-equiv=refresh: 0;url=https://evil.example/
  ```

  ```{button-link} JaVa\tScRiPt:alert(2)
  按钮
  ```

  {download}`密码 <../../../../../../../../../../etc/passwd>`
"""


def test_text_fields_cannot_smuggle_links_meta_tags_or_files(tmp_path):
    """Only Markdown's own link syntax was filtered (by markdown-it): ``{eval-rst}`` links,
    directive options and autolinks published javascript:, ftp: and made-up schemes, ``.. meta::``
    planted a redirect in the page head, and ``{download}`` copied any readable file on the
    build machine into the site. tel: links, which MyST does not know, were broken."""
    site = Site(tmp_path)
    site.edit("source/programs/ip-pledge.yaml", "summary: 按利息的一半给予贴息。\n", SMUGGLED)
    result = site.build()
    found = [line for line in warning_lines(result) if "[policybook." in line]
    assert found == [  # located to the column, with the field, as ``policybook check`` reports them
        "source/programs/ip-pledge.yaml:9:9: summary: 不安全的链接 'ftp://files.example/x' (unsafe link scheme) 提示: 只允许 http、https、mailto 和 tel 链接 [policybook.url]",
        "source/programs/ip-pledge.yaml:9:33: summary: 不安全的链接 'custom:foo' (unsafe link scheme) 提示: 只允许 http、https、mailto 和 tel 链接 [policybook.url]",
        "source/programs/ip-pledge.yaml:12:9: summary: 不安全的链接 'javascript:alert(1)' (unsafe link scheme) 提示: 只允许 http、https、mailto 和 tel 链接 [policybook.url]",
        "source/programs/ip-pledge.yaml:14:3: summary: 文字中不能设置页面的 meta 信息 (meta tags are not allowed in text fields) 提示: 删除 meta 指令 [policybook.meta]",
        "source/programs/ip-pledge.yaml:18:20: summary: 不安全的链接 'JaVa\\tScRiPt:alert(2)' (unsafe link scheme) 提示: 只允许 http、https、mailto 和 tel 链接 [policybook.url]",
        "source/programs/ip-pledge.yaml:22:3: summary: 不能引用项目以外或隐藏的文件: '../../../../../../../../../../etc/passwd' (file outside the project or hidden) 提示: 把文件放进内容文件夹 (如 source/forms/), 并用相对路径引用 [policybook.outside-file]",
    ]
    html = (result.app.outdir / "source/programs/ip-pledge.html").read_text("utf-8")
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert not [h for h in hrefs if re.match(r"(?i)\s*(javascript|ftp|custom|data)", h)], hrefs
    assert "tel:0123-5550103" in hrefs
    assert BeautifulSoup(html, "html.parser").find_all("meta", attrs={"http-equiv": True}) == []
    assert not list((result.app.outdir / "_downloads").rglob("passwd"))


def test_formulas_are_inert_mathml_and_load_nothing(tmp_path):
    """Formulas were left to MathJax, a script from a public CDN (blocked by the site's CSP,
    a third party wherever no CSP is sent). They are MathML written by the build now, and the
    converter's own output is not trusted: it un-escapes ``\\text{…}`` and passes ``\\href``,
    ``\\style`` and ``\\class`` through as attributes."""
    result = Site(tmp_path, "test-math").build()
    out = Path(result.app.outdir)
    clean = (out / "index.html").read_text("utf-8")
    for name in ("docs/hostile.html", "docs/formulas.html"):
        html = (out / name).read_text("utf-8")
        assert "mathjax" not in html.lower(), name
        # inert like every other page; only the <math> elements themselves are new
        assert [p for p in inert.problems(html, clean) if not p.startswith("<math> element")] == [], name
    soup = BeautifulSoup((out / "docs/hostile.html").read_text("utf-8"), "html.parser")
    text = soup.get_text()
    for shown in ("<b>不是标签</b> &", "<img src=x onerror=alert(1)>", "</math><script>alert(2)</script>",
                  "</span><script>alert(3)</script>"):
        assert shown in text.replace("\xa0", " "), shown
    inside = [tag for math in soup.find_all("math") for tag in [math, *math.find_all(True)]]
    assert len(inside) > 20 and all(tag.name.startswith("m") for tag in inside)
    assert not [tag for tag in inside if {"href", "style", "class", "onmouseover"} & set(tag.attrs)]
