"""An answer that fits one country names no other country's prices, cover or registers.

Answers listed under `countries.answers` in the rules give country-specific facts: each has a
variation per country it covers (`metadata: {country: GB}`) and one unmarked variation for every
other country (assistant/country_answers.py picks one by the clinic's country). A marked variation
may use only its own country's terms; the unmarked one none of them. Evidence answers are not
listed: they may cite guidance from any country.
"""

import re
from typing import Dict, List

from staff_tools.content_check.content import Answer
from staff_tools.content_check.findings import Finding, answer_error
from staff_tools.content_check.rules import Rules

CHECK = "country"


def term_pattern(term: str) -> "re.Pattern":
    """Whole words for names (NHS, not 'NHSX'), plain text for symbols ($, £)."""
    left = r"\b" if term[:1].isalnum() else ""
    right = r"\b" if term[-1:].isalnum() else ""
    return re.compile(left + re.escape(term) + right)


def check(answers: List[Answer], rules: Rules) -> List[Finding]:
    found = []
    patterns: Dict[str, List] = {code: [term_pattern(t) for t in terms] for code, terms in rules.country_terms.items()}
    for name in sorted(
        {a.name for a in answers if a.source == "domain" and rules.matches(a.name, rules.country_answers)}
    ):
        variations = [a for a in answers if a.name == name and a.source == "domain"]
        if all(v.country for v in variations):
            found.append(
                answer_error(
                    CHECK,
                    variations[0],
                    variations[0].key_line,
                    "has a variation for some countries but none for the others, so their clinics get no answer.",
                    "add a variation without `metadata:` that names no country's prices, cover or registers",
                )
            )
        for variation in variations:
            if variation.country and variation.country not in patterns:
                found.append(
                    answer_error(
                        CHECK,
                        variation,
                        variation.text.first_line,
                        f"is marked for country `{variation.country}`, which countries.terms does not list.",
                        f"use one of {', '.join(patterns)} or add the country to countries.terms in {rules.shown_as}",
                    )
                )
            for index, line in variation.text.lines():
                for code, code_patterns in patterns.items():
                    if code == variation.country:
                        continue
                    hit = next((p.pattern for p in code_patterns if p.search(line)), None)
                    if hit is None:
                        continue
                    shown_for = (
                        f"the {variation.country} variation"
                        if variation.country
                        else "the variation for other countries"
                    )
                    term = next(t for t, p in zip(rules.country_terms[code], code_patterns) if p.pattern == hit)
                    found.append(
                        answer_error(
                            CHECK,
                            variation,
                            variation.text.line_of(index),
                            f"{shown_for} names '{term}', a {code} fact.",
                            f"move the {code} fact into a variation marked `metadata: {{country: {code}}}`",
                        )
                    )
    return found
