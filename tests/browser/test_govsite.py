"""长辈版 (large text, high contrast) on a phone and a desktop, and a program page on paper.

200 % zoom is emulated as the browser does it: a CSS viewport half as wide and tall, at twice
the device pixels (``device_scale_factor=2``). That is what Ctrl + "+" to 200 % produces in
Chromium (layout width in CSS px halves, media queries switch), and unlike CSS ``zoom`` it
leaves computed font sizes and axe's contrast measurements in true CSS pixels. On the phone
that is a 195 CSS px viewport, below the 320 px WCAG 1.4.10 asks to reflow at: axe runs there,
but sideways scrolling is only asserted at the desktop's 640 px.
"""

from __future__ import annotations

import re
import unicodedata

import pypdf
import pytest

pytestmark = pytest.mark.browser

PROGRAM = "source/programs/patent-subsidy.html"
DEVICES = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 900}},
}
ZOOM_200 = {
    "phone": {"viewport": {"width": 195, "height": 422}, "device_scale_factor": 2, "is_mobile": True,
              "has_touch": True},
    "desktop": {"viewport": {"width": 640, "height": 450}, "device_scale_factor": 2},
}


def _body_text(page) -> dict:
    return page.evaluate("""() => {
        const p = document.querySelector('article p:not(.pb-badges)');
        const s = getComputedStyle(p);
        return {size: parseFloat(s.fontSize), line: parseFloat(s.lineHeight) / parseFloat(s.fontSize),
                elder: document.documentElement.classList.contains('pb-elder')};
    }""")


@pytest.mark.parametrize("device", list(DEVICES))
def test_elder_mode_switches_on_and_is_remembered(browser, site_url, device):
    context = browser.new_context(**DEVICES[device])
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(site_url + PROGRAM)
        before = _body_text(page)
        assert not before["elder"] and before["size"] < 18
        button = page.locator(".pb-elder-toggle").first
        assert button.is_visible() and button.inner_text() == "长辈版"
        if device == "phone":
            button.tap()
        else:
            button.click()
        on = _body_text(page)
        assert on["elder"] and on["size"] >= 18 and on["line"] >= 1.5, on
        assert button.inner_text() == "标准版"
        page.reload()
        assert _body_text(page) == on, "长辈版 forgotten after a reload"
        page.goto(site_url + "index.html")  # and on the next page
        assert _body_text(page)["elder"]
        assert page.locator(".pb-elder-toggle").first.inner_text() == "标准版"
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= DEVICES[device]["viewport"]["width"], f"长辈版 scrolls sideways ({width}px)"
        page.locator(".pb-elder-toggle").first.click()
        assert not _body_text(page)["elder"]
        page.reload()
        assert not _body_text(page)["elder"]
    finally:
        context.close()
    assert errors == []


def test_elder_mode_is_on_before_the_first_paint(browser, site_url):
    """The class is set by a blocking script in <head>: no flash of small text."""
    context = browser.new_context(**DEVICES["desktop"])
    page = context.new_page()
    try:
        page.goto(site_url + PROGRAM)
        page.evaluate("localStorage.setItem('pb-elder', '1')")
        seen = []
        page.on("console", lambda message: seen.append(message.text))
        page.add_init_script("""document.addEventListener('readystatechange', () => {
            if (document.readyState === 'interactive')
              console.log('elder-at-interactive:' + document.documentElement.classList.contains('pb-elder'));
        });""")
        page.reload()
        page.wait_for_load_state("load")
        assert "elder-at-interactive:true" in seen
        # no hover-only content in 长辈版: the heading anchors (shown on hover) are gone
        assert page.locator("article h2 .headerlink").first.is_hidden()
        # nor the colour-mode menu, which the theme opens on hover: a click opens it
        page.locator(".bd-header-article .theme-switch-button").hover()
        assert page.locator(".bd-header-article .theme-switch-container .dropdown-menu").is_hidden()
        page.locator(".bd-header-article .theme-switch-button").click()
        assert page.locator(".bd-header-article .theme-switch-container .dropdown-menu").is_visible()
    finally:
        context.close()


def test_without_javascript_the_toggle_is_hidden(browser, site_url):
    context = browser.new_context(java_script_enabled=False, **DEVICES["desktop"])
    page = context.new_page()
    try:
        page.goto(site_url + PROGRAM)
        assert page.locator(".pb-elder-toggle").count() >= 1
        assert page.locator(".pb-elder-toggle").first.is_hidden()
    finally:
        context.close()


# --- axe at 200 % zoom, standard and 长辈版 ---------------------------------------------------

AXE_AT_ZOOM = {"program": PROGRAM, "home": "index.html", "sitemap": "source/sitemap.html",
               "policy": "source/policies/county-ip-measures.html"}


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.mark.parametrize("mode", ["standard", "elder"])
@pytest.mark.parametrize("device", list(ZOOM_200))
@pytest.mark.parametrize("kind", list(AXE_AT_ZOOM))
def test_axe_at_200_percent_zoom_in_both_modes(browser, site_url, axe, kind, device, mode):
    from .test_validators import _axe_failures

    context = browser.new_context(**ZOOM_200[device])
    page = context.new_page()
    try:
        page.goto(site_url + AXE_AT_ZOOM[kind])
        if mode == "elder":
            page.evaluate("localStorage.setItem('pb-elder', '1')")
            page.reload()
            assert page.evaluate("document.documentElement.classList.contains('pb-elder')")
        page.wait_for_load_state("networkidle")
        failures = _axe_failures(axe.run(page).response)
        width = page.evaluate("document.documentElement.scrollWidth")
    finally:
        context.close()
    assert failures == [], "\n".join(failures)
    if ZOOM_200[device]["viewport"]["width"] >= 320:  # WCAG 1.4.10 reflow: from 320 CSS px up
        assert width <= ZOOM_200[device]["viewport"]["width"] + 1, f"scrolls sideways at 200 % ({width}px)"


# --- print ------------------------------------------------------------------------------------

def _shown(page, selector: str) -> bool:
    return page.evaluate("""sel => [...document.querySelectorAll(sel)].some(e => {
        const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
        return r.width > 0 && r.height > 0 && s.visibility !== 'hidden';
    })""", selector)


HIDDEN_IN_PRINT = [".bd-sidebar-primary", ".bd-sidebar-secondary", "#pst-page-toc-nav", "#jb-print-toc",
                   ".bd-header", ".bd-header-article", ".pb-elder-toggle", ".search-button-field",
                   ".pb-page-meta", ".pb-correction", ".headerlink", ".pb-footer-links", "#pst-back-to-top"]


def test_a_program_page_prints_as_an_application_guide(page, site_url):
    page.goto(site_url + PROGRAM)
    page.wait_for_load_state("networkidle")
    assert not _shown(page, ".pb-print-header")
    closed = page.locator("#faq details:not([open])").count()
    assert closed > 0
    page.emulate_media(media="print")
    header = page.locator(".pb-print-header")
    assert header.is_visible()
    text = header.inner_text()
    assert "明湖县科技政策服务平台" in text and "申报指南" in text
    assert "/source/programs/patent-subsidy.html" in text
    assert "打印日期：2026年11月21日" in text  # the browser's clock is pinned to the reference date
    for selector in HIDDEN_IN_PRINT:
        assert not _shown(page, selector), f"{selector} shows in print"
    # every FAQ answer is on paper
    answers = page.locator("#faq details .sd-summary-content")
    assert answers.count() == closed + page.locator("#faq details[open]").count() - closed
    for index in range(answers.count()):
        assert answers.nth(index).is_visible(), f"FAQ answer {index} hidden in print"
    for heading in ("支持标准", "申报条件", "申报材料", "申报流程", "申报时间", "咨询方式", "常见问题"):
        assert page.get_by_role("heading", name=heading).is_visible(), heading
    page.emulate_media(media="screen")  # back on screen: the FAQs are as the reader left them
    page.wait_for_timeout(100)
    assert page.locator("#faq details:not([open])").count() == closed


def test_the_pdf_of_a_program_page_reads_as_a_guide(page, site_url, tmp_path):
    page.goto(site_url + PROGRAM)
    page.wait_for_load_state("networkidle")
    first_answer = page.locator("#faq details .sd-summary-content p").first.text_content().strip()
    pdf = tmp_path / "guide.pdf"
    page.pdf(path=str(pdf), format="A4")
    # NFKC: the PDF's text maps some glyphs to CJK radicals (⽇ for 日)
    text = unicodedata.normalize("NFKC", "".join(p.extract_text() for p in pypdf.PdfReader(str(pdf)).pages))
    text = re.sub(r"\s+", "", text)
    assert "明湖县科技政策服务平台" in text and "申报指南" in text and "打印日期" in text
    assert re.sub(r"\s+", "", first_answer)[:20] in text, "FAQ answer missing from the PDF"
    for absent in ("编辑此页", "长辈版", "我为政府网站找错", "跳转至主要内容", "回到顶部"):
        assert absent not in text, absent


def test_the_finder_prints_its_results_not_its_form(page, site_url):
    page.goto(site_url + "source/finder.html?category=ip")
    page.wait_for_selector(".pb-finder-results-section .pb-item-title a, .pb-finder-results-section a")
    page.emulate_media(media="print")
    assert not _shown(page, ".pb-finder-form")
    assert _shown(page, ".pb-finder-results-section")
    assert _shown(page, ".pb-finder-count")
