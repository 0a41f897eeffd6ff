"""Shared fixtures: Sphinx's testing plugin, test roots, and a valid program to mutate."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ("sphinx.testing.fixtures",)

ROOTS = Path(__file__).parent / "roots"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@pytest.fixture
def valid_program_text() -> str:
    return (ROOTS / "test-basic" / "source" / "programs" / "patent-grant.yaml").read_text("utf-8")
