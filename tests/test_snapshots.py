"""Snapshot (regression) tests of doctrees and HTML, modelled on sphinx-design's tests/test_snippets.py.

Workflow: after an intended change in output, run
``.venv/bin/python -m pytest tests/test_snapshots.py --force-regen`` and review the diff
(``git diff tests/snapshots/``) before committing the regenerated files. A failing test here
means the output changed: either fix the code or regenerate and review.

What is snapshotted, all built from a copy of ``tests/roots/test-basic`` with the html builder
and the reference date pinned (so status badges such as "申报中 · 剩 9 天" are stable):

* one program page and one policy page: the pickled doctree before post-transforms
  (``env.get_doctree``), the resolved one (``env.get_and_resolve_doctree``), and the HTML of
  the page body (``div.body``);
* one snippet per file in ``tests/snippets/`` (MyST, like sphinx-design's docs/snippets), each
  written as an extra orphan page ``docs/snippet.md`` into its own copy of the root: its doctree
  before post-transforms and resolved (post-transforms and the extension's ``doctree-resolved``
  handlers, which fill in lists, calendars and status badges). Every directive and role that the extension registers must
  appear in some snippet (``test_every_directive_and_role_has_a_snippet``).

Snapshots are normalised so that they do not depend on the machine or the checkout: absolute
paths become ``<srcdir>``/``<repo>``, ``source`` attributes are relative to the source folder,
memory addresses are masked and Sphinx's ``translation_progress`` is dropped. Spaces at the end
of a text (the blank between two badges, "依据 " before a link) are shown as ``␣``, so that the
pre-commit trailing-whitespace hook cannot rewrite a snapshot. Docutils sorts attributes itself
and requirements.lock pins docutils, so the text is otherwise compared as written (sphinx-design
also rewrites boolean attributes "1"/"0" to "True"/"False" for older docutils; not needed here).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docutils import nodes
from docutils.parsers.rst import directives as rst_directives
from docutils.parsers.rst import roles as rst_roles
from sphinx.testing.util import SphinxTestApp

TESTS = Path(__file__).parent
REPO = TESTS.parent
ROOT = TESTS / "roots" / "test-basic"
SNIPPETS = TESTS / "snippets"
SNAPSHOTS = TESTS / "snapshots"
REFERENCE_DATE = "2026-11-21"  # a Saturday inside patent-grant's window (closes 2026-11-30)
SNIPPET_PAGE = "docs/snippet"  # docs/** is among the root's include_patterns

PAGES = {
    "program": "source/programs/patent-grant",
    "policy": "source/policies/ip-measures",
}
SNIPPET_FILES = sorted(SNIPPETS.glob("[!_]*.md"))
SNIPPET_IDS = [path.stem for path in SNIPPET_FILES]


@pytest.fixture
def original_datadir() -> Path:
    """pytest-regressions keeps the expected files in tests/snapshots/ (not tests/test_snapshots/)."""
    return SNAPSHOTS


# -- building -----------------------------------------------------------------------------------
def build(src: Path) -> SphinxTestApp:
    """Build ``src`` with the html builder; the caller reads doctrees, then calls ``cleanup()``."""
    app = SphinxTestApp("html", srcdir=src, builddir=src / "_build", freshenv=True,
                        confoverrides={"policybook_reference_date": REFERENCE_DATE})
    app.build()
    assert app.warning.getvalue() == "", app.warning.getvalue()
    return app


class Snapshot:
    """The normalised texts of one build, taken while its app is alive."""

    def __init__(self, app: SphinxTestApp, src: Path) -> None:
        self.app = app
        self.src = src

    def doctree(self, docname: str, *, resolved: bool) -> str:
        env = self.app.env
        if resolved:
            doctree = env.get_and_resolve_doctree(docname, self.app.builder, tags=self.app.tags)
        else:
            doctree = env.get_doctree(docname)
        return normalize_doctree(doctree, self.src)

    def html_body(self, docname: str) -> str:
        page = BeautifulSoup((self.app.outdir / f"{docname}.html").read_text("utf-8"), "html.parser")
        body = page.select_one("article") or page.select_one("div.body")
        assert body is not None, f"{docname}.html has no <article> or div.body"
        return normalize_text(str(body), self.src) + "\n"


def mark_trailing_space(text: str) -> str:
    """Show spaces at the end of a line as ␣, so the trailing-whitespace hook leaves snapshots alone."""
    return re.sub(r"[ \t]+$", lambda m: "␣" * len(m.group()), text, flags=re.MULTILINE)


def normalize_text(text: str, src: Path) -> str:
    """Mask what depends on the machine: the build's folders, the checkout, memory addresses."""
    for path, mark in ((src, "<srcdir>"), (REPO, "<repo>")):
        for form in {str(path), str(path.resolve()), path.resolve().as_uri()}:
            text = text.replace(form, mark)
    return mark_trailing_space(re.sub(r"\b0x[0-9a-fA-F]{6,}\b", "0x<address>", text))


def normalize_doctree(doctree: nodes.document, src: Path) -> str:
    """``pformat()`` of the doctree with sources relative to ``src`` (as sphinx-design does)."""
    doctree = doctree.deepcopy()
    doctree.attributes.pop("translation_progress", None)  # added by Sphinx, not by the extension
    for node in doctree.findall(nodes.Element):
        source = node.get("source")
        if source and Path(source).is_absolute():
            try:
                node["source"] = Path(source).relative_to(src).as_posix()
            except ValueError:
                pass  # left to normalize_text
    for text in list(doctree.findall(nodes.Text)):  # pformat puts each text on lines of its own
        marked = mark_trailing_space(str(text))
        if marked != str(text):
            text.parent.replace(text, nodes.Text(marked))
    return normalize_text(doctree.pformat(), src)


# -- a program page and a policy page ---------------------------------------------------------------
@pytest.fixture(scope="module")
def basic(tmp_path_factory):
    src = tmp_path_factory.mktemp("snapshot-basic") / "src"
    shutil.copytree(ROOT, src)
    app = build(src)
    try:  # read everything now: two live test apps would share docutils' node registry
        snapshot = Snapshot(app, src)
        return {
            (kind, part): (snapshot.doctree(docname, resolved=part == "post") if part != "html"
                           else snapshot.html_body(docname))
            for kind, docname in PAGES.items() for part in ("pre", "post", "html")
        }
    finally:
        app.cleanup()


@pytest.mark.parametrize("kind", list(PAGES))
@pytest.mark.parametrize("part", ["pre", "post"])
def test_page_doctree(basic, kind, part, file_regression):
    """The page's doctree: ``pre`` as pickled after reading, ``post`` resolved for writing."""
    file_regression.check(basic[kind, part], basename=f"page_{part}_{kind}", extension=".xml", encoding="utf-8")


@pytest.mark.parametrize("kind", list(PAGES))
def test_page_html(basic, kind, file_regression):
    """The HTML of the page body, as the html builder wrote it."""
    file_regression.check(basic[kind, "html"], basename=f"page_html_{kind}", extension=".html", encoding="utf-8")


# -- one snippet per directive and role -----------------------------------------------------------
@pytest.fixture(scope="module")
def snippet_builds(tmp_path_factory):
    """Build each snippet once (in its own copy of the root); both tests of a snippet share it."""
    cache: dict[str, dict[str, str]] = {}

    def get(path: Path) -> dict[str, str]:
        if path.stem not in cache:
            src = tmp_path_factory.mktemp(f"snippet-{path.stem}") / "src"
            shutil.copytree(ROOT, src)
            extra = SNIPPETS / f"_{path.stem}"  # files the snippet needs (e.g. the notice it links)
            if extra.is_dir():
                shutil.copytree(extra, src, dirs_exist_ok=True)
            text = "---\norphan: true\n---\n\n# 片段\n\n" + path.read_text("utf-8")
            (src / f"{SNIPPET_PAGE}.md").write_text(text, "utf-8")
            app = build(src)
            try:
                snapshot = Snapshot(app, src)
                cache[path.stem] = {part: snapshot.doctree(SNIPPET_PAGE, resolved=part == "post")
                                    for part in ("pre", "post")}
            finally:
                app.cleanup()
        return cache[path.stem]

    return get


@pytest.mark.parametrize("path", SNIPPET_FILES, ids=SNIPPET_IDS)
@pytest.mark.parametrize("part", ["pre", "post"])
def test_snippet(snippet_builds, path, part, file_regression):
    """A snippet's doctree before post-transforms (``pre``) and resolved for writing (``post``)."""
    file_regression.check(snippet_builds(path)[part], basename=f"snippet_{part}_{path.stem}",
                          extension=".xml", encoding="utf-8")


def registered_names(tmp_path: Path) -> set[str]:
    """The directives and roles that policybook registers (domain ones as ``policybook:name``)."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["policybook"]\n', "utf-8")
    (src / "index.md").write_text("# 首页\n", "utf-8")
    app = SphinxTestApp("html", srcdir=src, builddir=src / "_build")
    try:
        def ours(obj) -> bool:
            module = getattr(obj, "__module__", None) or type(obj).__module__
            return module == "policybook" or module.startswith("policybook.")

        names = {name for registry in (rst_directives._directives, rst_roles._roles)
                 for name, obj in registry.items() if ours(obj)}
        for domain in app.env.domains.sorted():
            if ours(type(domain)):
                names |= {f"{domain.name}:{name}" for name in (*domain.directives, *domain.roles)}
        return names
    finally:
        app.cleanup()


def test_every_directive_and_role_has_a_snippet(tmp_path):
    names = registered_names(tmp_path)
    assert {"program-list", "policy-list", "program", "policy", "site-file"} <= names, names
    used = set(re.findall(r"\{([a-z][\w:-]*)\}", "\n".join(p.read_text("utf-8") for p in SNIPPET_FILES)))

    def covered(name: str) -> bool:
        # ``{program}`` covers the domain's ``policybook:program`` (the same role, registered unqualified)
        return name in used or (":" in name and name.split(":", 1)[1] in used and name.split(":", 1)[1] in names)

    missing = sorted(name for name in names if not covered(name))
    assert not missing, f"directives/roles without a snippet in {SNIPPETS.relative_to(REPO)}/: {missing}"
