"""Messages for reference problems, shared by the Sphinx build and ``policybook check``.

Each function returns (Chinese message, English gloss, hint) so both tools say the same thing.
"""

from __future__ import annotations

from ..model.problems import did_you_mean, typo_of
from ..model.refs import clause_label


def unknown_program(target: str, known: dict) -> tuple[str, str, str]:
    """``known``: id → entry. Only a current program that ``target`` is a typing slip of is proposed."""
    guess = typo_of(target, [key for key, entry in known.items() if not entry.get("archived")])
    hint = f"是否想写 '{guess}'?" if guess else "检查编号拼写 (编号即事项 YAML 文件的文件名, 不含 .yaml)"
    return f"未找到编号为 '{target}' 的申报事项", "unknown program id", hint


def unknown_notice(target: str, known: dict) -> tuple[str, str, str]:
    guess = typo_of(target, list(known))
    hint = f"是否想写 '{guess}'?" if guess else "检查编号拼写 (编号即 source/notices/ 下的文件名, 不含 .md)"
    return f"未找到编号为 '{target}' 的通知公告", "unknown notice id", hint


def unknown_policy(target: str, known: dict) -> tuple[str, str, str]:
    """Only a policy in force that ``target`` is a typing slip of is proposed, never another or a
    repealed one; a policy that was deleted while still cited should have been marked repealed."""
    guess = typo_of(target, [key for key, entry in known.items()
                             if entry.get("validity", "in-force") in ("in-force", "amended") and not entry.get("broken")])
    hint = (f"是否想写 '{guess}'?" if guess else
            "检查编号拼写 (即政策文件名, 不含 .md)。如果这份政策已废止或失效, 不要删除它的文件: 恢复文件, "
            "在开头写 validity: repealed 和 superseded_by: 新政策编号, 引用它的地方会提示改引新政策")
    return f"未找到编号为 '{target}' 的政策文件", "unknown policy id", hint


def affected(places: list[str], shown: int = 5) -> str:
    """A compact list of the other places one mistake affects: 'a.yaml:12, b.md:3 等 7 处'."""
    listed = ", ".join(places[:shown])
    return f"{listed} 等 {len(places)} 处" if len(places) > shown else listed


def unknown_clause(policy: str, number: int, have) -> tuple[str, str, str]:
    listed = ", ".join(clause_label(n) for n in sorted(have)[:8]) or "无条款标记"
    return (f"政策 '{policy}' 中没有{clause_label(number)}", "unknown clause",
            f"已有: {listed}; 条款须是以 '第N条' 开头的标题或段落")


def cites_inactive_policy(policy: dict, now) -> tuple[str, str, str]:
    """``now``: the policy's :class:`~policybook.model.lifecycle.Standing` on the build date."""
    if now.state == "pending":
        hint = "该政策施行后再引用, 或改引现行有效的政策"
    elif now.successor:
        hint = f"改为引用替代它的政策 '{now.successor}'"
    else:
        hint = "改为引用现行有效的政策; 已停止执行的事项请标记 archived: true"
    return f"引用了{now.describe()}的政策 '{policy['id']}'", f"cites a policy that is {now.state}", hint


def visible(text: str) -> str:
    """Control characters (a tab inside "java\tscript:") written so that staff can see them."""
    return "".join(repr(char)[1:-1] if ord(char) < 32 or ord(char) == 127 else char for char in text)


def unsafe_link(url: str) -> tuple[str, str, str]:
    return f"不安全的链接 '{visible(url)}'", "unsafe link scheme", "只允许 http、https、mailto 和 tel 链接"


def missing_form(name: str, forms_dir: str) -> tuple[str, str, str]:
    return (f"找不到表格文件 '{name}'", "form file not found",
            f"把文件放到 {forms_dir}/ 目录下, 并确认文件名大小写一致")


def bad_reference(target: str) -> tuple[str, str, str]:
    shown = target if len(target) <= 60 else target[:60] + "…"
    return (f"无法识别的政策引用 '{shown}'", "bad policy reference",
            "写成 政策编号#条号, 例如 county-ip-measures#3 (条号 1 到 9999)")


def outside_file(target: str) -> tuple[str, str, str]:
    return (f"不能引用项目以外或隐藏的文件: '{target}'", "file outside the project or hidden",
            "把文件放进内容文件夹 (如 source/forms/), 并用相对路径引用")


def outside_insertion(target: str) -> tuple[str, str, str]:
    return (f"不能把项目以外或隐藏的文件插入页面: '{target}'", "inserts a file from outside the content folders",
            "只能插入内容文件夹 (如 docs/、source/) 里的文件; 或把内容直接写在本页")


def insertion_too_large(target: str, limit: int) -> tuple[str, str, str]:
    return (f"插入的文件 '{target}' 超过 {limit // 1_000_000} MB", "inserted file too large",
            "页面只插入需要显示的部分; 大文件请作为下载链接提供")


def nested_insertion(target: str) -> tuple[str, str, str]:
    return (f"被插入的文件 '{target}' 又插入了其他文件, 没有显示", "an inserted file inserts again",
            "被插入的文件里不要再写 include; 把内容直接写进去")


def outside_symlink(target: str) -> tuple[str, str, str]:
    return (f"'{target}' 是指向项目以外的链接 (symlink), 不能在页面中引用或插入", "symlink leads out of the project",
            "把真正的文件复制到内容文件夹里, 不要用链接")


def not_content_file(target: str, folders: tuple[str, ...]) -> tuple[str, str, str]:
    shown = "、".join(f"{folder}/" for folder in folders) or "内容文件夹"
    rooted = " (以 / 开头的路径从项目根目录算起)" if target.startswith("/") else ""
    return (f"'{target}' 不在内容文件夹里, 不能在页面中引用或插入{rooted}", "file is not in a content folder",
            f"把文件移到 {shown} 下, 再引用它")


def missing_link(what: str, target: str, guess: str = "") -> tuple[str, str, str]:
    hint = "检查路径和文件名 (区分大小写); 相对路径从本文件所在的文件夹算起"
    return f"{what}不存在: '{target}'", "link target not found", f"{guess} {hint}" if guess else hint


def unknown_name(kind: str, name: str, known) -> tuple[str, str, str]:
    """An unknown role (角色) or directive (指令): the closest registered names."""
    guess = did_you_mean(name, sorted(known))
    example = "{program}、{policy}、{doc}" if kind == "角色" else "{program-list}、{note}"
    gloss = "unknown role" if kind == "角色" else "unknown directive"
    return f"未知的{kind} '{{{name}}}'", gloss, guess or f"检查拼写; 常用的有 {example}"


def meta_tag() -> tuple[str, str, str]:
    return "文字中不能设置页面的 meta 信息", "meta tags are not allowed in text fields", "删除 meta 指令"


def site_file(target: str) -> tuple[str, str, str]:
    return (f"site-file 只能链接网站内的文件: '{target}'", "site-file must name a file of the site",
            "写网站中的相对路径, 如 data/programs.json")


def duplicate_label(name: str) -> tuple[str, str, str]:
    return f"链接目标 ({name})= 在本页出现了两次", "duplicate label", "每个目标名只能用一次; 改名其中一个, 并改对引用它的链接"


def heading_level(level: int, parent: int) -> tuple[str, str, str]:
    if parent == 0:
        return (f"页面的第一个标题是 {'#' * level}, 不是 #", "headings start below H1",
                "页面标题用一个 # (如 # 申报指南), 其下的小标题依次用 ##、###")
    return (f"标题从 {'#' * parent} 跳到了 {'#' * level}, 中间少了一级", "non-consecutive heading level",
            f"把这个标题改成 {'#' * (parent + 1)}, 或补上中间一级的标题")


def stale_window(closed) -> tuple[str, str, str]:
    return (f"申报期已于 {closed.isoformat()} 截止, 还没有写下一次申报时间", "the window has closed; no next window",
            "写 window.expected (如 open: 2027-03), 或把 open/close 改成下一轮的日期; 不再举办的事项写 archived: true")


def forecast_past(value, today) -> tuple[str, str, str]:
    return (f"预计的申报时间 {value} 已经过去 (构建日期 {today.isoformat()})", "forecast date in the past",
            "通知已发布的, 把确定的日期写进 open/close 并删除 forecast 或 expected; 还没有通知的, 改成新的预计时间")


def clause_number(text: str) -> tuple[str, str, str]:
    return (f"条号无法识别或超出范围: '{text}'", "clause number out of range",
            "条号写成 第一条、第十二条 或 第12条, 在 1 到 9999 之间")


def file_insertion(directive: str, options: set[str]) -> tuple[str, str, str] | None:
    """Why a directive is refused whole (it writes raw HTML or fetches a URL), or None."""
    if directive == "raw":
        return ("不能用 raw 原样插入 HTML 或文件", "raw is disabled", "用 Markdown 写出要显示的内容")
    if "url" in options:
        return (f"{directive} 不能在生成网站时下载网址 (:url:)", "URL access is disabled",
                "把数据直接写在指令的内容里, 或先存成内容文件夹里的文件再用 :file: 引用")
    return None


def too_deep() -> tuple[str, str, str]:
    from .markdown import MAX_NESTING

    return (f"指令嵌套超过 {MAX_NESTING} 层, 这一部分不能显示", "directives nested too deep",
            "减少指令套指令的层数; 真实的页面很少超过三四层")


def duplicate_index_number(number: str, owner: str) -> tuple[str, str, str]:
    return (f"索引号 {number} 重复: {owner} 已使用同一个索引号", "duplicate index number",
            "索引号全站唯一; 按发文机关政府信息公开目录核对原文的索引号, 改正抄错的一个")
