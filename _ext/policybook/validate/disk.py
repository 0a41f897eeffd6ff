"""The validator over files on disk, for ``policybook check`` (the build reads through Sphinx)."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..config import PolicybookConfig
from ..model.loading import decode
from ..model.problems import Problem
from .files import FileReport, limit_of, report_for, unreadable
from .project import Names, Project, all_problems
from .strays import Listing

#: Below this many documents one process is faster than starting others.
PARALLEL_FROM = 400


def read_reports(root: Path, documents: dict[str, str], settings: PolicybookConfig,
                 extensions: tuple[str, ...] = (), jobs: int | None = None,
                 overrides: dict[str, bytes] | None = None) -> list[FileReport]:
    """The report of every document (docname → project-relative path), decoded as the build
    does; in ``jobs`` processes (default: one per CPU) when there are many. ``overrides``
    (path → content) stands in for files on disk: an edit checked before it is written."""
    items = sorted(documents.items(), key=lambda item: item[1])
    jobs = jobs or os.cpu_count() or 1
    if jobs < 2 or len(items) < PARALLEL_FROM:
        return _read(root, items, settings, extensions, overrides)
    chunks = [items[start::jobs] for start in range(jobs)]
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        parts = list(pool.map(_read, [root] * jobs, chunks, [settings] * jobs, [extensions] * jobs,
                              [overrides] * jobs))
    return sorted((report for part in parts for report in part), key=lambda report: report.path)


def _read(root: Path, items: list[tuple[str, str]], settings: PolicybookConfig,
          extensions: tuple[str, ...], overrides: dict[str, bytes] | None = None) -> list[FileReport]:
    reports = []
    for docname, path in items:
        try:
            data = overrides[path] if overrides and path in overrides else (root / path).read_bytes()
        except OSError as error:
            reports.append(unreadable(path, docname, settings, [Problem(
                path, 1, 0, "", f"文件无法读取: {error.strerror}", "file cannot be read",
                "确认文件存在并且可以读取, 然后重新构建", "encoding")]))
            continue
        text, problems = decode(data, path, limit_of(path, docname, settings))
        if text is None:
            reports.append(unreadable(path, docname, settings, problems))
        else:
            reports.append(report_for(text, path, docname, settings, extensions))
    return reports


def check_documents(root: Path, documents: dict[str, str], settings: PolicybookConfig, *,
                    extensions: tuple[str, ...] = (), names: Names | None = None, root_doc: str = "index",
                    suffixes: tuple[str, ...] = (".md", ".yaml", ".yml", ".rst"),
                    listing: Listing | None = None,
                    overrides: dict[str, bytes] | None = None) -> tuple[list[FileReport], list[Problem]]:
    """Every problem of the project: each file's own, then the cross-file ones (sorted)."""
    reports = read_reports(root, documents, settings, extensions, overrides=overrides)
    project = Project(reports, settings, frozenset(documents), lambda rel: (root / rel).is_file(), names,
                      root_doc, suffixes, today=settings.today(), documents=documents,
                      files=listing.files if listing else None, outside_links=listing.outside if listing else ())
    return reports, all_problems(project)
