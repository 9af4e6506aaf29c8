"""Every answer says it is general information, not medical advice (short social replies excepted)."""

import re
from typing import List

from staff_tools.content_check.content import Answer
from staff_tools.content_check.findings import Finding, error
from staff_tools.content_check.rules import Rules

CHECK = "disclaimer"


def plain(text: str) -> str:
    """Lower case, without markdown emphasis, with single spaces."""
    return re.sub(r"\s+", " ", re.sub(r"[_*`]", "", text)).strip().lower()


def check(answers: List[Answer], rules: Rules) -> List[Finding]:
    found = []
    for answer in answers:
        if rules.matches(answer.name, rules.disclaimer_exempt):
            continue
        lines = answer.text.value.split("\n")
        last = max((i for i, line in enumerate(lines) if line.strip()), default=0)
        where = (str(answer.text.file), answer.text.line_of(last))
        exempt_hint = (
            f"; if it has no health content, list it under disclaimer.exempt in {rules.shown_as} with the reason"
        )
        if rules.matches(answer.name, rules.closing_line_required_for):
            if lines[last].strip() != rules.closing_line:
                found.append(
                    error(
                        CHECK,
                        *where,
                        answer.name,
                        f"does not end with the line `{rules.closing_line}`.",
                        f"add `{rules.closing_line}` as the answer's last line",
                    )
                )
        elif plain(rules.disclaimer_phrase) not in plain(answer.text.value):
            found.append(
                error(
                    CHECK,
                    *where,
                    answer.name,
                    f'does not say "{rules.disclaimer_phrase}".',
                    f'add a sentence such as "I give {rules.disclaimer_phrase}." or the line '
                    f"`{rules.closing_line}`{exempt_hint}",
                )
            )
    return found
