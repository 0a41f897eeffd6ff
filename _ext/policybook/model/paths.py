"""What a path written in a page means, and whether a page may show the file it names.

Content arrives by pull request, so a path is untrusted: ``/etc/passwd``, ``../../x``,
``.git/config`` or docutils' ``<isonum.txt>`` must never be read into a page or copied into the
site. A page may show (include, link for download, use as an image) only files of the content
folders; the build checks that again on the real file system (symlinks), see
:mod:`policybook.doctree.files`.
"""

from __future__ import annotations

import posixpath

#: Suffixes of documents: a link to one is a page link, not a file to copy.
DOCUMENT_SUFFIXES = (".md", ".yaml", ".yml", ".rst")


def project_path(doc_path: str, target: str) -> str | None:
    """The project-relative path ``target`` means when written in the file at ``doc_path``
    (Sphinx's rule: ``/x`` from the project folder, anything else from the page's folder), or
    None when it leaves the project, names a hidden file (``.git``, ``.env``) or docutils'
    standard files (``<isonum.txt>``), which live outside the repository."""
    target = target.strip()
    if not target or "\x00" in target or (target.startswith("<") and target.endswith(">")):
        return None
    base = "" if target.startswith("/") else posixpath.dirname(doc_path)
    normal = posixpath.normpath(posixpath.join(base, target.lstrip("/")))
    parts = normal.split("/")
    if normal == "." or parts[0] == ".." or any(part.startswith(".") for part in parts):
        return None
    return normal


def content_folders(document_paths) -> tuple[str, ...]:
    """The top-level folders that hold documents (``docs``, ``source``): the files a page may show."""
    return tuple(sorted({path.split("/", 1)[0] for path in document_paths if "/" in path}))


def link_target(target: str) -> str:
    """A link's file part (without ``#anchor`` and ``?query``)."""
    return target.split("#", 1)[0].split("?", 1)[0]


def is_document_link(target: str) -> bool:
    return link_target(target).endswith(DOCUMENT_SUFFIXES)
