"""Every file in a content folder is content, or a located error: nothing is silently left out.

``x.YAML`` (an upper-case suffix) and ``x.MD`` were neither built nor reported; a program YAML
under ``docs/`` was built as a page nobody reaches. Forms, images and other downloads may sit
beside the pages; anything that looks like content but is not read is named, with the fix.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NamedTuple

from ..model.paths import content_folders
from ..model.problems import Problem

#: Suffixes a staff member means as a page when they save one (in any letter case).
CONTENT_SUFFIXES = (".md", ".yaml", ".yml", ".rst", ".markdown")


class Listing(NamedTuple):
    files: frozenset[str]  # the content files a page may show
    outside: tuple[str, ...]  # symlinks in the content folders that lead out of the project


def content_files(root: Path, documents: Iterable[str], excluded: Callable[[str], bool]) -> Listing:
    """Every file (project-relative, ``/``-separated) in the folders the documents live in
    (``docs/``, ``source/``; not the project's top level, where code and settings live),
    without hidden ones and those ``excluded`` (the build's exclude patterns). A symlink that
    leads out of the project (or into a hidden folder) is not content: it is listed apart."""
    root = Path(root)
    real_root = root.resolve()
    files, outside = [], []
    for folder in content_folders(documents):
        for base, dirs, names in os.walk(root / folder):
            rel_base = Path(base).relative_to(root).as_posix()
            kept = []
            for name in sorted(dirs):
                rel = f"{rel_base}/{name}"
                if name.startswith(".") or excluded(rel):
                    continue
                if os.path.islink(os.path.join(base, name)):  # os.walk does not follow it: say so if it leaves
                    if not _inside(Path(base) / name, real_root):
                        outside.append(rel)
                    continue
                kept.append(name)
            dirs[:] = kept
            for name in names:
                rel = f"{rel_base}/{name}"
                if name.startswith(".") or excluded(rel):
                    continue
                # os.path, not pathlib: this runs for every content file on every build (issue 22)
                if os.path.islink(os.path.join(base, name)) and not _inside(Path(base) / name, real_root):
                    outside.append(rel)
                else:
                    files.append(rel)
    return Listing(frozenset(files), tuple(sorted(outside)))


def _inside(path: Path, real_root: Path) -> bool:
    try:
        relative = path.resolve().relative_to(real_root)
    except (ValueError, OSError, RuntimeError):  # elsewhere, or a symlink loop
        return False
    return not any(part.startswith(".") for part in relative.parts)


def stray_files(files: Iterable[str], documents: dict[str, str], settings,
                outside: tuple[str, ...] = ()) -> list[Problem]:
    """Problems for the files of the content folders that are not what their folder holds.

    ``files``: every file of the content folders (project-relative, excluded ones left out);
    ``documents``: docname → path of each document the build reads; ``outside``: symlinks
    that lead out of the project."""
    read = set(documents.values())
    programs = settings.programs_dir.strip("/") + "/"
    policies = settings.policies_dir.strip("/") + "/"
    forms = settings.forms_dir.strip("/") + "/"
    problems = [_problem(path, f"{posixpath.basename(path)} 是指向项目以外的链接 (symlink), 不会被发布",
                         "symlink leads out of the project", "把真正的文件复制到这里, 不要用链接")
                for path in outside]
    for path in sorted(files):
        name = posixpath.basename(path)
        suffix = posixpath.splitext(name)[1]
        if name.startswith(".") or path.startswith(forms):
            continue
        if path in read:
            if suffix in (".yaml", ".yml") and not path.startswith(programs):
                problems.append(_problem(path, f"事项 YAML 文件要放在 {programs} 下, 这里的文件会被当成事项页面发布",
                                         "program YAML outside the programs folder", f"把文件移到 {programs}"))
            continue
        if suffix.lower() in CONTENT_SUFFIXES and suffix.lower() != suffix:
            problems.append(_problem(path, f"文件 {name} 不会被发布: 扩展名要写成小写 {suffix.lower()}",
                                     "upper-case suffix: not read", f"把文件改名为 {name[: -len(suffix)]}{suffix.lower()}"))
        elif path.startswith((programs, policies)):
            wanted = ".yaml" if path.startswith(programs) else ".md"
            problems.append(_problem(path, f"文件 {name} 不会被发布: 这个文件夹只放 {wanted} 文件",
                                     "not content: not read", f"改成 {wanted} 文件, 或移到其他文件夹 (表格放 {forms})"))
        elif suffix.lower() in CONTENT_SUFFIXES:
            problems.append(_problem(path, f"文件 {name} 不会被发布", "content file not read",
                                     "页面要写成 .md 文件; 不需要的文件请删除"))
    return problems


def _problem(path: str, message: str, gloss: str, hint: str) -> Problem:
    return Problem(path, 1, 0, "", message, gloss, hint, "stray-file")
