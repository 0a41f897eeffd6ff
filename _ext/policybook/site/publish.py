"""Write the shared data export (``data/programs.json``, ``data/policies.json``) after a build.

Runs once per build from the domain's plain data, so incremental builds export complete data
too. Readers: the calendar and the open-data page; the finder and self-check pages read
``data/finder.json``, cut from the same records (finderindex.py) so that a phone need not
download the full export.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..finder.calendars import selfcheck_calendars
from ..finder.first import first_document, first_script
from ..finder.index import finder_document
from ..finder.selfcheck import selfcheck_document
from ..finder.selfcheck_first import first_document as selfcheck_first
from ..finder.selfcheck_first import first_script as selfcheck_first_script
from ..finder.selfcheck_split import core_document as selfcheck_core
from ..finder.selfcheck_split import ics_document as selfcheck_ics
from ..finder.selfcheck_split import more_document as selfcheck_more
from ..finder.split import core_document, text_document
from ..state import state
from .changes import record_keys, snapshot, update_history
from .deferred import owed, skip_in_preview
from .export import dumps, policies_document
from .export_writer import programs_export
from .feed_pass import AtomCache, notes_by_feed
from .feeds import detected_entries, feed_list, feed_path, newest_first
from .opendata_schemas import finder_schema, policies_schema, programs_schema
from .sitemap import sitemap


def publicity_feed_entries(*args):
    from ..publicity.export import feed_entries  # a new publicity list is news

    return feed_entries(*args)


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
    """Leave an unchanged file alone, so a no-change rebuild writes nothing new. Compared as
    bytes, and only when the sizes agree (``programs.json`` is 11 MB at 2,000 programs)."""
    data = text.encode("utf-8")
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return
    except OSError:
        pass  # not there yet
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


#: What export_data writes under ``data/``; a build that wrote no page redoes them only if one is missing.
EXPORTS = ("programs.json", "policies.json", "finder.json", "selfcheck.json", "finder-core.json", "finder-text.json",
           "selfcheck-core.json", "selfcheck-more.json", "finder-first.json", "selfcheck-ics.json",
           "finder-first.js", "selfcheck-first.json", "selfcheck-first.js")


def export_documents(app) -> tuple[dict, dict]:
    """This build's ``programs.json`` and ``policies.json`` documents."""
    domain = app.env.domains["policybook"]
    url_for = url_maker(app.builder)
    today = state(app).today
    build = state(app)
    programs, build.programs_text, build.record_keys = programs_export(
        domain.programs, domain.policies, domain.clauses, url_for, today, site_info(app), app.doctreedir)
    return (programs,
            policies_document(domain.programs, domain.policies, domain.clauses, url_for, site_info(app), today))


def export_data(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir) / "data"
    if all(up_to_date(app, out / name) for name in EXPORTS):
        return
    if skip_in_preview(app, *(out / name for name in EXPORTS)):
        return
    programs, policies = state(app).exports = export_documents(app)
    write_if_changed(out / "programs.json", state(app).programs_text)
    write_if_changed(out / "policies.json", dumps(policies))
    finder = finder_document(programs)
    write_if_changed(out / "finder.json", dumps(finder))
    core = core_document(finder)
    write_if_changed(out / "finder-core.json", dumps(core))  # the finder's first results
    first = dumps(first_document(core))
    write_if_changed(out / "finder-first.json", first)  # its first page, precomputed
    write_if_changed(out / "finder-first.js", first_script(first))  # the same, run by the finder page
    write_if_changed(out / "finder-text.json", dumps(text_document(finder)))
    selfcheck = selfcheck_document(programs, selfcheck_calendars(app))
    write_if_changed(out / "selfcheck.json", dumps(selfcheck))
    # 政策匹配's first results, then its checklist and calendar (finder/selfcheck_split.py)
    check_core = selfcheck_core(finder, selfcheck)
    write_if_changed(out / "selfcheck-core.json", dumps(check_core))
    # ... and its first view with nothing answered, precomputed (finder/selfcheck_first.py)
    check_first = dumps(selfcheck_first(finder, check_core))
    write_if_changed(out / "selfcheck-first.json", check_first)
    write_if_changed(out / "selfcheck-first.js", selfcheck_first_script(check_first))  # the same, run by the page
    write_if_changed(out / "selfcheck-more.json", dumps(selfcheck_more(selfcheck)))
    write_if_changed(out / "selfcheck-ics.json", dumps(selfcheck_ics(selfcheck)))  # only for 下载申报日历


# --- feeds, robots.txt, open-data schemas (after the build) -------------------------------------

HISTORY_FILE = "policybook-feed-history.json"  # beside the doctrees: kept by the atomic publish


def record_changes(app, documents: tuple[dict, dict]) -> dict:
    """Compare this build's export with the last one (the history record); keep what changed."""
    path = Path(app.doctreedir) / HISTORY_FILE
    try:
        history = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        history = None
    domain = app.env.domains["policybook"]
    broken = frozenset(entry.get("id", key) for table in (domain.programs, domain.policies)
                       for key, entry in table.items() if entry.get("broken"))
    keys = state(app).record_keys
    records = record_keys(documents[0], keys) if keys is not None else None
    updated = update_history(history, snapshot(*documents, records, history), state(app).today, broken, records)
    text = json.dumps(updated, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    write_if_changed(path, text)
    return updated


def write_feeds(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    if all(up_to_date(app, Path(app.outdir) / feed_path(facet, value)) for facet, value, _ in feed_list()):
        return
    if skip_in_preview(app, Path(app.outdir) / "feeds" / "all.atom"):
        return
    domain = app.env.domains["policybook"]
    base = app.config.html_baseurl
    url_for = url_maker(app.builder)
    out = Path(app.outdir)
    title = app.config.html_title or app.config.project
    author = app.config.author or title
    history = record_changes(app, state(app).exports or export_documents(app))["entries"]
    link_for = lambda change: change["url"]  # noqa: E731
    by_feed = notes_by_feed(domain.programs, domain.policies, base, url_for,
                            interpretations=domain.data.get("interpretations"))
    kept = AtomCache(Path(app.doctreedir))
    for facet, value, label in feed_list():
        notes = by_feed[(facet, value)]
        notes += publicity_feed_entries(domain.data.get("publicity", {}), domain.programs, base, url_for, facet, value)
        found = detected_entries(history, base, link_for, facet=facet, value=value)
        heading = f"{title}：事项与政策更新" if facet is None else f"{title}：{label}"
        path = feed_path(facet, value)
        write_if_changed(out / path, kept.atom(newest_first(found, notes), title=heading, feed_url=f"{base}{path}",
                                               site_url=base, author=author))
    kept.save()


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
