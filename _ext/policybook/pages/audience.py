"""The staff build's extra navigation: a 工作人员文档 section under the home page's toctrees.

The public site (``make html``) carries enterprise content only. The staff build (``make staff``)
also reads the staff & maintainer documentation and sets ``policybook_staff_docs`` to its
contents page; this adds that page to the home page's navigation as a hidden toctree with its
own caption, so the sidebar shows a 工作人员文档 section. The public build has no such entry
(no toctree pointing at a page it does not build, so no warning either).
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes

from ..config import checked

CAPTION = "工作人员文档"


def add_staff_section(app, doctree: nodes.document) -> None:
    """``doctree-read`` (before Sphinx's toctree collector): the root document gets the section."""
    contents = checked(app.config).staff_docs.strip("/")
    docname = app.env.docname
    if not contents or docname != app.config.root_doc or contents not in app.env.found_docs:
        return
    toctree = addnodes.toctree(parent=docname, entries=[(None, contents)], includefiles=[contents],
                               maxdepth=-1, caption=CAPTION, rawcaption=CAPTION, glob=False, hidden=True,
                               includehidden=False, numbered=0, titlesonly=False)
    wrapper = nodes.compound(classes=["toctree-wrapper"])
    wrapper += toctree
    doctree += wrapper


def setup(app) -> None:
    app.connect("doctree-read", add_staff_section, priority=400)
