"""Field names end in a full-width colon: 受理时间： not 受理时间: (公文 style on every public page).

docutils' HTML writer closes each field name with ``<span class="colon">:</span>``; the pages'
field lists (申报时间, 咨询方式 …) are all Chinese, so the colon it adds is written ``：``. The
span and its class stay, so styles that hide it (the policy info table) still apply.
"""

from __future__ import annotations

from docutils import nodes


def _visit(self, node) -> None:
    type(self).visit_field_name(self, node)


def _depart(self, node) -> None:
    self.body.append('<span class="colon">：</span></dt>\n')


def setup(app) -> None:
    app.add_node(nodes.field_name, override=True, html=(_visit, _depart))
