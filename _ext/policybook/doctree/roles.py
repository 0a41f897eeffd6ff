"""``{site-file}`path``` links a file the build writes next to the pages (data, feeds, calendars).

Such files are not Sphinx documents, so ordinary links cannot find them; this role writes a
link relative to the current page, which keeps working from a sub-path and from ``file://``.
Usage: ``{site-file}`data/programs.json``` or ``{site-file}`所有事项 <data/programs.json>```.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.util.docutils import SphinxRole

_EXPLICIT = re.compile(r"^(.+?)\s*<([^<>]+)>$")


class SiteFileRole(SphinxRole):
    def run(self):
        match = _EXPLICIT.match(self.text)
        title, target = (match.group(1), match.group(2)) if match else (self.text, self.text)
        target = target.strip().lstrip("/")
        if ".." in target.split("/") or re.match(r"^[a-z][a-z0-9+.-]*:", target):
            msg = self.inliner.reporter.warning(f"site-file 只能链接网站内的文件: {target}", line=self.lineno)
            return [nodes.Text(title)], [msg]
        depth = self.env.docname.count("/")
        node = nodes.reference(self.rawtext, "", nodes.literal(title, title) if not match else nodes.Text(title),
                               refuri="../" * depth + target, classes=["pb-site-file"])
        return [node], []
