"""Shared fixtures: Sphinx's testing plugin, test roots, and a valid program to mutate."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ("sphinx.testing.fixtures",)

ROOTS = Path(__file__).parent / "roots"
REPO = Path(__file__).parent.parent
REFERENCE_DATE = "2026-11-21"


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory):
    """The bundled sample site, built once per test session with the date pinned."""
    from sphinx.testing.util import SphinxTestApp

    out = tmp_path_factory.mktemp("sample-site")
    app = SphinxTestApp("html", srcdir=REPO, builddir=out, freshenv=True,
                        confoverrides={"policybook_reference_date": REFERENCE_DATE})
    try:
        app.build()
    finally:
        app.cleanup()
    return app


@pytest.fixture(scope="session")
def staff_site(tmp_path_factory):
    """The sample site's staff build (make staff: POLICYBOOK_AUDIENCE=staff, read by conf.py)."""
    import os

    from sphinx.testing.util import SphinxTestApp

    out = tmp_path_factory.mktemp("staff-site")
    before = os.environ.get("POLICYBOOK_AUDIENCE")
    os.environ["POLICYBOOK_AUDIENCE"] = "staff"
    try:
        app = SphinxTestApp("html", srcdir=REPO, builddir=out, freshenv=True,
                            confoverrides={"policybook_reference_date": REFERENCE_DATE})
    finally:
        if before is None:
            os.environ.pop("POLICYBOOK_AUDIENCE", None)
        else:
            os.environ["POLICYBOOK_AUDIENCE"] = before
    try:
        app.build()
    finally:
        app.cleanup()
    return app


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@pytest.fixture
def valid_program_text() -> str:
    return (ROOTS / "test-basic" / "source" / "programs" / "patent-grant.yaml").read_text("utf-8")
