"""Publicity lists (公示): one file's report, and what only the program it belongs to can tell.

:func:`publicity_file` reads a ``source/publicity/<id>.md`` (strict front matter, MyST body) for
the build and ``policybook check`` alike; :func:`publicity_problems` checks each entry's amount
against the program's funding limits (the program is another file: a project-stage check).
"""

from __future__ import annotations

from pathlib import PurePosixPath

from ..model.formatting import money
from ..model.loading import Loaded, load_front_matter_text
from ..model.problems import Problem
from ..model.publicity import PUBLICITY, program_limit_yuan, yuan
from .files import FileReport, Ref, _stub, _text_fields, report_at, scan_page, scan_text


def load_publicity_text(text: str, filename: str) -> Loaded:
    """Validate a publicity list's front matter, as a policy's."""
    return load_front_matter_text(text, filename, PUBLICITY, "公示文件", "publicity file", "policybook new publicity <编号>")


def publicity_file(text: str, path: str, docname: str, extensions: tuple[str, ...] = ()) -> FileReport:
    """A publicity list: its front matter, the program and forms it names, its Markdown."""
    loaded = load_publicity_text(text, path)
    report = FileReport(path, docname, "publicity", lines=loaded.lines, columns=loaded.columns, orphan=True)
    report.problems.extend(loaded.problems)
    scan_page(report, text, extensions)
    stem = PurePosixPath(path).stem
    report.entry = loaded.data if loaded.data is not None else _stub(loaded, stem, title=loaded.partial and
                                                                      loaded.partial.get("title") or stem)
    report.id_at = (loaded.lines.get("id", 1), loaded.columns.get("id", 1))
    publicity = loaded.data if loaded.data is not None else (loaded.partial or {})
    at = report_at(loaded)
    if publicity.get("program"):
        report.refs.append(Ref("program", publicity["program"], *at("program"), "program"))
    for index, attachment in enumerate(publicity.get("attachments", [])):
        if attachment.get("form"):
            path_ = f"attachments[{index}].form"
            report.refs.append(Ref("form", attachment["form"], *at(path_), path_))
    source_lines = text.split("\n")
    for field_path, value in _text_fields(publicity, PUBLICITY):
        line, column = at(field_path)
        scan_text(report, value, line, field_path, extensions, source_lines, column)
    return report


def publicity_problems(reports, programs: dict[str, dict]) -> list[Problem]:
    """Each entry above the most its program pays for one item (the program's funding limits)."""
    problems = []
    for report in reports:
        publicity = report.entry
        if report.kind != "publicity" or not publicity or publicity.get("broken"):
            continue
        program = programs.get(publicity["program"])
        if program is None or program.get("broken"):
            continue  # an unknown program is reported once, as unknown-program
        limit = program_limit_yuan(program)
        if limit is None:
            continue
        unit = publicity.get("amount_unit", "yuan")
        problems.extend(_per_unit(report, publicity, program, limit))
        for index, entry in enumerate(publicity["entries"]):
            if yuan(publicity, entry["amount"]) <= limit + 1e-6:
                continue
            path = f"entries[{index}].amount"
            problems.append(Problem(
                report.path, report.lines.get(path, 1), report.columns.get(path, 0), path,
                f"{entry['unit']} 的金额 {money(entry['amount'], unit)} 超过事项“{program['title']}”"
                f"每项最高 {money(limit, 'yuan')}",
                "amount above the program's funding limit",
                f"核对金额和单位 (amount_unit: wan 表示万元); 事项的支持标准见 {program['id']}.yaml 的 funding",
                "over-limit"))
    return problems


#: Words of a program's funding that make its ceiling one unit's (单户每年最高 50 万元), not one item's
PER_UNIT = ("单户", "每户", "每家", "企业每年")


def _per_unit(report, publicity: dict, program: dict, limit: float) -> list[Problem]:
    """A unit listed more than once, together above a ceiling the program sets per unit."""
    funding = program.get("funding") or {}
    texts = [funding.get("summary", ""), *(f"{i.get('name', '')}{i.get('basis', '')}" for i in funding.get("items", []))]
    if not any(word in text for text in texts for word in PER_UNIT):
        return []
    totals: dict[str, float] = {}
    found = []
    for index, entry in enumerate(publicity["entries"]):
        name = entry["unit"].strip()
        before = totals.get(name, 0)
        totals[name] = before + yuan(publicity, entry["amount"])
        if before and totals[name] > limit + 1e-6 >= before:
            path = f"entries[{index}].amount"
            found.append(Problem(
                report.path, report.lines.get(path, 1), report.columns.get(path, 0), path,
                f"{name} 在本名单中合计 {money(totals[name], 'yuan')}, 超过事项“{program['title']}”每户最高 {money(limit, 'yuan')}",
                "a unit's total above the program's per-unit limit",
                "事项的最高金额按户 (单位) 计算: 核对这一单位的各项金额, 合计不能超过上限", "over-limit"))
    return found
