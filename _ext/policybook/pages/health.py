"""``{content-health}``: the staff build's 内容体检 page, computed when the page is written.

The findings come from :mod:`policybook.model.health` (the domain's reports, the forms folder,
and the last ``make linkcheck`` result in ``_build/linkcheck/output.json``). The directive is
only used in ``docs/`` (built by ``make staff`` alone), so the public site has no such page, no
link to it and nothing of it in its search index or sitemap. The page lists the whole site, so
it is rewritten on every build (``env-get-updated``), like the site map.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from ..config import checked
from ..model import health

LINKCHECK_OUTPUT = "_build/linkcheck/output.json"  # where make linkcheck writes its results
MARK = "pb-content-health"


class content_health(nodes.General, nodes.Element):  # noqa: N801
    """Replaced by the findings, by section, when the page is written."""


class ContentHealthDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        self.env.metadata[self.env.docname][MARK] = True
        return [content_health()]


def pages_to_rewrite(app, env) -> list[str]:
    """``env-get-updated``: findings change with every file and with the date."""
    return sorted(doc for doc in env.all_docs if env.metadata.get(doc, {}).get(MARK))


def _form_files(srcdir: Path, forms_dir: str) -> list[str]:
    folder = srcdir / forms_dir.strip("/")
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")
                  and p.name != "README.md")


def _linkcheck(srcdir: Path) -> tuple[str | None, str]:
    """The last link check's output and a sentence saying when it ran (or that it never did)."""
    path = srcdir / LINKCHECK_OUTPUT
    if not path.is_file():
        return None, "还没有链接检查结果: 运行 make linkcheck (需要联网) 后, 重新生成工作人员版 (make staff)。"
    when = dt.datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
    return path.read_text("utf-8", errors="replace"), f"链接检查结果来自 {LINKCHECK_OUTPUT} ({when})。"


def _item(finding: health.Finding, app, fromdocname: str) -> nodes.list_item:
    para = nodes.paragraph()
    if finding.docname and finding.docname in app.env.all_docs:
        para += nodes.reference("", finding.title, internal=True,
                                refuri=app.builder.get_relative_uri(fromdocname, finding.docname))
    else:
        para += nodes.strong(finding.title, finding.title)
    para += nodes.Text(f": {finding.text}。修改: ")
    para += nodes.literal(finding.place, finding.place, classes=["pb-health-place"])
    return nodes.list_item("", para, classes=["pb-health-item"])


def _section(section: health.Section, app, fromdocname: str, note: str = "") -> nodes.section:
    node = nodes.section("", ids=[f"health-{section.key}"], classes=["pb-health-section"])
    heading = f"{section.heading}（{len(section.findings) if section.checked else '未检查'}）"
    node += nodes.title(heading, heading)
    if note:
        node += nodes.paragraph(note, note, classes=["pb-health-note"])
    if not section.checked:
        return node
    if not section.findings:
        node += nodes.paragraph("没有需要处理的条目。", "没有需要处理的条目。", classes=["pb-health-none"])
        return node
    node += nodes.paragraph(section.hint, section.hint, classes=["pb-health-hint"])
    items = nodes.bullet_list(classes=["pb-health-list"])
    for finding in section.findings:
        items += _item(finding, app, fromdocname)
    node += items
    return node


def resolve_content_health(app, doctree: nodes.document, fromdocname: str) -> None:
    found = list(doctree.findall(content_health))
    if not found:
        return
    settings = checked(app.config)
    srcdir = Path(app.srcdir)
    today = settings.today()
    linkcheck, link_note = _linkcheck(srcdir)
    result = health.sections(app.env.domains["policybook"].reports(), today, forms_dir=settings.forms_dir,
                             form_files=_form_files(srcdir, settings.forms_dir), linkcheck=linkcheck,
                             docnames=app.env.all_docs)
    total = sum(len(s.findings) for s in result)
    intro = f"按 {today.isoformat()} 计算, 共 {total} 条需要处理。"
    out: list[nodes.Node] = [nodes.paragraph(intro, intro, classes=["pb-health-summary"])]
    out += [_section(s, app, fromdocname, link_note if s.key == "links" else "") for s in result]
    for index, node in enumerate(found):
        node.replace_self(out if index == 0 else [n.deepcopy() for n in out])


def setup(app) -> None:
    app.add_node(content_health)
    app.add_directive("content-health", ContentHealthDirective)
    app.connect("doctree-resolved", resolve_content_health)
    app.connect("env-get-updated", pages_to_rewrite)
