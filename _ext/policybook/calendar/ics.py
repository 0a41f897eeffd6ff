"""iCalendar files of application windows, written with the ``icalendar`` library. No Sphinx, no I/O.

A window is two all-day events, its opening day and its closing day, so that a phone calendar
shows two dates to act on rather than a month-long banner. The closing day carries two alarms
(7 days and 1 day before, at 09:00). Forecast (预计) windows are ``STATUS:TENTATIVE``.

A subscribed calendar updates an event whose ``UID`` it knows when the ``SEQUENCE`` is higher, and
adds an event with a new ``UID``: so the UID names the window (program, role, opening or
closing), never its dates, and :mod:`.files` raises the SEQUENCE when the dates move.
icalendar escapes TEXT values and folds lines; control characters are dropped first (an XML or
HTML page would not accept them either).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

import icalendar

ALARM_DAYS = (7, 1)  # days before the closing day, at 09:00
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_UNSAFE_TOKEN = re.compile(r"[^A-Za-z0-9._@+\-]")


def clean(value: str) -> str:
    """Newlines kept (icalendar writes them as ``\\n``), other control characters removed."""
    return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def token(value: str) -> str:
    """A UID or file name with anything outside ``[A-Za-z0-9._@+-]`` replaced by ``-``."""
    return _UNSAFE_TOKEN.sub("-", value)


@dataclass(frozen=True)
class Event:
    """One all-day event (an opening or a closing day)."""

    uid: str
    summary: str
    day: dt.date
    description: str = ""
    url: str = ""
    categories: tuple[str, ...] = ()
    tentative: bool = False
    sequence: int = 0
    alarm_text: str = ""  # set on closing days: alarms before the day
    until: dt.date | None = None  # the window's last day (not written: which files carry the event)

    def key(self) -> str:
        """What, when it changes, a subscribed calendar must pick up (raises the SEQUENCE)."""
        return f"{self.day.isoformat()}|{'TENTATIVE' if self.tentative else 'CONFIRMED'}"


def _stamp(value: dt.date) -> dt.datetime:
    """DTSTAMP from the build date: midnight UTC, so the same build date gives the same bytes."""
    return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)


def vevent(event: Event, stamp: dt.date) -> icalendar.Event:
    item = icalendar.Event()
    item.add("uid", token(event.uid))
    item.add("dtstamp", _stamp(stamp))
    item.add("dtstart", event.day)
    item.add("dtend", event.day + dt.timedelta(days=1))  # exclusive: an all-day event
    item.add("sequence", event.sequence)
    item.add("summary", clean(event.summary))
    if event.description:
        item.add("description", clean(event.description))
    if event.url:
        item.add("url", clean(event.url).replace("\n", "").replace(" ", "%20"))
    if event.categories:
        item.add("categories", [clean(c) for c in event.categories])
    item.add("status", "TENTATIVE" if event.tentative else "CONFIRMED")
    item.add("transp", "TRANSPARENT")
    if event.alarm_text:
        for days in ALARM_DAYS:
            alarm = icalendar.Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", clean(event.alarm_text.replace("{days}", str(days))))
            # relative to DTSTART (00:00 of the closing day): N days before it, at 09:00
            alarm.add("trigger", -dt.timedelta(days=days - 1, hours=15))
            item.add_component(alarm)
    return item


def event_text(event: Event, stamp: dt.date, cache: dict[str, str] | None = None) -> str:
    """One VEVENT block as written (folded, CRLF). ``cache`` keeps blocks across files and builds:
    icalendar's folding costs about 0.3 ms an event, and a site of 2,000 programs has 5,000."""
    if cache is None:
        return vevent(event, stamp).to_ical().decode("utf-8")
    key = hashlib.blake2b(f"{event!r}|{stamp.isoformat()}".encode(), digest_size=12).hexdigest()
    text = cache.get(key)
    if text is None:
        text = cache[key] = vevent(event, stamp).to_ical().decode("utf-8")
    return text


def calendar(events: Iterable[Event], *, name: str, prodid: str, stamp: dt.date,
             description: str = "", cache: dict[str, str] | None = None) -> bytes:
    """A whole VCALENDAR as UTF-8 bytes (CRLF line endings, folded at 75 octets).

    The same bytes as icalendar writes for the whole calendar: its components are written one
    after the other, so the head comes from an empty calendar and each VEVENT from :func:`event_text`.
    """
    if cache is not None:
        key = hashlib.blake2b(repr(("head", name, prodid, stamp, description)).encode(), digest_size=12).hexdigest()
        empty = cache.get(key)
        if empty is None:
            empty = cache[key] = calendar([], name=name, prodid=prodid, stamp=stamp,
                                          description=description).decode("utf-8")
        head, _, tail = empty.rpartition("END:VCALENDAR")
        body = "".join(event_text(event, stamp, cache) for event in events)
        return (head + body + "END:VCALENDAR" + tail).encode("utf-8")
    cal = icalendar.Calendar()
    cal.add("prodid", clean(prodid))
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    # icalendar types X- properties as it reads them; say they are TEXT so they are escaped too
    cal.add("x-wr-calname", icalendar.vText(clean(name)))
    if description:
        cal.add("x-wr-caldesc", icalendar.vText(clean(description)))
    for event in events:
        cal.add_component(vevent(event, stamp))
    return cal.to_ical()


def published(data: bytes) -> dict[str, dict]:
    """UID → {key, sequence} of an earlier build's calendar (to carry SEQUENCE forward)."""
    try:
        cal = icalendar.Calendar.from_ical(data)
    except (ValueError, KeyError, IndexError):
        return {}
    out = {}
    for item in cal.walk("VEVENT"):
        try:
            day = item.decoded("DTSTART")
            status = str(item.get("STATUS", "CONFIRMED"))
            out[str(item["UID"])] = {"key": f"{day.isoformat()}|{status}", "sequence": int(item.get("SEQUENCE", 0))}
        except (KeyError, ValueError, TypeError, AttributeError):
            continue
    return out
