"""An ``argparse`` parser that speaks Chinese: 用法, 选项, 位置参数, its -h, and its errors.

argparse's own words (``usage:``, ``options``, ``show this help message and exit``, ``the
following arguments are required``) are English and not translatable without a compiled gettext
catalogue; staff read ``policybook --help`` and its mistakes. This subclass sets the titles and
the help option itself and translates argparse's error messages by pattern, so every word a
member of staff sees from the command line is Chinese. Subcommand parsers inherit it
(``add_subparsers`` uses the parent's class).
"""

from __future__ import annotations

import argparse
import re
import sys

USAGE = "用法: "
HELP = "显示本帮助并退出"

# argparse's English messages (Python 3.11–3.13) → Chinese; applied in order, by pattern.
_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), r) for p, r in (
    (r"^argument ([^:]+): ", r"参数 \1: "),
    (r"the following arguments are required: (.+)$", r"缺少必填参数: \1"),
    (r"unrecognized arguments: (.+)$", r"无法识别的参数: \1"),
    (r"invalid choice: (.+?) \(choose from (.+)\)$", r"无效的取值 \1 (可选: \2)"),
    (r"invalid (\w+) value: (.+)$", r"无效的 \1 取值: \2"),
    (r"expected one argument$", "需要一个取值"),
    (r"expected at least one argument$", "至少需要一个取值"),
    (r"expected at most one argument$", "最多只能有一个取值"),
    (r"expected (\d+) arguments?$", r"需要 \1 个取值"),
    (r"ignored explicit argument (.+)$", r"多余的取值 \1"),
    (r"not allowed with argument (.+)$", r"不能与参数 \1 同时使用"),
    (r"one of the arguments (.+) is required$", r"参数 \1 中必须有一个"),
    (r"ambiguous option: (.+?) could match (.+)$", r"选项 \1 不明确, 可能是 \2"),
))


def chinese_error(message: str) -> str:
    """argparse's English error ``message`` in Chinese (unknown messages are left as they are)."""
    for pattern, replacement in _ERRORS:
        message = pattern.sub(replacement, message)
    return message


class ChineseHelpFormatter(argparse.HelpFormatter):
    """``用法:`` instead of ``usage:``; room for the command names so each fits on its line."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 30,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position, width)

    def add_usage(self, usage, actions, groups, prefix=None) -> None:
        super().add_usage(usage, actions, groups, USAGE if prefix is None else prefix)

    def add_argument(self, action) -> None:
        """Room for the longest command name at its own indent (argparse measures it one level
        short, so ``replace-policy`` would sit on a line of its own above its description)."""
        super().add_argument(action)
        if isinstance(action, argparse._SubParsersAction) and action.help is not argparse.SUPPRESS:
            longest = max((len(name) for name in action.choices), default=0)
            self._action_max_length = max(self._action_max_length,
                                          longest + self._current_indent + 2 * self._indent_increment)


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose help and errors are Chinese (see the module docstring)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=HELP)

    def error(self, message: str):
        """Usage, then ``policybook: 错误: …`` in Chinese, and exit status 2 (as argparse does)."""
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: 错误: {chinese_error(message)}\n"
                     f"运行 {self.prog} --help 查看用法\n")
