"""Dropdowns draw their chevron from the stylesheet, not from an SVG in every one of them.

sphinx-design's ``DropdownHtmlTransform`` writes the octicon's SVG (about 330 bytes) into each
dropdown's summary: a program page with four FAQs carried it four times, 1.7 KB of the 40 KB
a page may weigh (issue 22). Here the SVG is taken out again after that transform; the marker
element and its classes stay, so sphinx-design's rotation on opening still applies, and
``policybook.css`` draws the same chevron on the marker (``::before``, a mask of the same path).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

MARKER = "sd-summary-state-marker"


class DropdownMarkerWithoutSvg(SphinxPostTransform):
    default_priority = 200  # after sphinx-design's DropdownHtmlTransform (199)
    formats = ("html",)

    def run(self, **kwargs) -> None:
        for marker in self.document.findall(nodes.inline):
            if MARKER in marker["classes"]:
                marker.children = [child for child in marker.children if not isinstance(child, nodes.raw)]


def setup(app) -> None:
    app.add_post_transform(DropdownMarkerWithoutSvg)
