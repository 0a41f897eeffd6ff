""""编辑此页" and "查看源文件" links on every page, pointing at the file staff edit.

The theme's own buttons are English and hidden in a menu; bureau staff need them in plain
sight, in Chinese, for YAML program files as much as for Markdown pages.
"""

from __future__ import annotations

from pathlib import Path

TEMPLATES = Path(__file__).parent / "templates" / "html"


def add_templates(app, config) -> None:
    if str(TEMPLATES) not in [str(p) for p in config.templates_path]:
        # a new list: the default one is shared by every Sphinx app in the process
        config.templates_path = [*config.templates_path, str(TEMPLATES)]


def page_links(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    base = app.config.policybook_repository_url.rstrip("/")
    if not base or doctree is None or pagename not in app.env.all_docs:
        return
    source = app.env.doc2path(pagename).relative_to(app.env.srcdir).as_posix()
    branch = app.config.policybook_repository_branch
    context["pb_edit_url"] = f"{base}/edit/{branch}/{source}"
    context["pb_source_url"] = f"{base}/blob/{branch}/{source}"
