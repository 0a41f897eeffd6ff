"""Expected and recurring application windows: the rules (pure), the schema's checks and notices."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from sphinx_helpers import ROOTS

from policybook.cli.check import check
from policybook.model import windows
from policybook.validate.files import program_file

D = dt.date
PROGRAM = "source/programs/patent-grant.yaml"
TEXT = (ROOTS / "test-basic" / PROGRAM).read_text("utf-8")
CLOSE = "  close: 2026-11-30\n"


def with_window(extra: str) -> str:
    assert CLOSE in TEXT
    return TEXT.replace(CLOSE, CLOSE + extra, 1)


def problems(text: str) -> list:
    return program_file(text, PROGRAM, "source/programs/patent-grant").problems


# -- the rules -----------------------------------------------------------------------------------
def test_written_expected_window_with_month_precision():
    window = {"mode": "scheduled", "open": D(2026, 11, 5), "close": D(2026, 12, 4),
              "expected": {"open": "2027-02", "note": "第一季度"}}
    current, expected = windows.windows(window, D(2026, 11, 21))
    assert (current.role, current.forecast) == ("current", False)
    assert (expected.role, expected.open, expected.close, expected.forecast, expected.open_month) == \
        ("expected", D(2027, 2, 1), None, True, True)
    assert windows.span_text(expected) == "预计2027年2月开始"
    month = windows.Span("expected", D(2027, 8, 1), D(2027, 8, 31), True, True, True)
    assert windows.span_text(month) == "预计2027年8月"


@pytest.mark.parametrize(("rule", "after", "expected"), [
    ({"every": "year", "open": "03-01", "close": "04-30"}, D(2026, 4, 30), (D(2027, 3, 1), D(2027, 4, 30))),
    ({"every": "year", "open": "03-01", "close": "04-30"}, D(2026, 1, 5), (D(2026, 3, 1), D(2026, 4, 30))),
    # every quarter, the whole month: 31 is the month's last day
    ({"every": "quarter", "open": "02-01", "close": "02-31"}, D(2026, 11, 30), (D(2027, 2, 1), D(2027, 2, 28))),
    ({"every": "quarter", "open": "02-01", "close": "02-31"}, D(2027, 2, 28), (D(2027, 5, 1), D(2027, 5, 31))),
    ({"every": "quarter", "open": "03-01", "close": "03-31"}, D(2026, 9, 30), (D(2026, 12, 1), D(2026, 12, 31))),
    # a round across the new year
    ({"every": "year", "open": "12-10", "close": "01-10"}, D(2027, 1, 10), (D(2027, 12, 10), D(2028, 1, 10))),
])
def test_recurring_rule_gives_the_next_round(rule, after, expected):
    assert windows.next_occurrence(rule, after) == expected


def test_a_window_touches_every_month_it_spans():
    span = windows.Span("current", D(2026, 12, 10), D(2027, 1, 10))
    assert span.months() == [(2026, 12), (2027, 1)]


# -- the schema's checks -------------------------------------------------------------------------
def test_structured_windows_load_cleanly():
    assert problems(with_window("  expected:\n    open: 2027-02\n    close: 2027-03-15\n    note: 下一期\n")) == []
    assert problems(with_window("  recurring:\n    every: quarter\n    open: 02-01\n    close: 02-31\n")) == []
    assert problems(with_window("  forecast: true\n")) == []


@pytest.mark.parametrize(("extra", "field", "code", "words"), [
    ("  expected:\n    open: 2027-03-01\n    close: 2027-02\n", "window.expected.close", "date-order", "早于预计开始"),
    ("  expected:\n    open: 2026-11\n", "window.expected.open", "date-order", "不晚于本期截止日期"),
    ("  expected:\n    open: 2027-13\n", "window.expected.open", "date", "不存在的月份"),
    ("  expected:\n    open: 2027年2月\n", "window.expected.open", "date", "日期格式不正确"),
    ("  recurring:\n    every: month\n    open: 02-01\n    close: 02-28\n", "window.recurring.every", "enum", "未知的取值"),
    ("  recurring:\n    every: year\n    open: 2-1\n    close: 02-28\n", "window.recurring.open", "date", "月-日格式不正确"),
])
def test_bad_expected_or_recurring_windows_are_located_errors(extra, field, code, words):
    [problem] = problems(with_window(extra))
    assert (problem.field, problem.code, problem.notice) == (field, code, False)
    assert words in problem.message and problem.hint and problem.line > 30


def test_a_rolling_window_cannot_have_an_expected_one():
    text = TEXT.replace("  mode: scheduled\n  open: 2026-11-01\n" + CLOSE,
                        "  mode: rolling\n  expected:\n    open: 2027-02\n")
    [problem] = problems(text)
    assert (problem.field, problem.code) == ("window.expected", "window") and "常年受理" in problem.message


def test_a_forecast_in_the_past_is_a_located_notice(tmp_path: Path):
    root = tmp_path / "project"
    shutil.copytree(ROOTS / "test-basic", root)
    (root / PROGRAM).write_text(with_window("  expected:\n    open: 2027-02\n"), "utf-8")
    conf = root / "conf.py"
    conf.write_text(conf.read_text("utf-8").replace('"2026-11-21"', '"2027-03-01"'), "utf-8")
    found = [p for p in check(root).problems if p.code == "forecast-past"]
    [notice] = found
    assert notice.notice and notice.field == "window.expected.open"
    assert (notice.file, notice.line) == (PROGRAM, 39)
    assert "预计的申报时间 2027-02 已经过去" in notice.message
    # the last day of a month-precision forecast still counts
    conf.write_text(conf.read_text("utf-8").replace('"2027-03-01"', '"2027-02-28"'), "utf-8")
    assert not [p for p in check(root).problems if p.code == "forecast-past"]


# -- feeds: a forecast is news, told apart ---------------------------------------------------------
def program_record(**window) -> dict:
    return {"id": "p", "title": "事项", "url": "p.html", "level": "county", "category": "ip",
            "support_type": "grant", "applicants": ["enterprise"], "archived": False, "status": "closed",
            "closing_soon": False, "window": {"mode": "scheduled", "open": "2026-03-01", "close": "2026-04-30",
                                              **window},
            "funding": {"summary": "最高 5 万元", "max_amount_yuan": 50000.0, "items": [{"standard": "最高 5 万元"}]},
            "eligibility": {"text": None, "exclusions": [], "rules": []}, "basis": []}


def feed_changes(old: dict, new: dict) -> list[tuple]:
    from policybook.site import changes

    snap = lambda record: changes.snapshot({"programs": [record]}, {"policies": []})  # noqa: E731
    return [(e["kind"], e["major"], e["what"]) for e in changes.detect(snap(old), snap(new), D(2026, 12, 3))]


def test_an_expected_window_written_or_moved_is_a_minor_feed_entry():
    expected = lambda text: {"expected": {"text": text}}  # noqa: E731
    assert feed_changes(program_record(), program_record(**expected("预计 2027年3月开始"))) == [
        ("window-expected", False, "下次申报：预计 2027年3月开始")]
    assert feed_changes(program_record(**expected("预计 2027年3月开始")), program_record(**expected("预计 2027年4月开始"))) == [
        ("window-expected", False, "下次申报：预计 2027年4月开始（原为预计 2027年3月开始）")]
    # forecast dates that move say so
    assert feed_changes(program_record(forecast=True), program_record(forecast=True, close="2026-05-15")) == [
        ("window-moved", True, "申报时间调整（预计）：截止日期由2026年4月30日改为2026年5月15日")]


def test_a_history_from_before_expected_windows_brings_no_entries():
    from policybook.site import changes

    old = changes.snapshot({"programs": [program_record()]}, {"policies": []})
    for snapshot in old["programs"].values():
        del snapshot["expected"]
    new = changes.snapshot({"programs": [program_record(expected={"text": "预计 2027年3月开始"})]}, {"policies": []})
    assert changes.detect(old, new, D(2026, 12, 3)) == []
