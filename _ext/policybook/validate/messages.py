"""Messages for reference problems, shared by the Sphinx build and ``policybook check``.

Each function returns (Chinese message, English gloss, hint) so both tools say the same thing.
"""

from __future__ import annotations

from ..model.problems import did_you_mean
from ..model.refs import clause_label
from ..model.vocab import VALIDITY


def unknown_program(target: str, known) -> tuple[str, str, str]:
    return f"未找到编号为 '{target}' 的申报事项", "unknown program id", did_you_mean(target, list(known))


def unknown_policy(target: str, known) -> tuple[str, str, str]:
    return f"未找到编号为 '{target}' 的政策文件", "unknown policy id", did_you_mean(target, list(known))


def unknown_clause(policy: str, number: int, have) -> tuple[str, str, str]:
    listed = ", ".join(clause_label(n) for n in sorted(have)[:8]) or "无条款标记"
    return (f"政策 '{policy}' 中没有{clause_label(number)}", "unknown clause",
            f"已有: {listed}; 条款须是以 '第N条' 开头的标题或段落")


def cites_inactive_policy(policy: dict) -> tuple[str, str, str]:
    state = VALIDITY.label(policy["validity"])
    hint = (f"改为引用替代它的政策 '{policy['superseded_by']}'" if policy.get("superseded_by")
            else "改为引用现行有效的政策; 已停止执行的事项请标记 archived: true")
    return f"引用了{state}的政策 '{policy['id']}'", f"cites a {policy['validity']} policy", hint


def unsafe_link(url: str) -> tuple[str, str, str]:
    return f"不安全的链接 '{url}'", "unsafe link scheme", "只允许 http、https、mailto 和 tel 链接"


def missing_form(name: str, forms_dir: str) -> tuple[str, str, str]:
    return (f"找不到表格文件 '{name}'", "form file not found",
            f"把文件放到 {forms_dir}/ 目录下, 并确认文件名大小写一致")
