"""Write the shared data export (``data/programs.json``, ``data/policies.json``) after a build.

Runs once per build from the domain's plain data, so incremental builds export complete data
too. Readers: the finder and self-check pages, the calendar and the open-data page.
"""

from __future__ import annotations

from pathlib import Path

from .export import dumps, policies_document, programs_document
from .status import reference_date


def url_maker(builder):
    def url_for(docname: str, anchor: str | None) -> str:
        uri = builder.get_target_uri(docname)
        return f"{uri}#{anchor}" if anchor else uri
    return url_for


def site_info(app) -> dict:
    return {"title": app.config.html_title or app.config.project, "language": app.config.language}


def write_if_changed(path: Path, text: str) -> None:
    """Leave an unchanged file alone, so a no-change rebuild writes nothing new."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_file() and path.read_text("utf-8") == text:
        return
    path.write_text(text, "utf-8")


def export_data(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    domain = app.env.domains["policybook"]
    url_for = url_maker(app.builder)
    today = reference_date(app.config.policybook_reference_date)
    out = Path(app.outdir) / "data"
    programs = programs_document(domain.programs, domain.policies, domain.clauses, url_for, today, site_info(app))
    policies = policies_document(domain.programs, domain.policies, domain.clauses, url_for, site_info(app))
    write_if_changed(out / "programs.json", dumps(programs))
    write_if_changed(out / "policies.json", dumps(policies))
