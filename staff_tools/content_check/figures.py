"""A line of an answer that states a figure (a percentage, a price, "1 in 10,000", a count of
people or studies, ...) also names where it comes from (NICE, Cochrane, a study's author...).

What counts as a figure and which source names are accepted are in the rules file. The check
works line by line, so each figure's source is on the line a reader sees it on.
"""

import re
from typing import List

from staff_tools.content_check.content import Answer
from staff_tools.content_check.findings import Finding, answer_error
from staff_tools.content_check.placeholders import without_placeholders
from staff_tools.content_check.rules import Rules

CHECK = "figure-source"


def source_pattern(rules: Rules) -> re.Pattern:
    names = sorted(rules.sources, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)")


def first_figure(line: str, rules: Rules) -> str:
    matches = [m for pattern in rules.figure_patterns.values() for m in pattern.finditer(line)]
    return min(matches, key=lambda m: m.start()).group(0).strip() if matches else ""


def names_a_source(line: str, rules: Rules, sources: re.Pattern) -> bool:
    return bool(sources.search(line)) or any(p.search(line) for p in rules.citation_patterns)


def check(answers: List[Answer], rules: Rules) -> List[Finding]:
    sources = source_pattern(rules)
    found = []
    for answer in answers:
        for index, raw_line in answer.text.lines():
            line = without_placeholders(raw_line)
            figure = first_figure(line, rules)
            if figure and not names_a_source(line, rules, sources):
                found.append(
                    answer_error(
                        CHECK,
                        answer,
                        answer.text.line_of(index),
                        f"states a figure ('{figure}') without naming its source on that line.",
                        "name the source on the same line, e.g. '(NICE, 2016)' or 'a UK survey (MacPherson, 2005)'; "
                        f"accepted source names are under figures.sources in {rules.shown_as}",
                    )
                )
    return found
