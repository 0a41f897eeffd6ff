"""Index the built site with Pagefind (extended build: segments Chinese) after every HTML build.

Pagefind reads only the article (``--root-selector``), skips header anchors, and writes its
bundle to ``<outdir>/pagefind/``. Besides, ``search/index.json`` (:mod:`.entries`) holds every
page's names and keywords with the staff-kept search terms, for the query layer in front of
Pagefind (``pb-query.js``): Pagefind matches all terms of a query or nothing, and segments pages
and queries with different dictionaries (so 高企 or 双百计划 are not reliably one word on both sides).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from sphinx.util import logging

from ..config import checked
from ..gcpause import ends_with_the_build
from ..report import warn_build
from ..state import state
from . import incremental
from .entries import INDEX, own_fulltext, same_terms, write_index

logger = logging.getLogger(__name__)

BUNDLE = "pagefind"
# The pydata/book theme puts the page content in <article class="bd-article">; Sphinx's basic
# theme (used by the test projects) in <div class="body" role="main">. Pagefind takes one
# selector, not a list, so we look at the built home page to choose.
THEME_ROOT = "article.bd-article"
BASIC_ROOT = "div.body"
# Continuation pages of long lists only repeat titles the program pages have: not indexed.
EXCLUDE = [".headerlink", ".pb-search-page", ".pb-cal-nav", ".pb-pager", ".pb-continued", "#searchbox",
           ".pb-sitemap-section"]  # the site map lists every title: it would match every query
# What every program page repeats (section headings, card and field labels, today's status badge,
# the contact card's fields, the line on how the status is computed): indexed, it only lengthens
# common words' posting lists and every page's excerpt file, which a reader's first query fetches
# (issue 22: bench/results/2026-12-03-searchfirst.md). The subscribe box stays: without it the
# evaluation set ranked one query worse (第一次申报科技项目: a policy first).
BOILERPLATE = [".pb-program section > h2", ".pb-fact .pb-tile-title", ".pb-live-status", ".pb-funding thead",
               ".pb-window dt", ".pb-contact", ".pb-ics-link", ".pb-asof", ".pb-reviewed", ".pb-materials .sd-badge"]


def pagefind_command() -> list[str] | None:
    """How to run Pagefind: the Python package's launcher (pagefind[extended]) if installed."""
    try:
        import pagefind  # noqa: F401
    except ImportError:
        exe = shutil.which("pagefind_extended")
        return [exe] if exe else None
    return [sys.executable, "-m", "pagefind"]


STAGE = ".policybook-pagefind"  # inside the output, so hard links work; removed after each run


class Job:
    """A Pagefind run over the documents' pages, started before the build's last steps.

    Every page is indexed into ``pagefind/`` when :mod:`.incremental` plans a full index;
    otherwise only the pages changed since that base, into ``pagefind-delta/``. A full index of
    ``alone_from`` pages or more (given only when the process ends with the build) starts
    only when every page and site-wide file is written, in the small process :mod:`.alone` hands
    the build over to: Pagefind's peak then no longer adds to the build's own.
    """

    def __init__(self, app, command: list[str], alone_from: int | None = None) -> None:
        out = Path(app.outdir)
        self.stage = out / STAGE
        shutil.rmtree(self.stage, ignore_errors=True)
        self.bundle = self.stage / BUNDLE
        self.doctreedir = Path(app.doctreedir)
        site = self.stage / "site"
        rels = []
        root = os.fspath(out)  # os.path, not pathlib: once per page on every build (issue 22)
        for docname in sorted(app.env.all_docs):
            rel = app.builder.get_target_uri(docname)
            if rel.endswith("/") or not os.path.isfile(os.path.join(root, rel)):
                continue
            rels.append(rel)
        options = pagefind_options(root_selector(app))
        self.settings = incremental.settings(options)
        self.plan = incremental.plan(out, self.doctreedir, rels, self.settings)
        self.process = None
        self.alone = False
        self.log = tempfile.TemporaryFile()
        if not self.plan.full and not self.plan.changed:
            return  # only removals since the base: nothing to index
        for rel in rels if self.plan.full else self.plan.changed:
            link(out / rel, site / rel)
        self.args = [*command, "--site", str(site), "--output-path", str(self.bundle), *options, "--silent"]
        # A full index of a large site waits for the build to let go of its memory (finish)
        self.alone = self.plan.full and alone_from is not None and len(rels) >= alone_from
        if not self.alone:
            self.start()

    def start(self) -> None:
        self.process = subprocess.Popen(self.args, stdout=self.log, stderr=subprocess.STDOUT)

    def finish(self, out: Path) -> None:
        """Wait for Pagefind and put its bundle in place (a failure is a warning)."""
        if self.process is None:
            incremental.finished_delta(out, self.doctreedir, self.plan)
            self.discard()
            return
        if self.plan.full:  # fingerprint the pages for the record while Pagefind still runs
            self.plan.pages = {rel: incremental.fingerprint(out / rel, None) for rel in self.plan.rels}
        try:
            returncode = self.process.wait(timeout=600)
        except subprocess.TimeoutExpired:
            self.process.kill()
            returncode = "timeout"
        try:
            if returncode != 0 or not (self.bundle / "pagefind.js").is_file():
                self.log.seek(0)
                details = self.log.read().decode("utf-8", "replace").strip().splitlines()[-5:]
                warn_build("search-index", (f"Pagefind 建立搜索索引失败: {' | '.join(details) or '没有输出'}",
                                            f"Pagefind exited with {returncode}", "查看上面的输出, 修复后重新构建"))
                return
            if self.plan.full:
                sync_tree(self.bundle, out / BUNDLE)
                incremental.finished_full(out, self.doctreedir, self.plan, self.settings)
            else:
                sync_tree(self.bundle, out / incremental.DELTA)
                incremental.finished_delta(out, self.doctreedir, self.plan)
        finally:
            self.discard()

    def __getstate__(self) -> dict:
        """What :mod:`.alone` carries into the process that runs Pagefind (not the log file)."""
        return {key: value for key, value in vars(self).items() if key not in ("log", "process")}

    def __setstate__(self, values: dict) -> None:
        vars(self).update(values, log=tempfile.TemporaryFile(), process=None, alone=False)

    def discard(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.log.close()
        shutil.rmtree(self.stage, ignore_errors=True)


def pagefind_options(root: str) -> list[str]:
    """Pagefind's options for a site whose article is ``root`` (recorded beside the doctrees)."""
    return ["--root-selector", root, "--exclude-selectors", ", ".join(EXCLUDE + BOILERPLATE), "--keep-index-url"]


def link(source: Path, target: Path) -> None:
    """A hard link (free), or a copy where the file system has none."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def start_pagefind(app) -> list:
    """Index the documents' pages while Sphinx writes the rest (an ``html-collect-pages`` hook).

    Every document's page is final once Sphinx collects the extra pages. Pagefind indexes hard
    links to exactly those pages (continuation pages, the index and 404 pages are not for
    search) in a second process, while this one writes the remaining pages, calendars, exports
    and feeds; ``finish_pagefind`` collects the result. On two cores this takes Pagefind off
    the build's critical path.
    """
    if app.builder.format != "html" or checked(app.config).search != "pagefind":
        return []
    from ..site.deferred import skip_in_preview
    from ..site.publish import up_to_date

    out = Path(app.outdir)
    terms = search_terms(app)
    own = own_fulltext(app)  # a province's site: our own full text (.fulltext), no Pagefind
    marker = out / (INDEX if own else f"{BUNDLE}/pagefind.js")
    if up_to_date(app, marker):
        if not same_terms(out, terms):
            write_index(app, out, terms)  # only the table changed: no page to index again
        return []
    if skip_in_preview(app, marker):
        logger.info("预览模式: 跳过站内搜索索引 (preview: search index not rebuilt)")
        return []
    if own:
        write_index(app, out, terms)
        drop_bundle(app, out)
        return []
    command = pagefind_command()
    if command is None:
        write_index(app, out, terms)
        warn_build("search-index", ("未找到 Pagefind, 站内搜索不可用", "Pagefind not installed",
                                    "运行 make html 安装依赖 (pip install 'pagefind[extended]'); 或在 conf.py 设 "
                                    "policybook_search = 'sphinx' 使用 Sphinx 自带搜索"))
        return []
    alone_from = checked(app.config).search_alone_from if ends_with_the_build() else None
    try:
        state(app).pagefind = Job(app, command, alone_from)
    except OSError as error:
        warn_build("search-index", (f"Pagefind 运行失败: {error}", "Pagefind failed", "检查 Pagefind 是否安装完整, 然后重新构建"))
    # our index after Pagefind has started, not before: it reads the pages, not this file, and
    # the two then share the cores (issue 22: at 100 programs this index, pypinyin's import
    # included, was 0.3 s the build waited on before Pagefind began)
    write_index(app, out, terms)
    return []


def drop_bundle(app, out: Path) -> None:
    """No Pagefind index (the site searches its own, :mod:`.fulltext`): an earlier build's
    bundles, delta manifest and record go, so that nothing stale is published or reused."""
    for name in (BUNDLE, incremental.DELTA):
        shutil.rmtree(out / name, ignore_errors=True)
    (out / incremental.MANIFEST).unlink(missing_ok=True)
    (Path(app.doctreedir) / incremental.RECORD_FILE).unlink(missing_ok=True)


def finish_pagefind(app, exception) -> None:
    build = state(app)
    job: Job | None = build.pagefind
    if job is None or (job.alone and exception is None):
        return  # a job left to run alone waits for the last handler (.alone.hand_over)
    build.pagefind = None
    if exception is not None:
        job.discard()
        return
    job.finish(Path(app.outdir))


def sync_tree(source: Path, target: Path) -> None:
    """Make ``target`` hold exactly the files of ``source``; unchanged files are not rewritten."""
    wanted = {path.relative_to(source) for path in source.rglob("*") if path.is_file()}
    if target.is_dir():
        for path in sorted(target.rglob("*"), reverse=True):
            rel = path.relative_to(target)
            if path.is_file() and rel not in wanted:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    for rel in sorted(wanted):
        data = (source / rel).read_bytes()
        dest = target / rel
        if dest.is_file() and dest.read_bytes() == data:
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)


def root_selector(app) -> str:
    if checked(app.config).search_root:
        return checked(app.config).search_root
    home = Path(app.outdir) / app.builder.get_target_uri(app.config.root_doc)
    if home.is_dir():
        home = home / "index.html"
    try:
        text = home.read_text("utf-8", errors="replace")
    except OSError:
        return THEME_ROOT
    return THEME_ROOT if 'class="bd-article"' in text else BASIC_ROOT


def search_terms(app) -> dict:
    """The staff-kept search terms (:mod:`policybook.model.search_terms`); each problem is a
    located warning on every build, so a broken table never reaches the published site."""
    from ..report import warn
    from ..validate.search_terms import read_search_terms

    domain = app.env.domains["policybook"]
    names = [(name, program["id"]) for program in domain.programs.values() if not program.get("broken")
             for name in [program["title"], *program.get("aliases", [])]]
    terms, problems = read_search_terms(app.srcdir, checked(app.config).search_terms, names)
    for problem in problems:
        warn(problem)
    return terms
