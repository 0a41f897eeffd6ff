"""The .ics writer's block cache (issue 22): the same bytes as icalendar writes whole, and an
edit re-serialises only what changed."""

from __future__ import annotations

import datetime as dt

from sphinx_helpers import Site

from policybook.calendar import ics
from policybook.calendar.ics_cache import CACHE_FILE

STAMP = dt.date(2026, 11, 21)
EVENTS = [
    ics.Event(uid="a-current-open@example.org", summary="明湖县高新技术企业认定奖励（示例） 开始申报",
              day=dt.date(2026, 3, 1), description="很长的说明，" * 40, url="https://example.org/a b.html",
              categories=("高新技术", "县级")),
    ics.Event(uid="a-current-close@example.org", summary="截止", day=dt.date(2026, 4, 30), tentative=True,
              alarm_text="将于 2026年4月30日 截止申报 (还有 {days} 天)", sequence=2),
]


def test_cached_calendar_is_byte_for_byte_what_icalendar_writes():
    whole = ics.calendar(EVENTS, name="申报日历", prodid="-//x//y//ZH", stamp=STAMP, description="说明")
    cache: dict[str, str] = {}
    assert ics.calendar(EVENTS, name="申报日历", prodid="-//x//y//ZH", stamp=STAMP, description="说明",
                        cache=cache) == whole
    assert len(cache) == 3  # the head and two events
    assert ics.calendar(EVENTS, name="申报日历", prodid="-//x//y//ZH", stamp=STAMP, description="说明",
                        cache=cache) == whole
    assert ics.calendar([], name="空", prodid="p", stamp=STAMP, cache=cache) == ics.calendar(
        [], name="空", prodid="p", stamp=STAMP)


def test_an_edit_rewrites_only_the_changed_events_and_the_same_files(tmp_path):
    site = Site(tmp_path)
    first = site.build(fresh=True)
    out = first.app.outdir / "calendar"
    before = {p.name: p.read_bytes() for p in out.glob("*.ics")}
    assert (first.app.doctreedir / CACHE_FILE).is_file()
    site.edit("source/programs/patent-grant.yaml", "title: 发明专利授权资助", "title: 专利质押贷款贴息")
    site.build()
    fresh = Site.__new__(Site)
    fresh.src = site.src
    again = fresh.build(outdir="_fresh", fresh=True)
    after = {p.name: p.read_bytes() for p in out.glob("*.ics")}
    assert after == {p.name: p.read_bytes() for p in (again.app.outdir / "calendar").glob("*.ics")}
    assert {n for n in after if after[n] != before.get(n)} == {"patent-grant.ics", "all.ics"}
