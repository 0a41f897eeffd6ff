"""One registry of problem codes: every code the extension reports is registered and documented."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from policybook.model.codes import CODES

PACKAGE = Path(__file__).parent.parent / "_ext" / "policybook"

#: Functions that report a problem, and where their code goes: a position or the keyword ``code``.
REPORTERS = {"add": 3, "problem": 2, "Problem": 7, "warn_build": 0, "problem_in": 3, "refuse": 3}


def codes_in_source() -> dict[str, list[str]]:
    """Every code literal passed to a reporting function in the package: code → places."""
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "codes.py":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            candidates = [kw.value for kw in node.keywords if kw.arg == "code"]
            position = REPORTERS.get(name)
            if position is not None and len(node.args) > position:
                argument = node.args[position]  # Problems.add has its message there: not a code
                if not (isinstance(argument, ast.Constant) and not re.fullmatch(r"[a-z][a-z0-9-]*", str(argument.value))):
                    candidates.append(argument)
            for value in candidates:
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    found.setdefault(value.value, []).append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    return found


def test_every_code_in_the_source_is_registered():
    found = codes_in_source()
    assert len(found) > 40
    unregistered = {code: places for code, places in found.items() if code not in CODES}
    assert unregistered == {}


def test_every_registered_code_is_documented():
    for code in CODES.values():
        assert code.title and code.fix and code.stage in ("file", "project", "build"), code
        assert any("\u4e00" <= ch <= "\u9fff" for ch in code.title + code.fix), code


def test_every_code_the_corpus_meets_is_registered(tmp_path):
    from badinput import harness

    from policybook.cli.check import check

    project = harness.corpus_project(tmp_path, harness.load_manifest())
    assert {p.code for p in check(project).problems} <= set(CODES)


def test_the_handbook_lists_every_code_and_setting(staff_site):
    from bs4 import BeautifulSoup

    from policybook.config import PREFIX, PolicybookConfig

    def page(name: str) -> BeautifulSoup:
        return BeautifulSoup((Path(staff_site.outdir) / f"{name}.html").read_text("utf-8"), "html.parser")

    listed = {cell.get_text() for cell in page("docs/staff-handbook").select("table.pb-problems td:first-child")}
    assert listed == set(CODES)
    settings = {cell.get_text() for cell in page("docs/field-reference").select("table.pb-settings td:first-child")}
    assert settings == {PREFIX + spec.name for spec in PolicybookConfig.settings()}
