"""The build reads and copies only files of the content folders, whatever a page says.

The validator refuses a page that names a file outside the content folders (a located error;
:mod:`policybook.model.paths`). These guards are the second line, on the real file system:
a symlink, or a path written in a way the validator did not see, still reads nothing from
outside the repository and publishes nothing from it.

- ``include``/``literalinclude``/``csv-table :file:`` check the file before docutils reads it
  (file insertion is off for every document; a checked directive turns it on for its own run);
- MyST's ``{include}`` runs its own reader, which obeys the per-document switch: it is on only
  in a page whose includes the validator saw and found inside the content folders
  (:class:`GuardedMystParser`); ``include-read`` blanks anything else;
- images and downloads are dropped from the doctree before Sphinx collects them for copying.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from docutils import nodes
from myst_parser.parsers.sphinx_ import MystParser
from sphinx import addnodes
from sphinx.directives.code import LiteralInclude
from sphinx.directives.other import Include
from sphinx.directives.patches import CSVTable

from ..model.loading import PAGE_LIMIT
from ..model.paths import project_path
from ..report import problem_in, warn
from ..state import reading_state
from ..validate import messages


def allowed(env, absolute: str | Path) -> bool:
    """Whether the file at ``absolute`` (symlinks followed) is a content file of this build."""
    srcdir = Path(env.srcdir).resolve()
    try:
        relative = Path(absolute).resolve().relative_to(srcdir).as_posix()
    except (ValueError, OSError, RuntimeError):
        return False
    return relative in _listed(env)


def _outside(env, absolute: str) -> bool:
    """A path that leaves the project (found or not), or a file that exists and is not a content
    file (a missing file inside the project: Sphinx says it is missing)."""
    try:
        Path(os.path.normpath(absolute)).relative_to(Path(env.srcdir))
    except ValueError:
        return True
    return os.path.lexists(absolute) and not allowed(env, absolute)


def _listed(env) -> frozenset[str]:
    build = reading_state(env)
    return build.content.files if build is not None and build.content is not None else frozenset()


class _Checked:
    """A directive that reads a file: checked first, then run with file insertion on."""

    def files(self) -> list[str]:
        raise NotImplementedError

    def run(self):
        env = self.state.document.settings.env
        for written in self.files():
            absolute = None if written.startswith("<") or "\x00" in written else env.relfn2path(written)[1]
            if absolute is None or not allowed(env, absolute):
                message = messages.outside_insertion(written)
            elif Path(absolute).stat().st_size > PAGE_LIMIT[0]:
                message = messages.insertion_too_large(written, PAGE_LIMIT[0])
            else:
                continue
            text, gloss, hint = message
            return [self.state.document.reporter.error(f"{text} ({gloss}) 提示: {hint}", line=self.lineno)]
        settings = self.state.document.settings
        enabled = settings.file_insertion_enabled
        settings.file_insertion_enabled = True
        try:
            return super().run()
        finally:
            settings.file_insertion_enabled = enabled


class CheckedInclude(_Checked, Include):
    def files(self) -> list[str]:
        return [self.arguments[0].strip()]


class CheckedLiteralInclude(_Checked, LiteralInclude):
    def files(self) -> list[str]:
        return [self.arguments[0].strip()]


class CheckedCSVTable(_Checked, CSVTable):
    def files(self) -> list[str]:
        if "url" in self.options:
            return ["<url>"]  # never fetched: refused like a file from outside
        return [self.options["file"].strip()] if "file" in self.options else []


def includes_allowed(env, docname: str) -> bool:
    """Whether MyST's ``{include}`` may read in this document: the validator found includes in
    it and every one names a content file."""
    report = env.domains["policybook"].report_of(docname)
    if report is None or any(problem.code == "file-insertion" for problem in report.problems):
        return False
    inserts = [ref for ref in report.refs if ref.kind == "insert"]
    if not inserts:
        return False
    listed = _listed(env)
    return all(project_path(report.path, ref.target) in listed for ref in inserts)


class GuardedMystParser(MystParser):
    """MyST's parser, with file insertion switched on only where :func:`includes_allowed`."""

    def parse(self, inputstring: str, document: nodes.document) -> None:
        env = document.settings.env
        document.settings.file_insertion_enabled = includes_allowed(env, env.current_document.docname)
        super().parse(inputstring, document)


def use_guarded_parser(app, config) -> None:
    """``config-inited`` (every extension is set up): Markdown goes through the guarded parser."""
    for filetype, parser in list(app.registry.source_parsers.items()):
        if parser is MystParser:
            app.registry.source_parsers[filetype] = GuardedMystParser


#: An included file that includes again (and again: a cycle recursed until Python gave up).
_NESTED_INCLUDE = re.compile(r"^\s*(?:[`:~]{3,}\s*\{include\}|\.\. include::)", re.MULTILINE)


def guard_include_read(app, relative_path: Path, parent_docname: str, content: list[str]) -> None:
    """``include-read``: whatever was read from outside the content folders is not used; an
    included file may not include others, nor be larger than a page may be."""
    shown = Path(relative_path).as_posix()
    if not allowed(app.env, Path(app.srcdir) / relative_path):
        message = messages.outside_insertion(shown)
    elif len(content[0].encode("utf-8")) > PAGE_LIMIT[0]:
        message = messages.insertion_too_large(shown, PAGE_LIMIT[0])
    elif _NESTED_INCLUDE.search(content[0]):
        content[0] = ""
        if not _is_document(app, shown):  # a document's includes: the validator says it, located
            _warn_once(app, app.env.current_document.docname, None, "file-insertion",
                       messages.nested_insertion(shown))
        return
    else:
        return
    content[0] = ""
    # MyST passes the file's stem as ``parent_docname``: the document being read is the parent
    _warn_once(app, app.env.current_document.docname, None, "file-insertion", message)


def _is_document(app, path: str) -> bool:
    return any(report.path == path for report in app.env.domains["policybook"].reports())


#: The validator's codes for a file a page may not show: the build's guard does not repeat them.
_REFUSED = frozenset({"outside-file", "file-insertion", "link-missing"})


def _warn_once(app, docname: str, line: int | None, code: str, message: tuple[str, str, str]) -> None:
    """Report what a guard refused, unless the validator already did at that line (it reports
    with a column; the guards see only lines, if that)."""
    report = app.env.domains["policybook"].report_of(docname)
    said = [problem.line for problem in (report.problems if report else []) if problem.code in _REFUSED]
    said += [ref.line for ref in (report.refs if report else []) if ref.kind in ("insert", "image", "link", "download")
             and not allowed_ref(app, report.path, ref.target)]
    if said and (line is None or line in said):
        return
    warn(problem_in(app.env, docname, line, code, message))


def allowed_ref(app, doc_path: str, target: str) -> bool:
    path = project_path(doc_path, target.split("#", 1)[0])
    return path is not None and path in _listed(app.env)


def drop_outside_files(app, doctree: nodes.document) -> None:
    """``doctree-read`` (before Sphinx collects images and downloads): a file from outside the
    content folders is neither copied nor linked."""
    env = app.env
    docname = env.current_document.docname
    for image in list(doctree.findall(nodes.image)):
        uri = image.get("uri", "")
        if "://" in uri or uri.startswith("data:") or "*" in uri:
            continue
        if _outside(env, env.relfn2path(uri, docname)[1]):
            _warn_once(app, docname, image.line, "outside-file", messages.outside_file(uri))
            image.replace_self(nodes.inline("", image.get("alt", "")))
    for download in list(doctree.findall(addnodes.download_reference)):
        target = download.get("reftarget", "")
        if "://" in target:
            continue
        if _outside(env, env.relfn2path(target, docname)[1]):
            _warn_once(app, docname, download.line, "outside-file", messages.outside_file(target))
            download.replace_self(nodes.inline("", download.astext()))
