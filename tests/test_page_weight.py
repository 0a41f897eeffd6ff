"""Page weight (issue 16): no page loads the theme's fontawesome.js, and a program page's own
files stay within budget. Sizes, not timings: bench/page_weight.py measures the timings."""

from __future__ import annotations

import gzip
import importlib.util
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

_spec = importlib.util.spec_from_file_location("fa_subset", Path(__file__).parent.parent / "tools" / "fa_subset.py")
fa_subset = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fa_subset)

BUDGET = 300 * 1024  # gzip bytes: the program page, its CSS, JS and fonts (issue 16's target)
PROGRAM = "source/programs/high-tech-recognition.html"

_ASSET = re.compile(r'<(?:script[^>]*\bsrc|link[^>]*\bhref)="([^"]+)"[^>]*>')
_FONT_URL = re.compile(r'url\("?([^")]+\.woff2?)"?\)')


@pytest.fixture(scope="module")
def site(sample_site) -> Path:
    return Path(sample_site.outdir)


def _pages(site: Path):
    return [p for p in site.rglob("*.html") if "_static" not in p.parts]


def _gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 6, mtime=0))


def test_no_page_loads_fontawesome_js(site):
    offenders = [str(p.relative_to(site)) for p in _pages(site) if "fontawesome.js" in p.read_text("utf-8")]
    assert not offenders, f"pages that load fontawesome.js (1.5 MB): {offenders[:5]}"


def test_the_templates_leave_no_blank_lines_of_their_own(site):
    """Each {% if %} of the theme's layout left an empty or indented line: about 100 a page,
    0.6 KB of a program page's 40 KB budget (issue 22). A few come from values the templates
    print (meta tags), none from the template tags."""
    for page in _pages(site):
        text = re.sub(r"<(pre|textarea|script)\b.*?</\1>", "", page.read_text("utf-8"), flags=re.S)
        blank = len(re.findall(r"\n[ \t]*(?=\n)", text))
        assert blank <= 12, (str(page.relative_to(site)), blank)


def test_program_page_js_css_within_budget(site):
    page = site / PROGRAM
    html = page.read_text("utf-8")
    head = html.split("</head>")[0]
    files = {page}
    for tag in _ASSET.finditer(html):
        whole, url = tag.group(0), tag.group(1)
        if "rel=\"stylesheet\"" not in whole and "<script" not in whole:
            continue
        if "://" in url or url.startswith("data:"):
            continue
        files.add((page.parent / urlsplit(url).path).resolve())
    for css in [f for f in list(files) if f.suffix == ".css"]:
        for font in _FONT_URL.findall(css.read_text("utf-8")):
            if "vendor/fontawesome" not in font:  # the theme's full fonts: only for glyphs outside pb-icons
                files.add((css.parent / font).resolve())
    missing = [str(f) for f in files if not f.is_file()]
    assert not missing, f"the page refers to files the build did not write: {missing}"
    total = sum(_gz(f) for f in files)
    listing = ", ".join(f"{f.name} {_gz(f) // 1024} KB" for f in sorted(files, key=_gz, reverse=True)[:6])
    assert total <= BUDGET, f"program page loads {total // 1024} KB gzipped (budget {BUDGET // 1024}): {listing}"
    assert "pb-icons.woff2" in " ".join(f.name for f in files)
    # the head has few files that block drawing: every script in it runs deferred except the colour
    # mode (and other pre-paint switches), and the stylesheets are bundled
    blocking = [s for s in re.findall(r"<script[^>]*\bsrc=[^>]*>", head) if "defer" not in s and "async" not in s]
    sheets = [s for s in re.findall(r"<link[^>]*stylesheet[^>]*>", head) if 'media="print"' not in s]
    assert len(blocking) + len(sheets) <= 7, (blocking, sheets)


def test_every_icon_on_the_pages_is_in_the_small_font(site):
    """pb-icons.woff2 is cut by tools/fa_subset.py: an icon outside its unicode-range would fetch
    the theme's 112 KB font. Re-run the tool when this fails."""
    theme_css = fa_subset.THEME_CSS.read_text("utf-8")
    codepoints = fa_subset.icon_codepoints(theme_css)
    icon_css = (site / "_static" / "pb-icons.css").read_text("utf-8")
    covered = {int(cp, 16) for cp in re.findall(r"U\+([0-9A-F]+)", icon_css.split("unicode-range:")[1])}
    used = set()
    for page in _pages(site):
        for classes in re.findall(r'class="([^"]*\bfa-solid\b[^"]*)"', page.read_text("utf-8")):
            used.update(c[3:] for c in classes.split() if c.startswith("fa-") and c[3:] in codepoints)
    assert used, "no icons found: did the theme change how it writes them?"
    outside = sorted(name for name in used if codepoints[name] not in covered)
    assert not outside, f"icons not in pb-icons.woff2 (run tools/fa_subset.py): {outside}"
    assert (site / "_static" / "pb-icons.woff2").stat().st_size < 8 * 1024


PAGE_LIMIT = 40 * 1024  # bytes of HTML per page (issue 22), as bench/run.py counts them


def test_every_sample_page_within_40_kb(site):
    """Issue 22: every page ≤ 40 KB of HTML at every N, the sample site's 48 programs too (the
    richest, 高新技术企业认定 with eight conditions and four FAQs, was 46 KB)."""
    over = sorted((p.stat().st_size, str(p.relative_to(site))) for p in _pages(site) if p.stat().st_size > PAGE_LIMIT)
    assert not over, f"pages over 40 KB: {over}"


def test_dropdowns_draw_their_chevron_with_css(site):
    """sphinx-design wrote the same 330-byte SVG chevron into every dropdown (four FAQs: 1.7 KB of
    a program page); the stylesheet draws it once for all."""
    html = (site / PROGRAM).read_text("utf-8")
    assert html.count('class="sd-summary-state-marker') >= 4
    assert "<svg" not in html
    bundle = next((site / "_static").glob("pb-bundle-*.css")).read_text("utf-8")
    assert ".sd-summary-state-marker::before" in bundle


def test_one_viewport_tag_per_page(site):
    html = (site / PROGRAM).read_text("utf-8")
    assert html.count('name="viewport"') == 1


def test_no_page_carries_an_ad_slot(site):
    """pydata-sphinx-theme's default sidebar end is Read the Docs' ad placement: an ad slot in every
    page of a government site (and 0.2 KB of it)."""
    offenders = [str(p.relative_to(site)) for p in _pages(site) if "ethical-ad" in p.read_text("utf-8")]
    assert not offenders, offenders[:5]


def test_tab_script_only_on_pages_with_tabs(site):
    """sphinx-design's design-tabs.js syncs tab sets; a page without one need not fetch it."""
    for page in _pages(site):
        html = page.read_text("utf-8")
        assert ("design-tabs.js" in html) == ('class="sd-tab-set' in html), page.relative_to(site)


@pytest.mark.parametrize(("body", "kept"), [
    ('<div class="sd-tab-set docutils">…</div>', True),
    ("<p>没有标签页</p>", False),
])
def test_tab_script_follows_the_page_body(tmp_path, body, kept):
    from types import SimpleNamespace

    from sphinx.builders.html._assets import _JavaScript

    from policybook.pages.weight import lighten

    app = SimpleNamespace(config=SimpleNamespace(html_theme="sphinx_book_theme"),
                          builder=SimpleNamespace(format="html"), outdir=str(tmp_path))
    scripts = [_JavaScript("_static/pb-nav.js", defer="defer"),
               _JavaScript("_static/design-tabs.js", **{"data-sd-tabs-storage-prefix": "sphinx-design-tab-id-"})]
    context = {"script_files": scripts, "css_files": [], "body": body}
    lighten(app, "page", "page.html", context, None)
    names = [str(js.filename) for js in context["script_files"]]
    assert ("_static/design-tabs.js" in names) is kept
    assert "_static/pb-nav.js" in names


def test_our_deferred_scripts_come_in_one_file(site):
    """Our deferred scripts that follow each other are one request (five on a program page);
    Sphinx's and the themes' scripts, in newer syntax, stay separate files."""
    html = (site / PROGRAM).read_text("utf-8")
    srcs = [src.split("?")[0] for src in re.findall(r'<script[^>]*\bsrc="([^"]+)"', html)]
    bundles = [s for s in srcs if re.search(r"pb-bundle-\w+\.js$", s)]
    assert len(bundles) == 2, srcs
    separate_ours = [s for s in srcs if re.search(r"_static/pb-(?!bundle)[\w-]+\.js$", s)]
    assert separate_ours == ["../../_static/pb-mode.js", "../../_static/pb-elder.js"]  # they run before the paint
    first = (site / PROGRAM).parent.joinpath(bundles[0]).resolve().read_text("utf-8")
    assert first.startswith("/* pb-bundle: _static/pb-docopts.js _static/pb-window.js _static/pb-nav.js")
    assert (site / "_static" / "pb-nav.js").read_text("utf-8") in first


def test_a_bundle_is_made_once_per_version_of_its_parts(tmp_path, monkeypatch):
    """Every page needs the same few bundles: a page stats the parts, it does not read them
    again; an edited part (its page written in a later build) makes the bundle anew."""
    import os

    from sphinx.builders.html._assets import _JavaScript

    from policybook.pages import bundles

    static = tmp_path / "_static"
    static.mkdir()
    (static / "pb-a.js").write_text("(function () { window.a = 1; })();", "utf-8")
    (static / "pb-b.js").write_text("(function () { window.b = 1; })();", "utf-8")
    made = []
    text = bundles._text
    monkeypatch.setattr(bundles, "_text", lambda *args: made.append(args) or text(*args))
    scripts = [_JavaScript("_static/pb-a.js", defer="defer"), _JavaScript("_static/pb-b.js", defer="defer")]
    for _page in range(50):
        [merged] = bundles.bundle(str(tmp_path), scripts, bundles.JS)
    assert len(made) == 1
    (static / "pb-b.js").write_text("(function () { window.b = 2; })();", "utf-8")
    os.utime(static / "pb-b.js", ns=(1, 1))  # a new version, whatever the clock's resolution
    [again] = bundles.bundle(str(tmp_path), scripts, bundles.JS)
    assert again.filename == merged.filename and len(made) == 2
    assert "window.b = 2" in (tmp_path / merged.filename).read_text("utf-8")
