"""A small iCalendar (RFC 5545) writer for application windows. Pure: no Sphinx, no I/O.

Only what the calendar needs: one VCALENDAR holding all-day VEVENTs (one per application
window) with an optional VALARM before the deadline. Every text value is escaped (RFC 5545
3.3.11), control characters are dropped, lines end in CRLF and are folded at 75 octets
without splitting a UTF-8 character (3.1), so hostile titles cannot break out of a property.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

CRLF = "\r\n"
MAX_OCTETS = 75

# Control characters other than HTAB are not allowed in TEXT (RFC 5545 3.3.11); CR and LF
# are handled first (LF becomes the two characters "\n").
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Parameter values, names and UIDs are written unquoted here: keep them to a safe subset.
_UNSAFE_TOKEN = re.compile(r"[^A-Za-z0-9._@+\-]")


def escape_text(value: str) -> str:
    r"""TEXT value escaping: ``\`` ``;`` ``,`` and newlines; control characters are removed."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROL.sub("", value)
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def fold(line: str) -> str:
    """Fold one content line into CRLF-terminated physical lines of at most 75 octets.

    Continuation lines start with one space, which counts towards their 75 octets. A UTF-8
    character is never split across lines.
    """
    out: list[str] = []
    current, size, limit = [], 0, MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append("".join(current))
            current, size, limit = [], 0, MAX_OCTETS - 1
        current.append(char)
        size += width
    out.append("".join(current))
    return CRLF.join([out[0], *(" " + part for part in out[1:])]) + CRLF


def token(value: str) -> str:
    """A UID or other identifier with anything outside ``[A-Za-z0-9._@+-]`` replaced by ``-``."""
    return _UNSAFE_TOKEN.sub("-", value)


def date_value(value: dt.date) -> str:
    return value.strftime("%Y%m%d")


def stamp_value(value: dt.date) -> str:
    """DTSTAMP from a date: midnight UTC, so the same build date gives the same bytes."""
    return value.strftime("%Y%m%dT000000Z")


@dataclass(frozen=True)
class Event:
    """One application window as an all-day event from ``start`` to ``end`` (both inclusive)."""

    uid: str
    summary: str
    start: dt.date
    end: dt.date
    description: str = ""
    url: str = ""
    categories: tuple[str, ...] = ()
    alarm_days: int | None = 3  # remind this many days before the last day (09:00 local)
    alarm_text: str = ""


def event_lines(event: Event, stamp: dt.date) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{token(event.uid)}",
        f"DTSTAMP:{stamp_value(stamp)}",
        f"DTSTART;VALUE=DATE:{date_value(event.start)}",
        # DTEND of an all-day event is exclusive: the day after the last day.
        f"DTEND;VALUE=DATE:{date_value(event.end + dt.timedelta(days=1))}",
        f"SUMMARY:{escape_text(event.summary)}",
    ]
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.url:
        lines.append(f"URL:{_uri(event.url)}")
    if event.categories:
        lines.append("CATEGORIES:" + ",".join(escape_text(c) for c in event.categories))
    lines += ["STATUS:CONFIRMED", "TRANSP:TRANSPARENT"]
    if event.alarm_days is not None:
        # Relative to DTEND (00:00 after the last day): N days before the last day, at 09:00.
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{escape_text(event.alarm_text or event.summary)}",
            f"TRIGGER;RELATED=END:-P{event.alarm_days}DT15H",
            "END:VALARM",
        ]
    lines.append("END:VEVENT")
    return lines


def calendar(events: Iterable[Event], *, name: str, prodid: str, stamp: dt.date,
             description: str = "") -> str:
    """A whole VCALENDAR as text with CRLF line endings (write it as UTF-8 bytes)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{escape_text(prodid)}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    if description:
        lines.append(f"X-WR-CALDESC:{escape_text(description)}")
    for event in events:
        lines += event_lines(event, stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) for line in lines)


def _uri(value: str) -> str:
    """A URI value is not TEXT: no escaping, but nothing that could end the line either."""
    return _CONTROL.sub("", value.replace("\r", "").replace("\n", "")).replace(" ", "%20")
