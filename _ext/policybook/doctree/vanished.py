"""A source file that disappears while the build reads it: a located problem, not a traceback.

``validation.check_readable`` reads every document's bytes before Sphinx starts reading, so a
file removed earlier is already reported. A file removed (or made unreadable) in the moment
between that check and Sphinx's own read (a ``git checkout`` or a sync tool running while
``make html`` or the preview builds) made Sphinx's ``read_doc`` raise ``FileNotFoundError`` and
the build stopped with a traceback naming no file.

The builder's ``read_doc`` is wrapped: when the document's own file cannot be read, the document
is read from a short placeholder page instead (through Sphinx's usual pipeline, so titles, the
toctree and the doctree cache stay consistent, in parallel reads too) and the problem is
reported on the file's first line, like a file that could not be read at all (one problem;
references to the document are not reported again). The warning fails ``make html``, so the placeholder is never
published; the next build reads the file as it is then.
"""

from __future__ import annotations

import time

from sphinx.util.docutils import _parse_str_to_doctree

from ..config import checked
from ..model.problems import Problem
from ..report import source_of, warn
from ..state import state
from ..validate.files import unreadable

PLACEHOLDER = "---\norphan: true\n---\n\n# 文件无法读取\n\n生成网站时这个文件被删除、移动或无法读取。请确认文件存在后重新构建。\n"


def vanished_problem(source: str, error: OSError) -> Problem:
    reason = error.strerror or type(error).__name__
    return Problem(source, 1, 0, "", f"生成网站时文件无法读取 ({reason}): 可能在构建过程中被删除或移动",
                   "file vanished while the build read it", "确认文件存在并且可以读取, 然后重新构建", "encoding")


def guard_reading(app) -> None:
    """``builder-inited``: read a document whose file vanished as a placeholder, and say so."""
    builder = app.builder
    read_doc = builder.read_doc

    def guarded_read_doc(docname: str, *, _cache: bool = True) -> None:
        env = builder.env
        path = env.doc2path(docname)
        try:
            return read_doc(docname, _cache=_cache)
        except OSError as error:
            if error.filename is None or str(error.filename) != str(path):
                raise  # another file: not this guard's business
            problem = vanished_problem(source_of(env, docname), error)
        _read_placeholder(builder, docname, _cache=_cache)
        env.domains["policybook"].clear_doc(docname)  # the placeholder is not content
        if _cache:  # a serial read: reported with the others, references to it not repeated
            state(app).unreadable[docname] = unreadable(problem.file, docname, checked(app.config), [problem])
        else:  # a parallel reader's state dies with it: say it now (Sphinx forwards the warning)
            warn(problem)
        return None

    builder.read_doc = guarded_read_doc


def _read_placeholder(builder, docname: str, *, _cache: bool) -> None:
    """What Sphinx's ``Builder.read_doc`` does after reading the file, with the placeholder text."""
    env = builder.env
    env.prepare_settings(docname)
    parser = builder._registry.create_source_parser("markdown", config=builder.config, env=env)
    doctree = _parse_str_to_doctree(PLACEHOLDER, filename=env.doc2path(docname),
                                    default_role=builder.config.default_role, default_settings=env.settings,
                                    env=env, events=builder.events, parser=parser,
                                    transforms=builder._registry.get_transforms())
    env.all_docs[docname] = time.time_ns() // 1_000
    env.current_document = type(env.current_document)()
    env.ref_context.clear()
    builder.write_doctree(docname, doctree, _cache=_cache)


def no_copy_of_a_vanished_source(app, pagename: str, templatename, context, doctree) -> None:
    """``html-page-context``: Sphinx copies a page's source next to it (``html_copy_source``);
    a file that vanished has nothing to copy (the copy raised ``FileNotFoundError``)."""
    if doctree is not None and context.get("sourcename") and not app.env.doc2path(pagename).is_file():
        context["sourcename"] = ""
