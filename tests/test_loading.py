"""Strict loading: YAML 1.1 pitfalls stay strings, and every mistake is located exactly."""

from __future__ import annotations

import datetime as dt

import pytest

from policybook.model.loading import load_policy_front_matter, load_program

FILE = "source/programs/patent-grant.yaml"


def messages(text: str | bytes, filename: str = FILE) -> list[str]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return [str(p) for p in load_program(data, filename).problems]


def test_valid_program_loads_to_plain_data(valid_program_text):
    loaded = load_program(valid_program_text.encode(), FILE)
    assert not loaded.problems
    program = loaded.data
    assert program["id"] == "patent-grant"
    assert program["window"]["open"] == dt.date(2026, 11, 1)
    assert program["funding"]["items"][0]["amount"] == 5000
    assert program["eligibility"]["rules"][0]["value"] is True
    assert program["eligibility"]["rules"][0]["clause"] == {"policy": "ip-measures", "clause": 1}
    assert program["industries"] == ["all"]  # default
    assert program["materials"][0]["required"] is True  # default
    assert loaded.lines["summary"] == 10


@pytest.mark.parametrize("raw", ["no", "yes", "off", "08:30", "0755", "1e3", "null", "~", "2024-05-01"])
def test_yaml_11_scalars_stay_strings(valid_program_text, raw):
    text = valid_program_text.replace("authority: 测试县科学技术局", f"authority: {raw}")
    loaded = load_program(text.encode(), FILE)
    assert not loaded.problems, loaded.problems
    assert loaded.data["authority"] == raw


def test_unknown_key_suggests_the_right_one(valid_program_text):
    text = valid_program_text.replace("summary: 对授权", "sumary: 对授权")
    assert messages(text) == [
        f"{FILE}:10:1: sumary: 未知字段 'sumary' (unknown key) 提示: 是否想写 'summary'?",
        f"{FILE}:1:1: summary: 缺少必填字段 'summary' (事项简介) (required field missing)",
    ]


def test_duplicate_key_names_both_lines(valid_program_text):
    text = valid_program_text.replace("level: county\n", "level: county\nlevel: national\n")
    assert messages(text) == [
        f"{FILE}:5:1: level: 字段 'level' 重复出现 (第一次在第 4 行) (duplicate key) 提示: 删除其中一个, 或合并两处内容"
    ]


def test_unknown_operator_lists_choices(valid_program_text):
    text = valid_program_text.replace("op: eq", "op: gte")
    [message] = messages(text)
    assert message.startswith(f"{FILE}:21:11: eligibility.rules[0].op: 未知运算符 'gte' (unknown operator) 提示: ")
    assert "可选: eq, ne, ge, gt" in message


def test_enum_value_with_chinese_label_gets_the_id(valid_program_text):
    text = valid_program_text.replace("level: county", "level: 县级")
    assert messages(text) == [
        f"{FILE}:4:8: level: 未知的取值 '县级' (unknown level) 提示: '县级' 请写成 'county'"
    ]


def test_impossible_date_and_date_order(valid_program_text):
    text = valid_program_text.replace("open: 2026-11-01", "open: 2026-02-30")
    assert messages(text) == [f"{FILE}:36:9: window.open: 不存在的日期: '2026-02-30' (no such date) 提示: 检查月份和日期"]
    text = valid_program_text.replace("open: 2026-11-01", "open: 2026-12-15")
    assert messages(text) == [
        f"{FILE}:37:10: window.close: 截止日期 2026-11-30 早于开始日期 2026-12-15 (close date before open date) 提示: 检查年份和月份"
    ]


def test_id_must_match_file_name(valid_program_text):
    assert messages(valid_program_text, "source/programs/other.yaml") == [
        "source/programs/other.yaml:1:5: id: 编号 'patent-grant' 与文件名 'other' 不一致 (id does not match file name)"
        " 提示: 把文件改名为 patent-grant.yaml, 或把 id 改为 other"
    ]


def test_full_width_and_zero_width_ids_are_explained(valid_program_text):
    [full] = messages(valid_program_text.replace("id: patent-grant", "id: patent－grant"))
    assert "编号中含有全角字符" in full and ":1:5: id:" in full
    [zero] = messages(valid_program_text.replace("id: patent-grant", "id: patent\u200b-grant"))
    assert "不可见字符" in zero


def test_tabs_gbk_and_aliases_are_refused(valid_program_text):
    assert messages("id: x\n\ttitle: y\n") == [
        f"{FILE}:2:1: 缩进中使用了 Tab 字符 (tab used for indentation) 提示: YAML 只能用空格缩进; 请把 Tab 换成两个空格"
    ]
    [gbk] = messages(valid_program_text.encode("gbk"))
    assert gbk.startswith(f"{FILE}:2: 文件不是 UTF-8 编码 (file is not valid UTF-8) 提示: 文件看起来是 GBK/GB18030 编码")
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"
    assert messages(bomb) == [f"{FILE}:1:4: 不支持 YAML 锚点和别名 (&, *) (YAML aliases are not allowed) 提示: 请把内容直接写出来"]


def test_bom_and_crlf_are_tolerated(valid_program_text):
    data = ("\ufeff" + valid_program_text.replace("\n", "\r\n")).encode("utf-8")
    assert not load_program(data, FILE).problems


def test_syntax_error_is_located_and_translated():
    [message] = messages("id: x\ntitle: a: b\n")
    assert message.startswith(f"{FILE}:2:9: 此处不能出现冒号键值 (mapping values are not allowed in this context)")


def test_many_mistakes_reported_at_once(valid_program_text):
    text = (valid_program_text.replace("level: county", "level: town")
            .replace("category: ip", "category: ipr")
            .replace("amount: 5000", "amount: 5,000")
            .replace("reviewed: 2026-11-01", "reviewed: 2026/11/01"))
    found = messages(text)
    assert [m.split(": ")[1] for m in found] == ["level", "category", "funding.items[0].amount", "reviewed"]


def test_rule_value_is_checked_against_the_fact(valid_program_text):
    text = valid_program_text.replace("value: true", "value: maybe")
    assert messages(text) == [
        f"{FILE}:22:14: eligibility.rules[0].value: 应为 true 或 false, 实际是 'maybe' (expected a boolean) 提示: 写 true (是) 或 false (否)"
    ]


def test_unsafe_link_scheme_is_refused(valid_program_text):
    text = valid_program_text + "links:\n  - title: 点我\n    url: javascript:alert(1)\n"
    [message] = messages(text)
    assert "links[0].url: 不安全或无效的链接 'javascript:alert(1)'" in message


def test_policy_front_matter_is_validated_with_offset():
    text = "---\nid: p\ntitle: T\nissuer: I\nlevel: county\npublished: 2025-01-01\neffective: 2025-01-01\nvalidity: valid\n---\n# T\n"
    problems = [str(p) for p in load_policy_front_matter(text.encode(), "source/policies/p.md").problems]
    assert problems == [
        "source/policies/p.md:8:11: validity: 未知的取值 'valid' (unknown validity) 提示: 可选: in-force, amended, repealed, expired"
    ]


def test_has_any_takes_a_list_of_certifications(valid_program_text):
    text = valid_program_text.replace(
        "      fact: registered_in_county\n      op: eq\n      value: true\n",
        "      fact: certifications\n      op: has_any\n      value: high-tech, tech-sme\n")
    loaded = load_program(text.encode(), FILE)
    assert not loaded.problems
    assert loaded.data["eligibility"]["rules"][0]["value"] == ["high-tech", "tech-sme"]
