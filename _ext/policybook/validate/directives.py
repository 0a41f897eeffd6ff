"""The options of Policybook's directives, declared once: the directives parse them from here,
the validator checks them from here.

A directive's options are what staff type most often by hand (``:category: ip, talent``). A
misspelt value used to be silent (``{policy-list}`` showed 暂无政策文件) or an English MyST
message; now each is a located problem with the valid choices, in ``check`` and the build.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.lifecycle import STATES
from ..model.problems import choices_hint, did_you_mean
from ..model.selection import GROUPS, SORTS
from ..model.vocab import (
    APPLICANT_TYPES,
    CATEGORIES,
    INDUSTRIES,
    LEVELS,
    STATUSES,
    SUPPORT_TYPES,
    Vocab,
)


@dataclass(frozen=True)
class Option:
    kind: str  # values (comma-separated, of vocab), choice, int, flag, text, doc, amounts
    choices: tuple[str, ...] = ()
    vocab: Vocab | None = None
    minimum: int = 1


def _values(vocab: Vocab | None = None) -> Option:
    return Option("values", vocab.ids if vocab else (), vocab)


OPTIONS: dict[str, dict[str, Option]] = {
    "program-list": {
        "category": _values(CATEGORIES), "level": _values(LEVELS), "support-type": _values(SUPPORT_TYPES),
        "status": _values(STATUSES), "tag": _values(), "applicant": _values(APPLICANT_TYPES),
        "industry": _values(INDUSTRIES), "sort": Option("choice", SORTS), "limit": Option("int"),
        "archived": Option("flag"), "empty": Option("text"), "group": Option("choice", tuple(GROUPS)),
        "overview": Option("flag"), "per-page": Option("int"), "more": Option("doc"),
    },
    "policy-list": {"level": _values(LEVELS), "validity": _values(STATES), "per-page": Option("int")},
    "program-calendar": {"recent": Option("int", minimum=0), "per-page": Option("int")},
    "program-year": {},
    "program-finder": {"amounts": Option("amounts")},
    "eligibility-check": {},
    "site-map": {},
    "content-health": {},
    "notice-list": {"limit": Option("int"), "per-page": Option("int"), "more": Option("doc")},
}


def split_values(text: str) -> list[str]:
    """``ip, talent`` (a Chinese comma or 、 too) → ['ip', 'talent']."""
    for mark in ("，", "、", ";", "；"):
        text = text.replace(mark, ",")
    return [part.strip() for part in text.split(",") if part.strip()]


def as_int(text: str, minimum: int = 1) -> int | None:
    text = text.strip()
    return int(text) if text.isdigit() and int(text) >= minimum else None


def option_problems(directive: str, name: str, value: str) -> tuple[str, str, str] | None:
    """Why ``:name: value`` is wrong for ``directive``, as (message, gloss, hint); None if fine."""
    known = OPTIONS.get(directive)
    if known is None:
        return None
    option = known.get(name)
    if option is None:
        hint = did_you_mean(name, list(known)) or ("可用的选项: " + ", ".join(known) if known else "这个指令没有选项")
        return f"{directive} 没有选项 :{name}:", "unknown directive option", hint
    if option.kind == "values":
        values = split_values(value)
        if not values:
            return f"{directive} 的 :{name}: 没有写取值", "option value missing", "写一个或多个取值, 用逗号分隔"
        unknown = [v for v in values if option.vocab is not None and v not in option.vocab]
        if unknown:
            by_label = {label: key for key, label in option.vocab.labels.items()}
            hint = (f"'{unknown[0]}' 请写成 '{by_label[unknown[0]]}'" if unknown[0] in by_label
                    else choices_hint(unknown[0], option.vocab.ids))
            return f"{directive} 的 :{name}: 取值未知: {', '.join(unknown)}", "unknown option value", hint
    elif option.kind == "choice" and value.strip() not in option.choices:
        return (f"{directive} 的 :{name}: 取值未知: {value.strip()}", "unknown option value",
                choices_hint(value.strip(), option.choices))
    elif option.kind == "int" and as_int(value, option.minimum) is None:
        least = "0 或正整数" if option.minimum == 0 else "正整数"
        return f"{directive} 的 :{name}: 应为{least}, 实际是 '{value.strip()}'", "expected an integer", f"写{least}, 如 20"
    elif option.kind == "flag" and value.strip():
        return f"{directive} 的 :{name}: 不需要取值", "flag takes no value", f"只写 :{name}:"
    elif option.kind == "amounts" and (not split_values(value) or any(
            as_int(v) is None for v in split_values(value))):
        return (f"{directive} 的 :{name}: 应为以元计的正整数, 用逗号分隔", "expected amounts in yuan",
                "如 10000, 100000, 500000")
    return None
