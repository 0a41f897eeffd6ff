"""A policy's standing on a given day, derived from its dates, not taken from one word of front matter.

A policy is 尚未施行 before its ``effective`` date, 现行有效 until its ``expiry`` (已失效 after), and
已废止 or 已修订 once the policy that replaces it (``superseded_by``) takes effect — not before:
a successor published in December and effective in January leaves the old policy in force for
December. ``validity`` in the front matter says how it ends when it is replaced (``amended``:
已修订, otherwise 已废止); ``repealed`` or ``expired`` without a successor end it at its expiry
(or at once, without one);
a ``repealed`` policy without a successor reads 已废止 from the day after its ``expiry``. Pure: the build, ``check`` and the pages all ask this module.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .formatting import date_zh
from .vocab import Vocab

STATES = Vocab("policy_state", {
    "pending": "尚未施行",
    "in-force": "现行有效",
    "amended": "已修订",
    "repealed": "已废止",
    "expired": "已失效",
})
COLORS = {"pending": "info", "in-force": "success", "amended": "warning", "repealed": "danger", "expired": "secondary"}


@dataclass(frozen=True)
class Standing:
    state: str  # one of STATES
    since: dt.date | None = None  # when it began (effective date, expiry, the successor's effective date)
    successor: str | None = None  # the policy that replaces it, if any

    @property
    def in_force(self) -> bool:
        return self.state == "in-force"

    def describe(self) -> str:
        """'已废止（2025年3月1日起）' / '尚未施行（2027年1月1日起施行）'."""
        label = STATES.label(self.state)
        if self.since is None:
            return label
        if self.state == "pending":
            return f"{label}（{date_zh(self.since)}起施行）"
        return f"{label}（{date_zh(self.since)}起）"

    def sentence(self) -> str:
        """The page's notice: '本政策自2025年3月1日起废止' / '本政策已于2026年4月30日到期失效'."""
        verb = {"amended": "修订", "repealed": "废止", "pending": "施行"}.get(self.state)
        if self.since is None:
            return f"本政策{STATES.label(self.state)}"
        if self.state == "expired":
            return f"本政策已于{date_zh(self.since - dt.timedelta(days=1))}到期失效"
        return f"本政策自{date_zh(self.since)}起{verb}"


def standing(policy: dict, policies: dict[str, dict], today: dt.date) -> Standing:
    """Where ``policy`` stands on ``today``; ``policies`` (id → entry) finds its successor."""
    effective, expiry = policy.get("effective"), policy.get("expiry")
    successor_id = policy.get("superseded_by")
    successor = policies.get(successor_id) if successor_id else None
    if effective and today < effective:
        return Standing("pending", effective, successor_id)
    if successor is not None and not successor.get("broken") and successor.get("effective"):
        if today >= successor["effective"]:
            state = "amended" if policy.get("validity") == "amended" else "repealed"
            return Standing(state, successor["effective"], successor_id)
        return Standing("in-force", effective, successor_id)  # the successor is not in force yet
    if expiry and today > expiry:
        # repealed outright (no successor): its expiry is the last day it was in force
        state = "repealed" if policy.get("validity") == "repealed" and successor_id is None else "expired"
        return Standing(state, expiry + dt.timedelta(days=1), successor_id)
    if policy.get("validity") in ("repealed", "amended", "expired") and successor_id is None and not expiry:
        return Standing(policy["validity"], expiry, None)  # declared so, with no date to go by
    return Standing("in-force", effective, successor_id)
