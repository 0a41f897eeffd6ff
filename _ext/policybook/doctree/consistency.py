"""Project-wide checks run once every document is read (to be folded into the validation engine)."""

from __future__ import annotations

from sphinx.util import logging

from ..validate import messages
from ..validate.project import supersession_problems

logger = logging.getLogger(__name__)


def check_consistency(app, env) -> None:
    """Warn where an active program cites a repealed or expired policy (same text as the checker)."""
    domain = env.domains["policybook"]
    for program in domain.programs.values():
        if program.get("broken") or program.get("archived"):
            continue
        refs = [(f"basis[{i}]", ref) for i, ref in enumerate(program["basis"])]
        refs += [(f"eligibility.rules[{i}].clause", rule["clause"])
                 for i, rule in enumerate(program["eligibility"]["rules"])]
        for path, ref in refs:
            policy = domain.policies.get(ref["policy"])
            if policy is None or policy.get("broken") or policy["validity"] not in ("repealed", "expired"):
                continue
            message, gloss, hint = messages.cites_inactive_policy(policy)
            source = env.doc2path(program["docname"]).relative_to(env.srcdir).as_posix()
            logger.warning("%s: %s (%s) 提示: %s", path, message, gloss, hint,
                           location=f"{source}:{program['_cite_lines'].get(path, 1)}",
                           type="policybook", subtype="inactive-policy")
    def get(key: str) -> dict | None:
        found = domain.policies.get(key)
        return None if found is None or found.get("broken") else found

    for policy in domain.policies.values():
        if policy.get("broken"):
            continue
        for path, (message, gloss, hint) in supersession_problems(policy, get):
            source = env.doc2path(policy["docname"]).relative_to(env.srcdir).as_posix()
            logger.warning("%s: %s (%s) 提示: %s", path, message, gloss, hint,
                           location=f"{source}:{policy.get('_lines', {}).get(path, 1)}",
                           type="policybook", subtype="cycle")
