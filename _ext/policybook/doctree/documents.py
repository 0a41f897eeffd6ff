"""What happens to every document once it is read, whatever its kind.

Raw HTML and links to unsafe schemes are neutralised (policy texts and guides are pasted from
Word and web pages too), policy pages get their clause anchors and header, program and policy
pages leave the sidebar tree, and the domain learns which entries each page shows.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes

from ..report import source_of
from .markup import neutralise_raw, neutralise_unsafe, refusals_as_problems
from .policy_page import process_policy


def after_read(app, doctree: nodes.document) -> None:
    env = app.env
    docname = env.docname
    domain = env.domains["policybook"]
    report = domain.report_of(docname)
    # Policy texts and guides are pasted from Word and web pages too: raw HTML shows as text,
    # and links to other schemes (javascript:, ftp:, …) become their text.
    neutralise_raw(doctree)
    for titles in (env.titles, env.longtitles):  # Sphinx took its copy of the title before us
        if docname in titles:
            neutralise_raw(titles[docname])
    refused = neutralise_unsafe(doctree, env, 1)
    if report is not None:
        report.problems.extend(refusals_as_problems(refused, source_of(env, docname), report.problems))
        if report.kind == "policy":
            process_policy(app, doctree, report)
        if report.kind == "notice":
            from ..notices.page import process_notice
            process_notice(app, doctree, report)
        if report.kind in ("program", "policy", "notice"):
            # Reached through lists and category pages, not the sidebar tree (keeps navigation flat).
            env.metadata[docname]["orphan"] = True
    shown = {f"{node['reftype']}:{node['reftarget'].split('#')[0].split()[0]}"
             for node in doctree.findall(addnodes.pending_xref)
             if node.get("refdomain") == "policybook" and node["reftype"] in ("program", "policy", "notice")}
    if shown:
        domain.note_shows(docname, shown)
