"""Notices (通知公告): one notice file, and the windows notices open across the project.

:func:`notice_file` is the notice's :class:`~.files.FileReport` (strict front matter as for
policies, its programs and forms as references the project resolves). :func:`notice_windows`
finds what only all files together show: two notices opening one program for overlapping
dates, a notice window over the program's own announced dates, and a window on a program
that takes no applications. The rule itself is in :mod:`policybook.model.notices`.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from ..model.loading import load_notice_front_matter_text
from ..model.notices import openings, overlaps, overlay
from ..model.problems import Problem
from .files import FileReport, Ref, _stub, report_at, scan_page

__all__ = ["notice_file", "notice_windows", "overlay"]  # overlay: the index applies it (.project)


def notice_file(text: str, path: str, docname: str, extensions: tuple[str, ...] = ()) -> FileReport:
    """A notice document: strict front matter, the programs it names, its attachments, its Markdown."""
    loaded = load_notice_front_matter_text(text, path)
    report = FileReport(path, docname, "notice", lines=loaded.lines, columns=loaded.columns, orphan=True)
    report.problems.extend(loaded.problems)
    scan_page(report, text, extensions)
    report.entry = loaded.data if loaded.data is not None else _stub(loaded, PurePosixPath(path).stem, title="")
    report.id_at = (loaded.lines.get("id", 1), loaded.columns.get("id", 1))
    notice = loaded.data if loaded.data is not None else (loaded.partial or {})
    at = report_at(loaded)
    for index, program in enumerate(notice.get("programs") or []):
        report.refs.append(Ref("program", program, *at(f"programs[{index}]"), f"programs[{index}]"))
    for index, opening in enumerate(notice.get("opens") or []):
        if isinstance(opening, dict) and opening.get("program"):
            path_ = f"opens[{index}].program"
            report.refs.append(Ref("program", opening["program"], *at(path_), path_))
    for index, attachment in enumerate(notice.get("attachments") or []):
        if isinstance(attachment, dict) and attachment.get("form"):
            path_ = f"attachments[{index}].form"
            report.refs.append(Ref("form", attachment["form"], *at(path_), path_))
    return report


_NO_WINDOW = {
    "rolling": ("常年受理", "常年受理的事项没有申报批次; 删除这条 opens, 或先把事项的 window.mode 改成 scheduled"),
    "no_application": ("免申即享", "免申即享的事项企业无需申报; 兑现时间写在事项的 window 中, 通知里删除这条 opens"),
    "archived": ("已停止执行", "已停止执行的事项不再受理; 删除这条 opens, 或检查事项编号是否写错"),
}


def _why_closed(program: dict) -> str | None:
    if program.get("archived"):
        return "archived"
    if program.get("no_application"):
        return "no_application"
    if (program.get("window") or {}).get("mode") == "rolling":
        return "rolling"
    return None


def notice_windows(found) -> list[Problem]:
    """Cross-file problems of notice windows (``found``: the project's :class:`~.project.Index`)."""
    problems: list[Problem] = []
    reports = {(kind, key): report for (kind, key), report in found.owners.items() if kind == "notice"}

    def place(opening: dict, key: str = "") -> tuple[str, int, int, str]:
        report = reports[("notice", opening["notice"])]
        path_ = f"opens[{opening['index']}]" + (f".{key}" if key else "")
        return report.path, report.lines.get(path_, 1), report.columns.get(path_, 1), path_

    for program_id, items in sorted(openings(found.notices).items()):
        owner = found.owners.get(("program", program_id))
        program = owner.entry if owner is not None else None  # as written, before notices
        if program is None or program.get("broken"):
            continue  # an unknown id is reported once, as a reference
        closed = _why_closed(program)
        for opening in items:
            if closed:
                label, hint = _NO_WINDOW[closed]
                problems.append(Problem(*place(opening, "program"),
                                        f"事项 '{program_id}' 是{label}事项, 通知不能为它开启申报期",
                                        "notice window on a program without applications", hint, "notice-window"))
        if closed:
            continue
        problems.extend(_overlapping(items, place))
        problems.extend(_over_own(program, items, place))
    return problems


def _overlapping(items: list[dict], place) -> list[Problem]:
    out = []
    for later_index, later in enumerate(items):
        for earlier in items[:later_index]:
            if overlaps(earlier, later):
                other = place(earlier)
                out.append(Problem(*place(later, "opens"),
                                   f"事项 '{later['program']}' 的申报期 {later['opens']} 至 {later['closes']} 与 "
                                   f"{other[0]}:{other[1]} 的通知 ({earlier['round']}) 重叠",
                                   "overlapping notice windows",
                                   "同一事项的两次申报期不能重叠: 核对两份通知的日期; 延期通知请修改原通知的日期",
                                   "notice-overlap"))
                break
    return out


def _over_own(program: dict, items: list[dict], place) -> list[Problem]:
    """A notice window over the program's own announced dates: the dates would be written twice."""
    window = program.get("window") or {}
    if not window.get("open") or not window.get("close") or window.get("forecast"):
        return []
    own = {"opens": window["open"], "closes": window["close"]}
    return [Problem(*place(opening, "opens"),
                    f"事项 '{opening['program']}' 的 window 已写明 {window['open']} 至 {window['close']}, "
                    f"与本通知的申报期重叠, 同一批申报时间写了两次",
                    "notice window over the program's own window",
                    "申报日期只写一处: 通知发布后, 把事项 YAML 的 open/close 改回上一批的日期 (或删除 forecast 的预计日期)",
                    "notice-overlap") for opening in items if overlaps(own, opening)]
