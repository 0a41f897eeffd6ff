"""The staff start guide for a bureau's Windows PC (docs/windows-start.md): in the staff build with
its screenshots, linked from the handbook and the staff contents, absent from the public site, and
naming only make targets and policybook commands that exist."""

from __future__ import annotations

import re
from pathlib import Path

from test_audience import soup, targets

from policybook.cli import _parser

REPO = Path(__file__).parent.parent
GUIDE = REPO / "docs/windows-start.md"


def test_the_staff_build_has_the_guide_with_its_screenshots(staff_site):
    out = Path(staff_site.outdir)
    page = soup(out / "docs/windows-start.html")
    images = page.select("article img")
    assert len(images) == 3
    for image in images:
        assert (out / "docs" / image["src"]).resolve().is_file(), image["src"]
        assert image.get("alt"), image["src"]
    for name in ("docs/index", "docs/staff-handbook"):
        assert "docs/windows-start.html" in targets(name, soup(out / f"{name}.html").select("article a")), name


def test_the_public_site_has_no_trace_of_it(sample_site):
    out = Path(sample_site.outdir)
    assert not (out / "docs").exists()
    assert [p for p in out.rglob("*.html") if "windows-start" in p.read_text("utf-8")] == []


def test_the_guide_names_only_commands_that_exist():
    text = GUIDE.read_text("utf-8")
    makefile = (REPO / "Makefile").read_text("utf-8")
    targets_in_makefile = set(re.findall(r"^([a-z][\w-]*):", makefile, re.M))
    used = {m for line in text.splitlines() if "apt install" not in line  # the package named make
            for m in re.findall(r"\bmake ([a-z][\w-]*)", line)}
    assert used and used <= targets_in_makefile, used - targets_in_makefile
    action = next(a for a in _parser()._actions if a.dest == "command")
    commands = set(re.findall(r"policybook ([a-z][\w-]*)", text)) - {"git"}
    assert commands <= set(action.choices), commands - set(action.choices)
    for image in re.findall(r"\]\((screenshots/[^)]+\.png)\)", text):
        path = GUIDE.parent / image
        assert path.is_file() and path.stat().st_size < 200_000, image
