"""Placeholders of the 政策解读 views, resolved at write time (like :mod:`policybook.doctree.nodes`).

Each names only ids; what they show (a policy's title and standing, the interpretations of a
policy) is looked up in the domain when the page is written, so it is never stale.
"""

from __future__ import annotations

from docutils import nodes


class interpretation_source(nodes.General, nodes.Element):  # noqa: N801
    """On a 解读 page: the box 解读的文件 《title》 文号, its standing and the 原文 link
    (attribute ``policy``)."""


class interpretation_clause(nodes.General, nodes.Element):  # noqa: N801
    """On a 解读 page, under a clause section's heading: the link to that clause in the original
    (attributes ``policy``, ``clause``)."""


class policy_interpretations(nodes.General, nodes.Element):  # noqa: N801
    """On a policy page: 相关解读, and a 解读 link beside each clause explained (attribute ``policy``)."""


class interpretation_list(nodes.General, nodes.Element):  # noqa: N801
    """The 政策解读 list, newest first."""


PLACEHOLDERS = (interpretation_source, interpretation_clause, policy_interpretations, interpretation_list)
