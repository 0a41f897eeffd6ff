"""Pages of removed documents: a withdrawn program says 已撤销 (a renamed one, where it is now);
anything else is taken down.

Sphinx never deletes an output file, so a program whose YAML was removed kept its old page in
``_build/html`` (and in the preview) while the sitemap, the exports and the calendars dropped it:
a reader following an old WeChat link saw the program as if it were still open.

The choice: the old address of a **program** stays, as a short 已撤销 page (when it was
withdrawn, a link to the finder and the home page, ``noindex``; not in the sitemap, the search
index or any list), because enterprises keep and forward program links and a bare 404 tells
them nothing. The page of any **other** removed document (a guide, a notice, a policy; a
policy should be marked repealed rather than deleted, and the validator says so while it is
cited) is deleted from the output.

What the site has published is remembered in ``<doctrees>/policybook-published.json`` (documents,
program titles, withdrawn programs), not in the Sphinx environment: the record survives an
environment Sphinx discards (a changed ``conf.py``) while the output folder keeps the old pages.
A program added again under the same name is simply a program again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

from docutils import nodes
from sphinx.util import logging

from ..config import checked
from ..model.formatting import date_zh
from ..state import state

logger = logging.getLogger(__name__)
RECORD_FILE = "policybook-published.json"
VERSION = 1  # of the record's format
PAGE_VERSION = 2  # of the 已撤销 page's content: a change re-writes every such page


def _record_path(app) -> Path:
    return Path(app.doctreedir) / RECORD_FILE


def load_record(app) -> dict:
    try:
        record = json.loads(_record_path(app).read_text("utf-8"))
    except (OSError, ValueError):
        return {"documents": [], "programs": {}, "withdrawn": {}}
    return record if isinstance(record, dict) and record.get("version") == VERSION else \
        {"documents": [], "programs": {}, "withdrawn": {}}


def program_titles(app) -> dict[str, dict]:
    """Each program page of this build: docname → its id and title (broken entries by file name)."""
    domain = app.env.domains["policybook"]
    settings = checked(app.config)
    titles = {}
    for program in domain.programs.values():
        if not program.get("broken") and program.get("docname") in app.env.found_docs:
            titles[program["docname"]] = {"id": program["id"], "title": program["title"]}
    for docname in app.env.found_docs:
        if settings.is_program_doc(docname) and docname not in titles and \
                str(app.env.doc2path(docname, base=False)).endswith((".yaml", ".yml")):
            titles[docname] = {"id": docname.rsplit("/", 1)[-1], "title": ""}
    return titles


def finder_docname(app) -> str:
    """The page with the program finder (else the home page): where a withdrawn page points."""
    domain = app.env.domains["policybook"]
    for report in sorted(domain.reports(), key=lambda r: r.docname):
        if any(ref.kind == "directive" and ref.target == "program-finder" for ref in report.refs):
            return report.docname
    return app.config.root_doc


def withdrawn_now(record: dict, programs: dict[str, dict], documents: set[str], today: dt.date) -> dict[str, dict]:
    """Programs withdrawn as of this build: the earlier ones still absent, and those just removed."""
    withdrawn = {docname: info for docname, info in record.get("withdrawn", {}).items() if docname not in documents}
    for docname, info in record.get("programs", {}).items():
        if docname not in documents and docname not in withdrawn:
            withdrawn[docname] = {**info, "since": today.isoformat()}
    return withdrawn


def moved_page(builder, info: dict, current: dict, pagename: str) -> nodes.section:
    """The page at a renamed program's old address: where it is now."""
    page = nodes.section(ids=["moved"])
    page += nodes.title("", f"{current['title']} (已移至新地址)")
    box = nodes.admonition(classes=["note", "pb-moved"])
    box += nodes.title("", "本事项的网址已更改")
    para = nodes.paragraph("", "本事项已移至新地址，请访问：")
    para += nodes.reference("", current["title"], refuri=builder.get_relative_uri(pagename, current["docname"]),
                            internal=True)
    box += para
    box += nodes.paragraph("", "收藏或转发过旧链接的，请改用新地址。")
    page += box
    return page


def renamed_programs(app) -> dict[str, dict]:
    """Former id → the program that carries it now (``former_ids``)."""
    domain = app.env.domains["policybook"]
    return {former: program for program in domain.programs.values() if not program.get("broken")
            for former in program.get("former_ids", [])}


def tombstone(builder, info: dict, finder: str, home: str, pagename: str) -> nodes.section:
    """The 已撤销 page's body."""
    title = info.get("title") or info.get("id", "")
    since = date_zh(dt.date.fromisoformat(info["since"]))
    page = nodes.section(ids=["withdrawn"])
    page += nodes.title("", f"{title} (已撤销)" if title else "本事项已撤销")
    box = nodes.admonition(classes=["warning", "pb-withdrawn"])
    box += nodes.title("", "本事项已撤销")
    box += nodes.paragraph("", f"“{title}”已于{since}从本网站撤销，不再受理申报。" if title
                           else f"本事项已于{since}从本网站撤销，不再受理申报。")
    box += nodes.paragraph("", "从收藏或转发的链接来到这里的，请查找当前可以申报的支持事项。")
    page += box
    links = nodes.bullet_list(classes=["pb-withdrawn-links"])
    for target, text in ((finder, "查找当前的支持事项"), (home, "返回首页")):
        para = nodes.paragraph()
        para += nodes.reference("", text, refuri=builder.get_relative_uri(pagename, target), internal=True)
        links += nodes.list_item("", para)
    page += links
    return page


def present(app) -> set[str]:
    """The documents this build has, readable or not (an unreadable one gets an error page)."""
    return set(app.env.found_docs) | set(state(app).unreadable)


def collect_withdrawn(app):
    """``html-collect-pages``: a 已撤销 page for each withdrawn program (only when it changed)."""
    if app.builder.format != "html":
        return
    builder = app.builder
    record = load_record(app)
    programs = program_titles(app)
    withdrawn = withdrawn_now(record, programs, present(app), state(app).today)
    finder = finder_docname(app)
    renamed = renamed_programs(app)
    for docname, info in sorted(withdrawn.items()):
        current = renamed.get(info.get("id", ""))
        if current is not None:  # renamed (policybook rename-program): point to the new address
            info["moved_to"] = current["docname"]
        else:
            info.pop("moved_to", None)
        if docname not in record.get("withdrawn", {}) and current is None:
            logger.info(f"提示: 事项 {info.get('id', docname)} 的文件已删除; 它的旧网址 {builder.get_target_uri(docname)} "
                        "现在显示“已撤销”页面 (withdrawn program: its old address says so)")
        digest = hashlib.sha256(json.dumps([PAGE_VERSION, info.get("title"), info.get("id"), info["since"],
                                            finder, app.config.root_doc, info.get("moved_to"),
                                            current and current["title"]]).encode()).hexdigest()[:20]
        info["digest"] = digest
        written = record.get("withdrawn", {}).get(docname, {}).get("digest")
        if written == digest and Path(builder.get_outfilename(docname)).is_file():
            continue
        body = (moved_page(builder, info, current, docname) if current is not None
                else tombstone(builder, info, finder, app.config.root_doc, docname))
        html = builder.render_partial(body)["fragment"]
        title = body[0].astext()
        yield docname, {"title": title, "body": html, "pb_withdrawn": True}, "page.html"
    state(app).withdrawn = withdrawn
    state(app).program_titles = programs


def robots_noindex(app, pagename: str, templatename, context: dict, doctree) -> None:
    """``html-page-context``: a withdrawn page is not for search engines."""
    if context.get("pb_withdrawn"):
        context["metatags"] = (context.get("metatags") or "") + '<meta name="robots" content="noindex">\n'


def take_down_and_remember(app, exception) -> None:
    """``build-finished``: delete the pages of removed documents; remember what the site has."""
    if exception is not None or app.builder.format != "html":
        return
    build = state(app)
    if build.withdrawn is None:
        return
    record = load_record(app)
    documents = present(app)
    for docname in sorted(set(record.get("documents", [])) - documents - set(build.withdrawn)):
        Path(app.builder.get_outfilename(docname)).unlink(missing_ok=True)
        for suffix in app.config.source_suffix:  # the copy Sphinx keeps when html_copy_source is on
            (Path(app.outdir) / "_sources" / f"{docname}{suffix}{app.config.html_sourcelink_suffix}").unlink(
                missing_ok=True)
    new = {"version": VERSION, "documents": sorted(documents), "programs": build.program_titles,
           "withdrawn": build.withdrawn}
    text = json.dumps(new, ensure_ascii=False, indent=0, sort_keys=True)
    path = _record_path(app)
    if not path.is_file() or path.read_text("utf-8") != text:
        path.write_text(text, "utf-8")


def setup(app) -> None:
    app.connect("html-collect-pages", collect_withdrawn)
    app.connect("html-page-context", robots_noindex)
    app.connect("build-finished", take_down_and_remember)
