"""The self-check's one .ics of the matched windows, from the calendar module's own writer.

``data/selfcheck.json`` carries, per program, the VEVENT blocks of its ``calendar/<id>.ics``
(opening and closing day, alarms, TENTATIVE forecasts, the same UIDs and SEQUENCE), and a
VCALENDAR head and tail; the page joins those of the programs it matched into one file in the
browser, so which programs matched is never asked of the server. Sphinx glue (it needs the app).
"""

from __future__ import annotations

from ..calendar.files import build_calendars
from ..calendar.ics import calendar
from ..calendar.view import ics_path
from ..state import state

NAME = "政策匹配结果 申报时间"
PRODID = "-//Policybook//Policybook self-check calendar//ZH"


def _events(data: bytes) -> str:
    """The VEVENT blocks of a VCALENDAR (CRLF lines, already folded by the writer)."""
    text = data.decode("utf-8")
    start, end = text.find("BEGIN:VEVENT"), text.rfind("END:VEVENT\r\n")
    return text[start:end + len("END:VEVENT\r\n")] if start != -1 and end != -1 else ""


def selfcheck_calendars(app) -> dict:
    """``{"head", "tail", "events": {program id: VEVENT text}}`` for data/selfcheck.json."""
    files, _record = build_calendars(app)
    empty = calendar([], name=NAME, prodid=PRODID, stamp=state(app).today).decode("utf-8")
    head, _, tail = empty.partition("END:VCALENDAR")
    domain = app.env.domains["policybook"]
    events = {pid: _events(files[ics_path(pid)]) for pid in domain.programs if ics_path(pid) in files}
    return {"head": head, "tail": "END:VCALENDAR" + tail, "events": {k: v for k, v in events.items() if v}}
