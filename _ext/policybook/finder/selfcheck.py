"""What 政策匹配 needs beyond the finder index (``data/selfcheck.json``): amounts and the checklist.

The finder index keeps only what a filtered list shows. The self-check also turns the reader's
numbers into 预计可享 (funding formulas) and prints a 申报准备清单 of the matched programs
(materials and forms, contacts, channels, the next expected window) and offers one .ics of their
windows (the calendar writer's events, :mod:`.calendars`), so it reads this second,
smaller file, cut from the same export records. Programs without any of it are left out; pure
functions, deterministic output.
"""

from __future__ import annotations

SELFCHECK_FORMAT = "policybook-selfcheck"
SELFCHECK_VERSION = 1


def _formulas(record: dict) -> list[dict]:
    out = []
    for item in record["funding"]["items"]:
        formula = item.get("formula")
        if formula:
            out.append({"name": item["name"], "standard": item["standard"], **formula,
                        "clause": {"label": item["clause"]["label"], "url": item["clause"]["url"]}})
    return out


def _next_window(window: dict) -> str | None:
    """The expected next round as text, from the export's window (structured forecast first)."""
    expected = window.get("expected")
    if isinstance(expected, dict) and expected.get("text"):
        return expected["text"]
    return window.get("next") or None


def program_entry(record: dict) -> dict:
    """The checklist and amount data of one exported program record."""
    entry = {
        "materials": [{"name": m["name"], "required": m["required"], **({"form": m["form"]} if m.get("form") else {})}
                      for m in record["materials"]],
        "contacts": [{k: c[k] for k in ("name", "phone", "email", "address", "hours") if c.get(k)}
                     for c in record["contacts"]],
        "channels": [{k: c[k] for k in ("name", "url") if c.get(k)} for c in record.get("channels", [])],
        "processing_time": record.get("processing_time"),
    }
    formulas = _formulas(record)
    if formulas:
        entry["formulas"] = formulas
    upcoming = _next_window(record["window"])
    if upcoming:
        entry["next"] = upcoming
    return entry


def selfcheck_document(export: dict, calendars: dict | None = None) -> dict:
    """``data/selfcheck.json`` for an export document: program id → its entry (current ones).

    ``calendars`` (:func:`.calendars.selfcheck_calendars`) adds each program's VEVENT text as
    ``ics`` and the VCALENDAR ``head``/``tail`` the page wraps the matched ones in.
    """
    calendars = calendars or {"events": {}}
    programs = {}
    for p in export["programs"]:
        if p["archived"]:
            continue
        programs[p["id"]] = program_entry(p)
        if calendars["events"].get(p["id"]):
            programs[p["id"]]["ics"] = calendars["events"][p["id"]]
    document = {"format": SELFCHECK_FORMAT, "version": SELFCHECK_VERSION, "reference_date": export["reference_date"],
                "programs": programs}
    if "head" in calendars:
        document["calendar"] = {"head": calendars["head"], "tail": calendars["tail"]}
    return document
