"""Placeholder nodes for views that depend on other documents or on the build date.

They are stored in pickled doctrees as plain attributes and replaced at write time
(``doctree-resolved``), when every document has been read; so lists, backlinks and statuses
are never stale, and no node ever lives in the environment.
"""

from __future__ import annotations

from docutils import nodes


class program_list(nodes.General, nodes.Element):  # noqa: N801
    """A filtered, sorted list of programs (attributes: the filter, see :mod:`lists`)."""


class policy_list(nodes.General, nodes.Element):  # noqa: N801
    """A list of policy documents, optionally filtered by level or validity."""


class policy_backlinks(nodes.General, nodes.Element):  # noqa: N801
    """On a policy page: every program that cites the policy (attribute ``policy``)."""


class window_status(nodes.Inline, nodes.Element):  # noqa: N801
    """A program's application status badge as of the build date (attribute ``program``)."""


class build_date(nodes.Inline, nodes.Element):  # noqa: N801
    """The reference date statuses were computed for."""


class policy_standing(nodes.Inline, nodes.Element):  # noqa: N801
    """On a policy page: its standing on the build date (现行有效, 已废止 …) as a badge,
    attribute ``policy``. Written with the page: it follows the dates, not the file."""


class policy_notice(nodes.General, nodes.Element):  # noqa: N801
    """On a policy page that is not in force on the build date: since when, and where the
    rules are now (attribute ``policy``)."""


PLACEHOLDERS = (program_list, policy_list, policy_backlinks, window_status, build_date, policy_standing,
                policy_notice)
