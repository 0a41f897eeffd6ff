"""Located problems: what went wrong, where, and how to fix it.

Every mistake a staff member can make in a YAML or front-matter file ends up as one
:class:`Problem`. It names the file, line, column and field path, says what is wrong in
Chinese (with a short English gloss for developers and CI logs) and, where we can, a hint.
No Sphinx import here: the same objects feed the build's warnings and ``policybook check``.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One located mistake in a source file."""

    file: str
    line: int  # 1-based; 0 when the whole file is concerned
    column: int  # 1-based; 0 when unknown
    field: str  # dotted field path, e.g. ``eligibility.rules[1].op``; '' for the whole file
    message: str  # Chinese, for bureau staff
    gloss: str = ""  # English, for developers and CI logs
    hint: str = ""  # Chinese: valid choices, "did you mean", how to fix
    code: str = "invalid"  # stable machine-readable kind, e.g. ``unknown-key``
    # A notice is reported but never fails a build: a reminder (a closed window with no next
    # one), or another place an error already reported affects (one root cause, one error).
    notice: bool = False

    def location(self) -> str:
        """``file:line:col`` as editors and CI annotators expect it (line 1 for the whole file)."""
        line = max(self.line, 1)
        if self.column <= 0:
            return f"{self.file}:{line}"
        return f"{self.file}:{line}:{self.column}"

    def text(self) -> str:
        """The message without the location: ``field: 消息 (gloss) 提示: …``."""
        parts = []
        if self.field:
            parts.append(f"{self.field}: ")
        parts.append(self.message)
        if self.gloss:
            parts.append(f" ({self.gloss})")
        if self.hint:
            parts.append(f" 提示: {self.hint}")
        return "".join(parts)

    def __str__(self) -> str:
        return f"{self.location()}: {self.text()}"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "code": self.code,
            "message": self.message,
            "gloss": self.gloss,
            "hint": self.hint,
            "severity": "notice" if self.notice else "error",
        }


NOTICE = "提示 (不影响发布): "
"""How a notice starts, in the build's output and in ``policybook check``'s."""

MAX_PER_FILE = 100
"""Problems listed per file. A hostile or garbled file (a megabyte of unknown keys) would
otherwise yield a hundred thousand warnings and take minutes; past the limit one more problem
says the list is cut short, and validation stops early."""


@dataclass
class Problems:
    """Collects problems so that one pass reports every mistake at once (up to ``limit``)."""

    file: str
    items: list[Problem] = field(default_factory=list)
    limit: int = MAX_PER_FILE
    count: int = 0  # every problem found, listed or not

    def add(
        self,
        line: int,
        column: int,
        field_path: str,
        message: str,
        *,
        gloss: str = "",
        hint: str = "",
        code: str = "invalid",
    ) -> None:
        self.count += 1
        if len(self.items) < self.limit:
            self.items.append(
                Problem(self.file, line, column, field_path, message, gloss, hint, code)
            )
        elif len(self.items) == self.limit:
            self.items.append(Problem(
                self.file, line, column, field_path, f"问题过多, 只列出前 {self.limit} 个",
                "too many problems; the rest are not listed", "改正以上问题后再检查其余部分",
                "too-many-problems"))

    @property
    def full(self) -> bool:
        """True once the list is cut short: callers may stop looking for more."""
        return len(self.items) > self.limit

    def __bool__(self) -> bool:
        return self.count > 0

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return self.count


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """A Chinese "did you mean" hint, or '' when nothing is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"是否想写 '{close[0]}'?" if close else ""


def choices_hint(word: str, choices: list[str] | tuple[str, ...], limit: int = 12) -> str:
    """Hint listing valid choices, led by the closest one when there is one."""
    shown = ", ".join(list(choices)[:limit]) + (" …" if len(choices) > limit else "")
    guess = did_you_mean(word, choices)
    return f"{guess} 可选: {shown}" if guess else f"可选: {shown}"


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Damerau-Levenshtein distance (adjacent swaps count once), or ``limit + 1`` when above it."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def typo_of(word: str, choices) -> str | None:
    """The one choice ``word`` is a typing slip of (one or two characters off, by length), or None.

    Unlike :func:`did_you_mean`, it never proposes merely similar names: for a missing policy,
    "county-sci-measures" is another policy, not a fix for "county-ip-measures"."""
    choices = [choice for choice in choices if choice != word]
    limit = 1 if len(word) <= 8 else 2
    scored = sorted((edit_distance(word, choice, limit), choice) for choice in choices)
    best = [choice for distance, choice in scored if distance == scored[0][0] and distance <= limit] if scored else []
    if len(best) == 1:
        return best[0]
    # an id written inside other text ('<b>x</b> <patent-grant' for a title gone wrong)
    inside = [choice for choice in choices if choice in re.split(r"[^a-z0-9-]+", word)]
    return inside[0] if len(inside) == 1 else None
