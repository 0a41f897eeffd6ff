"""Content health: what staff should look at next, from the content itself (pure).

The staff build's 内容体检 page (``{content-health}``) lists, for the build date: programs whose
``reviewed`` date is older than 180 days, policies in force that expire within 90 days (or have
expired and are still marked in force), scheduled windows that have closed with no next window
announced, links the last ``make linkcheck`` found dead, programs whose titles are so alike they
may be the same program twice, and forms in the forms folder that no program offers. Each
finding names the file and line to edit and, where there is one, the page it shows on.

Reports are duck-typed :class:`~policybook.validate.files.FileReport` objects (``kind``, ``path``,
``docname``, ``entry``, ``lines``), so this module stays free of the validator and of Sphinx.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field

REVIEW_DAYS = 180
EXPIRY_DAYS = 90
SIMILAR_TITLES = 0.85  # difflib ratio: 高新技术企业认定 / 高新技术企业首次认定奖励 (0.8) are two programs
# What says when the next window is: expected (a date), recurring (every year), next (in words)
NEXT_KEYS = ("expected", "recurring", "next")
DEAD = ("broken",)  # Sphinx linkcheck statuses that mean the link does not work


@dataclass(frozen=True)
class Finding:
    """One thing to look at: where it shows (``docname``, if a page) and where to edit it."""

    title: str
    text: str  # what is wrong, in Chinese
    path: str  # the file to edit, relative to the project
    line: int | None = None
    docname: str | None = None

    @property
    def place(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass
class Section:
    key: str
    heading: str
    hint: str  # what to do about a finding
    findings: list[Finding] = field(default_factory=list)
    checked: bool = True  # False: nothing to look at yet (no link check has run)


def _live(reports: Iterable, kind: str) -> list:
    return sorted((r for r in reports if r.kind == kind and r.entry and not r.entry.get("broken")),
                  key=lambda r: r.path)


def _programs(reports: Iterable) -> list:
    return [r for r in _live(reports, "program") if not r.entry.get("archived")]


def stale_reviews(reports: Iterable, today: dt.date, days: int = REVIEW_DAYS) -> list[Finding]:
    found = []
    for r in _programs(reports):
        reviewed = r.entry.get("reviewed")
        if isinstance(reviewed, dt.date) and (today - reviewed).days > days:
            found.append(Finding(r.entry["title"], f"最后核对于 {reviewed}, 已过 {(today - reviewed).days} 天",
                                 r.path, r.lines.get("reviewed"), r.docname))
    return found


def expiring_policies(reports: Iterable, today: dt.date, days: int = EXPIRY_DAYS) -> list[Finding]:
    found = []
    for r in _live(reports, "policy"):
        expiry = r.entry.get("expiry")
        if r.entry.get("validity") != "in-force" or not isinstance(expiry, dt.date):
            continue
        left = (expiry - today).days
        if left < 0:
            text = f"已于 {expiry} 到期, 仍标为现行有效 (validity: in-force)"
        elif left <= days:
            text = f"{expiry} 到期, 还有 {left} 天"
        else:
            continue
        found.append(Finding(r.entry["title"], text, r.path, r.lines.get("expiry"), r.docname))
    return found


def closed_without_next(reports: Iterable, today: dt.date) -> list[Finding]:
    found = []
    for r in _programs(reports):
        window = r.entry.get("window") or {}
        close = window.get("close")
        if window.get("mode") != "scheduled" or not isinstance(close, dt.date) or close >= today:
            continue
        if any(window.get(key) for key in NEXT_KEYS):
            continue
        found.append(Finding(r.entry["title"], f"申报已于 {close} 截止, 没有写下次申报时间",
                             r.path, r.lines.get("window.close") or r.lines.get("window"), r.docname))
    return found


def similar_titles(reports: Iterable, threshold: float = SIMILAR_TITLES) -> list[Finding]:
    """Pairs of programs whose titles match closely, or one's title is the other's alias."""
    programs = _programs(reports)
    found = []
    for i, a in enumerate(programs):
        for b in programs[i + 1:]:
            ta, tb = a.entry["title"], b.entry["title"]
            ratio = difflib.SequenceMatcher(None, ta, tb).ratio()
            aliased = ta in (b.entry.get("aliases") or ()) or tb in (a.entry.get("aliases") or ())
            if ratio >= threshold or aliased:
                why = "一个的名称是另一个的别名" if aliased else f"名称相似度 {ratio:.0%}"
                found.append(Finding(ta, f"与「{tb}」({b.path}) 可能重复: {why}",
                                     a.path, a.lines.get("title"), a.docname))
    return found


def unused_forms(reports: Iterable, forms_dir: str, form_files: Iterable[str]) -> list[Finding]:
    """Files in the forms folder that no program's materials offer (``materials[].form``)."""
    used = {m.get("form") for r in _live(reports, "program") for m in r.entry.get("materials") or ()}
    folder = forms_dir.strip("/")
    return [Finding(name, "没有事项在申报材料中引用这个表格 (materials[].form)", posixpath.join(folder, name))
            for name in sorted(form_files) if name not in used]


def dead_links(output_json: str, docnames: Iterable[str]) -> list[Finding]:
    """The dead links in Sphinx linkcheck's ``output.json`` (one JSON object per line)."""
    known = set(docnames)
    found = []
    for raw in output_json.splitlines():
        try:
            record = json.loads(raw)
        except ValueError:
            continue
        if not isinstance(record, dict) or record.get("status") not in DEAD:
            continue
        path = str(record.get("filename", ""))
        docname = path.rsplit(".", 1)[0] if "." in path else path
        info = str(record.get("info", "")).strip()
        text = f"链接无法打开: {record.get('uri', '')}" + (f" ({info[:120]})" if info else "")
        line = record.get("lineno") if isinstance(record.get("lineno"), int) else None
        found.append(Finding(docname, text, path, line, docname if docname in known else None))
    return sorted(found, key=lambda f: (f.path, f.line or 0, f.text))


def sections(reports: Iterable, today: dt.date, *, forms_dir: str, form_files: Iterable[str],
             linkcheck: str | None, docnames: Iterable[str]) -> list[Section]:
    """Every section of the page, in the order staff work through them."""
    reports = list(reports)
    links = Section("links", "失效链接", "改正或删除链接后重新运行 make linkcheck。",
                    dead_links(linkcheck, docnames) if linkcheck is not None else [], checked=linkcheck is not None)
    return [
        Section("reviewed", f"超过 {REVIEW_DAYS} 天未核对的事项",
                "对照原文核对事项内容, 然后把 reviewed 改为核对当天的日期。", stale_reviews(reports, today)),
        Section("expiring", f"{EXPIRY_DAYS} 天内到期的政策",
                "确认是否延期或出台新政策: 延期的改 expiry, 失效的把 validity 改为 expired, "
                "有新政策的用 policybook replace-policy 改引用。", expiring_policies(reports, today)),
        Section("no-next", "已截止且没有下次申报时间的事项",
                "在 window.expected 写预计的下次申报时间 (或每年固定的写 window.recurring); "
                "不再开放的在 window.next 写“不再开放”, 或标记 archived: true。",
                closed_without_next(reports, today)),
        links,
        Section("duplicates", "可能重复的事项",
                "确认是不是同一个事项: 是的话合并为一个文件 (旧编号写进 former_ids), 不是的话可以不处理。",
                similar_titles(reports)),
        Section("forms", "没有事项使用的表格",
                "在对应事项的 materials 中引用这个表格, 或把它从表格文件夹删除。",
                unused_forms(reports, forms_dir, form_files)),
    ]
