"""Faceted program finder (政策查找) and eligibility self-check (政策匹配) pages.

Both pages are static. Each directive writes a mount point that carries ``data-*`` attributes
only, and a fallback that works without JavaScript: links to the category pages. The page's
scripts (``static/pb-finder.js``, ``static/pb-selfcheck.js``) fetch ``data/finder.json``, the
part of the export ``data/programs.json`` they read (:mod:`policybook.finder.index`), and build
the controls and results from it. Facet values, questions and rules all come from the export;
no copy of the data or the rules is kept anywhere else.

The export writes its JSON with sorted keys, so its vocabularies and its ``facts`` table lose
the order declared in :mod:`policybook.model.vocab`. The mount point therefore carries that order
(ids only, never labels) in ``data-pb-vocab-order`` and ``data-pb-fact-order``. The scripts
prefer ``vocabulary_order``/``fact_order`` fields in the data when it has them.
"""

from __future__ import annotations


def setup(app):
    from .pages import (
        EligibilityCheckDirective,
        ProgramFinderDirective,
        _skip_wrapper,
        add_assets,
        depart_root_html,
        finder_root,
        visit_root_html,
    )

    app.add_node(finder_root, html=(visit_root_html, depart_root_html),
                 latex=(_skip_wrapper, _skip_wrapper), text=(_skip_wrapper, _skip_wrapper),
                 man=(_skip_wrapper, _skip_wrapper), texinfo=(_skip_wrapper, _skip_wrapper))
    app.add_directive("program-finder", ProgramFinderDirective)
    app.add_directive("eligibility-check", EligibilityCheckDirective)
    app.connect("html-page-context", add_assets)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
