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
        "icalendar", reason="icalendar (test extra, pinned in requirements.lock) is needed to parse .ics files")
    return icalendar.Calendar.from_ical(data)


def physical_lines(text: str) -> list[str]:
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", ""), "bare LF or CR in the output"
    return text[:-2].split("\r\n")


def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").rstrip("\r\n").split("\r\n")


def event(**changes) -> ics.Event:
    base = dict(uid="patent-subsidy-20261101@policybook", summary="专利资助 申报",
                start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 30), description="受理时间: 11月")
    return ics.Event(**{**base, **changes})


# -- serializer (pure) ---------------------------------------------------------------------------
def test_text_escaping_covers_backslash_semicolon_comma_and_newlines():
    assert ics.escape_text("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"
    assert ics.escape_text("a\r\nb\rc") == "a\\nb\\nc"
    assert ics.escape_text("bell\x07tab\tnul\x00") == "belltab\tnul"


def test_lines_are_folded_at_75_octets_without_splitting_characters():
    line = "DESCRIPTION:" + "申报材料、" * 40 + "abc" * 30
    folded = ics.fold(line)
    for physical in physical_lines(folded):
        assert len(physical.encode("utf-8")) <= 75
        physical.encode("utf-8").decode("utf-8")  # each physical line is whole characters
    assert folded.replace("\r\n ", "") == line + "\r\n"
    assert ics.fold("SHORT:x") == "SHORT:x\r\n"


def test_fold_boundary_exactly_75_octets():
    assert ics.fold("A" * 75) == "A" * 75 + "\r\n"
    assert ics.fold("A" * 76) == "A" * 75 + "\r\n A\r\n"


def test_calendar_has_required_properties_and_crlf_everywhere():
    text = ics.calendar([event()], name="明湖县 申报日历", prodid="-//Policybook//X//ZH", stamp=dt.date(2026, 11, 21))
    lines = unfold(text)
    physical_lines(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    for required in ("VERSION:2.0", "PRODID:-//Policybook//X//ZH", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
                     "X-WR-CALNAME:明湖县 申报日历", "UID:patent-subsidy-20261101@policybook",
                     "DTSTAMP:20261121T000000Z", "DTSTART;VALUE=DATE:20261101", "DTEND;VALUE=DATE:20261201",
                     "BEGIN:VALARM", "TRIGGER;RELATED=END:-P3DT15H", "END:VALARM"):
        assert required in lines, required


def test_hostile_text_stays_inside_its_property():
    text = ics.calendar([event(summary=HOSTILE, description=HOSTILE, alarm_text=HOSTILE,
                               uid="a b;c\r\nd@x", categories=(HOSTILE,))],
                        name=HOSTILE, prodid=HOSTILE, stamp=dt.date(2026, 11, 21))
    lines = unfold(text)
    assert lines.count("BEGIN:VEVENT") == 1 and lines.count("END:VEVENT") == 1
    assert "\x07" not in text
    assert "UID:a-b-c--d@x" in lines
    cal = parse_calendar(text.encode("utf-8"))
    [vevent] = cal.walk("VEVENT")
    expected = 'X\\Y;Z,W\nEND:VEVENT\nBEGIN:VEVENT <script>alert("ics")</script>'
    assert str(vevent["SUMMARY"]) == expected
    assert str(vevent["DESCRIPTION"]) == expected
    # icalendar leaves X- properties as written: still one escaped TEXT value.
    assert str(cal["X-WR-CALNAME"]) == ics.escape_text(HOSTILE)


def test_same_input_gives_same_bytes():
    make = lambda: ics.calendar([event()], name="n", prodid="p", stamp=dt.date(2026, 11, 21))  # noqa: E731
    assert make() == make()


def test_parsed_event_dates_and_alarm():
    cal = parse_calendar(ics.calendar([event()], name="n", prodid="p", stamp=dt.date(2026, 11, 21)).encode())
    [vevent] = cal.walk("VEVENT")
    assert vevent.decoded("DTSTART") == dt.date(2026, 11, 1)
    assert vevent.decoded("DTEND") == dt.date(2026, 12, 1)
    [alarm] = vevent.walk("VALARM")
    assert alarm.decoded("TRIGGER") == -dt.timedelta(days=3, hours=15)


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
    first = site.build(fresh=True)
    again = site.build(outdir="_build2", fresh=True)
    return first, again


def test_builds_cleanly(built):
    first, _ = built
    assert first.warnings == ""


def test_ics_files_for_every_dated_window(built):
    first, _ = built
    out = first.app.outdir
    domain = first.app.env.domains["policybook"]
    dated = sorted(p["id"] for p in domain.programs.values()
                   if not p.get("archived") and p["window"].get("mode") != "rolling" and p["window"].get("close"))
    assert dated
    assert sorted(p.stem for p in (out / "calendar").glob("*.ics") if p.stem != "all") == dated
    cal = parse_calendar((out / "calendar/all.ics").read_bytes())
    events = cal.walk("VEVENT")
    assert len(events) == len(dated)
    assert str(cal["VERSION"]) == "2.0" and str(cal["METHOD"]) == "PUBLISH"
    assert str(cal["X-WR-CALNAME"]).endswith("申报日历")
    uids = {str(e["UID"]) for e in events}
    assert "patent-grant-20261101@policybook" in uids
    for program_id in dated:
        [single] = parse_calendar((out / f"calendar/{program_id}.ics").read_bytes()).walk("VEVENT")
        program = domain.programs[program_id]
        assert single.decoded("DTSTART") == program["window"]["open"]
        assert single.decoded("DTEND") == program["window"]["close"] + dt.timedelta(days=1)
        assert str(single["DTSTAMP"].to_ical().decode()) == "20261121T000000Z"


def test_ics_escapes_hostile_titles(built):
    first, _ = built
    data = (first.app.outdir / "calendar/hostile-program.ics").read_bytes()
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    [vevent] = parse_calendar(data).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == '<b>粗</b>;,\\ 测试 "引号" & 资助 申报'


def test_ics_files_are_reproducible(built):
    first, again = built
    for path in sorted((first.app.outdir / "calendar").glob("*.ics")):
        assert path.read_bytes() == (again.app.outdir / "calendar" / path.name).read_bytes(), path.name


def test_calendar_page_lists_open_and_upcoming_windows_by_month(built):
    first, _ = built
    page = first.html("source/calendar")
    months = [h.find(string=True).strip() for h in page.select("section.pb-cal-month > h2")]
    assert months == sorted(months, key=lambda m: tuple(int(x) for x in re.findall(r"\d+", m)))
    assert "2026年11月" in months and "2027年3月" in months
    open_item = next(li for li in page.select("li.pb-cal-item") if "发明专利授权资助" in li.get_text())
    assert open_item.select_one("a.pb-cal-link")["href"] == "programs/patent-grant.html"
    assert "11月30日" in open_item.select_one(".pb-cal-date").get_text()
    assert "申报中 · 剩 9 天" in open_item.select_one(".pb-status").get_text()
    holder = open_item.select_one(".pb-live-status")
    assert (holder["data-pb-open"], holder["data-pb-close"], holder["data-pb-detail"]) == ("2026-11-01", "2026-11-30", "1")
    assert open_item.select_one("a.pb-ics")["href"] == "../calendar/patent-grant.ics"
    assert page.select_one(".pb-cal-subscribe a.pb-ics")["href"] == "../calendar/all.ics"
    assert [h.find(string=True).strip() for h in page.select("section.pb-cal-rolling > h2")] == ["常年受理"]
    closed = page.select("section.pb-cal-closed li.pb-cal-item")
    assert any("已截止" in li.get_text() for li in closed)


def test_calendar_page_escapes_hostile_text(built):
    first, _ = built
    raw = (first.app.outdir / "source/calendar.html").read_text("utf-8")
    assert "<b>粗</b>" not in raw and "&lt;b&gt;粗&lt;/b&gt;" in raw
    program = (first.app.outdir / "source/programs/hostile-program.html").read_text("utf-8")
    assert "<script>alert(1)</script>" not in program


def test_program_pages_link_their_ics_while_the_window_is_not_closed(built):
    first, _ = built
    link = first.html("source/programs/patent-grant").select_one(".pb-ics-link a.pb-ics")
    assert link["href"] == "../../calendar/patent-grant.ics" and "加入日历" in link.get_text()
    assert first.html("source/programs/hightech-reward").select_one("a.pb-ics") is not None  # upcoming
    assert first.html("source/programs/national-hightech").select_one("a.pb-ics") is None  # closed
    assert first.html("source/programs/ip-pledge").select_one("a.pb-ics") is None  # rolling
