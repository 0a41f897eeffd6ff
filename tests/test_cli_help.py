"""``policybook --help`` in Chinese: every command with a one-line Chinese description, and none
of argparse's own English (usage, options, positional arguments, show this help message and exit,
error) in the help or in the mistakes staff make on the command line."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys

import pytest

from policybook.cli import _parser, main
from policybook.cli.chinese_argparse import chinese_error

ENGLISH = re.compile(r"usage|options:|positional arguments|show this help|error:|required|invalid choice"
                     r"|unrecognized|expected one", re.IGNORECASE)
CJK = re.compile(r"[\u4e00-\u9fff]")


def commands() -> dict[str, str]:
    """Each command of the real parser and its help, as ``policybook --help`` lists them."""
    action = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    return {choice.dest: choice.help for choice in action._choices_actions}


def help_of(capsys, *argv: str) -> str:
    with pytest.raises(SystemExit) as stop:
        main([*argv, "--help"])
    assert stop.value.code == 0
    return capsys.readouterr().out


def test_help_lists_every_command_with_a_chinese_line(capsys):
    text = help_of(capsys)
    assert text.startswith("用法: policybook")
    assert "选项:" in text and "命令:" in text and "显示本帮助并退出" in text
    assert ENGLISH.findall(text) == []
    listed = {}
    for line in text.splitlines():
        match = re.match(r"^    ([a-z][a-z-]+) +(\S.*)$", line)
        if match:
            listed[match[1]] = match[2]
    assert set(listed) == set(commands()) and len(listed) >= 8
    for name, description in listed.items():
        assert CJK.search(description), name


@pytest.mark.parametrize("command", sorted(commands()))
def test_each_command_help_is_chinese(capsys, command):
    text = help_of(capsys, command)
    assert text.startswith(f"用法: policybook {command}")
    assert "显示本帮助并退出" in text
    assert ENGLISH.findall(text) == []
    assert "positional" not in text and "optional" not in text


def test_mistakes_on_the_command_line_are_chinese():
    for argv, words in ((["bogus"], "无效的取值 'bogus'"), ([], "缺少必填参数: <命令>"),
                        (["replace-policy", "a"], "缺少必填参数: new"), (["check", "--zz"], "无法识别的参数: --zz"),
                        (["serve", "--port", "x"], "参数 --port: 无效的 int 取值: 'x'")):
        done = subprocess.run([sys.executable, "-m", "policybook.cli", *argv], capture_output=True, text=True,
                              timeout=60)
        assert done.returncode == 2, argv
        assert "错误: " + words in done.stderr or words in done.stderr, done.stderr
        assert done.stderr.startswith("用法: policybook"), done.stderr
        assert ENGLISH.findall(done.stderr) == [], done.stderr


def test_error_patterns_cover_argparse_messages():
    assert chinese_error("argument --map: expected one argument") == "参数 --map: 需要一个取值"
    assert chinese_error("something new") == "something new"  # unknown messages pass through
