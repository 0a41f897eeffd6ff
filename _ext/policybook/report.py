"""How a problem reaches the people who fix it: one Sphinx warning, the same everywhere.

Every content problem is a :class:`~policybook.model.problems.Problem` with a registered code
(:mod:`policybook.model.codes`). :func:`warn` logs it as a Sphinx warning of type
``policybook`` and subtype ``<code>``, located at ``file:line:col`` relative to the project,
so ``-W`` fails the build, ``suppress_warnings = ["policybook.<code>"]`` silences it, and the
text is exactly what ``policybook check`` prints.
"""

from __future__ import annotations

from sphinx.util import logging

from .model.problems import NOTICE, Problem

logger = logging.getLogger("policybook")


def warn(problem: Problem) -> None:
    """Log ``problem`` as a located Sphinx warning (``policybook.<code>``; every code is in the
    registry, which a test checks). A notice is logged as information: it never fails a build."""
    if problem.notice:
        logger.info(f"{NOTICE}{problem.text()} [policybook.{problem.code}]", location=problem.location())
        return
    logger.warning(problem.text(), location=problem.location(), type="policybook", subtype=problem.code)


def source_of(env, docname: str) -> str:
    """A document's file, relative to the project (what staff see in their editor)."""
    path = env.doc2path(docname)
    try:
        return path.relative_to(env.srcdir).as_posix()
    except ValueError:
        return path.as_posix()


def problem_in(env, docname: str, line: int | None, code: str, message: tuple[str, str, str], *,
               column: int = 0, field: str = "") -> Problem:
    """A problem in document ``docname``; ``message`` is (Chinese text, English gloss, hint)."""
    text, gloss, hint = message
    return Problem(source_of(env, docname), line or 0, column, field, text, gloss, hint, code)


def warn_build(code: str, message: tuple[str, str, str]) -> None:
    """A problem of the build itself, not of one file (e.g. the search index failed)."""
    text, gloss, hint = message
    logger.warning("%s (%s) 提示: %s", text, gloss, hint, type="policybook", subtype=code)
