"""``policybook check`` and the build find the same problems, in the same words, at the same place.

One validator serves both (``policybook.validate``). These tests run ``check`` and a Sphinx
build over the same project (the whole bad-input corpus, the sample site, and a site whose
content lives in other folders) and compare every problem: file, line, column, code and text.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from badinput import harness
from sphinx_helpers import ROOTS, Site

from policybook.cli.check import check

REPO = Path(__file__).parent.parent
WARNING = re.compile(r"^(?P<location>\S+?): WARNING: (?P<text>.*?) \[(?P<code>[\w.-]+)\]$")
NOTICE = re.compile(r"^(?P<location>\S+?): 提示 \(不影响发布\): (?P<text>.*?) \[(?P<code>[\w.-]+)\]$")


def build_problems(site: Site, **kwargs) -> set[tuple[str, str, str]]:
    """Every warning and notice of a build of ``site`` as (location, text, code), paths relative
    to it; a notice's code is marked ``(notice)``."""
    result = site.build(**kwargs)
    return parse(result.warnings, site.src, result.app.status.getvalue())


def parse(warnings: str, srcdir: Path, status: str = "") -> set[tuple[str, str, str]]:
    found = set()
    for line in re.sub(r"\x1b\[[0-9;]*m", "", warnings).splitlines():
        match = WARNING.match(line.strip())
        assert match, f"a warning without a location or a code: {line!r}"
        location = match["location"].removeprefix(str(srcdir) + "/")
        found.add((location, match["text"], match["code"]))
    for line in re.sub(r"\x1b\[[0-9;]*m", "", status).splitlines():
        match = NOTICE.match(line.strip())
        if match:
            found.add((match["location"], match["text"], match["code"] + " (notice)"))
    return found


def check_problems(root: Path) -> set[tuple[str, str, str]]:
    return {(p.location(), p.text(), f"policybook.{p.code}" + (" (notice)" if p.notice else ""))
            for p in check(root).problems}


def assert_same(from_check: set, from_build: set) -> None:
    only_check = sorted(from_check - from_build)
    only_build = sorted(from_build - from_check)
    assert (only_check, only_build) == ([], []), "check and build disagree"


def test_the_bad_input_corpus(tmp_path):
    site = Site(tmp_path)
    harness.install(site.src, harness.load_manifest())
    from_check = check_problems(site.src)
    assert len(from_check) > 100
    assert_same(from_check, build_problems(site))


def test_the_sample_site(sample_site, monkeypatch):
    """The repository's own site (built once per session, from the repository, not a copy)."""
    monkeypatch.setenv("POLICYBOOK_DATE", "2026-11-21")  # as the session's build
    from_check = check_problems(REPO)
    assert {code for *_rest, code in from_check} <= {"policybook.inactive-policy (notice)"}
    assert_same(from_check, parse(sample_site.warning.getvalue(), REPO, sample_site.status.getvalue()))


@pytest.fixture
def moved_site(tmp_path) -> Site:
    """test-basic with its programs, policies and forms in other folders, set in conf.py."""
    site = Site(tmp_path)
    for old, new in (("source/programs", "content/items"), ("source/policies", "content/rules"),
                     ("source/forms", "content/forms")):
        shutil.move(site.src / old, site.src / new)
    conf = site.src / "conf.py"
    conf.write_text(conf.read_text("utf-8") + "\npolicybook_programs_dir = 'content/items'\n"
                    "policybook_policies_dir = 'content/rules'\npolicybook_forms_dir = 'content/forms'\n"
                    "include_patterns = ['index.md', 'source/**', 'docs/**', 'content/**']\n", "utf-8")
    for path in list(site.src.rglob("*.md")) + list(site.src.rglob("*.yaml")):
        text = path.read_text("utf-8")
        path.write_text(text.replace("source/programs", "content/items").replace("source/policies", "content/rules")
                        .replace("source/forms", "content/forms"), "utf-8")
    return site


def test_a_site_with_its_content_in_other_folders(moved_site):
    site = moved_site
    assert check_problems(site.src) == set()
    site.edit("content/items/ip-pledge.yaml", "level: municipal", "level: city")
    site.edit("content/items/patent-grant.yaml", "related: [ip-pledge]", "related: [ip-pledges]")
    site.write("content/rules/no-front-matter.md", "# 没有元数据的政策\n\n## 第一条 总则\n")
    from_check = check_problems(site.src)
    assert {(location.split(":")[0], code) for location, _text, code in from_check} == {
        ("content/items/ip-pledge.yaml", "policybook.enum"),
        ("content/items/patent-grant.yaml", "policybook.unknown-program"),
        ("content/rules/no-front-matter.md", "policybook.front-matter"),
    }
    assert_same(from_check, build_problems(site))


def test_what_only_sphinx_saw_before_is_found_by_check_too(tmp_path):
    """A role-name typo, a duplicate 第二条, a link to a form that is not there, a guide in no
    toctree: the build rejected them, ``policybook check`` passed them."""
    site = Site(tmp_path)
    site.write("docs/typo.md", "---\norphan: true\n---\n\n# 错字\n\n见 {progam}`patent-grant`。\n")
    site.write("docs/form-link.md", "---\norphan: true\n---\n\n# 表格\n\n下载[申报表](../source/forms/no-such.docx)。\n")
    site.write("docs/lost.md", "# 没有列入目录的指南\n\n正文。\n")
    policy = site.src / "source/policies/ip-measures.md"
    policy.write_text(policy.read_text("utf-8") + "\n## 第二条 又一个第二条\n\n正文。\n", "utf-8")
    from_check = check_problems(site.src)
    assert {(location, code) for location, _text, code in from_check} == {
        ("docs/typo.md:7:3", "policybook.unknown-role"),
        ("docs/form-link.md:7:9", "policybook.link-missing"),
        ("docs/lost.md:1", "policybook.not-in-toctree"),
        (next(loc for loc, _t, code in from_check if code == "policybook.duplicate-clause"), "policybook.duplicate-clause"),
    }
    assert any(loc.startswith("source/policies/ip-measures.md:") for loc, _t, c in from_check
               if c == "policybook.duplicate-clause")
    assert_same(from_check, build_problems(site))


def test_roots_are_untouched():
    assert (ROOTS / "test-basic" / "source" / "programs").is_dir()
