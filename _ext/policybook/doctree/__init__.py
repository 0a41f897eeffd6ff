"""Sphinx glue, read side: each source file becomes a doctree.

The program parser, the ``policybook`` domain (programs, policies, clauses and the roles that
link them), the list directives, and the placeholders that are filled in when pages are written.
"""

from __future__ import annotations

import os
from pathlib import Path

STATIC = Path(__file__).parent.parent / "static"


def _add_static(app, config) -> None:
    if str(STATIC) not in [str(p) for p in config.html_static_path]:
        config.html_static_path.append(str(STATIC))


def _paths_relative_to_conf(app, config) -> None:
    """Template and static folders as paths relative to conf.py, whoever added them: Sphinx hashes
    these values into .buildinfo, so absolute ones made two builds of one commit in two folders
    differ. (Last of the config-inited handlers; Sphinx reads them relative to conf.py.)"""
    for name in ("templates_path", "html_static_path"):
        values = getattr(config, name, None)
        if isinstance(values, list):
            setattr(config, name, [os.path.relpath(value, app.confdir) if os.path.isabs(str(value)) else value
                                   for value in values])


def setup(app) -> None:
    from . import documents, files, incremental, reader_local, validation, vanished
    from .directives import PolicyListDirective, ProgramListDirective
    from .domain import PolicybookDomain
    from .nodes import PLACEHOLDERS
    from .parser import ProgramParser
    from .reference import FieldReference, ProblemReference, SettingsReference
    from .roles import SiteFileRole

    app.add_domain(PolicybookDomain)
    for name in ("program", "policy"):
        # Replaces Sphinx's generic ``:program:`` role (literal text for command names).
        app.add_role(name, PolicybookDomain.roles[name].__class__(), override=True)
    app.add_source_suffix(".yaml", "policybook-program")
    app.add_source_suffix(".yml", "policybook-program")
    app.add_source_parser(ProgramParser)
    app.add_directive("program-list", ProgramListDirective)
    app.add_directive("policy-list", PolicyListDirective)
    app.add_directive("policybook-fields", FieldReference)
    app.add_directive("policybook-problems", ProblemReference)
    app.add_directive("policybook-settings", SettingsReference)
    app.add_role("site-file", SiteFileRole())
    app.add_role("notice", PolicybookDomain.roles["notice"].__class__())
    # file-reading directives check the file first (the build reads only content files)
    app.add_directive("include", files.CheckedInclude, override=True)
    app.add_directive("literalinclude", files.CheckedLiteralInclude, override=True)
    app.add_directive("csv-table", files.CheckedCSVTable, override=True)
    app.connect("config-inited", files.use_guarded_parser)
    app.connect("include-read", files.guard_include_read)
    app.connect("doctree-read", files.drop_outside_files, priority=100)
    for node_class in PLACEHOLDERS:
        app.add_node(node_class)
    app.connect("config-inited", _add_static)
    app.connect("config-inited", _paths_relative_to_conf, priority=999)
    app.connect("builder-inited", validation.install_filter)
    app.connect("builder-inited", vanished.guard_reading)
    app.connect("html-page-context", vanished.no_copy_of_a_vanished_source)
    app.connect("env-before-read-docs", validation.check_readable, priority=400)
    app.connect("source-read", validation.scan_source)
    app.connect("doctree-read", documents.after_read)
    app.connect("env-updated", validation.report_all, priority=100)
    app.connect("html-collect-pages", validation.error_pages)
    app.connect("env-purge-doc", incremental.remember_before_purge)
    app.connect("env-before-read-docs", incremental.remember_read)
    app.connect("env-before-read-docs", reader_local.before_read, priority=900)  # last, just before the fork
    app.connect("env-get-updated", incremental.pages_to_rewrite)
