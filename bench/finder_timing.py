"""How fast the 政策查找 and 政策匹配 pages are in a real browser, on a built site.

The issue's target is "filter response under 100 ms in the browser, measured" at N = 2,000, so
this drives Debian's Chromium (Playwright, headless) against the built site served over HTTP,
and times in the page with ``performance.now()``:

* **load**: from navigation start to the first results (``data-pb-ready``, set after the first
  results are in the DOM; on 政策查找 opened without filters, ``data-pb-first``, the first page
  the build precomputed, finder/first.py; then ``full_ready_painted_ms`` is when the full index
  is ready; on the self-check page, after the questions and results are built, i.e. when the
  questions are usable), and to the next painted frame (``painted_ms``: a requestAnimationFrame
  callback, then a task after it; it waits for any long task queued behind that frame, such as
  the theme's deferred scripts, so it can come well after the results are on screen). Also
  ``on_screen_ms``: the paint of the first result card's text as the browser reports it
  (Element Timing, ``renderTime``), the moment the reader sees the first results. Each
  load is a fresh browser context (cold cache). Also the bytes of the data file (Resource
  Timing: over the wire, body, decoded) and how long fetching it took.
* **filter**: tick and untick a status checkbox (mouse), pick a category and 全部 again (arrow
  keys on the select), enter a query (text input, as an IME commits it) and clear it
  (Backspace); on the self-check page, answer a question and take the answer back. Each from
  the first input event (its own time stamp) to the results being updated (a MutationObserver
  on the result count and list) and to the next frame (requestAnimationFrame, then a task); also
  ``event_ms``, the browser's own Event Timing of that input (time stamp to the next frame
  presented, rounded to 8 ms; what INP reads), which tasks queued behind the frame do not delay. On the
  self-check page each answer is given once the previous one has settled (``data-pb-settled``):
  what an answer leaves for idle time (items off screen, the checklist) changes the results too,
  and would otherwise be timed as the next answer.

Every figure is min / median / max over ``runs`` repetitions, plus the raw samples. Nothing is
slept on: each step waits for a marker the page sets. The probe announces each marker with a
console message, which the harness waits for: polling the page (``wait_for_function``) makes
Playwright compile its own injected script on the page's main thread, ≈ 400 ms at CPU 4×, and
it ran between the first results' frame and the probe's "painted" task, inflating first results
by up to that much (trace, 2026-12-03-finderpaint.md).

    .venv/bin/python bench/finder_timing.py _build/html             # prints JSON
    .venv/bin/python bench/finder_timing.py /tmp/site/html --runs 9 --cpu-slowdown 4

``bench/run.py`` calls :func:`measure_finder`. ``--cpu-slowdown 4`` (Chrome's CPU throttling)
approximates a mid-range phone, ``--network slow-4g`` a phone's connection. The server gzips
text like the nginx config in docs/deploy, so "over the wire" is what a reader would download.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import io
import json
import os
import statistics
import sys
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CHROMIUM = os.environ.get("POLICYBOOK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
FINDER = "source/finder.html"
SELF_CHECK = "source/self-check.html"
PAGES = ("finder", "selfcheck")  # what measure_finder times (--pages)
QUERY = "专利"  # found in the sample content and in bench/generate.py's sites
TIMEOUT_MS = 120_000
# Network emulation (Chrome DevTools protocol): latency in ms, throughput in bytes per second.
NETWORKS = {
    "slow-4g": {"latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8},  # DevTools' Slow 4G
    "fast-4g": {"latency": 60, "downloadThroughput": 9e6 / 8, "uploadThroughput": 1.5e6 / 8},  # DevTools' Fast 4G
}

# Installed before any page script runs. Records when each mount point turns ready, and times
# one armed operation at a time (window.__pbTiming.arm).
PROBE = """
(() => {
  const T = window.__pbTiming = { ready: {}, complete: {}, first: {}, op: null, cardPaint: null };
  // When the first result card is on screen: Element Timing's renderTime of its texts (the
  // frame's paint), asked for by marking the first card before it is painted. The
  // rAF-then-task marker below comes later whenever a long task (the theme's deferred scripts)
  // is queued behind the frame that showed the results.
  if (window.PerformanceObserver && PerformanceObserver.supportedEntryTypes.includes("element")) {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.identifier !== "pb-first-card") continue;
        const t = e.renderTime || e.loadTime;
        if (T.cardPaint === null || t < T.cardPaint) T.cardPaint = t;
      }
    }).observe({ type: "element", buffered: true });
    new MutationObserver((records, observer) => {
      const card = document.querySelector('[data-pb-finder] .pb-finder-results > li, [data-pb-finder] .pb-selfcheck-item');
      if (!card) return;
      observer.disconnect();
      for (const node of [card, ...card.querySelectorAll("*")]) {
        if (Array.from(node.childNodes).some((c) => c.nodeType === 3 && c.data.trim())) node.setAttribute("elementtiming", "pb-first-card");
      }
    }).observe(document, { childList: true, subtree: true });
  }
  // a callback after the next frame has been produced (rAF, then a task after it)
  const afterPaint = (done) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => done(performance.now());
    channel.port2.postMessage(0);
  });
  new MutationObserver((records) => {
    for (const r of records) {
      const kind = r.target.getAttribute("data-pb-finder");
      if (kind && r.attributeName === "data-pb-first" && !T.first[kind]) {
        // 政策查找: the first page precomputed by the build is on screen (finder/first.py)
        const shown = T.first[kind] = { at: performance.now(), painted: null };
        afterPaint((t) => { shown.painted = t; console.debug("__pbTiming first " + kind); });
      }
      if (kind && r.attributeName === "data-pb-complete" && !T.complete[kind]) {
        // 政策匹配: its lazily read part (checklist, calendar) has arrived and been rendered
        const done = T.complete[kind] = { state: r.target.getAttribute("data-pb-complete"), at: performance.now(), painted: null };
        afterPaint((t) => { done.painted = t; });
      }
      if (!kind || r.attributeName !== "data-pb-ready" || T.ready[kind]) continue;
      const entry = T.ready[kind] = { state: r.target.getAttribute("data-pb-ready"), at: performance.now(), painted: null };
      afterPaint((t) => { entry.painted = t; console.debug("__pbTiming ready " + kind); });
    }
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-pb-ready", "data-pb-complete", "data-pb-first"] });
  // Event Timing (what INP reads): each input's time from its time stamp to the next frame presented
  // after its handlers, rounded to 8 ms by the browser; entries under 16 ms are not reported
  T.events = [];
  if (window.PerformanceObserver && PerformanceObserver.supportedEntryTypes.includes("event")) {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) T.events.push({ name: e.name, start: e.startTime, duration: e.duration });
    }).observe({ type: "event", durationThreshold: 16, buffered: true });
  }
  for (const type of ["pointerdown", "mousedown", "keydown", "beforeinput", "input", "change", "click"]) {
    document.addEventListener(type, (event) => {
      const op = T.op;
      if (op && op.start === null) { op.start = event.timeStamp; op.event = type; }
    }, true);
  }
  T.arm = (selectors) => {
    const op = T.op = { armed: performance.now(), start: null, event: null, updated: null, painted: null };
    const observer = new MutationObserver(() => {
      if (op.updated !== null) return;
      op.updated = performance.now();
      observer.disconnect();
      afterPaint((t) => { op.painted = t; console.debug("__pbTiming op"); });
    });
    for (const selector of selectors) {
      const node = document.querySelector(selector);
      if (node) observer.observe(node, { childList: true, subtree: true, characterData: true, attributes: true });
    }
  };
})();
"""

RESOURCES = """
() => performance.getEntriesByType("resource")
  .filter((e) => /\\/data\\/.+\\.(json|js)(\\?|$)/.test(e.name))  // data/finder-first.js is data too
  .map((e) => ({ name: new URL(e.name).pathname, transfer: e.transferSize, encoded: e.encodedBodySize,
                 decoded: e.decodedBodySize, fetch_ms: e.responseEnd - e.startTime, end_ms: e.responseEnd }))
"""


def stats(samples: list[float]) -> dict:
    """min / median / max in ms (rounded to 0.1 ms), and the samples themselves."""
    if not samples:
        return {"min": None, "median": None, "max": None, "samples": []}
    rounded = [round(s, 1) for s in samples]
    return {"min": min(rounded), "median": round(statistics.median(samples), 1), "max": max(rounded),
            "samples": rounded}


class _GzipHandler(SimpleHTTPRequestHandler):
    """Static files, gzipped for clients that accept it, like the nginx config in docs/deploy."""

    COMPRESS = (".html", ".css", ".js", ".json", ".atom", ".ics", ".svg")
    _cache: dict[tuple[str, int], bytes] = {}

    def log_message(self, *args):
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if (not path.endswith(self.COMPRESS) or not os.path.isfile(path)
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        key = (path, os.stat(path).st_mtime_ns)
        if key not in self._cache:
            with open(path, "rb") as file:
                self._cache[key] = gzip.compress(file.read(), 6, mtime=0)
        body = self._cache[key]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a page closed mid-download: not news
            super().handle_error(request, client_address)


@contextmanager
def serve(directory: Path):
    """The site over HTTP (gzip, as deployed) on a free loopback port, from a background thread."""
    handler = functools.partial(_GzipHandler, directory=str(directory))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def data_files(site: Path) -> dict:
    """Bytes on disk (and gzipped, as a web server would send them) of the JSON the pages can load."""
    found = {}
    for name in ("finder.json", "programs.json"):
        path = site / "data" / name
        if path.is_file():
            raw = path.read_bytes()
            found[name] = {"bytes": len(raw), "gzip_bytes": len(gzip.compress(raw, 6, mtime=0))}
    return found


def gzip_size(path: Path) -> int:
    try:
        return len(gzip.compress(path.read_bytes(), 6, mtime=0))
    except OSError:
        return 0


class _Session:
    """One browser; pages opened in fresh contexts with the probe installed."""

    def __init__(self, browser, base: str, cpu_slowdown: float, network: str | None, site: Path | None = None,
                 today: str | None = None):
        self.browser, self.base, self.cpu_slowdown, self.network = browser, base, cpu_slowdown, network
        self.site = site or Path(".")
        self.today = today

    @contextmanager
    def page(self, path: str, kind: str):
        context = self.browser.new_context(viewport={"width": 1280, "height": 900})
        try:
            page = context.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            page.add_init_script(PROBE)
            if self.today:
                page.add_init_script(clock_script(self.today))
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            if self.cpu_slowdown != 1 or self.network:
                cdp = context.new_cdp_session(page)
                if self.cpu_slowdown != 1:
                    cdp.send("Emulation.setCPUThrottlingRate", {"rate": self.cpu_slowdown})
                if self.network:
                    cdp.send("Network.enable")
                    cdp.send("Network.emulateNetworkConditions", {"offline": False, **NETWORKS[self.network]})
            # wait on the probe's console message, not by polling the page (module docstring)
            with page.expect_console_message(lambda m: m.text == f"__pbTiming ready {kind}", timeout=TIMEOUT_MS):
                page.goto(self.base + path)
            ready = page.evaluate("k => window.__pbTiming.ready[k]", kind)
            ready["first"] = page.evaluate("k => window.__pbTiming.first[k] || null", kind)
            if ready["state"] != "true":
                raise RuntimeError(f"{path}: the page reported data-pb-ready={ready['state']!r} {errors}")
            yield page, ready
            if errors:
                raise RuntimeError(f"{path}: JavaScript errors: {errors}")
        finally:
            context.close()

    def load(self, path: str, kind: str, runs: int) -> dict:
        ready, painted, fetch, resources, before, complete = [], [], [], [], 0, []
        on_screen = []  # the first result card's paint (Element Timing), when the browser reports it
        full = []  # the full index ready and painted, when the first results were the precomputed page
        for _ in range(runs):
            with self.page(path, kind) as (page, marker):
                first = marker["first"]
                if first and first["painted"] is None:
                    page.wait_for_function("k => window.__pbTiming.first[k].painted !== null", arg=kind)
                    first = page.evaluate("k => window.__pbTiming.first[k]", kind)
                # first results: the precomputed page when there is one, else the page made from the index
                ready.append(first["at"] if first else marker["at"])
                painted.append(first["painted"] if first else marker["painted"])
                if first:
                    full.append(marker["painted"])
                    marker = {**marker, "painted": first["painted"]}
                if page.evaluate("() => PerformanceObserver.supportedEntryTypes.includes('element')"):
                    page.wait_for_function("() => window.__pbTiming.cardPaint !== null")
                    on_screen.append(page.evaluate("() => window.__pbTiming.cardPaint"))
                if kind == "selfcheck" and wait_complete(page, kind) is not None:
                    complete.append(page.evaluate("k => window.__pbTiming.complete[k].painted", kind))
                resources = page.evaluate(RESOURCES)
                fetch += [r["fetch_ms"] for r in resources]
                # data that arrived before the first results were painted, gzipped as served (issue 22)
                before = sum(gzip_size(self.site / r["name"].lstrip("/")) for r in resources
                             if r["end_ms"] <= marker["painted"])
        result = {"ready_ms": stats(ready), "painted_ms": stats(painted), "data_fetch_ms": stats(fetch),
                  "data_files": resources, "before_results_gzip_bytes": before}
        if on_screen:  # the moment the reader sees the first results: the frame that painted them
            result["on_screen_ms"] = stats(on_screen)
        if full:  # 政策查找: the full index read and prepared after the precomputed first page
            result["full_ready_painted_ms"] = stats(full)
        if complete:  # 政策匹配's checklist and calendar, read after the first results
            result["complete_painted_ms"] = stats(complete)
        return result


def wait_complete(page, kind: str) -> str | None:
    """Wait for a page that reads part of its data after the first results (data-pb-complete).

    Returns its state (``"true"``), or None for a page that reads everything first (a site built
    before selfcheck-core.json existed: no such marker).
    """
    split = page.evaluate("() => performance.getEntriesByType('resource')"
                          ".some((e) => /\\/data\\/selfcheck-core\\.json/.test(e.name))")
    if not split:
        return None
    page.wait_for_function("k => { const c = window.__pbTiming.complete[k]; return c && c.painted !== null; }",
                           arg=kind)
    state = page.evaluate("k => window.__pbTiming.complete[k].state", kind)
    if state != "true":
        raise RuntimeError(f"{kind}: the rest of the data did not load (data-pb-complete={state!r})")
    return state


def timed(page, watch: list[str], prepare, action) -> tuple[float, float, float | None]:
    """(ms to DOM update, ms to next frame, Event Timing's input-to-next-paint) for one input.

    ``prepare`` (focus a control, find where to click) runs before the clock starts; ``action``
    is raw input through the browser (mouse, keys, text), so no Playwright script runs in the
    page between the event and the frame being measured.
    """
    where = prepare()
    page.evaluate("s => window.__pbTiming.arm(s)", watch)
    with page.expect_console_message(lambda m: m.text == "__pbTiming op", timeout=TIMEOUT_MS):
        action(where)
    op = page.evaluate("() => window.__pbTiming.op")
    start = op["start"] if op["start"] is not None and op["start"] <= op["updated"] else op["armed"]
    return op["updated"] - start, op["painted"] - start, event_duration(page, start)


# The longest Event Timing entry of the input that started at `start` (its events share the time
# stamp of their first one at most), waited for up to a second: the browser reports it after the
# frame is presented. None when none came (under 16 ms, or no Event Timing).
EVENT_DURATION = """
([start]) => new Promise((resolve) => {
  const T = window.__pbTiming, began = performance.now();
  const look = () => {
    const mine = T.events.filter((e) => e.start >= start - 1 && e.start <= start + 50);
    if (mine.length || performance.now() - began > 1000) return resolve(mine.length ? Math.max(...mine.map((e) => e.duration)) : null);
    setTimeout(look, 50);
  };
  look();
})
"""


def event_duration(page, start: float) -> float | None:
    """Input to next paint (Event Timing ``duration``) of the input at ``start``, as INP counts it."""
    return page.evaluate(EVENT_DURATION, [start])


def _centre(locator):
    def find():
        locator.scroll_into_view_if_needed()
        box = locator.bounding_box()
        return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    return find


def _focus(locator, select_text: bool = False):
    def focus():
        locator.focus()
        if select_text:
            locator.evaluate("input => input.select()")
    return focus


def _series(samples: dict[str, list[tuple]]) -> dict:
    return {name: {"update_ms": stats([s[0] for s in runs]), "painted_ms": stats([s[1] for s in runs]),
                   "event_ms": stats([s[2] for s in runs if len(s) > 2 and s[2] is not None])}
            for name, runs in samples.items()}


def measure_finder_page(session: _Session, runs: int, query: str) -> dict:
    result = {"load": session.load(FINDER, "finder", runs)}
    watch = ["#pb-finder-count", ".pb-finder-results", ".pb-finder-more"]
    series: dict[str, list[tuple[float, float]]] = {name: [] for name in (
        "status_tick", "status_untick", "category_select", "category_all", "text_query", "text_clear")}
    with session.page(FINDER, "finder") as (page, _ready):
        result["programs"] = page.evaluate("() => window.PolicybookFinder ? window.PolicybookFinder.records.length : null")
        result["cards_rendered"] = page.locator(".pb-finder-results > li").count()
        box, select, field = (page.locator("#pb-finder-status-open"), page.locator("#pb-finder-category"),
                              page.locator("#pb-finder-q"))
        click = lambda xy: page.mouse.click(*xy)  # noqa: E731
        for _ in range(runs):
            series["status_tick"].append(timed(page, watch, _centre(box), click))
            series["status_untick"].append(timed(page, watch, _centre(box), click))
            # a closed <select> takes arrow keys: ArrowDown picks the first category, Home 全部 again
            series["category_select"].append(timed(page, watch, _focus(select), lambda _: page.keyboard.press("ArrowDown")))
            series["category_all"].append(timed(page, watch, _focus(select), lambda _: page.keyboard.press("Home")))
            series["text_query"].append(timed(page, watch, _focus(field), lambda _: page.keyboard.insert_text(query)))
            result["query_found"] = page.locator("#pb-finder-count").inner_text()
            series["text_clear"].append(timed(page, watch, _focus(field, True), lambda _: page.keyboard.press("Backspace")))
        if page.locator("#pb-finder-count").inner_text().replace(" ", "") != f"共{result['programs']}项事项":
            raise RuntimeError("the finder did not return to the full list; the inputs did not take")
    result["filter"] = _series(series)
    result["filter_worst_median_ms"] = max(v["painted_ms"]["median"] for v in result["filter"].values())
    return result


# Resolves once 政策匹配 has nothing left for later tasks (data-pb-settled: the rest of each group's
# items, the checklist, the link), watched by a MutationObserver rather than polled (module docstring).
SETTLED = """
() => new Promise((resolve) => {
  const root = document.querySelector('[data-pb-finder="selfcheck"]');
  const done = () => !root || !root.hasAttribute("data-pb-settled") || root.getAttribute("data-pb-settled") === "true";
  if (done()) return resolve();
  const observer = new MutationObserver(() => { if (done()) { observer.disconnect(); resolve(); } });
  observer.observe(root, { attributes: true, attributeFilter: ["data-pb-settled"] });
})
"""


def _settled_then(prepare):
    """``prepare`` once the previous answer's deferred work is done: that work (items off screen, the
    checklist) mutates the results too, and an answer armed while it runs would time it instead."""
    def run():
        page, locator = prepare
        page.evaluate(SETTLED)
        return _focus(locator)()
    return run


def measure_selfcheck_page(session: _Session, runs: int) -> dict:
    result = {"load": session.load(SELF_CHECK, "selfcheck", runs)}
    watch = [".pb-selfcheck-summary", ".pb-selfcheck-results"]
    series: dict[str, list[tuple[float, float]]] = {"choose": [], "unsure": []}
    with session.page(SELF_CHECK, "selfcheck") as (page, _ready):
        wait_complete(page, "selfcheck")  # answers timed with the checklist in place, as a reader finds it
        result["questions"] = page.locator(".pb-selfcheck-q").count()
        page.evaluate(SETTLED)  # every group's items rendered (they follow the first results)
        result["items_rendered"] = page.locator(".pb-selfcheck-item").count()
        select = page.locator(".pb-selfcheck-q select").first
        if select.count():
            for _ in range(runs):  # the first choice of the first multiple-choice question, then 不确定
                series["choose"].append(timed(page, watch, _settled_then((page, select)), lambda _: page.keyboard.press("ArrowDown")))
                series["unsure"].append(timed(page, watch, _settled_then((page, select)), lambda _: page.keyboard.press("Home")))
    result["answer"] = _series(series)
    return result


def build_date(site: Path) -> str | None:
    """The date the site was built for (its statuses), from the finder's data."""
    try:
        return json.loads((site / "data" / "finder-core.json").read_text("utf-8"))["reference_date"]
    except (OSError, ValueError, KeyError):
        return None


def clock_script(today: str) -> str:
    """An init script that makes the page's ``Date`` read 10:00 in Shanghai on ``today``, running on
    from there; ``performance.now`` and frames are untouched, so timings are not."""
    target = int(dt.datetime.fromisoformat(f"{today}T10:00:00+08:00").timestamp() * 1000)
    return ("(() => { const Real = Date, shift = " + str(target) + " - Real.now();"
            " class Shifted extends Real { constructor(...a) { if (a.length) super(...a); else super(Real.now() + shift); }"
            " static now() { return Real.now() + shift; } }"
            " window.Date = Shifted; })();")


def measure_finder(site_html_dir: Path, runs: int = 5, *, cpu_slowdown: float = 1.0, network: str | None = None,
                   query: str = QUERY, pages: tuple[str, ...] = PAGES, today: str | None = "build") -> dict:
    """Time the finder and self-check pages of the built site in ``site_html_dir``.

    ``cpu_slowdown`` and ``network`` (a key of :data:`NETWORKS`) emulate a slower device.
    ``today``: the date the pages see: by default the site's build date ("build"), as a reader
    sees a site rebuilt daily (the first views cover 14 days from it: a site measured later would
    time the path a reader only meets on a site nobody rebuilt for two weeks); None: the real date.
    Returns ``{"available": False, "reason": …}`` when the site has no finder page or no
    Chromium is installed; the figures otherwise (see the module docstring).
    """
    site = Path(site_html_dir)
    if network is not None and network not in NETWORKS:
        raise ValueError(f"network must be one of {sorted(NETWORKS)}")
    if today == "build":
        today = build_date(site)
    result: dict = {"site": str(site), "runs": runs, "cpu_slowdown": cpu_slowdown, "network": network,
                    "today": today or "real", "data": data_files(site)}
    if not (site / FINDER).is_file():
        return {**result, "available": False, "reason": f"no {FINDER} in the site"}
    if not Path(CHROMIUM).exists():
        return {**result, "available": False, "reason": f"Chromium not found at {CHROMIUM}"}
    from playwright.sync_api import sync_playwright

    with serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            session = _Session(browser, base, cpu_slowdown, network, site, today)
            result["browser"] = f"Chromium {browser.version}"
            if "finder" in pages:
                result["finder"] = measure_finder_page(session, runs, query)
            if "selfcheck" in pages and (site / SELF_CHECK).is_file():
                result["selfcheck"] = measure_selfcheck_page(session, runs)
        finally:
            browser.close()
    result["available"] = True
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a built site (the html output folder)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cpu-slowdown", type=float, default=1.0, help="Chrome CPU throttling rate (4 ≈ a phone)")
    parser.add_argument("--network", choices=sorted(NETWORKS), help="emulate a mobile network")
    parser.add_argument("--query", default=QUERY, help="text typed into the finder")
    parser.add_argument("--pages", nargs="+", choices=PAGES, default=list(PAGES), help="the pages to time")
    parser.add_argument("--today", default="build",
                        help="the date the pages see: 'build' (the site's build date, default), 'real', or YYYY-MM-DD")
    args = parser.parse_args(argv)
    result = measure_finder(args.site, args.runs, cpu_slowdown=args.cpu_slowdown, network=args.network,
                            query=args.query, pages=tuple(args.pages), today=None if args.today == "real" else args.today)
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0 if result.get("available") else 1


if __name__ == "__main__":
    raise SystemExit(main())
