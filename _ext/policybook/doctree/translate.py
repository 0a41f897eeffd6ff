"""Sphinx's, MyST's and docutils' own warnings, told to staff in Chinese, at a project-relative place.

Most mistakes are the validator's to report (with the same words as ``policybook check``); the
rest reach staff through Sphinx ("Non-consecutive header level increase", "'myst'
cross-reference target not found" …). :class:`TranslateFilter` rewrites each into Chinese with
what to do, keeps the English as the gloss, points at ``file:line`` relative to the project,
and keeps its type (``myst.header`` …) so ``suppress_warnings`` still works.

A warning found while a document is read is said once, by that read. So that a build never
passes over it later (an incremental build does not re-read an unchanged file), it is recorded
with the document (in the main process: ``clear_doc`` forgets it when the file is read again)
and said again by every build until the document changes (:func:`replay`).
"""

from __future__ import annotations

import logging as std_logging
import re
from pathlib import Path

from sphinx.util import logging
from sphinx.util.build_phase import BuildPhase

logger = logging.getLogger("policybook.sphinx")

#: English message (regular expression) → Chinese message and what to do. Groups fill the text.
TABLE: list[tuple[re.Pattern, str, str]] = [(re.compile(pattern), message, hint) for pattern, message, hint in [
    (r"Unknown directive type:? '?(?P<name>[^'\"]+)'?", "未知的指令 '{name}'", "检查指令名的拼写, 如 ```{{note}}"),
    (r'Unknown interpreted text role "(?P<name>[^"]+)"', "未知的角色 '{name}'", "检查角色名的拼写, 如 {{program}}`编号`"),
    (r"'myst' cross-reference target not found: '(?P<target>.*)'", "链接目标不存在: '{target}'",
     "检查链接的路径或名称; 链接到其他页面写相对路径, 如 ../docs/guide.md"),
    (r"Could not find document: (?P<target>.*)", "链接指向的文件不存在: {target}", "检查路径和文件名 (区分大小写)"),
    (r"local id not found in doc '(?P<doc>[^']+)': '(?P<anchor>[^']+)'", "页面 {doc} 中没有锚点 '#{anchor}'",
     "检查 # 后面的锚点; 标题的锚点由标题文字生成, 可在该页标题旁的 ¶ 链接中看到"),
    (r"Unknown source document '(?P<doc>[^']+)'", "链接的页面不存在: {doc}", "检查页面路径"),
    (r"download file not readable: (?P<file>.*)", "下载文件不存在或无法读取: {file}", "把文件放进项目中, 并写对路径"),
    (r"image file not readable: (?P<file>.*)", "图片文件不存在或无法读取: {file}", "把图片放进项目中, 并写对路径"),
    (r"document isn't included in any toctree", "页面没有列入任何目录 (toctree)",
     "把它加进所在栏目 index.md 的 toctree, 或在开头写 orphan: true"),
    (r"toctree contains reference to nonexisting document '(?P<doc>[^']+)'", "目录 (toctree) 中的页面不存在: {doc}",
     "检查页面路径, 或从目录中删除这一行"),
    (r"undefined label: '?(?P<label>[^']+)'?", "引用的目标不存在: {label}", "目标写成 (名字)= 放在标题前; 检查名字拼写"),
    (r"duplicate label (?P<label>\S+), other instance in (?P<other>.*)", "目标名 {label} 重复, 另一处在 {other}",
     "每个目标名只能用一次; 改名其中一个"),
    (r"Non-consecutive header level increase; H(?P<parent>\d) to H(?P<level>\d)", "标题从第 {parent} 级跳到了第 {level} 级",
     "标题依次用 #、##、###, 不要跳级"),
    (r"Document headings start at H(?P<level>\d), not H1", "页面的第一个标题是第 {level} 级, 不是 #",
     "页面标题用一个 #"),
    (r"Malformed YAML", "开头的元数据 (front matter) 不是有效的 YAML", "检查 --- 之间每一行的冒号、引号和缩进"),
    (r"Unknown option keys?: (?P<keys>.*?) \(allowed: (?P<allowed>.*)\)", "指令没有这个选项: {keys}",
     "可用的选项: {allowed}"),
    (r"Invalid option value for '(?P<key>[^']+)': (?P<value>.*)", "选项 :{key}: 的取值无效: {value}", "按英文原文所说改正取值"),
    (r"Duplicate explicit target name: \"(?P<name>[^\"]+)\"", "链接目标名 '{name}' 重复", "每个目标名只能用一次"),
    (r"Duplicate reference definition: (?P<name>.*)", "链接定义 [{name}] 重复", "删除其中一个"),
    (r"Title underline too short", "reStructuredText 标题下的横线比标题短", "把横线加长到至少与标题一样长"),
    (r"Dependency file '?(?P<file>.*?)'?, doesn't exist, skipping", "页面引用的文件不存在: {file}",
     "检查页面中的下载链接、图片或被引用的文件"),
    (r"Inline (?P<what>\w+) start-string without end-string", "{what} 标记没有闭合 (少了结尾的符号)",
     "检查这一行的 *、`、_ 等符号是否成对"),
]]

FALLBACK = ("Sphinx 报告了一个问题 (见英文原文)", "按英文原文检查这一处; 看不懂时, 把这一行发给维护人员")


def translate(english: str) -> tuple[str, str]:
    """(Chinese message, what to do) for one of Sphinx's or MyST's warnings."""
    for pattern, message, hint in TABLE:
        match = pattern.search(english)
        if match:
            groups = {key: (value or "").strip() for key, value in match.groupdict().items()}
            return message.format(**groups), hint.format(**groups)
    return FALLBACK


class TranslateFilter(std_logging.Filter):
    """On Sphinx's warning handler: every foreign warning in Chinese, at a project-relative place."""

    def __init__(self, app) -> None:
        super().__init__()
        self.app = app

    def filter(self, record: std_logging.LogRecord) -> bool:
        if getattr(record, "type", None) == "policybook" or getattr(record, "policybook_replayed", False):
            return True
        from .validation import _location  # the same reading of a location as the duplicate filter

        english = record.getMessage()
        message, hint = translate(english)
        place = _location(self.app, getattr(record, "location", None))
        text = f"{message} ({english}) 提示: {hint}"
        record.msg, record.args = text, ()
        if place is not None:
            record.location = f"{place[0]}:{place[1]}"
            self._remember(place, text, record)
        return True

    def _remember(self, place: tuple[str, int], text: str, record) -> None:
        """Kept with its document while Sphinx reads: said again by later builds (see replay)."""
        env = self.app.env
        if getattr(self.app.builder, "phase", None) != BuildPhase.READING:
            return
        docname = env.path2doc(str(Path(env.srcdir, place[0])))
        if docname is None or docname not in env.found_docs:
            return
        said = env.domains["policybook"].data.setdefault("foreign", {}).setdefault(docname, [])
        entry = (f"{place[0]}:{place[1]}", text, getattr(record, "type", None), getattr(record, "subtype", None))
        if entry not in said:
            said.append(entry)


def replay(app, read: set[str]) -> None:
    """``env-updated``: say again what Sphinx said about documents this build did not re-read."""
    foreign = app.env.domains["policybook"].data.get("foreign", {})
    for docname in sorted(foreign):
        if docname in read or docname not in app.env.found_docs:
            continue
        for location, text, kind, subtype in foreign[docname]:
            logger.warning(text, location=location, type=kind, subtype=subtype,
                           extra={"policybook_replayed": True})
