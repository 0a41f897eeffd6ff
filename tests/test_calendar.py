"""申报日历: the iCalendar serializer (pure), the .ics files of a build and the calendar page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sphinx_helpers import Site

from policybook.calendar import ics

HOSTILE = 'X\\Y;Z,W\r\nEND:VEVENT\nBEGIN:VEVENT\x07 <script>alert("ics")</script>'


def parse_calendar(data: bytes):
    icalendar = pytest.importorskip(
        "icalendar", reason="icalendar (pinned in requirements.lock) is needed to parse .ics files")
    return icalendar.Calendar.from_ical(data)


def physical_lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b""), "bare LF or CR in the output"
    return data[:-2].split(b"\r\n")


def event(**changes) -> ics.Event:
    base = dict(uid="patent-subsidy-current-close@policybook", summary="专利资助 申报截止",
                day=dt.date(2026, 11, 30), description="受理时间: 11月", alarm_text="专利资助 还有 {days} 天截止")
    return ics.Event(**{**base, **changes})


def one(data: bytes):
    [vevent] = parse_calendar(data).walk("VEVENT")
    return vevent


# -- serializer (pure) ---------------------------------------------------------------------------
def test_a_closing_day_is_an_all_day_event_with_alarms_7_and_1_days_before():
    vevent = one(ics.calendar([event()], name="n", prodid="p", stamp=dt.date(2026, 11, 21)))
    assert vevent.decoded("DTSTART") == dt.date(2026, 11, 30)
    assert vevent.decoded("DTEND") == dt.date(2026, 12, 1)
    assert str(vevent["STATUS"]) == "CONFIRMED" and int(vevent["SEQUENCE"]) == 0
    alarms = vevent.walk("VALARM")
    # relative to 00:00 of the closing day: 09:00 seven days and one day before it
    assert [a.decoded("TRIGGER") for a in alarms] == [-dt.timedelta(days=6, hours=15), -dt.timedelta(hours=15)]
    assert [str(a["DESCRIPTION"]) for a in alarms] == ["专利资助 还有 7 天截止", "专利资助 还有 1 天截止"]
    assert all(str(a["ACTION"]) == "DISPLAY" for a in alarms)


def test_a_forecast_is_tentative_and_an_opening_day_has_no_alarm():
    vevent = one(ics.calendar([event(tentative=True, alarm_text="", sequence=3)], name="n", prodid="p",
                              stamp=dt.date(2026, 11, 21)))
    assert str(vevent["STATUS"]) == "TENTATIVE" and int(vevent["SEQUENCE"]) == 3
    assert vevent.walk("VALARM") == []


def test_calendar_has_required_properties_and_crlf_everywhere():
    data = ics.calendar([event()], name="明湖县 申报日历", prodid="-//Policybook//X//ZH", stamp=dt.date(2026, 11, 21))
    for line in physical_lines(data):
        assert len(line) <= 75
        line.decode("utf-8")  # each physical line is whole characters
    cal = parse_calendar(data)
    assert (str(cal["VERSION"]), str(cal["PRODID"]), str(cal["METHOD"])) == ("2.0", "-//Policybook//X//ZH", "PUBLISH")
    assert str(cal["X-WR-CALNAME"]) == "明湖县 申报日历"
    vevent = cal.walk("VEVENT")[0]
    assert vevent["DTSTAMP"].to_ical() == b"20261121T000000Z"
    assert str(vevent["UID"]) == "patent-subsidy-current-close@policybook"


def test_hostile_text_stays_inside_its_property():
    data = ics.calendar([event(summary=HOSTILE, description=HOSTILE, alarm_text=HOSTILE,
                               uid="a b;c\r\nd@x", categories=(HOSTILE,))],
                        name=HOSTILE, prodid=HOSTILE, stamp=dt.date(2026, 11, 21))
    physical_lines(data)
    assert b"\x07" not in data
    lines = data.decode("utf-8").replace("\r\n ", "").split("\r\n")
    assert lines.count("BEGIN:VEVENT") == 1 and lines.count("END:VEVENT") == 1
    cal = parse_calendar(data)
    [vevent] = cal.walk("VEVENT")
    expected = 'X\\Y;Z,W\nEND:VEVENT\nBEGIN:VEVENT <script>alert("ics")</script>'
    assert str(vevent["UID"]) == "a-b-c--d@x"
    assert str(vevent["SUMMARY"]) == expected
    assert str(vevent["DESCRIPTION"]) == expected
    assert [str(a["DESCRIPTION"]) for a in vevent.walk("VALARM")] == [expected, expected]
    # icalendar reads X- properties back as written: one escaped TEXT value
    assert str(cal["X-WR-CALNAME"]) == 'X\\\\Y\\;Z\\,W\\nEND:VEVENT\\nBEGIN:VEVENT <script>alert("ics")</script>'


def test_same_input_gives_same_bytes():
    make = lambda: ics.calendar([event()], name="n", prodid="p", stamp=dt.date(2026, 11, 21))  # noqa: E731
    assert make() == make()


def test_the_published_calendar_is_read_back():
    data = ics.calendar([event(sequence=2), event(uid="x-open@p", day=dt.date(2026, 11, 1), tentative=True)],
                        name="n", prodid="p", stamp=dt.date(2026, 11, 21))
    assert ics.published(data) == {"patent-subsidy-current-close@policybook": {"key": "2026-11-30|CONFIRMED", "sequence": 2},
                                   "x-open@p": {"key": "2026-11-01|TENTATIVE", "sequence": 0}}
    assert ics.published(b"not a calendar") == {}


# -- a build -------------------------------------------------------------------------------------
CALENDAR_PAGE = """---
orphan: true
---
# 申报日历

```{program-calendar}
:recent: 365
```
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("calendar"))
    site.write("source/calendar.md", CALENDAR_PAGE)
    # A program whose title and alias try to break out of HTML and of the .ics format.
    text = (site.src / "source/programs/patent-grant.yaml").read_text("utf-8")
    text = text.replace("id: patent-grant", "id: hostile-program")
    text = text.replace("title: 发明专利授权资助", "title: '<b>粗</b>;,\\ 测试 \"引号\" & 资助'")
    text = text.replace("aliases: [专利资助]", "aliases: ['<script>alert(1)</script>']")
    site.write("source/programs/hostile-program.yaml", text)
    # A window across the new year (like 小升高's 1月10日 close), and a closed one with an expected next.
    site.edit("source/programs/hightech-reward.yaml", "  open: 2027-03-01\n  close: 2027-04-30\n",
              "  open: 2026-12-10\n  close: 2027-01-10\n")
    site.edit("source/programs/national-hightech.yaml", "  next: 预计 2027 年 5 月\n",
              "  expected:\n    open: 2027-05\n    note: 下一批\n")
    first = site.build(fresh=True)
    again = site.build(outdir="_build2", fresh=True)
    return first, again


def events_of(data: bytes) -> dict:
    return {str(e["UID"]): e for e in parse_calendar(data).walk("VEVENT")}


def test_builds_cleanly(built):
    first, _ = built
    assert first.warnings == ""


def test_ics_files_for_every_window_an_opening_and_a_closing_day(built):
    first, _ = built
    out = first.app.outdir
    domain = first.app.env.domains["policybook"]
    dated = sorted(p["id"] for p in domain.programs.values()
                   if not p.get("archived") and p["window"].get("mode") != "rolling" and p["window"].get("close"))
    assert dated
    assert sorted(p.stem for p in (out / "calendar").glob("*.ics") if p.stem != "all") == dated
    cal = parse_calendar((out / "calendar/all.ics").read_bytes())
    assert str(cal["VERSION"]) == "2.0" and str(cal["METHOD"]) == "PUBLISH"
    assert str(cal["X-WR-CALNAME"]).endswith("申报日历")
    events = events_of((out / "calendar/all.ics").read_bytes())
    # each current window: two days; national-hightech's expected window (month only): its opening
    assert len(events) == 2 * len(dated) + 1
    grant = events_of((out / "calendar/patent-grant.ics").read_bytes())
    assert set(grant) == {"patent-grant-current-open@policybook", "patent-grant-current-close@policybook"}
    opening, closing = grant["patent-grant-current-open@policybook"], grant["patent-grant-current-close@policybook"]
    assert (opening.decoded("DTSTART"), opening.decoded("DTEND")) == (dt.date(2026, 11, 1), dt.date(2026, 11, 2))
    assert (closing.decoded("DTSTART"), closing.decoded("DTEND")) == (dt.date(2026, 11, 30), dt.date(2026, 12, 1))
    assert opening.walk("VALARM") == [] and len(closing.walk("VALARM")) == 2
    assert str(closing["SUMMARY"]) == "发明专利授权资助 申报截止" and str(closing["STATUS"]) == "CONFIRMED"
    assert closing["DTSTAMP"].to_ical() == b"20261121T000000Z"
    # a closed program's own file is the reminder of its expected window (the closed one is in all.ics)
    [expected] = events_of((out / "calendar/national-hightech.ics").read_bytes()).values()
    assert str(expected["UID"]) == "national-hightech-expected-open@policybook"
    assert "national-hightech-current-close@policybook" in events
    assert str(expected["STATUS"]) == "TENTATIVE" and expected.decoded("DTSTART") == dt.date(2027, 5, 1)
    assert "预计" in str(expected["SUMMARY"]) and "具体日期待定" in str(expected["SUMMARY"])


def test_ics_escapes_hostile_titles(built):
    first, _ = built
    data = (first.app.outdir / "calendar/hostile-program.ics").read_bytes()
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    summaries = sorted(str(e["SUMMARY"]) for e in events_of(data).values())
    assert summaries == ['<b>粗</b>;,\\ 测试 "引号" & 资助 开始申报', '<b>粗</b>;,\\ 测试 "引号" & 资助 申报截止']


def test_ics_files_are_reproducible(built):
    first, again = built
    for path in sorted((first.app.outdir / "calendar").glob("*.ics")):
        assert path.read_bytes() == (again.app.outdir / "calendar" / path.name).read_bytes(), path.name


def month_titles(page) -> list[str]:
    return [h.find(string=True).strip() for h in page.select("section.pb-cal-month > h2")]


def entries_in(page, month: str) -> list:
    [section] = [s for s in page.select("section.pb-cal-month") if s.h2.find(string=True).strip() == month]
    return section.select("li.pb-cal-item")


def test_calendar_page_lists_open_and_upcoming_windows_by_month(built):
    first, _ = built
    page = first.html("source/calendar")
    months = month_titles(page)
    assert months == sorted(months, key=lambda m: tuple(int(x) for x in re.findall(r"\d+", m)))
    assert "2026年11月" in months and "2027年5月" in months
    open_item = next(li for li in entries_in(page, "2026年11月") if "发明专利授权资助" in li.get_text())
    assert open_item.select_one("a.pb-cal-link")["href"] == "programs/patent-grant.html"
    assert "11月30日" in open_item.select_one(".pb-cal-date").get_text()
    assert "申报中 · 剩9天" in open_item.select_one(".pb-status").get_text()
    holder = open_item.select_one(".pb-live-status")
    assert (holder["data-pb-open"], holder["data-pb-close"], holder["data-pb-detail"]) == ("2026-11-01", "2026-11-30", "1")
    assert open_item.select_one("a.pb-ics")["href"] == "../calendar/patent-grant.ics"
    assert page.select_one(".pb-cal-subscribe a.pb-ics")["href"] == "../calendar/all.ics"
    assert [h.find(string=True).strip() for h in page.select("section.pb-cal-rolling > h2")] == ["常年受理"]
    closed = page.select("section.pb-cal-closed li.pb-cal-item")
    assert any("已截止" in li.get_text() for li in closed)


def test_a_window_across_months_is_listed_in_each_with_its_opening_and_closing_day(built):
    first, _ = built
    page = first.html("source/calendar")
    [december] = [li for li in entries_in(page, "2026年12月") if "高新技术企业首次认定奖励" in li.get_text()]
    [january] = [li for li in entries_in(page, "2027年1月") if "高新技术企业首次认定奖励" in li.get_text()]
    assert december.select_one(".pb-cal-date").get_text() == "12月10日开始"
    assert january.select_one(".pb-cal-date").get_text() == "1月10日截止"
    assert "pb-cal-start" in december["class"] and "pb-cal-deadline" in january["class"]


def test_an_expected_window_is_listed_as_a_forecast(built):
    first, _ = built
    page = first.html("source/calendar")
    [may] = [li for li in entries_in(page, "2027年5月") if "国家高新技术企业认定" in li.get_text()]
    assert "pb-cal-forecast" in may["class"]
    assert may.select_one(".pb-forecast").get_text() == "预计"
    assert "5月" in may.select_one(".pb-cal-date").get_text() and "日期待定" in may.get_text()
    assert may.select_one(".pb-live-status") is None  # the current window's status is not the forecast's
    # the closed current window offers a reminder of the expected one
    [closed] = [li for li in page.select("section.pb-cal-closed li.pb-cal-item") if "国家高新技术企业认定" in li.get_text()]
    assert "下次申报：预计2027年5月开始" in closed.get_text()
    assert closed.select_one("a.pb-ics").get_text() == "提醒我下次申报"


def test_calendar_page_escapes_hostile_text(built):
    first, _ = built
    raw = (first.app.outdir / "source/calendar.html").read_text("utf-8")
    assert "<b>粗</b>" not in raw and "&lt;b&gt;粗&lt;/b&gt;" in raw
    program = (first.app.outdir / "source/programs/hostile-program.html").read_text("utf-8")
    assert "<script>alert(1)</script>" not in program


def test_program_pages_link_their_ics_while_the_window_is_not_closed_or_a_next_is_expected(built):
    first, _ = built
    link = first.html("source/programs/patent-grant").select_one(".pb-ics-link a.pb-ics")
    assert link["href"] == "../../calendar/patent-grant.ics" and "加入日历" in link.get_text()
    assert first.html("source/programs/hightech-reward").select_one("a.pb-ics") is not None  # upcoming
    closed = first.html("source/programs/national-hightech")
    assert closed.select_one("a.pb-ics").get_text() == "提醒我下次申报 (.ics)"  # closed, next one expected
    [next_line] = closed.select("#window .pb-expected")
    assert next_line.select_one(".pb-forecast").get_text() == "预计"
    assert next_line.get_text() == "预计 2027年5月开始（下一批）"
    assert first.html("source/programs/ip-pledge").select_one("a.pb-ics") is None  # rolling


def test_a_moved_window_keeps_its_uid_and_raises_its_sequence(tmp_path):
    site = Site(tmp_path)
    site.build(fresh=True)
    out = site.src / "_build/html"
    record = site.src / "_build/doctrees/policybook-calendar.json"
    first = events_of((out / "calendar/patent-grant.ics").read_bytes())
    assert {int(e["SEQUENCE"]) for e in first.values()} == {0}

    site.edit("source/programs/patent-grant.yaml", "  close: 2026-11-30\n", "  close: 2026-12-15\n")
    site.build()
    moved = events_of((out / "calendar/patent-grant.ics").read_bytes())
    assert set(moved) == set(first)  # the same UIDs: a subscribed calendar moves the event
    closing = moved["patent-grant-current-close@policybook"]
    assert closing.decoded("DTSTART") == dt.date(2026, 12, 15) and int(closing["SEQUENCE"]) == 1
    assert int(moved["patent-grant-current-open@policybook"]["SEQUENCE"]) == 0  # the opening did not move
    # a full rebuild keeps the sequence; a rebuild with no change writes nothing
    site.build(fresh=True)
    assert int(events_of((out / "calendar/all.ics").read_bytes())[
        "patent-grant-current-close@policybook"]["SEQUENCE"]) == 1
    files = [*sorted((out / "calendar").glob("*.ics")), record]
    stamps = [path.stat().st_mtime_ns for path in files]
    site.build()
    assert [path.stat().st_mtime_ns for path in files] == stamps
    # moved back: the sequence still goes up (a calendar only takes a higher one)
    site.edit("source/programs/patent-grant.yaml", "  close: 2026-12-15\n", "  close: 2026-11-30\n")
    site.build()
    assert int(events_of((out / "calendar/patent-grant.ics").read_bytes())[
        "patent-grant-current-close@policybook"]["SEQUENCE"]) == 2


YEAR_PAGE = """---
orphan: true
---
# 年度申报一览

```{program-year}
```
"""


def test_an_expected_window_written_later_rewrites_the_calendar_and_the_year_view_only(tmp_path):
    site = Site(tmp_path)
    site.write("source/calendar.md", CALENDAR_PAGE)
    site.write("source/year.md", YEAR_PAGE)
    site.build()
    assert site.build().written == []  # nothing changed: nothing written
    site.edit("source/programs/national-hightech.yaml", "  next: 预计 2027 年 5 月\n",
              "  expected:\n    open: 2027-05\n")
    result = site.build()
    assert result.read == ["source/programs/national-hightech"]
    assert {"source/calendar", "source/year", "source/programs/national-hightech"} <= set(result.written)
    year = result.html("source/year")
    [row] = [tr for tr in year.select(".pb-yr-table tbody tr") if "国家高新技术企业认定" in tr.get_text()]
    assert row.select_one(".pb-forecast").get_text() == "预计" and "2027年5月开始" in row.get_text()
    [bar] = [
        r for r in year.select(".pb-yr-chart .pb-yr-row") if "国家高新技术企业认定" in r.get_text()]
    assert bar.select_one(".pb-yr-bar")["class"] == ["pb-yr-bar", "pb-yr-s13", "pb-yr-e15", "pb-yr-forecast",
                                                     "pb-yr-open-ended"]
    assert any("国家高新技术企业认定" in li.get_text() for li in entries_in(result.html("source/calendar"), "2027年5月"))
