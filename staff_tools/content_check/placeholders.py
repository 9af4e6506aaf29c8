"""Fill an answer's {placeholders} the way the servers do, to measure what people will read.

Domain answers go through Rasa's interpolation (what assistant/nlg.py uses) with the clinic
values from assistant/clinic_settings.py; safety messages through assistant/messages.render,
as the referral actions do. {reason} and {caution} only exist at run time: sample values
from the rules file stand in for them.
"""

import re
from typing import Dict, List

from rasa.core.nlg.interpolator import interpolate_text

from assistant import messages
from assistant.clinic_settings import ClinicSettings
from staff_tools.content_check.content import Answer

PLACEHOLDER = re.compile(r"{([^\n{}]+?)}")


def known_names(answer: Answer, settings: ClinicSettings, sample_values: Dict[str, str]) -> set:
    names = set(settings.placeholders())
    if answer.source == "safety_messages":
        names |= set(sample_values)
    return names


def unknown(answer: Answer, settings: ClinicSettings, sample_values: Dict[str, str]) -> List[str]:
    known = known_names(answer, settings, sample_values)
    return [name for name in PLACEHOLDER.findall(answer.text.value) if name not in known]


def fill(answer: Answer, settings: ClinicSettings, sample_values: Dict[str, str]) -> str:
    if unknown(answer, settings, sample_values):
        return answer.text.value  # reported by the placeholder check; measured as written
    if answer.source == "safety_messages":
        return messages.render(answer.text.value, settings, **sample_values)
    return interpolate_text(answer.text.value, settings.placeholders())


def without_placeholders(line: str) -> str:
    return PLACEHOLDER.sub(" ", line)
