"""Policybook: a Sphinx extension that publishes a science and technology bureau's programs.

``setup`` only wires things together; each concern lives in its own module.
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path

from docutils import nodes

__version__ = "0.1.0"

STATIC = Path(__file__).parent / "static"


def _lenient_utf8(name: str):
    """A codec that never raises while Sphinx reads a file, so a GBK file becomes a located
    policybook warning (raised by our loaders, which read the bytes) instead of a traceback."""
    if name != "policybook_utf8":
        return None
    base = codecs.lookup("utf-8-sig")

    def decode(data, errors="strict"):
        return base.decode(data, "replace")

    class LenientDecoder(base.incrementaldecoder):  # type: ignore[name-defined, misc]
        def __init__(self, errors: str = "strict") -> None:
            super().__init__("replace")

    return codecs.CodecInfo(base.encode, decode, name="policybook-utf8",
                            incrementalencoder=base.incrementalencoder,
                            incrementaldecoder=LenientDecoder,
                            streamreader=base.streamreader, streamwriter=base.streamwriter)


codecs.register(_lenient_utf8)


def _config_inited(app, config) -> None:
    config.source_encoding = "policybook_utf8"
    if str(STATIC) not in [str(p) for p in config.html_static_path]:
        config.html_static_path.append(str(STATIC))


def _doctree_read(app, doctree: nodes.document) -> None:
    from .markup import neutralise_raw, neutralise_unsafe
    from .policy_page import is_policy_doc, process_policy

    # Policy texts and guides are pasted from Word and web pages too: raw HTML shows as text,
    # and links to other schemes (javascript:, ftp:, …) become their text, with a warning.
    neutralise_raw(doctree)
    neutralise_unsafe(doctree, app.env, "", 1)

    env = app.env
    docname = env.docname
    programs_dir = app.config.policybook_programs_dir.rstrip("/") + "/"
    if is_policy_doc(env, docname):
        process_policy(app, doctree)
    if docname.startswith(programs_dir) or is_policy_doc(env, docname):
        # Reached through lists and category pages, not the sidebar tree (keeps navigation flat).
        env.metadata[docname]["orphan"] = True
    from sphinx import addnodes

    shown = {f"{node['reftype']}:{node['reftarget'].split('#')[0].split()[0]}"
             for node in doctree.findall(addnodes.pending_xref)
             if node.get("refdomain") == "policybook" and node["reftype"] in ("program", "policy")}
    if shown:
        env.domains["policybook"].note_shows(docname, shown)


def _check_consistency(app, env) -> None:
    """Warn where an active program cites a repealed or expired policy (same text as the checker)."""
    from sphinx.util import logging

    from . import messages

    logger = logging.getLogger(__name__)
    domain = env.domains["policybook"]
    for program in domain.programs.values():
        if program.get("broken") or program.get("archived"):
            continue
        refs = [(f"basis[{i}]", ref) for i, ref in enumerate(program["basis"])]
        refs += [(f"eligibility.rules[{i}].clause", rule["clause"])
                 for i, rule in enumerate(program["eligibility"]["rules"])]
        for path, ref in refs:
            policy = domain.policies.get(ref["policy"])
            if policy is None or policy.get("broken") or policy["validity"] not in ("repealed", "expired"):
                continue
            message, gloss, hint = messages.cites_inactive_policy(policy)
            source = env.doc2path(program["docname"]).relative_to(env.srcdir).as_posix()
            logger.warning("%s: %s (%s) 提示: %s", path, message, gloss, hint,
                           location=f"{source}:{program['_cite_lines'].get(path, 1)}",
                           type="policybook", subtype="inactive-policy")
    from .check import supersession_problems

    def get(key: str) -> dict | None:
        found = domain.policies.get(key)
        return None if found is None or found.get("broken") else found

    for policy in domain.policies.values():
        if policy.get("broken"):
            continue
        for path, (message, gloss, hint) in supersession_problems(policy, get):
            source = env.doc2path(policy["docname"]).relative_to(env.srcdir).as_posix()
            logger.warning("%s: %s (%s) 提示: %s", path, message, gloss, hint,
                           location=f"{source}:{policy.get('_lines', {}).get(path, 1)}",
                           type="policybook", subtype="cycle")


def setup(app):
    from sphinx.util.typing import ExtensionMetadata  # noqa: F401

    from . import incremental
    from .domain import PolicybookDomain
    from .lists import PolicyListDirective, ProgramListDirective
    from .nodes import PLACEHOLDERS
    from .parser import ProgramParser
    from .resolve import index_citations, resolve_placeholders

    app.setup_extension("myst_parser")
    app.setup_extension("sphinx_design")
    app.setup_extension("policybook.search")
    app.setup_extension("policybook.finder")
    from . import pagination

    pagination.setup(app)

    app.add_config_value("policybook_programs_dir", "source/programs", "env", str)
    app.add_config_value("policybook_policies_dir", "source/policies", "env", str)
    app.add_config_value("policybook_forms_dir", "source/forms", "env", str)
    app.add_config_value("policybook_category_page", "source/categories/{id}", "env", str)
    # Not 'env': a new date re-writes the pages showing a status, it does not re-read them.
    app.add_config_value("policybook_reference_date", "", "", str)
    # Live preview (make serve): skip work a preview does not need, e.g. the search index.
    app.add_config_value("policybook_preview", os.environ.get("POLICYBOOK_PREVIEW") == "1", "", bool)
    # Repository holding the content, for 编辑此页 / 查看源文件 (GitHub/Gitea-style URLs).
    app.add_config_value("policybook_repository_url", "", "html", str)
    app.add_config_value("policybook_repository_branch", "main", "html", str)
    # The area programs serve, for schema.org areaServed.
    app.add_config_value("policybook_area", "", "html", str)

    app.add_domain(PolicybookDomain)
    for name in ("program", "policy"):
        # Replaces Sphinx's generic ``:program:`` role (literal text for command names).
        app.add_role(name, PolicybookDomain.roles[name].__class__(), override=True)
    app.add_source_suffix(".yaml", "policybook-program")
    app.add_source_suffix(".yml", "policybook-program")
    app.add_source_parser(ProgramParser)
    app.add_directive("program-list", ProgramListDirective)
    app.add_directive("policy-list", PolicyListDirective)
    from .fieldref import FieldReference
    from .sitefile import SiteFileRole

    app.add_role("site-file", SiteFileRole())

    app.add_directive("policybook-fields", FieldReference)
    for node_class in PLACEHOLDERS:
        app.add_node(node_class)

    # After Sphinx's own check of source_encoding (priority 790): our codec *is* UTF-8, only
    # lenient, so a GBK file reaches our loaders and becomes a located warning, not a crash.
    app.connect("config-inited", _config_inited, priority=795)
    from . import pagemeta

    app.connect("config-inited", pagemeta.add_templates)
    from . import csp

    app.connect("config-inited", csp.add_templates)
    app.connect("html-page-context", csp.strip_inline_scripts, priority=900)
    app.connect("html-page-context", csp.external_links_rel)
    app.add_js_file("pb-docopts.js", priority=201)
    app.add_css_file("pb-fontawesome.css")
    app.connect("html-page-context", pagemeta.page_links)
    app.connect("doctree-read", _doctree_read)
    app.connect("env-updated", index_citations)
    app.connect("doctree-resolved", resolve_placeholders)
    app.connect("env-check-consistency", _check_consistency)
    from .publish import count_written, export_data, page_head, start_counting, write_feeds, write_robots_and_schemas

    app.connect("env-before-read-docs", start_counting)
    app.connect("html-page-context", count_written)
    app.connect("build-finished", export_data)
    app.connect("build-finished", write_feeds)
    app.connect("build-finished", write_robots_and_schemas)
    app.connect("html-page-context", page_head, priority=400)
    from .deferred import settle

    app.connect("build-finished", settle, priority=990)  # after Pagefind (900)
    app.connect("env-purge-doc", incremental.remember_before_purge)
    app.connect("env-before-read-docs", incremental.remember_read)
    app.connect("env-get-updated", incremental.pages_to_rewrite)
    app.add_css_file("policybook.css")
    from .zhsearch import SearchChineseFixed

    app.add_search_language(SearchChineseFixed)

    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True,
            "env_version": 1}
