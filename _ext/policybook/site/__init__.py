"""Site-wide outputs, written once per build after the pages: open data, feeds, sitemap.

Records and serialisers are pure (``export``, ``feeds``, ``jsonld``, ``opendata_schemas``);
``publish`` is the Sphinx glue that writes them, and ``deferred`` what a preview leaves owed.
"""

from __future__ import annotations


def setup(app) -> None:
    from . import subscribe, withdrawn
    from .deferred import settle
    from .publish import export_data, write_feeds, write_robots_and_schemas

    withdrawn.setup(app)
    subscribe.setup(app)  # 订阅更新: visible links to the feeds and calendars

    app.connect("build-finished", export_data)
    app.connect("build-finished", write_feeds)
    app.connect("build-finished", write_robots_and_schemas)
    app.connect("build-finished", settle, priority=990)  # after Pagefind (900)
