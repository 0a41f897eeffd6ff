"""Write the shared data export (``data/programs.json``, ``data/policies.json``) after a build.

Runs once per build from the domain's plain data, so incremental builds export complete data
too. Readers: the calendar and the open-data page; the finder and self-check pages read
``data/finder.json``, cut from the same records (finderindex.py) so that a phone need not
download the full export.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..finder.index import finder_document
from ..model.vocab import CATEGORIES
from ..state import state
from .deferred import owed, skip_in_preview
from .export import dumps, policies_document, programs_document
from .feeds import atom, entries
from .opendata_schemas import finder_schema, policies_schema, programs_schema
from .sitemap import sitemap


def url_maker(builder):
    def url_for(docname: str, anchor: str | None) -> str:
        uri = builder.get_target_uri(docname)
        return f"{uri}#{anchor}" if anchor else uri
    return url_for


def site_info(app) -> dict:
    return {"title": app.config.html_title or app.config.project, "language": app.config.language}


def up_to_date(app, marker: Path) -> bool:
    """True when this build wrote no page and ``marker`` (an earlier build's output) exists.

    Every change to programs, policies, the build date or the configuration re-writes at least
    one page, so a build that wrote none leaves the site-wide files as they are.
    """
    return not state(app).wrote_pages and marker.exists() and not owed(app)


def write_if_changed(path: Path, text: str) -> None:
    """Leave an unchanged file alone, so a no-change rebuild writes nothing new."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_file() and path.read_text("utf-8") == text:
        return
    path.write_text(text, "utf-8")


#: What export_data writes under ``data/``; a build that wrote no page redoes them only if one is missing.
EXPORTS = ("programs.json", "policies.json", "finder.json")


def export_data(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir) / "data"
    if all(up_to_date(app, out / name) for name in EXPORTS):
        return
    if skip_in_preview(app, *(out / name for name in EXPORTS)):
        return
    domain = app.env.domains["policybook"]
    url_for = url_maker(app.builder)
    today = state(app).today
    programs = programs_document(domain.programs, domain.policies, domain.clauses, url_for, today, site_info(app))
    policies = policies_document(domain.programs, domain.policies, domain.clauses, url_for, site_info(app), today)
    write_if_changed(out / "programs.json", dumps(programs))
    write_if_changed(out / "policies.json", dumps(policies))
    write_if_changed(out / "finder.json", dumps(finder_document(programs)))


# --- feeds, robots.txt, open-data schemas (after the build) -------------------------------------

def write_feeds(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    if up_to_date(app, Path(app.outdir) / "feeds" / "all.atom"):
        return
    if skip_in_preview(app, Path(app.outdir) / "feeds" / "all.atom"):
        return
    domain = app.env.domains["policybook"]
    base = app.config.html_baseurl
    url_for = url_maker(app.builder)
    out = Path(app.outdir) / "feeds"
    title = app.config.html_title or app.config.project
    author = app.config.author or title
    all_entries = entries(domain.programs, domain.policies, base, url_for)
    write_if_changed(out / "all.atom", atom(all_entries, title=f"{title}: 事项与政策更新",
                                            feed_url=f"{base}feeds/all.atom", site_url=base,
                                            author=author).decode("utf-8"))
    for category in CATEGORIES.ids:
        chosen = entries(domain.programs, {}, base, url_for, category=category)
        write_if_changed(out / f"{category}.atom",
                         atom(chosen, title=f"{title}: {CATEGORIES.label(category)}",
                              feed_url=f"{base}feeds/{category}.atom", site_url=base,
                              author=author).decode("utf-8"))


def write_robots_and_schemas(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    base = app.config.html_baseurl
    write_if_changed(out / "robots.txt", f"User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n")
    write_if_changed(out / "sitemap.xml", sitemap(app))
    for name, schema in (("programs", programs_schema()), ("policies", policies_schema()),
                         ("finder", finder_schema())):
        write_if_changed(out / "data" / f"{name}.schema.json",
                         json.dumps(schema, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
