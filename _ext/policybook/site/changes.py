"""What changed since the last published build, for the feeds. Pure; no Sphinx import.

The hand-written ``changes`` of a program are notes; readers also want to hear of what staff
forget to write down: a new program, a window that opened, moved or is closing soon, an amount
or a condition that changed, an amended policy. Each build compares a *snapshot* of the export
records (only the fields a reader acts on, whitespace collapsed) with the snapshot the previous
published build left in the history record, and turns each difference into an entry that says
what changed (``截止日期由2026年4月30日改为2026年5月15日``, 公文 style) and whether it is major or minor.
Housekeeping (a new ``reviewed`` date, FAQ wording, whitespace) is not in a snapshot, so it is
never news. Entries are kept in the history, so a feed still lists them after later builds.
"""

from __future__ import annotations

import datetime as dt
import json

from ..model.formatting import date_zh, money
from ..model.lifecycle import STATES
from ..model.refs import clause_label

HISTORY_VERSION = 1
KEEP = 500  # detected entries kept in the history (the feeds show the newest 50)

#: Facets a feed can follow: finder key → (export field, vocabulary name).
FACETS = {
    "level": ("level", "level"),
    "category": ("category", "category"),
    "support": ("support_type", "support_type"),
    "applicant": ("applicants", "applicant_type"),
}

_FUNDING = ("max_amount_yuan", "standards")
_CONDITIONS = ("rules",)


def _clean(value):
    """Whitespace never makes news: collapse it in every string, recursively."""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    return value


def program_snapshot(record: dict) -> dict:
    """The fields of an export program record a reader acts on (programs.json's shape)."""
    window, funding, eligibility = record["window"], record["funding"], record["eligibility"]
    return _clean({
        "title": record["title"], "url": record["url"],
        "facets": {key: (record[field] if isinstance(record[field], list) else [record[field]])
                   for key, (field, _vocab) in FACETS.items()},
        "archived": bool(record.get("archived")),
        "mode": window["mode"], "open": window["open"], "close": window["close"],
        # 预计: the dates are a forecast; the expected next window as the pages say it
        "forecast": bool(window.get("forecast")), "expected": (window.get("expected") or {}).get("text") or "",
        "status": record["status"], "closing_soon": bool(record["closing_soon"]),
        "max_amount_yuan": funding["max_amount_yuan"],
        "funding_summary": funding["summary"],
        "standards": [item["standard"] for item in funding["items"]],
        "rules": [rule["text"] for rule in eligibility["rules"]],
        "rule_tests": [[rule["fact"], rule["op"], rule["value"]] for rule in eligibility["rules"]],
        "eligibility_text": eligibility["text"], "exclusions": eligibility["exclusions"],
        "basis": sorted({ref["policy"] for ref in record["basis"]}
                        | {rule["clause"]["policy"] for rule in eligibility["rules"]}),
    })


def policy_snapshot(record: dict) -> dict:
    return _clean({
        "title": record["title"], "url": record["url"],
        "doc_number": record["doc_number"], "state": record["state"],
        "effective": record["effective"], "expiry": record["expiry"],
        "superseded_by": record["superseded_by"],
        "clauses": {str(c["number"]): c["text"] for c in record["clauses"]},
    })


#: Part of each kept program's record key in the history: a change to :func:`program_snapshot`
#: must change this, so that snapshots kept by older code are made again.
SNAPSHOT_VERSION = 1


def record_keys(programs_doc: dict, keys: list[str]) -> dict[str, str]:
    """Program id → what its snapshot was made from: the record's key (:mod:`.record_cache`: the
    same key is always the same record) with :data:`SNAPSHOT_VERSION`; ``keys`` in the document's order."""
    return {record["id"]: f"{SNAPSHOT_VERSION}:{key}"
            for record, key in zip(programs_doc["programs"], keys, strict=True)}


def snapshot(programs_doc: dict, policies_doc: dict, records: dict[str, str] | None = None,
             history: dict | None = None) -> dict:
    """Snapshots of every program and policy of two export documents (export.py).

    With ``records`` (:func:`record_keys`), a program whose record is the one ``history`` (the
    last build's) recorded keeps the snapshot made then: after a one-file edit only the edited
    program's is made again (issue 22: the snapshots were a tenth of a publishing edit's CPU)."""
    history = history if history and history.get("version") == HISTORY_VERSION else {}
    previous = history.get("snapshot", {}).get("programs", {})
    before = (history.get("records") or {}) if records is not None else {}
    kept: dict[str, dict] = {}
    made: dict[str, dict] = {}
    for record in programs_doc["programs"]:
        pid = record["id"]
        kept.pop(pid, None), made.pop(pid, None)  # a repeated id: the last record counts, as before
        if pid in previous and pid in before and before[pid] == records.get(pid):
            kept[pid] = previous[pid]
        else:
            made[pid] = program_snapshot(record)
    found = {"programs": made, "policies": {r["id"]: policy_snapshot(r) for r in policies_doc["policies"]}}
    found = json.loads(json.dumps(found, ensure_ascii=False))  # as the history reads back (str keys)
    by_id = {**kept, **found["programs"]}
    found["programs"] = {pid: by_id[pid] for pid in dict.fromkeys(r["id"] for r in programs_doc["programs"])}
    return found


def _day(value: str | None) -> str:
    """An ISO day as 公文 writes it (2026年4月30日); 未定 where there is none."""
    if not value:
        return "未定"
    try:
        return date_zh(dt.date.fromisoformat(value))
    except ValueError:
        return value


def _yuan(value) -> str:
    return money(value, "yuan") if value else "未写明"


def _entry(kind: str, major: bool, what: str, today: dt.date, program: str | None = None,
           policy: str | None = None, programs: list[str] | None = None) -> dict:
    return {"kind": kind, "major": major, "what": what, "date": today.isoformat(),
            "program": program, "policy": policy, "programs": programs or ([program] if program else [])}


def _window_changes(pid: str, old: dict, new: dict, today: dt.date) -> list[dict]:
    found = []
    moved = [f"{label}由{_day(old[key])}改为{_day(new[key])}"
             for key, label in (("open", "开始日期"), ("close", "截止日期")) if old[key] != new[key]]
    if old["mode"] != new["mode"]:
        labels = {"scheduled": "定期申报", "rolling": "常年受理"}
        moved.insert(0, f"申报方式由{labels.get(old['mode'], old['mode'])}改为{labels.get(new['mode'], new['mode'])}")
    if moved:
        forecast = "（预计）" if new.get("forecast") else ""
        found.append(_entry("window-moved", True, f"申报时间调整{forecast}：" + "；".join(moved), today, pid))
    # a new or changed forecast of the next window (not on the first build that knows the field)
    if "expected" in old and new.get("expected") and old["expected"] != new["expected"]:
        was = f"（原为{old['expected']}）" if old["expected"] else ""
        found.append(_entry("window-expected", False, f"下次申报：{new['expected']}{was}", today, pid))
    if new["status"] == "open" and old["status"] != "open":
        found.append(_entry("window-opened", True, f"开始申报，截止日期为{_day(new['close'])}", today, pid))
    elif new["closing_soon"] and not old["closing_soon"]:
        found.append(_entry("closing-soon", True, f"即将截止，截止日期为{_day(new['close'])}", today, pid))
    return found


def _funding_changes(pid: str, old: dict, new: dict, today: dt.date) -> list[dict]:
    if old["max_amount_yuan"] != new["max_amount_yuan"]:
        return [_entry("amount", True, f"最高金额由{_yuan(old['max_amount_yuan'])}改为{_yuan(new['max_amount_yuan'])}",
                       today, pid)]
    if old["standards"] != new["standards"]:
        return [_entry("amount", True, "资助标准由" + "；".join(old["standards"]) + "改为"
                       + "；".join(new["standards"]), today, pid)]
    if old["funding_summary"] != new["funding_summary"]:
        return [_entry("amount", False, f"支持内容表述修改：{new['funding_summary']}", today, pid)]
    return []


def _condition_changes(pid: str, old: dict, new: dict, today: dt.date) -> list[dict]:
    if old["rules"] != new["rules"] or old["rule_tests"] != new["rule_tests"]:
        added = [r for r in new["rules"] if r not in old["rules"]]
        removed = [r for r in old["rules"] if r not in new["rules"]]
        parts = [f"新增“{r}”" for r in added] + [f"删除“{r}”" for r in removed]
        return [_entry("conditions", True, "申报条件变化：" + ("；".join(parts) or "条件的判断标准调整"), today, pid)]
    if old["eligibility_text"] != new["eligibility_text"] or old["exclusions"] != new["exclusions"]:
        return [_entry("conditions", False, "申报条件说明修改", today, pid)]
    return []


def _policy_changes(key: str, old: dict, new: dict, citing: list[str], today: dt.date) -> list[dict]:
    found = []
    if old["state"] != new["state"] or old["superseded_by"] != new["superseded_by"]:
        found.append(_entry("policy", True, f"政策状态由{STATES.label(old['state'])}改为{STATES.label(new['state'])}",
                            today, policy=key, programs=citing))
    changed = sorted((n for n in set(old["clauses"]) | set(new["clauses"])
                      if old["clauses"].get(n) != new["clauses"].get(n)), key=int)
    if changed:
        found.append(_entry("policy", True, "政策条款修改：" + "、".join(clause_label(int(n)) for n in changed),
                            today, policy=key, programs=citing))
    dates = [f"{label}由{_day(old[k])}改为{_day(new[k])}"
             for k, label in (("effective", "施行日期"), ("expiry", "有效期至")) if old[k] != new[k]]
    if dates:
        found.append(_entry("policy", True, "；".join(dates), today, policy=key, programs=citing))
    if not found and (old["title"] != new["title"] or old["doc_number"] != new["doc_number"]):
        found.append(_entry("policy", False, "政策名称或文号更正", today, policy=key, programs=citing))
    return found


def detect(previous: dict, current: dict, today: dt.date) -> list[dict]:
    """Entries for what differs between two snapshots (:func:`snapshot`), in a stable order."""
    found: list[dict] = []
    old_programs, new_programs = previous.get("programs", {}), current["programs"]
    for pid in sorted(new_programs):
        new, old = new_programs[pid], old_programs.get(pid)
        if old is None:
            found.append(_entry("new", True, "新增事项", today, pid))
            continue
        if new["archived"] and not old["archived"]:
            found.append(_entry("archived", True, "事项停止受理（已归档）", today, pid))
            continue
        if new["archived"]:
            continue
        found += _window_changes(pid, old, new, today)
        found += _funding_changes(pid, old, new, today)
        found += _condition_changes(pid, old, new, today)
    for pid in sorted(set(old_programs) - set(new_programs)):
        found.append(_entry("removed", True, "事项已撤销", today, pid))
    citing: dict[str, list[str]] = {}
    for pid, program in new_programs.items():
        for key in program["basis"]:
            citing.setdefault(key, []).append(pid)
    old_policies = previous.get("policies", {})
    for key in sorted(current["policies"]):
        if key in old_policies:
            found += _policy_changes(key, old_policies[key], current["policies"][key],
                                     sorted(citing.get(key, [])), today)
    return found


def update_history(history: dict | None, current: dict, today: dt.date,
                   broken: frozenset[str] = frozenset(), records: dict[str, str] | None = None) -> dict:
    """The next history: this build's snapshot, and the kept entries plus what changed since.

    Without a history there is nothing to compare with: the first build records the baseline
    and reports nothing (otherwise every program would be announced as new). A program or policy
    in ``broken`` (its file has an error this build, so the export leaves it out) is not news:
    its last good snapshot stands until the file is fixed. ``records`` (:func:`record_keys`) is
    kept with it, for the next build's :func:`snapshot`.
    """
    kept_records = {"records": records} if records is not None else {}
    if not history or history.get("version") != HISTORY_VERSION:
        return {"version": HISTORY_VERSION, "snapshot": current, "entries": [], **kept_records}
    previous = history["snapshot"]
    for kind in ("programs", "policies"):
        kept = {key: value for key, value in previous.get(kind, {}).items()
                if key in broken and key not in current[kind]}
        current = {**current, kind: {**current[kind], **kept}}
    programs = {**previous.get("programs", {}), **current["programs"]}
    policies = {**previous.get("policies", {}), **current["policies"]}
    facets = {pid: p["facets"] for pid, p in programs.items()}
    kept = list(history.get("entries", []))
    seen = {_key(e) for e in kept}
    for entry in detect(previous, current, today):
        subject = policies[entry["policy"]] if entry["policy"] else programs[entry["program"]]
        entry["title"], entry["url"] = subject["title"], subject["url"]
        entry["facets"] = _merged_facets(entry["programs"], facets)
        if _key(entry) not in seen:
            seen.add(_key(entry))
            kept.append(entry)
    kept.sort(key=lambda e: (e["date"], e["kind"], e["program"] or "", e["policy"] or "", e["what"]))
    return {"version": HISTORY_VERSION, "snapshot": current, "entries": kept[-KEEP:], **kept_records}


def _merged_facets(program_ids: list[str], facets: dict) -> dict:
    merged: dict[str, list[str]] = {}
    for pid in program_ids:
        for key, values in facets.get(pid, {}).items():
            merged[key] = sorted(set(merged.get(key, [])) | set(values))
    return merged


def _key(entry: dict) -> tuple:
    return (entry["date"], entry["kind"], entry["program"], entry["policy"], entry["what"])
