"""通知公告 (notices): pages, lists, the program page's 相关通知 and the window a notice opens.

Read side (:mod:`.page`): a notice page's metadata block, its attachments, related programs and
the 申报时间 box of each window it opens; ``{notice-list}`` (:mod:`.directive`). Write side
(:mod:`.resolve`): placeholders filled from the domain's ``notices`` table and the build date.
The format is :mod:`policybook.model.notice_schema`; the window rule :mod:`policybook.model.notices`.
"""

from __future__ import annotations


def setup(app) -> dict:
    from . import incremental, nodes, publish, resolve
    from .directive import NoticeListDirective

    for node_class in nodes.PLACEHOLDERS:
        app.add_node(node_class)
    app.add_directive("notice-list", NoticeListDirective)
    app.connect("doctree-resolved", resolve.resolve_notices, priority=400)
    app.connect("env-get-updated", incremental.pages_to_rewrite, priority=600)
    app.connect("build-finished", publish.write_notice_files)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
