"""``{site-file}`path``` links a file the build writes next to the pages (data, feeds, calendars).

Such files are not Sphinx documents, so ordinary links cannot find them; this role writes a
link relative to the current page, which keeps working from a sub-path and from ``file://``.
Usage: ``{site-file}`data/programs.json``` or ``{site-file}`所有事项 <data/programs.json>```.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.util.docutils import SphinxRole

from ..validate.files import site_file_target_ok

_EXPLICIT = re.compile(r"^(.+?)\s*<([^<>]+)>$")


class SiteFileRole(SphinxRole):
    def run(self):
        match = _EXPLICIT.match(self.text)
        title, target = (match.group(1), match.group(2)) if match else (self.text, self.text)
        if not site_file_target_ok(target):
            return [nodes.Text(title)], []  # reported by the validator (validate.files)
        target = target.strip().lstrip("/")
        depth = self.env.docname.count("/")
        node = nodes.reference(self.rawtext, "", nodes.literal(title, title) if not match else nodes.Text(title),
                               refuri="../" * depth + target, classes=["pb-site-file"])
        return [node], []
