"""The layout keeps its promises: pure packages stay pure, modules stay small."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "_ext" / "policybook"
PURE = ["model", "validate"]  # plus these single modules:
PURE_MODULES = ["policybook.config", "policybook.site.export", "policybook.site.feeds", "policybook.site.changes",
                "policybook.site.jsonld",
                "policybook.site.opendata_schemas", "policybook.calendar.ics", "policybook.finder.index",
                "policybook.finder.data_script"]


def modules_of(package: str) -> list[str]:
    return sorted(f"policybook.{package}." + p.relative_to(PACKAGE / package).with_suffix("").as_posix()
                  .replace("/", ".").removesuffix(".__init__") for p in (PACKAGE / package).rglob("*.py"))


@pytest.mark.parametrize("module", [m for package in PURE for m in modules_of(package)] + PURE_MODULES)
def test_pure_modules_import_neither_sphinx_nor_docutils(module):
    """The model and the validator are plain Python: check, the tests and other tools use them
    without a Sphinx application (and they stay fast to import)."""
    code = (f"import sys, json; import {module}; "
            "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} & {'sphinx', 'docutils'})))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


def test_importing_the_package_does_nothing():
    """A small __init__.py: no codec registered, no Sphinx imported, nothing written."""
    code = ("import codecs, sys, json; before = set(sys.modules); import policybook; "
            "print(json.dumps(sorted(m for m in set(sys.modules) - before if not m.startswith('policybook') and m != '__future__')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


def test_at_most_a_dozen_modules_at_the_top_level():
    modules = [p.name for p in PACKAGE.glob("*.py")]
    assert len(modules) <= 12, modules


def _long_functions(path: Path) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = node.end_lineno - node.lineno + 1
            if length > 60:
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name} ({length} lines)")
    return found


#: Declarative tables (field and code declarations), allowed to be long.
TABLES = {"model/schema.py", "model/codes.py"}


def test_no_module_over_400_lines_and_no_function_over_60():
    long_modules = [f"{p.relative_to(PACKAGE)} ({n} lines)" for p in sorted(PACKAGE.rglob("*.py"))
                    if (n := len(p.read_text("utf-8").splitlines())) > 400 and p.relative_to(PACKAGE).as_posix()
                    not in TABLES]
    long_functions = [f for p in sorted(PACKAGE.rglob("*.py")) for f in _long_functions(p)]
    assert (long_modules, long_functions) == ([], [])
