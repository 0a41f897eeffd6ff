"""Atom feeds (RFC 4287) of new and changed programs and policies. Pure; no Sphinx import.

Entries come from each program's change history (``changes``) and each policy's publication
date, so a feed reader learns when a program opens, changes its amounts or a new policy
arrives. Ids and timestamps derive from the content only: two builds give the same bytes.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

ATOM = "http://www.w3.org/2005/Atom"
ET.register_namespace("", ATOM)
TZ = "+08:00"  # the bureau's dates are China Standard Time


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00{TZ}"


def _tag(base_url: str, specific: str, day: dt.date) -> str:
    """A stable tag: URI (RFC 4151) for an entry."""
    host = urlsplit(base_url).hostname or "policybook.invalid"
    return f"tag:{host},{day.year}:{specific}"


def entries(programs: dict, policies: dict, base_url: str, url_for, category: str | None = None) -> list[dict]:
    found = []
    for program in programs.values():
        if program.get("broken") or (category and program["category"] != category):
            continue
        for change in program.get("changes", []):
            found.append({
                "id": _tag(base_url, f"program/{program['id']}/{change['date'].isoformat()}", change["date"]),
                "title": f"{program['title']}: {change['text']}",
                "updated": change["date"],
                "link": base_url + url_for(program["docname"], None),
                "summary": change["text"],
                "category": program["category"],
            })
    if category is None:
        for policy in policies.values():
            if policy.get("broken"):
                continue
            found.append({
                "id": _tag(base_url, f"policy/{policy['id']}", policy["published"]),
                "title": f"发布政策: 《{policy['title']}》",
                "updated": policy["published"],
                "link": base_url + url_for(policy["docname"], None),
                "summary": " ".join(filter(None, [policy.get("doc_number"), policy["issuer"], policy.get("summary")])),
                "category": "policy",
            })
    found.sort(key=lambda e: (e["updated"], e["id"]), reverse=True)
    return found


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
        ET.SubElement(node, f"{{{ATOM}}}summary", type="text").text = entry["summary"]
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"
