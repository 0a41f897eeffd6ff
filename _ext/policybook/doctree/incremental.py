"""Incremental builds that are exact: re-read only what changed, re-write everything that shows it.

Sphinx re-reads changed files by itself. What it cannot know is that a list on the home page, a
policy's backlinks or a link's title on another page show data from a changed program. We
remember each entry as it was before its file was re-read (``env-purge-doc``), then, once the
new version is in (``env-get-updated``), return every page that showed the old or shows the new
version: pages that link it, lists whose filter matches it, and policy pages it cites. A change
of the build date re-writes the pages that show an application status.
"""

from __future__ import annotations

from ..model.lifecycle import standing
from ..model.selection import cited_clauses, matches
from ..state import state


def remember_before_purge(app, env, docname: str) -> None:
    entries = env.domains["policybook"].entries_of(docname)
    if entries:
        state(app).before.setdefault(docname, entries)


def remember_read(app, env, docnames: list[str]) -> None:
    state(app).read = set(docnames)


def _standing_changed(domain, before, now) -> set[str]:
    """Pages showing a policy whose standing differs between two dates (it came into force,
    expired, or its successor took effect): the policy's page, its citations, policy lists."""
    changed = {key for key, policy in domain.policies.items() if not policy.get("broken")
               and standing(policy, domain.policies, before) != standing(policy, domain.policies, now)}
    if not changed:
        return set()
    keys = {f"policy:{key}" for key in changed}
    pages = {domain.policies[key]["docname"] for key in changed}
    pages.update(docname for docname, shown in domain.data["shows"].items() if keys.intersection(shown))
    pages.update(docname for docname, specs in domain.data["lists"].items() if any(spec.get("policies") for spec in specs))
    return pages


def pages_to_rewrite(app, env) -> list[str]:
    domain = env.domains["policybook"]
    build = state(app)
    before, read, today = build.before, build.read, build.today
    affected: set[str] = set()

    # The date statuses were last computed for lives with the domain's data (pickled).
    last_today = domain.data.get("reference_date")
    domain.data["reference_date"] = today
    if last_today is not None and last_today != today:
        affected.update(entry["docname"] for entry in domain.programs.values())
        affected.update(docname for docname, specs in domain.data["lists"].items()
                        if any(not spec.get("policies") for spec in specs))
        affected.update(_standing_changed(domain, last_today, today))

    changed = [entry for entries in before.values() for entry in entries]
    for docname in read:
        changed.extend(domain.entries_of(docname))
    if not changed:
        return sorted(affected - read)

    keys = {f"{kind}:{key}" for kind, key, _entry in changed}
    programs = [entry for kind, _key, entry in changed if kind == "program"]
    policies_changed = any(kind == "policy" for kind, _key, _entry in changed)

    for docname, shown in domain.data["shows"].items():
        if keys.intersection(shown):
            affected.add(docname)
    for docname, specs in domain.data["lists"].items():
        for spec in specs:
            if spec.get("policies"):
                if policies_changed:
                    affected.add(docname)
            elif any(matches(spec, program, today) for program in programs):
                affected.add(docname)
    for program in programs:
        for policy_id in cited_clauses(program) if "eligibility" in program else ():
            policy = domain.policies.get(policy_id)
            if policy is not None:
                affected.add(policy["docname"])
    return sorted(affected - read)
