"""Main-thread CPU of the 政策查找 page, from a Chrome trace: a reading that survives a busy machine.

``finder_timing`` times the page in wall-clock milliseconds, which is what a reader waits, but
on a shared 2-core machine other processes inflate it several-fold. This reads the renderer
main thread's own CPU time (trace events' ``tdur``), unthrottled, over the same spans:

* **first**: navigation start to the first results painted (the precomputed first page's
  ``data-pb-first`` when the page shows one, else ``data-pb-ready``; then a frame);
* **load**: navigation start to the full index ready and painted (``data-pb-ready``);
* **filter**: the task of the first input event to the task after the next frame, for the six
  actions ``finder_timing`` times (status tick / untick, category / 全部, query / clear).

Multiply by the throttling factor for an estimate of a slower device. Prints JSON-ish lines
and writes the samples ([cpu ms, wall ms]) to ``--out``.

    .venv/bin/python bench/finder_cpu.py /tmp/site-x5 --rounds 3 --out /tmp/cpu.json
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import finder_timing as ft  # noqa: E402

PROBE = """
(() => {
  const T = window.__cpu = { armed: false, painted: false, ready: false };
  const afterPaint = (done) => requestAnimationFrame(() => {
    const c = new MessageChannel(); c.port1.onmessage = done; c.port2.postMessage(0);
  });
  new MutationObserver(() => {
    // first results: the precomputed first page (data-pb-first, finder/first.py) or the full page
    const f = document.querySelector('[data-pb-finder="finder"][data-pb-first], [data-pb-finder="finder"][data-pb-ready="true"]');
    if (f && !T.firstSeen) {
      T.firstSeen = true;
      afterPaint(() => { performance.mark("cpu-first-painted"); });
    }
    const r = document.querySelector('[data-pb-finder="finder"][data-pb-ready="true"]');
    if (r && !T.readySeen) {
      T.readySeen = true;
      afterPaint(() => { performance.mark("cpu-ready-painted"); T.ready = true; });
    }
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-pb-ready", "data-pb-first"] });
  for (const type of ["pointerdown", "mousedown", "keydown", "beforeinput", "input", "change", "click"]) {
    document.addEventListener(type, () => {
      if (!T.armed) return;
      T.armed = false;
      performance.mark("cpu-op-start");
      const obs = new MutationObserver(() => {
        obs.disconnect();
        afterPaint(() => { performance.mark("cpu-op-painted"); T.painted = true; });
      });
      for (const s of ["#pb-finder-count", ".pb-finder-results", ".pb-finder-more"]) {
        obs.observe(document.querySelector(s), { childList: true, subtree: true, characterData: true, attributes: true });
      }
    }, true);
  }
})();
"""
CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "blink.user_timing", "__metadata",
              "toplevel"]


def span_cpu(events: list[dict], start: str, end: str) -> tuple[float, float]:
    """(main-thread CPU ms, wall ms) from mark ``start`` (or navigationStart) to mark ``end``;
    the span starts with the task that holds its start."""
    marks = {e["name"]: e for e in events if "blink.user_timing" in e.get("cat", "")}
    key = (marks[end]["pid"], marks[end]["tid"])
    t1 = marks[end]["ts"]
    if start == "navigationStart":
        t0 = min(e["ts"] for e in events if e.get("name") == "navigationStart")
    else:
        t0 = marks[start]["ts"]
    tasks = [e for e in events if e.get("name") == "RunTask" and e.get("ph") == "X"
             and (e["pid"], e["tid"]) == key]
    for e in tasks:
        if e["ts"] <= t0 <= e["ts"] + e["dur"]:
            t0 = e["ts"]
            break
    cpu = sum(e.get("tdur", 0) for e in tasks if t0 <= e["ts"] <= t1)
    return round(cpu / 1000, 1), round((t1 - t0) / 1000, 1)


def _round(browser, base: str, result: dict) -> None:
    """One fresh page: its load, then the six filter actions."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(ft.TIMEOUT_MS)
    page.add_init_script(PROBE)
    browser.start_tracing(page=page, categories=CATEGORIES)
    page.goto(base + ft.FINDER)
    page.wait_for_function("() => window.__cpu.ready")
    events = json.loads(browser.stop_tracing())["traceEvents"]
    result["load"].append(span_cpu(events, "navigationStart", "cpu-ready-painted"))
    result["first"].append(span_cpu(events, "navigationStart", "cpu-first-painted"))
    page.wait_for_selector('[data-pb-text="true"]', state="attached")
    box, select, field = (page.locator("#pb-finder-status-open"), page.locator("#pb-finder-category"),
                          page.locator("#pb-finder-q"))
    click = lambda xy: page.mouse.click(*xy)  # noqa: E731
    for name, prepare, action in (
            ("status_tick", ft._centre(box), click), ("status_untick", ft._centre(box), click),
            ("category_select", ft._focus(select), lambda _: page.keyboard.press("ArrowDown")),
            ("category_all", ft._focus(select), lambda _: page.keyboard.press("Home")),
            ("text_query", ft._focus(field), lambda _: page.keyboard.insert_text(ft.QUERY)),
            ("text_clear", ft._focus(field, True), lambda _: page.keyboard.press("Backspace"))):
        where = prepare()
        page.evaluate("() => { performance.clearMarks(); window.__cpu.painted = false; window.__cpu.armed = true; }")
        browser.start_tracing(page=page, categories=CATEGORIES)
        action(where)
        page.wait_for_function("() => window.__cpu.painted")
        events = json.loads(browser.stop_tracing())["traceEvents"]
        result["filter"].setdefault(name, []).append(span_cpu(events, "cpu-op-start", "cpu-op-painted"))
    context.close()


def measure(site: Path, rounds: int) -> dict:
    from playwright.sync_api import sync_playwright

    result: dict = {"site": str(site), "load": [], "first": [], "filter": {}, "loadavg_1min": [os.getloadavg()[0]]}
    with ft.serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=ft.CHROMIUM, args=ft.CHROMIUM_ARGS, headless=True)
        try:
            for _ in range(rounds):
                _round(browser, base, result)
        finally:
            browser.close()
    result["loadavg_1min"].append(os.getloadavg()[0])
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a built site (the html output folder)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    result = measure(args.site, args.rounds)
    if args.out:
        args.out.write_text(json.dumps(result, indent=1), "utf-8")
    print(f"{args.site}  load average {result['loadavg_1min']}  [cpu ms, wall ms]")
    print(f"first results  cpu median {statistics.median(x[0] for x in result['first'])}  {result['first']}")
    print(f"ready (full)   cpu median {statistics.median(x[0] for x in result['load'])}  {result['load']}")
    for name, samples in result["filter"].items():
        print(f"  {name:16} cpu median {statistics.median(x[0] for x in samples):6.1f}  {samples}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
