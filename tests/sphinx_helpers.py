"""Build a copy of a test root with Sphinx's test app and record what each build did."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

ROOTS = Path(__file__).parent / "roots"


@dataclass
class BuildResult:
    app: SphinxTestApp
    read: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)  # every page written, generated ones too

    @property
    def warnings(self) -> str:
        return self.app.warning.getvalue()

    def html(self, page: str) -> BeautifulSoup:
        return BeautifulSoup((self.app.outdir / f"{page}.html").read_text("utf-8"), "html.parser")


class Site:
    """A writable copy of a test root that can be edited and rebuilt incrementally."""

    def __init__(self, tmp_path: Path, root: str = "test-basic") -> None:
        self.src = tmp_path / "src"
        shutil.copytree(ROOTS / root, self.src)

    def write(self, relpath: str, text: str) -> None:
        path = self.src / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")

    def edit(self, relpath: str, old: str, new: str) -> None:
        path = self.src / relpath
        text = path.read_text("utf-8")
        assert old in text, f"{old!r} not in {relpath}"
        path.write_text(text.replace(old, new), "utf-8")

    def build(self, *, parallel: int = 0, outdir: str = "_build", fresh: bool = False,
              confoverrides: dict | None = None, on_app=None) -> BuildResult:
        app = SphinxTestApp("html", srcdir=self.src, builddir=self.src / outdir, parallel=parallel,
                            freshenv=fresh, confoverrides=confoverrides or {})
        result = BuildResult(app)
        if on_app is not None:  # e.g. connect a probe before the build
            on_app(app)
        app.connect("env-before-read-docs", lambda _app, _env, docnames: result.read.extend(docnames))
        app.connect("html-page-context",
                    lambda _app, pagename, *args: result.written.append(pagename)
                    if pagename in _app.env.all_docs else None)
        app.connect("html-page-context", lambda _app, pagename, *args: result.pages.append(pagename))
        try:
            app.build()
        finally:
            app.cleanup()
        result.read.sort()
        result.written.sort()
        result.pages.sort()
        return result


def scripts_in_order(page: Path) -> list[str]:
    """The script files a built page runs, in order, each bundle (``pages/bundles.py``) as its
    parts: paths relative to the page's folder as written (``../_static/pb-nav.js``)."""
    import re

    html = page.read_text("utf-8")
    names = []
    for src in re.findall(r'<script[^>]*\bsrc="([^"?]+)', html):
        bundle = re.search(r"(.*)_static/pb-bundle-\w+\.js$", src)
        if bundle is None:
            names.append(src)
            continue
        head = (page.parent / src).read_text("utf-8").split("\n", 1)[0]
        parts = re.fullmatch(r"/\* pb-bundle: (.*) \*/", head).group(1).split()
        names.extend(bundle.group(1) + part for part in parts)
    return names
