"""Toctrees: pages in no table of contents, and entries that name no page (as Sphinx reads them)."""

from __future__ import annotations

import posixpath
import re

from ..model.problems import Problem
from . import messages
from .markdown import url_scheme


def _glob(pattern: str) -> re.Pattern:
    """Sphinx's toctree glob: ``*`` and ``?`` stay within a folder, ``**`` crosses folders."""
    out, i = "", 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**", i):
            out, i = out + ".*", i + 2
            continue
        out += {"*": "[^/]*", "?": "[^/]"}.get(char, re.escape(char))
        i += 1
    return re.compile(out + r"\Z")


def outside_toctrees(project, resolver) -> list[Problem]:
    """Pages in no toctree (Sphinx leaves them out of the navigation) and toctree entries that
    name no page."""
    problems: list[Problem] = []
    # the staff build's contents page is listed under the home page (pages/audience.py)
    included: set[str] = {project.settings.staff_docs.strip("/")} if project.settings.staff_docs else set()
    docnames = sorted(project.docnames)
    for report in project.reports:
        folder = posixpath.dirname(report.docname)
        for tree in report.toctrees:
            for entry, line in tree.entries:
                if entry == "self" or url_scheme(entry):
                    continue
                target = posixpath.normpath(posixpath.join("" if entry.startswith("/") else folder,
                                                           entry.lstrip("/")))
                if tree.glob and any(ch in entry for ch in "*?["):
                    included.update(d for d in docnames if _glob(target).match(d))
                    continue
                docname = resolver.as_doc(target)
                if docname is None:
                    problems.append(Problem(report.path, line, 0, "toctree", *messages.missing_link(
                        "目录中的页面", entry, resolver.nearby(target)), "link-missing"))
                else:
                    included.add(docname)
    for report in project.reports:
        if report.kind == "page" and not report.orphan and report.docname != project.root_doc \
                and report.docname not in included and report.docname in project.docnames:
            problems.append(Problem(report.path, 1, 0, "", "页面没有列入任何目录 (toctree), 读者无法从导航找到它",
                                    "document isn't included in any toctree",
                                    "把它加进所在栏目 index.md 的 toctree, 或在开头的 front matter 写 orphan: true",
                                    "not-in-toctree"))
    return problems
