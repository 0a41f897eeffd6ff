"""A 政策解读's entry in ``search/index.json`` (pure: plain data in, plain data out)."""

from __future__ import annotations

import re

from ..model.interpretation import INTERPRETATION_KINDS

_ORDINAL = re.compile(r"^(?:第[零〇一二两三四五六七八九十百千0-9]+条|[一二三四五六七八九十]+、)\s*")


def interpretation_entry(entry: dict, policies: dict, url: str, sections: list[str]) -> dict:
    """Names: its title and "<policy title>解读"; keys: what its sections answer (without their
    第N条 / 一、 ordinals), the policy's 文号 and the interpreting body."""
    policy = policies.get(entry.get("policy")) or {}
    names = []
    if policy.get("title"):
        names.append(f"{policy['title']}{INTERPRETATION_KINDS.label(entry['kind']) if entry['kind'] != 'text' else '解读'}")
    keys = [_ORDINAL.sub("", title) for title in sections]
    keys += [entry.get("issuer", ""), INTERPRETATION_KINDS.label(entry["kind"])]
    out = {"kind": "interpretation", "id": entry["id"], "title": entry["title"], "url": url,
           "names": names, "keys": [k for k in dict.fromkeys(keys) if k], "text": entry.get("summary", "")[:80]}
    if policy.get("doc_number"):
        out["docnum"] = policy["doc_number"]
    return out
