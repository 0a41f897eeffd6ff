"""A reader on a phone, a tablet or a desktop finds the way around, and the way back from a 404.

* The ☰ menu and the 目录 button open their drawers at every width (pydata-sphinx-theme ≥ 0.17
  bound its handler to the first, hidden toggle: pydata/pydata-sphinx-theme#2451,
  executablebooks/sphinx-book-theme#988); from the menu a reader reaches 政策查找, 政策匹配,
  申报日历 and the home page; Escape and a 关闭 button close it and focus goes back.
* The phone header names the site and leads home.
* The 404 page works at any depth, as a static host serves it (nginx ``error_page 404``).
* Keyboard focus is visible, the interface speaks Chinese, no console errors, one search box.
"""

from __future__ import annotations

import functools
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from .conftest import REFERENCE_DATE

pytestmark = pytest.mark.browser

PROGRAM = "source/programs/patent-subsidy.html"
VIEWPORTS = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "tablet": {"viewport": {"width": 800, "height": 1100}, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 900}},
}
# Where the menu leads: link text → the page's address ("" is the home page).
MAIN_PAGES = {"政策查找": "source/finder.html", "政策匹配": "source/self-check.html",
              "申报日历": "source/calendar.html", "明湖县科技政策服务平台": "index.html"}


@pytest.fixture
def reader(request, browser, site_url):
    """A page in the viewport named by the test's parameter; console errors fail the test."""
    context = browser.new_context(**VIEWPORTS[request.param])
    page = context.new_page()
    page.clock.set_fixed_time(f"{REFERENCE_DATE}T10:00:00+08:00")
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    def console(msg):
        # the 404 page itself comes with status 404, which Chromium logs as a failed load
        if msg.type == "error" and not (MISSING in msg.location.get("url", "") and "404" in msg.text):
            errors.append(msg.text)
    page.on("console", console)
    page.errors = errors
    yield page
    context.close()
    assert not errors, f"console errors: {errors}"


def tap(page, locator):
    """A finger on touch screens, the mouse elsewhere."""
    if page.evaluate("navigator.maxTouchPoints > 0"):
        locator.tap()
    else:
        locator.click()


def open_menu(page):
    toggle = page.locator(".primary-toggle:visible")
    assert toggle.count() == 1, "one visible ☰ button"
    tap(page, toggle)
    menu = page.locator("#pst-primary-sidebar-modal")
    menu.wait_for(state="visible")
    assert page.evaluate("document.getElementById('pst-primary-sidebar-modal').open")
    return menu


# -- 1. the menu opens at every width ------------------------------------------------------------

@pytest.mark.parametrize("reader", ["phone", "tablet"], indirect=True)
@pytest.mark.parametrize("name", list(MAIN_PAGES))
def test_menu_opens_on_a_program_page_and_leads_to_the_main_pages(reader, site_url, name):
    reader.goto(site_url + PROGRAM)
    menu = open_menu(reader)
    link = menu.get_by_role("link", name=name, exact=True).first
    assert link.is_visible(), f"{name} is not in the opened menu"
    tap(reader, link)
    reader.wait_for_url(site_url + MAIN_PAGES[name])
    assert reader.locator("article h1").first.is_visible()


@pytest.mark.parametrize("reader", ["desktop"], indirect=True)
def test_desktop_menu_button_hides_and_shows_the_sidebar(reader, site_url):
    reader.goto(site_url + PROGRAM)
    sidebar = reader.locator("#pst-primary-sidebar")
    toggle = reader.locator(".primary-toggle:visible")
    assert toggle.count() == 1
    assert sidebar.get_by_role("link", name="政策查找").is_visible()
    assert toggle.get_attribute("aria-expanded") == "true"
    toggle.click()
    reader.wait_for_function("getComputedStyle(document.getElementById('pst-primary-sidebar')).visibility === 'hidden'")
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    sidebar.get_by_role("link", name="政策查找").wait_for(state="visible")
    assert toggle.get_attribute("aria-expanded") == "true"
    sidebar.get_by_role("link", name="申报日历").click()
    reader.wait_for_url(site_url + "source/calendar.html")


@pytest.mark.parametrize("reader", ["phone", "tablet"], indirect=True)
def test_menu_closes_with_its_button_and_escape_and_focus_comes_back(reader, site_url):
    reader.goto(site_url + PROGRAM)
    menu = open_menu(reader)
    close = menu.get_by_role("button", name="关闭")
    assert close.is_visible()
    assert reader.evaluate("document.getElementById('pst-primary-sidebar-modal').contains(document.activeElement)"), \
        "focus moves into the opened menu"
    tap(reader, close)
    menu.wait_for(state="hidden")
    assert reader.evaluate("document.activeElement.classList.contains('primary-toggle')"), "focus back on ☰"
    # the sidebar's content went back where it was, and it opens again; Escape closes it
    open_menu(reader)
    reader.keyboard.press("Escape")
    menu.wait_for(state="hidden")
    assert reader.locator("#pst-primary-sidebar .bd-docs-nav").count() == 1
    assert reader.locator(".primary-toggle:visible").get_attribute("aria-expanded") == "false"


@pytest.mark.parametrize("reader", ["phone", "tablet"], indirect=True)
def test_toc_button_opens_the_page_toc(reader, site_url):
    reader.goto(site_url + PROGRAM)
    toggle = reader.locator(".secondary-toggle:visible")
    assert toggle.count() == 1, "one visible 目录 button"
    tap(reader, toggle)
    toc = reader.locator("#pst-secondary-sidebar-modal")
    toc.wait_for(state="visible")
    entry = toc.get_by_role("link", name="申报条件")
    assert entry.is_visible()
    tap(reader, entry)
    toc.wait_for(state="hidden")  # following a TOC link closes the drawer
    assert reader.url.endswith("#eligibility")


@pytest.mark.parametrize("reader", ["phone"], indirect=True)
def test_phone_header_names_the_site_and_leads_home(reader, site_url):
    reader.goto(site_url + PROGRAM)
    home = reader.locator(".bd-header-article a.pb-home-link")
    assert home.is_visible() and "明湖县科技政策服务平台" in home.inner_text()
    width = reader.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways on a phone ({width}px)"
    tap(reader, home)
    reader.wait_for_url(site_url + "index.html")


@pytest.mark.parametrize("reader", ["phone"], indirect=True)
def test_search_dialog_has_a_close_button_on_phones(reader, site_url):
    reader.goto(site_url + PROGRAM)
    tap(reader, reader.locator(".search-button__button:visible").first)
    dialog = reader.locator("#pst-search-dialog")
    dialog.locator("input[name=q]").wait_for(state="visible")
    assert reader.evaluate("document.activeElement.name") == "q", "the field has the focus, ready to type"
    close = dialog.get_by_role("button", name="关闭")
    assert close.is_visible()
    tap(reader, close)
    dialog.wait_for(state="hidden")
    assert not reader.evaluate("document.getElementById('pst-search-dialog').open")


# -- 2. the 404 page at any depth ------------------------------------------------------------------

class _StaticHost(SimpleHTTPRequestHandler):
    """Like nginx with ``error_page 404 /404.html``: any missing path gets 404.html, status 404."""

    def log_message(self, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        body = (self.server.root / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="module")
def static_host(built_site):
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_StaticHost, directory=str(built_site)))
    server.root = built_site
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


MISSING = "source/programs/nope/deeper.html"


@pytest.mark.parametrize("reader", ["desktop", "phone"], indirect=True)
def test_404_page_at_a_nested_path_leads_home(reader, static_host):
    response = reader.goto(static_host + MISSING)
    assert response.status == 404
    assert reader.locator("article h1").first.inner_text() == "页面不存在"
    # the stylesheets loaded from the site's root, not from under the missing path
    assert reader.evaluate("""() => [...document.querySelectorAll('link[rel=stylesheet]')]
        .every(l => l.getAttribute('href').startsWith('/') && l.sheet && l.sheet.cssRules.length > 0)""")
    tap(reader, reader.locator("main").get_by_role("link", name="首页"))
    reader.wait_for_url(static_host + "index.html")
    assert reader.locator(".pb-item-title a").first.is_visible()


@pytest.mark.parametrize("reader", ["desktop", "phone"], indirect=True)
def test_404_page_at_a_nested_path_searches(reader, static_host):
    reader.goto(static_host + MISSING)
    tap(reader, reader.locator(".search-button__button:visible").first)
    field = reader.locator("#pst-search-dialog input[name=q]")
    field.wait_for(state="visible")
    field.fill("创新券")
    first = reader.locator("#pb-search-dialog-results a.pb-search-hit").first
    first.wait_for()
    assert "索引未能加载" not in reader.locator("#pb-search-dialog-status").inner_text()
    assert first.get_attribute("href") == static_host + "source/programs/innovation-voucher.html"
    first.click()
    reader.wait_for_url("**/innovation-voucher.html")
    assert "科技创新券" in reader.locator("article h1").inner_text()


# -- 5. accessibility beyond axe -------------------------------------------------------------------

def focus_ring(page) -> str:
    """The focused element's outline or box-shadow, '' when it has neither."""
    return page.evaluate("""() => {
        const s = getComputedStyle(document.activeElement);
        const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 ? s.outlineStyle : '';
        const shadow = s.boxShadow && s.boxShadow !== 'none' ? s.boxShadow : '';
        return outline || shadow;
    }""")


def tab_to(page, predicate: str, limit: int = 40) -> bool:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return !!el && ({predicate}); }})()"):
            return True
    return False


@pytest.mark.parametrize("reader, targets", [
    ("desktop", {"search": "el.matches('.search-button__button')", "menu": "el.matches('.primary-toggle')"}),
    ("tablet", {"menu": "el.matches('.primary-toggle')", "search": "el.matches('.search-button__button')",
                "toc": "el.matches('.secondary-toggle')"}),
], indirect=["reader"])
def test_keyboard_focus_is_visible_on_search_and_toggles(reader, site_url, targets):
    reader.goto(site_url + PROGRAM)
    for name, predicate in targets.items():
        reader.goto(site_url + PROGRAM)  # Tab from the top of the page
        assert tab_to(reader, predicate), f"Tab never reaches the {name} button"
        assert reader.evaluate("document.activeElement.matches(':focus-visible')")
        assert focus_ring(reader), f"no visible focus indicator on the {name} button"


ENGLISH_UI = ["Toggle primary sidebar", "Toggle secondary sidebar", "Color mode", "System Settings",
              "Light", "Dark", "Copyright", "Back to top", "Search", "Contents", "On this page",
              "Site navigation", "Skip to main content", "Main", "Page"]
PAGE_KINDS = ["index.html", PROGRAM, "source/finder.html", "source/self-check.html", "source/calendar.html",
              "source/categories/index.html", "source/policies/index.html", "search.html", "404.html"]


@pytest.mark.parametrize("reader", ["desktop", "phone"], indirect=True)
def test_interface_speaks_chinese_and_logs_no_errors(reader, site_url):
    """Theme strings in visible text or in aria-label / title / placeholder attributes."""
    found = {}
    words = re.compile(r"\b(" + "|".join(map(re.escape, ENGLISH_UI)) + r")\b")
    for path in PAGE_KINDS:
        reader.goto(site_url + path)
        reader.wait_for_load_state("load")
        texts = reader.evaluate("""() => {
            const out = [document.body.innerText];
            for (const el of document.querySelectorAll('[aria-label], [title], [placeholder]')) {
                for (const a of ['aria-label', 'title', 'placeholder']) {
                    if (el.hasAttribute(a)) out.push(el.getAttribute(a));
                }
            }
            return out;
        }""")
        hits = sorted({m for text in texts for m in words.findall(text)})
        if hits:
            found[path] = hits
    assert not found, f"English interface strings: {found}"


@pytest.mark.parametrize("reader", ["desktop"], indirect=True)
def test_one_search_box_on_desktop(reader, site_url):
    for path in ("index.html", PROGRAM):
        reader.goto(site_url + path)
        assert reader.locator(".search-button__button:visible").count() == 1, path
    assert tab_to(reader, "el.matches('.search-button__button')")
    reader.keyboard.press("Enter")
    reader.locator("#pst-search-dialog input[name=q]").wait_for(state="visible")


@pytest.mark.parametrize("reader", ["desktop"], indirect=True)
def test_finder_and_self_check_announce_their_counts(reader, site_url):
    reader.goto(site_url + "source/finder.html")
    live = reader.locator("#pb-finder [aria-live=polite], .pb-finder [aria-live=polite]").first
    live.wait_for(state="attached")
    before = live.inner_text()
    assert "项" in before
    reader.locator("input[name=status]").first.check()
    reader.wait_for_function("(before) => { const el = document.querySelector('#pb-finder-count'); "
                             "return el && el.textContent !== before; }", arg=before)
    assert re.search(r"\d+项", live.inner_text())
    assert live.get_attribute("role") == "status"

    reader.goto(site_url + "source/self-check.html")
    reader.wait_for_selector('[data-pb-finder="selfcheck"][data-pb-ready="true"]')
    live = reader.locator(".pb-selfcheck-summary")
    assert live.get_attribute("aria-live") == "polite" and live.get_attribute("role") == "status"
    before = live.inner_text()
    reader.locator(".pb-selfcheck-form input[type=radio]").first.check()
    reader.locator(".pb-selfcheck-form button[type=submit]").click()
    reader.wait_for_function("(before) => document.querySelector('.pb-selfcheck-summary').textContent !== before",
                             arg=before)
    assert "已回答1/" in live.inner_text()
