"""What every page carries besides its body: head tags, feeds, JSON-LD and edit links.

* ``page_head``: description, OpenGraph description, feed links and, on program pages,
  schema.org JSON-LD (before sphinxext-opengraph runs, so it uses our summary).
* ``page_links``: 编辑此页 / 查看源文件 pointing at the file staff edit (the theme's own buttons
  are English and hidden in a menu).
* ``page_dates``: which single date the page shows (the reviewed date, else the Git date).
"""

from __future__ import annotations

import html
from pathlib import Path

from ..config import checked
from ..site.export import dumps_for_script, plain_text
from ..site.jsonld import government_service

TEMPLATES = Path(__file__).parent.parent / "templates" / "html"


def add_templates(app, config) -> None:
    if str(TEMPLATES) not in [str(p) for p in config.templates_path]:
        # a new list: the default one is shared by every Sphinx app in the process
        config.templates_path = [*config.templates_path, str(TEMPLATES)]


def page_links(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    base = checked(app.config).repository_url.rstrip("/")
    if not base or doctree is None or pagename not in app.env.all_docs:
        return
    source = app.env.doc2path(pagename).relative_to(app.env.srcdir).as_posix()
    branch = checked(app.config).repository_branch
    context["pb_edit_url"] = f"{base}/edit/{branch}/{source}"
    context["pb_source_url"] = f"{base}/blob/{branch}/{source}"


def page_dates(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """One date per page for readers: a program page shows its 本页内容最后核对于 (the staff's
    ``reviewed`` date, in its 更新记录), so the footer leaves out the Git date of the source file;
    other pages show the Git date as 更新于 (``policybook-page-meta.html``)."""
    domain = app.env.domains["policybook"]
    reviewed = next((e.get("reviewed") for kind, _key, e in domain.entries_of(pagename)
                     if kind == "program" and not e.get("broken") and e.get("reviewed")), None)
    context["pb_reviewed"] = reviewed.isoformat() if hasattr(reviewed, "isoformat") else reviewed


def page_head(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Runs before sphinxext-opengraph (priority), so its description uses our summary."""
    domain = app.env.domains["policybook"]
    tags = []
    title = app.config.html_title or app.config.project
    tags.append(f'<link rel="alternate" type="application/atom+xml" title="{html.escape(title)}: 更新" '
                f'href="{html.escape(context["pathto"]("feeds/all.atom", 1))}">')
    entry = next((e for kind, _key, e in domain.entries_of(pagename) if not e.get("broken")), None)
    if entry is not None:
        summary = entry.get("summary") or " ".join(filter(None, [entry.get("doc_number"), entry.get("issuer")]))
        description = plain_text(summary, domain.programs, domain.policies).replace("\n", " ")[:200]
        context.setdefault("meta", {})
        if context["meta"] is None:
            context["meta"] = {}
        context["meta"]["og:description"] = description
        tags.append(f'<meta name="description" content="{html.escape(description)}">')
        if "category" in entry and "window" in entry:  # a program
            from ..model.vocab import CATEGORIES

            category = entry["category"]
            tags.append(f'<link rel="alternate" type="application/atom+xml" '
                        f'title="{html.escape(CATEGORIES.label(category))}: 更新" '
                        f'href="{html.escape(context["pathto"](f"feeds/{category}.atom", 1))}">')
            url = app.config.html_baseurl + app.builder.get_target_uri(pagename)
            service = government_service(entry, url=url, area=checked(app.config).area, description=description)
            tags.append(f'<script type="application/ld+json">{dumps_for_script(service)}</script>')
    context["metatags"] = context.get("metatags", "") + "\n".join(tags) + "\n"


