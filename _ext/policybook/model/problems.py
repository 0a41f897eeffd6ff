"""Located problems: what went wrong, where, and how to fix it.

Every mistake a staff member can make in a YAML or front-matter file ends up as one
:class:`Problem`. It names the file, line, column and field path, says what is wrong in
Chinese (with a short English gloss for developers and CI logs) and, where we can, a hint.
No Sphinx import here: the same objects feed the build's warnings and ``policybook check``.
"""

from __future__ import annotations

import difflib
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
        }


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
