"""Exact incremental builds for 政策解读.

A policy page lists its interpretations at write time, so adding, editing or removing one must
re-write that policy's page (the old and the new policy, if it changed) and every page with the
interpretation list; its own page is re-read by Sphinx. A changed policy that has an
interpretation re-writes the list (it shows policy titles); the 解读 pages showing the policy
are found by the core (``shows``).
"""

from __future__ import annotations

from ..state import state
from .page import LIST_KEY


def pages_to_rewrite(app, env) -> list[str]:
    domain = env.domains["policybook"]
    build = state(app)
    changed = [item for entries in build.before.values() for item in entries]
    for docname in build.read:
        changed.extend(domain.entries_of(docname))
    interpretations = [entry for kind, _key, entry in changed if kind == "interpretation"]
    policies = {key for kind, key, _entry in changed if kind == "policy"}
    explained = any(entry.get("policy") in policies for entry in domain.data.get("interpretations", {}).values())
    if not interpretations and not explained:
        return []
    affected = {docname for docname, shown in domain.data["shows"].items() if LIST_KEY in shown}
    for entry in interpretations:
        policy = domain.policies.get(entry.get("policy"))
        if policy is not None:
            affected.add(policy["docname"])
    return sorted(affected - build.read)
