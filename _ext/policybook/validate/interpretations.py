"""One 政策解读 file: its front matter, the policy and clauses it explains, its images.

Called through :func:`.files.report_for` by both the build and ``policybook check``. The policy
(``policy:``) and each clause section (a heading starting with 第N条) become references that
:mod:`.project` resolves against the policies' clause tables, so an unknown policy or clause is
a located error with the existing words.
"""

from __future__ import annotations

import posixpath
from pathlib import PurePosixPath

from ..model.interpretation import load_interpretation_text
from ..model.paths import link_target, project_path
from ..model.refs import clause_label
from . import markdown
from .files import FileReport, Ref, _stub, report_at, scan_page


def interpretation_file(text: str, path: str, docname: str, extensions: tuple[str, ...] = (),
                        folder: str = "source/interpretations") -> FileReport:
    """An interpretation: strict front matter, clause sections, images from its own folder."""
    loaded = load_interpretation_text(text, path)
    report = FileReport(path, docname, "interpretation", lines=loaded.lines, columns=loaded.columns, orphan=True)
    report.problems.extend(loaded.problems)
    page_scan = scan_page(report, text, extensions)
    report.entry = loaded.data if loaded.data is not None else _stub(loaded, PurePosixPath(path).stem)
    report.id_at = (loaded.lines.get("id", 1), loaded.columns.get("id", 1))
    entry = loaded.data if loaded.data is not None else (loaded.partial or {})
    sections = clause_sections(page_scan, text)
    report.clauses = sections
    report.entry["explains"] = sorted(sections)
    policy_id = entry.get("policy")
    if policy_id:
        at = report_at(loaded)
        # Their own kinds: an interpretation explains the text it names, so where-cited and
        # replace-policy (which move citations to a successor) leave it alone.
        report.refs.append(Ref("interpreted-policy", policy_id, *at("policy"), "policy"))
        for number, line in sorted(sections.items()):
            report.refs.append(Ref("interpreted-clause", f"{policy_id}#{number}", line, 1, f"## {clause_label(number)}"))
    _own_images(report, page_scan, folder.strip("/"))
    return report


def clause_sections(page_scan: markdown.Scan, text: str) -> dict[int, int]:
    """Clause number → line of each heading that starts with 第N条 (the section explains it).

    Paragraphs that start with 第N条 are prose quoting the policy, not sections; a heading
    numbered 一、 is the 解读's own outline (背景, 要点), not a part of the policy."""
    heading_lines = {line for _level, line in page_scan.headings}
    lines = text.splitlines()
    sections: dict[int, int] = {}
    for number, line in page_scan.clauses:
        if line in heading_lines and lines[line - 1].lstrip("#").strip().startswith("第"):
            sections.setdefault(number, line)
    return sections


def _own_images(report: FileReport, page_scan: markdown.Scan, folder: str) -> None:
    """A 图解 shows images kept with the interpretations (``<folder>/img/…``), not from elsewhere."""
    for mark in page_scan.of("image"):
        if markdown.url_scheme(mark.value) is not None:
            continue  # remote images: judged like on every page
        path = project_path(report.path, link_target(mark.value))
        if path is None or posixpath.normpath(path).startswith(folder + "/"):
            continue  # outside the project: already an outside-file error
        report.add(mark.line, mark.column or 1, "", "interpretation-image",
                   (f"图片 '{mark.value}' 不在政策解读的文件夹里", "interpretation image outside its folder",
                    f"把图片放到 {folder}/img/ 下, 再写 ![说明](img/文件名.svg)"))
