"""Index the built site with Pagefind (extended build: segments Chinese) after every HTML build.

Pagefind reads only the article (``--root-selector``), skips header anchors, and writes its
bundle to ``<outdir>/pagefind/``. Besides, ``search/programs.json`` lists each program's title
and aliases: ``pb-search.js`` ranks a program whose title or alias matches the query above
full-text hits, whatever the index segmented (Pagefind 1.5 segments pages and queries with
different dictionaries, so 高企 or 双百计划 are not reliably one word on both sides).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)

BUNDLE = "pagefind"
TITLES = "search/programs.json"
# The pydata/book theme puts the page content in <article class="bd-article">; Sphinx's basic
# theme (used by the test projects) in <div class="body" role="main">. Pagefind takes one
# selector, not a list, so we look at the built home page to choose.
THEME_ROOT = "article.bd-article"
BASIC_ROOT = "div.body"
# Continuation pages of long lists only repeat titles the program pages have: not indexed.
EXCLUDE = [".headerlink", ".pb-search-page", ".pb-cal-nav", ".pb-pager", ".pb-continued", "#searchbox"]


def pagefind_command() -> list[str] | None:
    """How to run Pagefind: the Python package's launcher (pagefind[extended]) if installed."""
    try:
        import pagefind  # noqa: F401
    except ImportError:
        exe = shutil.which("pagefind_extended")
        return [exe] if exe else None
    return [sys.executable, "-m", "pagefind"]


STAGE = ".policybook-pagefind"  # inside the output, so hard links work; removed after each run
WORKER = Path(__file__).with_name("pagefind_worker.py")
_WARM = "_policybook_pagefind_warm"
_JOB = "_policybook_pagefind"


def warm_up(app) -> None:
    """Start Pagefind as the build starts (``builder-inited``), so it is ready for the pages.

    ``pagefind_worker.py`` loads Pagefind's Chinese word segmenter while Sphinx reads; on the
    sample site that takes a fifth of Pagefind's time off the end of the build. Without the
    Python package (a ``pagefind_extended`` binary on PATH) the command line runs later instead.
    """
    if app.builder.format != "html" or app.config.policybook_search != "pagefind":
        return
    if app.config.policybook_preview and (Path(app.outdir) / BUNDLE / "pagefind.js").exists():
        return  # a preview leaves the index to the next publishing build
    if not worker_available():
        return
    log = tempfile.TemporaryFile()
    # -P: the worker's folder holds this module, pagefind.py, which would shadow the package
    process = subprocess.Popen([sys.executable, "-P", str(WORKER)], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=log)
    setattr(app, _WARM, (process, log))


def worker_available() -> bool:
    """Pagefind's Python package (``pagefind[extended]``), which the worker drives."""
    try:
        import pagefind.index  # noqa: F401
    except ImportError:
        return False
    return True


class Job:
    """A Pagefind run over the documents' pages, started before the build's last steps."""

    def __init__(self, app, warm: tuple | None, command: list[str] | None) -> None:
        out = Path(app.outdir)
        self.stage = out / STAGE
        shutil.rmtree(self.stage, ignore_errors=True)
        self.bundle = self.stage / BUNDLE
        site = self.stage / "site"
        for docname in sorted(app.env.all_docs):
            rel = app.builder.get_target_uri(docname)
            if rel.endswith("/") or not (out / rel).is_file():
                continue
            link(out / rel, site / rel)
        selector = root_selector(app)
        if warm is not None:
            self.process, self.log = warm
            job = {"site": str(site), "output": str(self.bundle), "root_selector": selector,
                   "exclude_selectors": EXCLUDE}
            self.process.stdin.write(json.dumps(job).encode() + b"\n")
            self.process.stdin.flush()  # communicate() closes it
        else:
            args = [*command, "--site", str(site), "--output-path", str(self.bundle),
                    "--root-selector", selector, "--exclude-selectors", ", ".join(EXCLUDE),
                    "--keep-index-url", "--silent"]
            self.log = tempfile.TemporaryFile()
            self.process = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT)

    def finish(self, out: Path) -> None:
        """Wait for Pagefind and put its bundle in place (a failure is a warning)."""
        try:
            output, _ = self.process.communicate(timeout=600)
            returncode = self.process.returncode
        except subprocess.TimeoutExpired:
            self.process.kill()
            output, returncode = b"", "timeout"
        try:
            if returncode != 0 or not (self.bundle / "pagefind.js").is_file():
                self.log.seek(0)
                details = [*(output or b"").decode("utf-8", "replace").strip().splitlines(),
                           *self.log.read().decode("utf-8", "replace").strip().splitlines()][-5:]
                logger.warning("Pagefind 建立搜索索引失败 (Pagefind exited with %s): %s", returncode,
                               " | ".join(details) or "no output", type="policybook", subtype="search")
                return
            sync_tree(self.bundle, out / BUNDLE)
        finally:
            self.discard()

    def discard(self) -> None:
        stop(self.process)
        self.log.close()
        shutil.rmtree(self.stage, ignore_errors=True)


def stop(process: subprocess.Popen) -> None:
    """End a Pagefind process that is not needed (the warm worker is told to, then killed)."""
    if process.poll() is None:
        try:
            if process.stdin and not process.stdin.closed:
                process.stdin.write(b"\n")
                process.stdin.close()
            process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            process.kill()
            process.wait()
    for stream in (process.stdin, process.stdout):
        if stream and not stream.closed:
            stream.close()


def link(source: Path, target: Path) -> None:
    """A hard link (free), or a copy where the file system has none."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _cancel_warm(app) -> None:
    warm = getattr(app, _WARM, None)
    if warm is not None:
        delattr(app, _WARM)
        stop(warm[0])
        warm[1].close()


def start_pagefind(app) -> list:
    """Index the documents' pages while Sphinx writes the rest (an ``html-collect-pages`` hook).

    Every document's page is final once Sphinx collects the extra pages. Pagefind indexes hard
    links to exactly those pages (continuation pages, the index and 404 pages are not for
    search) in a second process, while this one writes the remaining pages, calendars, exports
    and feeds; ``finish_pagefind`` collects the result. On two cores this takes Pagefind off
    the build's critical path.
    """
    if app.builder.format != "html" or app.config.policybook_search != "pagefind":
        return []
    from ..deferred import skip_in_preview
    from ..publish import up_to_date

    out = Path(app.outdir)
    if up_to_date(app, out / BUNDLE / "pagefind.js"):
        _cancel_warm(app)
        return []
    if skip_in_preview(app, out / BUNDLE / "pagefind.js"):
        _cancel_warm(app)
        logger.info("预览模式: 跳过站内搜索索引 (preview: search index not rebuilt)")
        return []
    write_titles(app, out)
    warm = getattr(app, _WARM, None)
    command = None if warm is not None else pagefind_command()
    if warm is None and command is None:
        logger.warning("未找到 Pagefind, 站内搜索不可用 (Pagefind not installed: pip install 'pagefind[extended]'); "
                       "或在 conf.py 设 policybook_search = 'sphinx' 使用 Sphinx 自带搜索",
                       type="policybook", subtype="search")
        return []
    if warm is not None:
        delattr(app, _WARM)
    try:
        setattr(app, _JOB, Job(app, warm, command))
    except OSError as error:
        logger.warning("Pagefind 运行失败 (Pagefind failed): %s", error, type="policybook", subtype="search")
    return []


def finish_pagefind(app, exception) -> None:
    _cancel_warm(app)  # a build that failed before its pages were collected
    job: Job | None = getattr(app, _JOB, None)
    if job is None:
        return
    delattr(app, _JOB)
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
    if app.config.policybook_search_root:
        return app.config.policybook_search_root
    home = Path(app.outdir) / app.builder.get_target_uri(app.config.root_doc)
    if home.is_dir():
        home = home / "index.html"
    try:
        text = home.read_text("utf-8", errors="replace")
    except OSError:
        return THEME_ROOT
    return THEME_ROOT if 'class="bd-article"' in text else BASIC_ROOT


def titles_document(app) -> dict:
    """Program titles and aliases for the query-side title match (small: no texts)."""
    domain = app.env.domains["policybook"]
    programs = []
    for program in sorted(domain.programs.values(), key=lambda p: p["id"]):
        if program.get("broken"):
            continue
        programs.append({"id": program["id"], "title": program["title"],
                         "aliases": list(program.get("aliases", [])),
                         "funding": program.get("funding", {}).get("summary", ""),
                         "url": app.builder.get_target_uri(program["docname"]),
                         "archived": bool(program.get("archived"))})
    return {"format": "policybook-search-titles", "version": 1, "programs": programs}


def write_titles(app, out: Path) -> None:
    text = json.dumps(titles_document(app), ensure_ascii=False, sort_keys=True, indent=0) + "\n"
    path = out / TITLES
    path.parent.mkdir(parents=True, exist_ok=True)
    if not (path.is_file() and path.read_text("utf-8") == text):
        path.write_text(text, "utf-8")
