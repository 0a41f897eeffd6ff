"""Manual rules the questionnaire could decide: a notice, so that no answer is ignored.

A rule written ``op: manual`` is never met by the self-check; if its text is about a fact the
questionnaire asks (科技型中小企业, 发明专利 …), a reader who answered that fact against it
would still be told 符合. Each such rule is a located notice naming the fact, unless another
rule of the program already tests that fact (the manual one then holds what the fact cannot
say, such as 近三年 instead of 上年度).
"""

from __future__ import annotations

from ..model.matching import tested_facts
from ..model.problems import Problem
from ..model.vocab import FACTS

CODE = "manual-fact"


def covered_facts(text: str) -> list[str]:
    """Ids of the facts whose wording appears in a condition's text, in FACTS order."""
    return [fact.id for fact in FACTS.values() if any(phrase in text for phrase in fact.wording)]


def manual_rule_notices(reports) -> list[Problem]:
    """One notice per manual rule of a current program whose text names an untested fact."""
    notices = []
    for report in reports:
        program = report.entry
        if report.kind != "program" or not program or program.get("broken") or program.get("archived"):
            continue
        rules = program.get("eligibility", {}).get("rules", [])
        tested = tested_facts(rules)
        for index, rule in enumerate(rules):
            if rule["op"] != "manual":
                continue
            facts = [f for f in covered_facts(rule["text"]) if f not in tested]
            if not facts:
                continue
            path = f"eligibility.rules[{index}].text"
            line = report.lines.get(path) or report.lines.get(f"eligibility.rules[{index}]", 1)
            column = report.columns.get(path, 0)
            names = "、".join(f"“{FACTS[f].question}” ({f})" for f in facts)
            notices.append(Problem(
                report.path, line, column, path,
                f"人工审核的条件 “{rule['text']}” 涉及问卷已经询问的 {names}",
                "manual rule names a questionnaire fact",
                f"改写成 fact: {facts[0]} 的规则 (几个条件满足其一时用 op: any), 把判断不了的部分留作 op: manual;"
                " 否则填写了相反答案的企业仍会看到“符合”",
                CODE, notice=True))
    return notices
