"""Atom feeds (RFC 4287) of new and changed programs and policies. Pure; no Sphinx import.

Entries come from what the builds found changed (:mod:`.changes`: a new program, a window that
opened or moved, an amount …, each major or minor), each program's hand-written ``changes``
(notes) and each policy's publication date. Besides the whole site there is one feed per value
of each finder facet (level, category, support type, applicant), so a reader can follow exactly
the programs a finder filter shows. Ids and timestamps derive from the content and the build
date only: two builds of the same content on the same day give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from ..model.vocab import APPLICANT_TYPES, CATEGORIES, LEVELS, SUPPORT_TYPES, WILDCARDS

ATOM = "http://www.w3.org/2005/Atom"
ET.register_namespace("", ATOM)
TZ = "+08:00"  # the bureau's dates are China Standard Time
#: How much a change matters to a reader: what staff found (major/minor), or their own note.
WEIGHTS = {"major": "重要变化", "minor": "一般变化", "note": "说明"}


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00{TZ}"


def _tag(base_url: str, specific: str, day: dt.date) -> str:
    """A stable tag: URI (RFC 4151) for an entry."""
    host = urlsplit(base_url).hostname or "policybook.invalid"
    return f"tag:{host},{day.year}:{specific}"


#: Facet key → the program field holding its values (a list or one value).
FACET_FIELDS = {"level": "level", "category": "category", "support": "support_type", "applicant": "applicants"}
#: Facet key → (its label in the finder, its vocabulary).
FACET_VOCABS = {"level": ("层级", LEVELS), "category": ("类别", CATEGORIES),
                "support": ("支持方式", SUPPORT_TYPES), "applicant": ("申报主体", APPLICANT_TYPES)}


def feed_path(facet: str | None = None, value: str | None = None) -> str:
    """Where a facet value's feed lives; the category feeds keep their first address."""
    if facet is None:
        return "feeds/all.atom"
    if facet == "category":
        return f"feeds/{value}.atom"
    return f"feeds/{facet}/{value}.atom"


def feed_list() -> list[tuple[str | None, str | None, str]]:
    """(facet, value, label) of every feed: the whole site, then each value of each facet."""
    feeds: list[tuple[str | None, str | None, str]] = [(None, None, "全部事项和政策")]
    for facet, (label, vocab) in FACET_VOCABS.items():
        feeds += [(facet, value, f"{label}：{vocab.label(value)}") for value in vocab.ids
                  if value not in WILDCARDS.values()]
    return feeds


def program_facets(program: dict) -> dict[str, list[str]]:
    return {key: (program[name] if isinstance(program[name], list) else [program[name]])
            for key, name in FACET_FIELDS.items()}


def _chosen(facets: dict, facet: str | None, value: str | None) -> bool:
    return facet is None or value in facets.get(facet, [])


def detected_entries(history: list[dict], base_url: str, link_for, facet: str | None = None,
                     value: str | None = None) -> list[dict]:
    """Feed entries for the changes :mod:`.changes` found (``link_for(entry)``: its page)."""
    found = []
    for change in history:
        if not _chosen(change.get("facets", {}), facet, value):
            continue
        day = dt.date.fromisoformat(change["date"])
        subject = change["policy"] or change["program"]
        digest = hashlib.sha256(change["what"].encode()).hexdigest()[:10]
        weight = "重要变化" if change["major"] else "一般变化"
        name = f"《{change['title']}》" if change["policy"] else change["title"]
        found.append({
            "id": _tag(base_url, f"change/{subject}/{change['kind']}/{change['date']}/{digest}", day),
            "title": f"{name}：{change['what']}",
            "updated": day,
            "link": base_url + link_for(change),
            "summary": f"{weight}：{change['what']}",
            "category": value if facet == "category" else
            (change.get("facets", {}).get("category", ["policy"])[0] if change["program"] else "policy"),
            "weight": "major" if change["major"] else "minor",
        })
    return found


def entries(programs: dict, policies: dict, base_url: str, url_for, category: str | None = None,
            facet: str | None = None, value: str | None = None, interpretations: dict | None = None) -> list[dict]:
    """Hand-written program notes (``changes``) and, in the site feed, policy publications."""
    if category is not None:
        facet, value = "category", category
    found = []
    for program in programs.values():
        if program.get("broken") or not _chosen(program_facets(program), facet, value):
            continue
        for change in program.get("changes", []):
            found.append({
                "id": _tag(base_url, f"program/{program['id']}/{change['date'].isoformat()}", change["date"]),
                "title": f"{program['title']}：{change['text']}",
                "updated": change["date"],
                "link": base_url + url_for(program["docname"], None),
                "summary": change["text"],
                "category": program["category"],
                "weight": "note",
            })
    if facet is None:  # documents have no category: in the site feed only
        for policy in policies.values():
            if not policy.get("broken"):
                found.append(_published(base_url, url_for, "policy", policy, f"发布政策：《{policy['title']}》",
                                        [policy.get("doc_number"), policy["issuer"], policy.get("summary")]))
        for item in (interpretations or {}).values():
            if not item.get("broken"):
                found.append(_published(base_url, url_for, "interpretation", item, f"政策解读：{item['title']}",
                                        [item["issuer"], item.get("summary")]))
    found.sort(key=lambda e: (e["updated"], e["id"]), reverse=True)
    return found


def _published(base_url: str, url_for, kind: str, item: dict, title: str, parts: list) -> dict:
    """The feed entry of a document on its publication day (a policy, a 解读)."""
    return {"id": _tag(base_url, f"{kind}/{item['id']}", item["published"]), "title": title,
            "updated": item["published"], "link": base_url + url_for(item["docname"], None),
            "summary": " ".join(filter(None, parts)), "category": kind}


def newest_first(*groups: list[dict]) -> list[dict]:
    return sorted((e for group in groups for e in group), key=lambda e: (e["updated"], e["id"]), reverse=True)


def atom(feed_entries: list[dict], *, title: str, feed_url: str, site_url: str, author: str,
         limit: int = 50) -> bytes:
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "zh-CN"})
    shown = feed_entries[:limit]
    updated = max((e["updated"] for e in shown), default=dt.date(2000, 1, 1))
    ET.SubElement(feed, f"{{{ATOM}}}id").text = feed_url
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _stamp(updated)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", type="application/atom+xml", href=feed_url)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=site_url)
    ET.SubElement(ET.SubElement(feed, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = author
    for entry in shown:
        node = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(node, f"{{{ATOM}}}id").text = entry["id"]
        ET.SubElement(node, f"{{{ATOM}}}title", type="text").text = entry["title"]
        ET.SubElement(node, f"{{{ATOM}}}updated").text = _stamp(entry["updated"])
        ET.SubElement(node, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=entry["link"])
        ET.SubElement(node, f"{{{ATOM}}}category", term=entry["category"])
        if entry.get("weight"):
            ET.SubElement(node, f"{{{ATOM}}}category", term=entry["weight"], label=WEIGHTS[entry["weight"]])
        ET.SubElement(node, f"{{{ATOM}}}summary", type="text").text = entry["summary"]
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"
