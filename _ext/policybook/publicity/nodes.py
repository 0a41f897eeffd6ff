"""Placeholders of publicity data, filled in when pages are written (as :mod:`..doctree.nodes`)."""

from __future__ import annotations

from docutils import nodes


class publicity_status(nodes.Inline, nodes.Element):  # noqa: N801
    """A publicity list's 公示中 / 公示结束 badge (attribute ``publicity``): follows the date."""


class program_results(nodes.General, nodes.Element):  # noqa: N801
    """On a program page: its past results (往年立项 / 获奖名单), per round (attribute ``program``)."""


class publicity_list(nodes.General, nodes.Element):  # noqa: N801
    """Every publicity list, newest first, paged (``{publicity-list}``)."""


class annual_data(nodes.General, nodes.Element):  # noqa: N801
    """Charts and tables of what the publicity lists hold (``{annual-data}``)."""


PLACEHOLDERS = (publicity_status, program_results, publicity_list, annual_data)

#: What pages showing every publicity list with its status note in the domain's ``shows``
#: (公示公告: follows the build date too; see .incremental)
ALL = "publicity:*"
#: What the 年度数据 page notes: the numbers of every list, and the names of their programs
DATA = "publicity:data"


def results_key(program_id: str) -> str:
    """What a program page notes it shows: the results of that program."""
    return f"publicity-results:{program_id}"
