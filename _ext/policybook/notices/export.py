"""Notices as open data (``data/notices.json`` and its JSON Schema) and an Atom feed. Pure.

Records are plain JSON types with sorted keys and a fixed order (newest first), so two builds
of the same content give the same bytes; the feed's ids and timestamps derive from the content.
"""

from __future__ import annotations

from ..model.notices import newest_first
from ..model.vocab import NOTICE_KINDS
from ..site.feeds import _tag
from ..site.opendata_schemas import DATE, STRINGS, TEXT, _enum, _obj

NOTICES_FORMAT = "policybook-notices"
NOTICES_VERSION = 1
FEED_PATH = "feeds/notices.atom"


def notice_record(notice: dict, url_for) -> dict:
    return {
        "id": notice["id"], "title": notice["title"], "doc_number": notice.get("doc_number"),
        "published": notice["published"].isoformat(), "issuer": notice["issuer"], "kind": notice["kind"],
        "summary": notice.get("summary"), "programs": list(notice.get("programs") or []),
        "opens": [{"program": o["program"], "round": o["round"], "opens": o["opens"].isoformat(),
                   "closes": o["closes"].isoformat(), "note": o.get("note")} for o in notice.get("opens") or []],
        "attachments": [{"title": a["title"], "form": a.get("form"), "url": a.get("url")}
                        for a in notice.get("attachments") or []],
        "url": url_for(notice["docname"], None),
    }


def notices_document(notices: dict, url_for, site: dict, today) -> dict:
    valid = [n for n in notices.values() if not n.get("broken")]
    return {"format": NOTICES_FORMAT, "version": NOTICES_VERSION, "site": site,
            "reference_date": today.isoformat(), "vocabularies": {NOTICE_KINDS.name: NOTICE_KINDS.labels},
            "notices": [notice_record(n, url_for) for n in newest_first(valid)]}


def notices_schema() -> dict:
    opening = _obj({"program": {"type": "string"}, "round": {"type": "string"}, "opens": DATE, "closes": DATE,
                    "note": TEXT})
    attachment = _obj({"title": {"type": "string"}, "form": TEXT, "url": TEXT})
    notice = _obj({
        "id": {"type": "string"}, "title": {"type": "string"}, "doc_number": TEXT, "published": DATE,
        "issuer": {"type": "string"}, "kind": _enum(NOTICE_KINDS), "summary": TEXT, "programs": STRINGS,
        "opens": {"type": "array", "items": opening}, "attachments": {"type": "array", "items": attachment},
        "url": {"type": "string"},
    })
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "notices.schema.json",
        "title": "Policybook notices export (通知公告)",
        **_obj({"format": {"const": NOTICES_FORMAT}, "version": {"const": NOTICES_VERSION},
                "site": {"type": "object"}, "reference_date": DATE, "vocabularies": {"type": "object"},
                "notices": {"type": "array", "items": notice}}),
    }


def feed_entries(notices: dict, base_url: str, url_for) -> list[dict]:
    """One Atom entry per notice, dated by its 发布日期."""
    out = []
    for notice in newest_first([n for n in notices.values() if not n.get("broken")]):
        facts = [NOTICE_KINDS.label(notice["kind"]), notice.get("doc_number"), notice["issuer"], notice.get("summary")]
        out.append({"id": _tag(base_url, f"notice/{notice['id']}", notice["published"]),
                    "title": notice["title"], "updated": notice["published"],
                    "link": base_url + url_for(notice["docname"], None),
                    "summary": " ".join(fact for fact in facts if fact), "category": "notice"})
    return out
