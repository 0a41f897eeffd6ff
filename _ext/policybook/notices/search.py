"""A notice's entry in the search index (kind ``notice``, shown as 通知): title, 文号, issuer, summary."""

from __future__ import annotations


def notice_entries(entries: list[tuple[str, str, dict]], url: str) -> list[dict]:
    out = []
    for kind, _key, notice in entries:
        if kind != "notice" or notice.get("broken"):
            continue
        entry = {"kind": "notice", "id": notice["id"], "title": notice["title"], "url": url,
                 "keys": [notice["issuer"]]}
        if notice.get("doc_number"):
            entry["docnum"] = notice["doc_number"]
        if notice.get("summary"):
            entry["text"] = notice["summary"][:200]
        out.append(entry)
    return out
