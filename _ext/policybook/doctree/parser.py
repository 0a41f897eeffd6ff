"""The source parser that makes each ``source/programs/<id>.yaml`` a Sphinx document.

Like myst-parser, it turns a file straight into a doctree: nothing is generated into the
source tree, and Sphinx's incremental builds, search and "edit this page" work per file. A file
with mistakes still becomes a page (saying what is wrong) and warns once per mistake, with
``file:line:col``; one bad entry never aborts the build.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.parsers import Parser
from sphinx.util import logging

from ..config import checked
from ..model.loading import load_program
from ..model.problems import Problem
from . import components as c
from .markup import TextRenderer
from .program_page import ProgramPage

logger = logging.getLogger(__name__)


def warn_problem(problem: Problem, source: str) -> None:
    """Log one problem as a Sphinx warning located at ``file:line:col``."""
    if problem.line > 0:
        location = f"{source}:{problem.line}" + (f":{problem.column}" if problem.column > 0 else "")
    else:  # the whole file: a plain path (a bare string would be read as a docname)
        location = f"{source}:1"
    logger.warning(problem.text(), location=location, type="policybook", subtype=problem.code)


class ProgramParser(Parser):
    supported = ("policybook-program",)

    def parse(self, inputstring: str, document: nodes.document) -> None:
        env = document.settings.env
        docname = env.docname
        path = Path(env.doc2path(docname))
        source = path.relative_to(env.srcdir).as_posix() if path.is_relative_to(env.srcdir) else str(path)
        loaded = load_program(path.read_bytes(), source)
        domain = env.domains["policybook"]
        for problem in loaded.problems:
            warn_problem(problem, source)
        program = loaded.data
        if program is None:
            document += error_page(path.stem, loaded.problems)
            domain.note_entry("program", path.stem, docname,
                              {"id": path.stem, "title": f"{path.stem} (数据有误)", "broken": True}, 1)
            return
        text = TextRenderer(document)
        page = ProgramPage(program, loaded.lines, docname, str(path), text,
                           checked(env.config).forms_dir).build()
        document += page
        cite_lines = {key: line for key, line in loaded.lines.items()
                      if key.startswith("basis[") or key.endswith(".clause")}
        domain.note_entry("program", program["id"], docname, {**program, "_cite_lines": cite_lines},
                          loaded.lines.get("id", 1))


def error_page(stem: str, problems) -> nodes.section:
    """What a reader (in practice: staff previewing an edit) sees for a broken entry."""
    page = c.section(stem, f"{stem} (数据有误)")
    box = nodes.admonition(classes=["error", "pb-broken"])
    box += nodes.title("", "本事项的数据有误, 暂不能显示")
    listing = nodes.bullet_list()
    for problem in problems:
        listing += nodes.list_item("", c.para(str(problem)))
    box += listing
    page += box
    return page
