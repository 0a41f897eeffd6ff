"""The validator over files on disk, for ``policybook check`` (the build reads through Sphinx)."""

from __future__ import annotations

from pathlib import Path

from ..config import PolicybookConfig
from ..model.loading import decode
from ..model.problems import Problem
from .files import FileReport, limit_of, report_for, unreadable
from .project import Names, Project, check_project


def read_reports(root: Path, documents: dict[str, str], settings: PolicybookConfig,
                 extensions: tuple[str, ...] = ()) -> list[FileReport]:
    """The report of every document (docname → project-relative path), decoded as the build does."""
    reports = []
    for docname, path in sorted(documents.items(), key=lambda item: item[1]):
        try:
            data = (root / path).read_bytes()
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
                    ) -> tuple[list[FileReport], list[Problem]]:
    """Every problem of the project: each file's own, then the cross-file ones (sorted)."""
    reports = read_reports(root, documents, settings, extensions)
    project = Project(reports, settings, frozenset(documents), lambda rel: (root / rel).is_file(), names,
                      root_doc, suffixes)
    problems = [problem for report in reports for problem in report.problems] + check_project(project)
    return reports, sorted(set(problems), key=lambda p: (p.file, p.line, p.column, p.code, p.message))
