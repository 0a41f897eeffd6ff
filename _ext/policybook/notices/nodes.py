"""Placeholders of notice views, filled at write time (:mod:`.resolve`)."""

from __future__ import annotations

from docutils import nodes


class notice_list(nodes.General, nodes.Element):  # noqa: N801
    """Notices, newest first (attributes: ``limit``, ``per_page``, ``more``)."""


class notice_opening_status(nodes.Inline, nodes.Element):  # noqa: N801
    """A notice window's live status badge (attributes ``opens``, ``closes`` as ISO dates)."""


class program_notices(nodes.General, nodes.Element):  # noqa: N801
    """On a program page: the 相关通知 section, or nothing (attribute ``program``)."""


class program_window_text(nodes.Inline, nodes.Element):  # noqa: N801
    """On a program page: the window as written in its YAML (children), replaced by the
    notice's window when a notice opened the program's current round (attribute ``program``)."""


class program_expected(nodes.General, nodes.Element):  # noqa: N801
    """On a program page: its written ``expected`` next round (children), dropped when a notice
    announced that round (:func:`policybook.model.notices.combined`) (attribute ``program``)."""


PLACEHOLDERS = (notice_list, notice_opening_status, program_notices, program_window_text, program_expected)
