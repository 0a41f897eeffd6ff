"""One typed configuration: every setting checked, a mistake located in conf.py, in build and check."""

from __future__ import annotations

import json
import re

import pytest
from sphinx_helpers import Site

from policybook.cli.check import check
from policybook.config import PREFIX, PolicybookConfig, defaults, from_values


def conf_warnings(result) -> list[str]:
    plain = re.sub(r"\x1b\[[0-9;]*m", "", result.warnings)
    return [line for line in plain.splitlines() if "[policybook.config]" in line]


def test_every_setting_has_a_default_a_check_and_help():
    for spec in PolicybookConfig.settings():
        assert spec.metadata["help"] and spec.metadata["rebuild"] in ("env", "html", "")
        assert spec.metadata["check"](defaults()[spec.name]) == "", spec.name


@pytest.mark.parametrize(("name", "value"), [
    ("policybook_search", "pagefnd"), ("policybook_page_size", "30"), ("policybook_page_size", 0),
    ("policybook_reference_date", "2026/11/21"), ("policybook_time_zone", "Beijing"),
    ("policybook_programs_dir", "../elsewhere"), ("policybook_category_page", "source/categories"),
    ("policybook_repository_url", "javascript:alert(1)"), ("policybook_preview", "yes"),
])
def test_a_bad_value_is_a_located_problem_and_the_default_is_used(name, value):
    conf = f"project = 'x'\n{name} = {value!r}\n"
    settings, problems = from_values({name: value}, conf, "conf.py", [name])
    [problem] = problems
    assert (problem.file, problem.line, problem.field, problem.code) == ("conf.py", 2, name, "config")
    assert "无效" in problem.message and repr(value) in problem.message
    assert getattr(settings, name.removeprefix(PREFIX)) == defaults()[name.removeprefix(PREFIX)]


def test_a_misspelt_setting_name_is_reported_with_the_right_one():
    _settings, [problem] = from_values({}, "policybook_serach = 'sphinx'\n", "conf.py", ["policybook_serach"])
    assert (problem.line, problem.code) == (1, "config")
    assert problem.message == "未知的配置项 policybook_serach" and "policybook_search" in problem.hint


def test_build_and_check_report_conf_py_mistakes_alike(tmp_path):
    site = Site(tmp_path)
    conf = site.src / "conf.py"
    conf.write_text(conf.read_text("utf-8") + "\npolicybook_search = 'pagefnd'\npolicybook_serach = 'sphinx'\n", "utf-8")
    lines = conf.read_text("utf-8").splitlines()
    result = site.build()
    built = sorted(conf_warnings(result))
    assert len(built) == 2
    line = lines.index("policybook_search = 'pagefnd'") + 1
    assert built[0].startswith(f"conf.py:{line}:1: WARNING: policybook_search: 配置 policybook_search 的值 'pagefnd' 无效")
    # the default search (Pagefind) is used
    assert (result.app.outdir / "pagefind" / "pagefind.js").is_file()
    checked = sorted(f"{p.location()}: WARNING: {p.text()} [policybook.{p.code}]" for p in check(site.src).problems)
    assert checked == built


def test_check_and_new_read_the_content_folders_from_conf_py(tmp_path, capsys):
    from policybook.cli import main

    site = Site(tmp_path)
    conf = site.src / "conf.py"
    conf.write_text(conf.read_text("utf-8") + "\npolicybook_programs_dir = 'content/items'\n"
                    "include_patterns = ['index.md', 'source/**', 'docs/**', 'content/**']\n", "utf-8")
    assert main(["--root", str(site.src), "new", "program", "new-item"]) == 0
    assert (site.src / "content/items/new-item.yaml").is_file()
    capsys.readouterr()
    assert main(["--root", str(site.src), "check", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert any(p["file"] == "content/items/new-item.yaml" for p in report["problems"])
