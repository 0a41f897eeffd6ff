"""``policybook check``: every problem the build would report, in seconds, without building.

It reads the site's configuration the way ``sphinx-build`` does (Sphinx loads ``conf.py`` and
the extensions, so the content folders, role and directive names are the build's), finds the
same documents, and runs the same validator (:mod:`policybook.validate`) over them.
"""

from __future__ import annotations

import io
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..config import PREFIX, from_values
from ..model.problems import Problem


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    programs: int = 0
    policies: int = 0
    notices: int = 0
    markdown: int = 0
    reports: list = field(default_factory=list)  # one validate.files.FileReport per document


def check(root: Path, overrides: dict[str, bytes] | None = None) -> Report:
    """Check the project in ``root`` (the folder holding ``conf.py``); ``overrides`` maps
    project-relative paths to the content to check instead of the file's (an unwritten edit)."""
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    from ..doctree.validation import documents_of, excluded, known_names, myst_extensions
    from ..validate.disk import check_documents
    from ..validate.search_terms import check_search_terms
    from ..validate.strays import content_files

    root = Path(root).resolve()
    with tempfile.TemporaryDirectory(prefix="policybook-check-") as scratch, \
            patch_docutils(root), docutils_namespace():
        app = Sphinx(root, root, Path(scratch) / "out", Path(scratch) / "doctrees", "dummy",
                     status=None, warning=io.StringIO(), freshenv=True)
        if not app.env.found_docs:  # Sphinx found them when it set up the environment
            app.env.find_files(app.config, app.builder)
        documents = documents_of(app)
        raw = getattr(app.config, "_raw_config", {})
        conf_text = (root / "conf.py").read_text("utf-8") if (root / "conf.py").is_file() else ""
        settings, config_problems = from_values({k: v for k, v in raw.items() if k.startswith(PREFIX)},
                                                conf_text, "conf.py", raw)
        reports, problems = check_documents(root, documents, settings, extensions=myst_extensions(app.config),
                                            names=known_names(app), root_doc=app.config.root_doc,
                                            suffixes=tuple(app.config.source_suffix),
                                            listing=content_files(root, documents.values(), excluded(app)),
                                            overrides=overrides)
        problems += check_search_terms(root, settings.search_terms, reports, overrides)
    report = Report(sorted(config_problems + problems, key=lambda p: (p.file, p.line, p.column, p.code, p.message)))
    report.programs = sum(r.kind == "program" for r in reports)
    report.policies = sum(r.kind == "policy" for r in reports)
    report.notices = sum(r.kind == "notice" for r in reports)
    report.markdown = sum(r.kind != "program" for r in reports)
    report.reports = reports
    return report
