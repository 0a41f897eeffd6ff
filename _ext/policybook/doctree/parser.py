"""The source parser that makes each ``source/programs/<id>.yaml`` a Sphinx document.

Like myst-parser, it turns the text Sphinx hands it straight into a doctree: nothing is
generated into the source tree, and Sphinx's incremental builds, search and "edit this page"
work per file. The validator (:func:`policybook.validate.files.program_file`) reads the text
exactly as ``policybook check`` does; its report goes to the domain, whose problems are reported
once per build (:mod:`.validation`). A file with mistakes still becomes a page saying what is
wrong; one bad entry never aborts the build.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.parsers import Parser

from ..config import checked
from ..report import source_of
from ..validate.files import program_file
from . import components as c
from .markup import TextRenderer
from .program_page import ProgramPage
from .validation import myst_extensions


class ProgramParser(Parser):
    supported = ("policybook-program",)

    def parse(self, inputstring: str, document: nodes.document) -> None:
        env = document.settings.env
        docname = env.docname
        source = source_of(env, docname)
        report = program_file(inputstring, source, docname, myst_extensions(env.config))
        env.domains["policybook"].note_report(docname, report)
        program = report.entry
        if program is None or program.get("broken"):
            document += error_page(docname.rsplit("/", 1)[-1], report.problems)
            return
        text = TextRenderer(document)
        page = ProgramPage(program, report.lines, docname, str(env.doc2path(docname)), text,
                           checked(env.config).forms_dir).build()
        document += page
        # Links the page builder refused (made safe) that the validator could not see in the text
        report.problems.extend(text.refused(source, report.problems))


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
