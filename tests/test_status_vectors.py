"""One window-status rule: status.py and the browser's pb-window.js against shared vectors.

``CASES`` is the table; ``tests/fixtures/status-vectors.json`` is written from it
(``python tests/test_status_vectors.py``) and run against both implementations. The JavaScript
runs in Node (``tests/status_vectors.js``); without Node that test is skipped loudly, unless
``POLICYBOOK_REQUIRE_BROWSER=1`` (CI, whose ``.ci/run`` installs npm and with it nodejs).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from sphinx_helpers import Site

from policybook.model.status import CLOSING_SOON_DAYS, closing_soon, days_left, status_label, window_status

TESTS = Path(__file__).parent
VECTORS = TESTS / "fixtures" / "status-vectors.json"
HARNESS = TESTS / "status_vectors.js"
PB_WINDOW = TESTS.parent / "_ext" / "policybook" / "static" / "pb-window.js"

S, R = "scheduled", "rolling"
CASES = [
    # (mode, open, close, today, detail, status, days left, closing soon, label)
    (R, None, None, "2026-06-01", True, "rolling", None, False, "常年受理"),
    (R, "2026-01-01", "2026-02-01", "2026-06-01", True, "rolling", None, False, "常年受理"),
    # a spring window, 2026-03-01 to 2026-04-30
    (S, "2026-03-01", "2026-04-30", "2026-02-28", True, "upcoming", None, False, "即将开始 · 2026年3月1日开始"),
    (S, "2026-03-01", "2026-04-30", "2026-02-28", False, "upcoming", None, False, "即将开始"),
    (S, "2026-03-01", "2026-04-30", "2026-03-01", True, "open", 60, False, "申报中 · 剩60天"),
    (S, "2026-03-01", "2026-04-30", "2026-04-10", True, "open", 20, False, "申报中 · 剩20天"),
    (S, "2026-03-01", "2026-04-30", "2026-04-10", False, "open", 20, False, "申报中"),
    (S, "2026-03-01", "2026-04-30", "2026-04-15", True, "open", 15, False, "申报中 · 剩15天"),
    (S, "2026-03-01", "2026-04-30", "2026-04-16", True, "open", 14, True, "申报中 · 剩14天"),
    (S, "2026-03-01", "2026-04-30", "2026-04-16", False, "open", 14, True, "申报中"),
    (S, "2026-03-01", "2026-04-30", "2026-04-29", True, "open", 1, True, "申报中 · 剩1天"),
    (S, "2026-03-01", "2026-04-30", "2026-04-30", True, "open", 0, True, "申报中 · 今天截止"),
    (S, "2026-03-01", "2026-04-30", "2026-04-30", False, "open", 0, True, "申报中"),
    (S, "2026-03-01", "2026-04-30", "2026-05-01", True, "closed", None, False, "已截止 · 2026年4月30日"),
    (S, "2026-03-01", "2026-04-30", "2026-05-01", False, "closed", None, False, "已截止"),
    # a one-day window
    (S, "2026-07-01", "2026-07-01", "2026-07-01", True, "open", 0, True, "申报中 · 今天截止"),
    # missing dates set no bound
    (S, None, "2026-04-30", "2026-01-01", True, "open", 119, False, "申报中 · 剩119天"),
    (S, None, "2026-04-30", "2026-05-01", True, "closed", None, False, "已截止 · 2026年4月30日"),
    (S, "2026-03-01", None, "2026-02-28", True, "upcoming", None, False, "即将开始 · 2026年3月1日开始"),
    (S, "2026-03-01", None, "2026-12-31", True, "open", None, False, "申报中"),
    (S, None, None, "2026-12-31", True, "open", None, False, "申报中"),
    # leap day
    (S, "2028-02-01", "2028-02-29", "2028-02-28", True, "open", 1, True, "申报中 · 剩1天"),
    (S, "2028-02-01", "2028-02-29", "2028-02-29", True, "open", 0, True, "申报中 · 今天截止"),
    (S, "2028-02-01", "2028-02-29", "2028-03-01", True, "closed", None, False, "已截止 · 2028年2月29日"),
    (S, "2028-02-29", "2028-03-31", "2028-02-28", True, "upcoming", None, False, "即将开始 · 2028年2月29日开始"),
    (S, "2028-02-01", "2028-03-01", "2028-02-15", True, "open", 15, False, "申报中 · 剩15天"),
    (S, "2028-02-01", "2028-03-01", "2028-02-16", True, "open", 14, True, "申报中 · 剩14天"),
    (S, "2027-02-01", "2027-03-01", "2027-02-15", True, "open", 14, True, "申报中 · 剩14天"),  # no leap day
    # year boundaries
    (S, "2026-12-20", "2027-01-10", "2026-12-19", True, "upcoming", None, False, "即将开始 · 2026年12月20日开始"),
    (S, "2026-12-20", "2027-01-10", "2026-12-31", True, "open", 10, True, "申报中 · 剩10天"),
    (S, "2026-12-20", "2027-01-10", "2027-01-01", True, "open", 9, True, "申报中 · 剩9天"),
    (S, "2026-12-20", "2027-01-10", "2027-01-11", True, "closed", None, False, "已截止 · 2027年1月10日"),
    (S, "2026-12-01", "2027-01-05", "2026-12-22", True, "open", 14, True, "申报中 · 剩14天"),
    (S, "2026-12-01", "2027-01-05", "2026-12-21", True, "open", 15, False, "申报中 · 剩15天"),
    (S, "2026-10-01", "2026-12-31", "2026-12-31", True, "open", 0, True, "申报中 · 今天截止"),
    (S, "2026-10-01", "2026-12-31", "2027-01-01", True, "closed", None, False, "已截止 · 2026年12月31日"),
]

# "Today" in the bureau's zone: (instant, zone in <meta name="pb-time-zone"> or None, expected date)
INSTANTS = [
    ("2026-03-31T17:30:00Z", "Asia/Shanghai", "2026-04-01"),  # already 01:30 the next day in 北京
    ("2026-03-31T15:59:59Z", "Asia/Shanghai", "2026-03-31"),
    ("2026-03-31T16:00:00Z", "Asia/Shanghai", "2026-04-01"),
    ("2026-03-31T17:30:00Z", None, "2026-04-01"),  # no meta tag: China
    ("2026-03-31T17:30:00Z", "America/New_York", "2026-03-31"),  # the configured zone counts
    ("2026-04-01T03:59:00Z", "America/New_York", "2026-03-31"),
    ("2026-12-31T16:00:00Z", "Asia/Shanghai", "2027-01-01"),
    ("2028-02-28T16:00:00Z", "Asia/Shanghai", "2028-02-29"),
    ("2026-03-31T17:30:00Z", "Not/A_Zone", "2026-04-01"),  # a zone Intl does not know: China
]


def _date(iso: str | None) -> dt.date | None:
    return dt.date.fromisoformat(iso) if iso else None


def generated() -> list[dict]:
    return [{"window": {"mode": mode, "open": opens, "close": closes}, "today": today, "detail": detail,
             "expected": {"status": status, "days_left": left, "closing_soon": soon, "label": label}}
            for mode, opens, closes, today, detail, status, left, soon, label in CASES]


def test_vectors_file_is_generated_from_the_table():
    assert json.loads(VECTORS.read_text("utf-8")) == generated(), "run: python tests/test_status_vectors.py"


def test_vectors_cover_the_edges():
    lefts = {left for *_, left, _soon, _label in CASES}
    assert {0, CLOSING_SOON_DAYS, CLOSING_SOON_DAYS + 1} <= lefts
    assert {status for *_, status, _l, _s, _label in CASES} == {"rolling", "upcoming", "open", "closed"}


@pytest.mark.parametrize("vector", generated(), ids=lambda v: f"{v['window']}@{v['today']}{'+d' if v['detail'] else ''}")
def test_python_rule_gives_every_expected_value(vector):
    w = vector["window"]
    window = {"mode": w["mode"], "open": _date(w["open"]), "close": _date(w["close"])}
    today = dt.date.fromisoformat(vector["today"])
    expected = vector["expected"]
    assert window_status(window, today) == expected["status"]
    assert days_left(window, today) == expected["days_left"]
    assert closing_soon(window, today) == expected["closing_soon"]
    assert status_label(window, today, vector["detail"]) == expected["label"]


def _node() -> str:
    node = shutil.which("node")
    if node:
        return node
    message = "node not found: pb-window.js was NOT tested against the status vectors (apt-get install nodejs)"
    if os.environ.get("POLICYBOOK_REQUIRE_BROWSER") == "1":
        pytest.fail(message + ", and CI requires it")
    print(f"\n{'!' * 78}\n!! {message}\n{'!' * 78}")
    pytest.skip(message)


@pytest.fixture(scope="module")
def browser_rule() -> dict:
    """What pb-window.js computes for every vector and instant (see tests/status_vectors.js)."""
    node = _node()
    payload = {"vectors": json.loads(VECTORS.read_text("utf-8")),
               "instants": [{"instant": i, "zone": z} for i, z, _ in INSTANTS],
               "local": {"instant": "2026-04-01T03:00:00Z"}}
    # The reader's own zone differs from the bureau's, so a fallback to it would show.
    env = {**os.environ, "TZ": "America/Los_Angeles"}
    run = subprocess.run([node, str(HARNESS), str(PB_WINDOW)], input=json.dumps(payload), env=env,
                         capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_browser_rule_gives_every_expected_value(browser_rule):
    vectors = json.loads(VECTORS.read_text("utf-8"))
    assert len(browser_rule["vectors"]) == len(vectors)
    for vector, got in zip(vectors, browser_rule["vectors"], strict=True):
        # each window as the finder's data gives it (null) and as a page's data-pb-* attributes do ("")
        assert got["null"] == vector["expected"], vector
        assert got["empty"] == vector["expected"], vector
        expected_classes = [f"pb-status-{vector['expected']['status']}"]
        assert got["classes"] == expected_classes + (["pb-closing-soon"] if vector["expected"]["closing_soon"] else [])


def test_browser_today_is_the_bureaus_date(browser_rule):
    assert browser_rule["today"] == [expected for *_, expected in INSTANTS]


def test_browser_today_falls_back_to_the_readers_zone_without_intl(browser_rule):
    # 2026-04-01T03:00Z is still 03-31 in Los Angeles (the harness's TZ), already 04-01 in China.
    assert browser_rule["local"] == "2026-03-31"


def test_pages_name_the_configured_zone_and_load_the_rule_first(tmp_path):
    """pb-window.js reads the zone from a meta tag (CSP: no inline script) and runs before its users."""
    site = Site(tmp_path)
    site.write("source/finder.md", "---\norphan: true\n---\n# 政策查找\n\n```{program-finder}\n```\n")
    result = site.build(confoverrides={"policybook_time_zone": "America/New_York"})
    for page in ("index", "source/finder"):
        html = result.html(page)
        assert [m["content"] for m in html.select('meta[name="pb-time-zone"]')] == ["America/New_York"]
        # all deferred, so they run in document order
        ours = [Path(s["src"].split("?")[0]).name for s in html.select("script[src][defer]")]
        ours = [s for s in ours if s in ("pb-window.js", "pb-status.js", "pb-finder-core.js")]
        # the rule first, then its users (the finder's scripts run before pb-status.js on its page,
        # finder/pages.py PRIORITY: it builds its first page as it runs)
        users = ["pb-status.js"] + (["pb-finder-core.js"] if page != "index" else [])
        assert ours[0] == "pb-window.js" and sorted(ours[1:]) == sorted(users), page


def write_vectors() -> None:  # pragma: no cover - run by hand when CASES change
    VECTORS.write_text(json.dumps(generated(), ensure_ascii=False, indent=1) + "\n", "utf-8")


if __name__ == "__main__":  # pragma: no cover
    write_vectors()
