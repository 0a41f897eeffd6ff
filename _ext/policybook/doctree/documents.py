"""What happens to every document once it is read, whatever its kind.

Raw HTML and links to unsafe schemes are neutralised (policy texts and guides are pasted from
Word and web pages too), policy pages get their clause anchors and header, program and policy
pages leave the sidebar tree, and the domain learns which entries each page shows.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes

from ..config import checked
from .markup import neutralise_raw, neutralise_unsafe
from .policy_page import is_policy_doc, process_policy


def after_read(app, doctree: nodes.document) -> None:
    # Policy texts and guides are pasted from Word and web pages too: raw HTML shows as text,
    # and links to other schemes (javascript:, ftp:, …) become their text, with a warning.
    neutralise_raw(doctree)
    neutralise_unsafe(doctree, app.env, "", 1)

    env = app.env
    docname = env.docname
    programs_dir = checked(app.config).programs_dir.rstrip("/") + "/"
    if is_policy_doc(env, docname):
        process_policy(app, doctree)
    if docname.startswith(programs_dir) or is_policy_doc(env, docname):
        # Reached through lists and category pages, not the sidebar tree (keeps navigation flat).
        env.metadata[docname]["orphan"] = True
    shown = {f"{node['reftype']}:{node['reftarget'].split('#')[0].split()[0]}"
             for node in doctree.findall(addnodes.pending_xref)
             if node.get("refdomain") == "policybook" and node["reftype"] in ("program", "policy")}
    if shown:
        env.domains["policybook"].note_shows(docname, shown)
