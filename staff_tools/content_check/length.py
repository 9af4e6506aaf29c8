"""No answer is longer than fits a phone screen, measured as people will read it: placeholders
filled with the clinic's details, for every country the settings list (or the clinic's own)."""

import math
from typing import List, Tuple

from assistant.clinic_settings import ClinicSettings
from staff_tools.content_check import placeholders
from staff_tools.content_check.content import Answer
from staff_tools.content_check.findings import Finding, answer_error
from staff_tools.content_check.rules import Rules

CHECK = "length"
PLACEHOLDER_CHECK = "placeholder"


def screen_lines(text: str, chars_per_line: int) -> int:
    """Lines on a narrow phone screen: each text line wraps every `chars_per_line` characters."""
    return sum(max(1, math.ceil(len(line) / chars_per_line)) for line in text.split("\n"))


def variants(settings: ClinicSettings, rules: Rules) -> List[ClinicSettings]:
    return [settings.for_country(code) for code in settings.countries] if rules.measure_every_country else [settings]


def measure(answer: Answer, settings: ClinicSettings, rules: Rules) -> Tuple[Tuple[int, str], Tuple[int, str]]:
    """((characters, country), (screen lines, country)) of the longest filled version."""
    filled = [
        (variant.country.code, placeholders.fill(answer, variant, rules.sample_values))
        for variant in variants(settings, rules)
    ]
    chars = max((len(text), code) for code, text in filled)
    lines = max((screen_lines(text, rules.chars_per_screen_line), code) for code, text in filled)
    return chars, lines


def check(answers: List[Answer], settings: ClinicSettings, rules: Rules) -> List[Finding]:
    found = []
    for answer in answers:
        names = placeholders.unknown(answer, settings, rules.sample_values)
        if names:
            index = next(i for i, line in answer.text.lines() if "{" + names[0] + "}" in line)
            found.append(
                answer_error(
                    PLACEHOLDER_CHECK,
                    answer,
                    answer.text.line_of(index),
                    f"uses unknown placeholder(s) {', '.join('{%s}' % n for n in names)}.",
                    "use one of: "
                    + ", ".join(
                        "{%s}" % n for n in sorted(placeholders.known_names(answer, settings, rules.sample_values))
                    ),
                )
            )
            continue
        (chars, country), (tallest, country_lines) = measure(answer, settings, rules)
        problems = []
        if chars > rules.max_chars:
            problems.append(f"{chars} characters (limit {rules.max_chars}, with {country} details)")
        if tallest > rules.max_screen_lines:
            problems.append(
                f"{tallest} lines on a phone screen of {rules.chars_per_screen_line} characters a line "
                f"(limit {rules.max_screen_lines}, with {country_lines} details)"
            )
        if problems:
            found.append(
                answer_error(
                    CHECK,
                    answer,
                    answer.key_line,
                    "is too long for a phone screen: " + "; ".join(problems) + ".",
                    "cut it to the main points (one idea a line), or move detail into another topic",
                )
            )
    return found
