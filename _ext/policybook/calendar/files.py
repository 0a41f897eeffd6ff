"""The .ics files: ``calendar/all.ics`` with every window, ``calendar/<id>.ics`` per program.

Written once per build, after the pages, from the domain's data (serialised by :mod:`.ics`).
Each window is an opening-day and a closing-day event whose UID names the program and the
window (``current`` or ``expected``), not its dates. When the dates move, the SEQUENCE goes up:
the published UIDs, dates and sequences are kept in ``<doctrees>/policybook-calendar.json``
(and, when that record is missing, read back from the published ``all.ics``), so a subscribed
calendar moves the event instead of adding a second one, across incremental and full rebuilds.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from ..model import windows
from ..model.formatting import date_zh, window_text
from ..model.vocab import CATEGORIES, LEVELS
from ..site.export import plain_text
from ..state import state
from . import ics, ics_cache
from .view import ALL_ICS, CALENDAR_DIR, active_programs, ics_path

RECORD_FILE = "policybook-calendar.json"
RECORD_VERSION = 1


def site_host(app) -> str:
    base = getattr(app.config, "html_baseurl", "") or ""
    return urlsplit(base).hostname or "policybook"


def _description(program: dict, span: windows.Span, domain, app, url: str) -> str:
    summary = plain_text(program.get("summary") or "", domain.programs, domain.policies)
    when = windows.span_text(span) if span.role == "expected" else window_text(program["window"])
    lines = [f"受理时间: {when}", f"主管部门: {program['authority']}", f"支持力度: {program['funding']['summary']}"]
    if span.note:
        lines.append(f"说明: {span.note}")
    if summary:
        lines.append(summary)
    if url:
        lines.append(f"详情: {url}")
    site = app.config.html_title or app.config.project
    lines.append(("预计时间, " if span.forecast else "") + f"以当期通知为准。来源: {site}")
    return "\n".join(lines)


def program_events(program: dict, domain, app) -> list[ics.Event]:
    """An opening-day and a closing-day event for each window of the program (current, expected)."""
    base = getattr(app.config, "html_baseurl", "") or ""
    url = urljoin(base.rstrip("/") + "/", app.builder.get_target_uri(program["docname"])) if base else ""
    title, today = program["title"], state(app).today
    categories = (LEVELS.label(program["level"]), CATEGORIES.label(program["category"]))
    events = []
    for span in windows.windows(program["window"], today):
        mark = "预计" if span.forecast else ""
        common = dict(description=_description(program, span, domain, app, url), url=url,
                      categories=categories, tentative=span.forecast, until=span.close or span.open)
        uid = f"{program['id']}-{span.role}"
        opens = f"{span.open.year}年{span.open.month}月, 具体日期待定"
        events.append(ics.Event(uid=f"{uid}-open@{site_host(app)}", day=span.open,
                                summary=f"{title} {mark}开始申报" + (f" ({opens})" if span.open_month else ""),
                                **common))
        if span.close is not None:
            closes = f"{span.close.month}月底前" if span.close_month else date_zh(span.close)
            events.append(ics.Event(uid=f"{uid}-close@{site_host(app)}", day=span.close,
                                    summary=f"{title} {mark}申报截止",
                                    alarm_text=f"{title} 将于 {closes} {mark}截止申报 (还有 {{days}} 天)",
                                    **common))
    return events


# -- SEQUENCE: what was published before ---------------------------------------------------------
def _record_path(app) -> Path:
    return Path(app.doctreedir) / RECORD_FILE


def load_published(app) -> dict[str, dict]:
    """UID → {key, sequence} as last published: the record, else the published all.ics."""
    try:
        record = json.loads(_record_path(app).read_text("utf-8"))
        if isinstance(record, dict) and record.get("version") == RECORD_VERSION:
            return record["events"]
    except (OSError, ValueError, KeyError):
        pass
    try:
        return ics.published((Path(app.outdir) / ALL_ICS).read_bytes())
    except OSError:
        return {}


def sequenced(events: list[ics.Event], before: dict[str, dict]) -> tuple[list[ics.Event], dict[str, dict]]:
    """Events with their SEQUENCE: the published one, one higher when the dates (or 预计) changed.
    A UID no longer published is remembered, so that it does not start again at 0 if it returns."""
    record = dict(before)
    out = []
    for event in events:
        uid = ics.token(event.uid)
        old = before.get(uid)
        sequence = 0 if old is None else old["sequence"] + (old["key"] != event.key())
        record[uid] = {"key": event.key(), "sequence": sequence}
        out.append(ics.Event(**{**event.__dict__, "sequence": sequence}))
    return out, record


def calendar_files(app, before: dict[str, dict] | None = None) -> tuple[dict[str, bytes], dict[str, dict]]:
    """Path under the output directory → bytes, for every .ics file of this build; and the record."""
    domain = app.env.domains["policybook"]
    today = state(app).today
    site = app.config.html_title or app.config.project
    prodid = "-//Policybook//Policybook application calendar//ZH"
    by_program = {p["id"]: program_events(p, domain, app) for p in active_programs(domain.programs)}
    chosen = sorted((p for p in by_program.values() if p), key=lambda evs: (evs[0].day, evs[0].uid))
    events, record = sequenced([e for evs in chosen for e in evs], before or {})
    by_uid = {ics.token(e.uid): e for e in events}
    blocks = ics_cache.cache(app)
    files = {ALL_ICS: ics.calendar(sorted(events, key=lambda e: (e.day, e.uid)), name=f"{site} 申报日历",
                                   prodid=prodid, stamp=today, description="各类科技项目的申报时间 (以当期通知为准)",
                                   cache=blocks)}
    for program_id, own in by_program.items():
        if own:
            # a program's own file: its windows still to come (提醒我下次申报: the expected one), or
            # the last one when all have passed
            coming = [e for e in own if e.until is None or e.until >= today] or own
            title = domain.programs[program_id]["title"]
            files[ics_path(program_id)] = ics.calendar([by_uid[ics.token(e.uid)] for e in coming],
                                                       name=f"{title} 申报时间", prodid=prodid, stamp=today,
                                                       cache=blocks)
    return files, record


def build_calendars(app) -> tuple[dict[str, bytes], dict[str, dict]]:
    """This build's .ics files and record, made once: the .ics writer and ``selfcheck.json``
    both read them (either may run first; the record they start from gives the same events)."""
    build = state(app)
    if build.calendars is None:
        build.calendars = calendar_files(app, load_published(app))
    return build.calendars


def write_calendars(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    from ..site.deferred import skip_in_preview
    from ..site.publish import up_to_date

    out = Path(app.outdir)
    if up_to_date(app, out / CALENDAR_DIR / "all.ics"):
        return
    if skip_in_preview(app, out / CALENDAR_DIR / "all.ics"):
        return  # the next publishing build writes them
    files, record = build_calendars(app)
    for relpath, data in files.items():
        path = out / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if not (path.is_file() and path.read_bytes() == data):
            path.write_bytes(data)
    # A program that lost its windows (or was removed) loses its file too.
    for path in (out / CALENDAR_DIR).glob("*.ics"):
        if f"{CALENDAR_DIR}/{path.name}" not in files:
            path.unlink()
    ics_cache.save(app)
    text = json.dumps({"version": RECORD_VERSION, "events": record}, ensure_ascii=False, sort_keys=True, indent=1)
    path = _record_path(app)
    if not (path.is_file() and path.read_text("utf-8") == text):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
