"""政策解读 (policy interpretations): pages that explain a policy, linked both ways with it.

Format and loader: :mod:`policybook.model.interpretation`; validation:
:mod:`policybook.validate.interpretations`. Here the Sphinx side: read-time placeholders
(:mod:`.page`), their resolution (:mod:`.resolve`) and exact incremental re-writes
(:mod:`.incremental`).
"""

from __future__ import annotations


def setup(app) -> dict:
    from . import incremental, page, publish, resolve
    from .nodes import PLACEHOLDERS

    for node_class in PLACEHOLDERS:
        app.add_node(node_class)
    app.add_directive("interpretation-list", page.InterpretationListDirective)
    app.connect("doctree-read", page.after_read, priority=600)
    app.connect("doctree-resolved", resolve.resolve)
    app.connect("env-get-updated", incremental.pages_to_rewrite)
    app.connect("build-finished", publish.export_interpretations)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
