"""The .ics files: ``calendar/all.ics`` with every dated window, ``calendar/<id>.ics`` per program.

Written once per build, after the pages, from the domain's data (serialised by :mod:`.ics`).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

from ..model.formatting import date_zh, window_text
from ..model.vocab import CATEGORIES, LEVELS
from ..site.export import plain_text
from ..state import state
from . import ics
from .view import ALARM_DAYS, ALL_ICS, CALENDAR_DIR, active_programs, has_dates, ics_path


def site_host(app) -> str:
    base = getattr(app.config, "html_baseurl", "") or ""
    return urlsplit(base).hostname or "policybook"


def program_event(program: dict, domain, app) -> ics.Event:
    window = program["window"]
    title = program["title"]
    base = getattr(app.config, "html_baseurl", "") or ""
    url = urljoin(base.rstrip("/") + "/", app.builder.get_target_uri(program["docname"])) if base else ""
    summary = plain_text(program.get("summary") or "", domain.programs, domain.policies)
    lines = [f"受理时间: {window_text(window)}", f"主管部门: {program['authority']}",
             f"支持力度: {program['funding']['summary']}"]
    if summary:
        lines.append(summary)
    if url:
        lines.append(f"详情: {url}")
    site = app.config.html_title or app.config.project
    lines.append(f"以当期通知为准。来源: {site}")
    return ics.Event(
        uid=f"{program['id']}-{ics.date_value(window['open'])}@{site_host(app)}",
        summary=f"{title} 申报",
        start=window["open"], end=window["close"],
        description="\n".join(lines), url=url,
        categories=(LEVELS.label(program["level"]), CATEGORIES.label(program["category"])),
        alarm_days=ALARM_DAYS,
        alarm_text=f"{title} 将于 {date_zh(window['close'])} 截止申报",
    )


def calendar_files(app) -> dict[str, bytes]:
    """Path under the output directory → bytes, for every .ics file of this build."""
    domain = app.env.domains["policybook"]
    today = state(app).today
    site = app.config.html_title or app.config.project
    prodid = "-//Policybook//Policybook application calendar//ZH"
    chosen = sorted((p for p in active_programs(domain.programs) if has_dates(p)),
                    key=lambda p: (p["window"]["open"], p["id"]))
    events = {p["id"]: program_event(p, domain, app) for p in chosen}
    files = {ALL_ICS: ics.calendar(events.values(), name=f"{site} 申报日历", prodid=prodid, stamp=today,
                                   description="各类科技项目的申报时间 (以当期通知为准)")}
    for program in chosen:
        files[ics_path(program["id"])] = ics.calendar(
            [events[program["id"]]], name=f"{program['title']} 申报时间", prodid=prodid, stamp=today)
    return {path: text.encode("utf-8") for path, text in files.items()}


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
    files = calendar_files(app)
    for relpath, data in files.items():
        path = out / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if not (path.is_file() and path.read_bytes() == data):
            path.write_bytes(data)
    # A program that lost its window (or was removed) loses its file too.
    for path in (out / CALENDAR_DIR).glob("*.ics"):
        if f"{CALENDAR_DIR}/{path.name}" not in files:
            path.unlink()
