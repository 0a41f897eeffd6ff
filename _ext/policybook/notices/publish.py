"""Sphinx glue: write ``data/notices.json``, its schema and ``feeds/notices.atom`` after the build.

Unchanged files are left alone (a no-change rebuild writes nothing); a preview defers them.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..site.deferred import skip_in_preview
from ..site.export import dumps
from ..site.feeds import atom
from ..site.publish import site_info, url_maker, write_if_changed
from ..state import state
from .export import FEED_PATH, feed_entries, notices_document, notices_schema


def write_notice_files(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    if skip_in_preview(app, out / "data" / "notices.json", out / FEED_PATH):
        return
    notices = app.env.domains["policybook"].data.get("notices", {})
    url_for = url_maker(app.builder)
    write_if_changed(out / "data" / "notices.json",
                     dumps(notices_document(notices, url_for, site_info(app), state(app).today)))
    write_if_changed(out / "data" / "notices.schema.json",
                     json.dumps(notices_schema(), ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    base = app.config.html_baseurl
    title = app.config.html_title or app.config.project
    write_if_changed(out / FEED_PATH, atom(feed_entries(notices, base, url_for), title=f"{title}: 通知公告",
                                           feed_url=f"{base}{FEED_PATH}", site_url=base,
                                           author=app.config.author or title).decode("utf-8"))
